import EmporiumCore
import Testing

@testable import EmporiumPluginHost

/// A plugin stand-in that answers every call with the same bytes, to feed the adapters answers no
/// well-behaved plugin would give.
private final class CannedPlugin: PluginCalling {
    let manifest = PluginManifest(
        id: "canned", version: SemanticVersion("1.0.0")!, engineMinimum: SemanticVersion("0.1.0")!,
        engineLimit: SemanticVersion("2.0.0")!, hooks: ["pricing.adjust", "pricing.tax"], configSchema: "{}",
        abiTag: "abi=1;lang=c;target=x")
    let answer: Result<[UInt8], PluginError>

    init(_ answer: String) { self.answer = .success(Array(answer.utf8)) }
    init(error: PluginError) { self.answer = .failure(error) }

    func call(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8] {
        try answer.get()
    }

    func shutdown() {}
}

@Suite("Pricing adapters refuse malformed or inconsistent plugin answers")
struct PricingAdapterTests {
    static let cart = PricingSite.cart(
        [PricingSite.line("l1", "BAG", 2, 1000), PricingSite.line("l2", "HAT", 1, 500)], coupons: ["SAVE"])

    /// The error the pricing rule throws for `answer`, after an earlier rule took 300 off l1.
    static func refusal(_ answer: String) async -> PricingError? {
        let earlier = PriceAdjustments(lineDiscounts: [.init(lineID: "l1", amount: 300, label: "a", promotionID: "a")])
        do {
            _ = try await PluginPricingRule(plugin: CannedPlugin(answer), timeout: .seconds(1)).adjust(
                PricingResult(cart: cart, adjustments: earlier))
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "pricing.adjust answers that break the contract are refused as a whole",
        arguments: [
            (#"{"currency":"USD"}"#, "the response is in USD, the cart in EUR"),
            (#"{"lineDiscounts":[]}"#, "the response has no currency"),
            // A duplicate member is read again: the last one wins.
            (#"{"currency":"EUR","currency":"USD"}"#, "the response is in USD, the cart in EUR"),
            (#"{"currency":"EUR","lineDiscounts":{"lineId":"l1"}}"#, "expected an array, found an object"),
            (#"{"currency":"EUR""#, "unexpected end of input"),
            (#"{"currency":"EUR"} {}"#, "unexpected '{' after the document"),
            (#"["currency","EUR"]"#, "expected an object, found an array"),
            (
                #"{"currency":"EUR","lineDiscounts":[{"lineId":"l1","amount":1701,"label":"x","promotionId":"p"}]}"#,
                "lineDiscounts[0].amount 1701 is more than what is left of line l1 (1700)"
            ),
            (
                #"{"currency":"EUR","lineDiscounts":[{"lineId":"l9","amount":1,"label":"x","promotionId":"p"}]}"#,
                #"lineDiscounts[0].lineId "l9" is not a line of the cart"#
            ),
            (
                #"{"currency":"EUR","lineDiscounts":[{"lineId":"l2","amount":0,"label":"x","promotionId":"p"}]}"#,
                "lineDiscounts[0].amount must be an integer from 1"
            ),
            (
                #"{"currency":"EUR","lineDiscounts":[{"lineId":"l2","amount":1.5,"label":"x","promotionId":"p"}]}"#,
                "expected an integer, found a number with a fraction"
            ),
            (
                #"{"currency":"EUR","orderDiscounts":[{"amount":1000,"label":"x","promotionId":"p"},{"amount":1201,"label":"y","promotionId":"q"}]}"#,
                "orderDiscounts[1].amount 1201 is more than what is left of the order (1200)"
            ),
            (
                #"{"currency":"EUR","orderDiscounts":[{"amount":10,"label":"x","promotionId":"p","couponCode":"FREE"}]}"#,
                "orderDiscounts[0].couponCode is not one of the cart's coupon codes"
            ),
            (
                #"{"currency":"EUR","orderDiscounts":[{"amount":10}]}"#,
                "orderDiscounts[0] needs amount, label and promotionId"
            ),
            (
                #"{"currency":"EUR","rejectedCoupons":[{"code":"SAVE","reason":"expired"}]}"#,
                "rejectedCoupons[0].reason must be an upper-case code"
            ),
            (#"{"currency":"EUR","lineDiscounts":[{"lineId":"l2"#, "unterminated string"),
        ])
    func refused(answer: String, words: String) async {
        let error = await Self.refusal(answer)
        #expect(error?.code == .malformedResponse, "\(String(describing: error))")
        #expect(error?.debugDescription.contains(words) == true, "\(error?.debugDescription ?? "accepted")")
        #expect(error?.description == "the cart cannot be priced right now [PRICING_MALFORMED_RESPONSE]")
    }

    @Test("the pricing.tax request document, byte for byte")
    func taxRequestDocument() {
        let cart = PricingSite.cart(
            [PricingSite.line("l1", "BAG", 2, 1000, ["bags", "sale"]), PricingSite.line("l2", "HAT", 1, 500)])
        let request = TaxRequest(
            pricing: PricingResult(cart: cart), address: .init(countryCode: "DE", postalCode: "10115"), shipping: 490)
        let document = PricingPayload.taxRequest(request, bases: [("l1", 1700), ("l2", 500)])
        #expect(
            String(decoding: document, as: UTF8.self)
                == #"{"channel":"web-eu","currency":"EUR","pricesIncludeTax":false,"#
                + #""address":{"countryCode":"DE","postalCode":"10115"},"lines":["#
                + #"{"id":"l1","sku":"BAG","productId":"product-BAG","quantity":2,"unitPrice":1000,"#
                + #""categories":["bags","sale"],"taxableAmount":1700},"#
                + #"{"id":"l2","sku":"HAT","productId":"product-HAT","quantity":1,"unitPrice":500,"#
                + #""categories":[],"taxableAmount":500}],"shipping":490}"#)
    }

    @Test("a valid answer is appended after the earlier adjustments")
    func accepted() async throws {
        let rule = PluginPricingRule(
            plugin: CannedPlugin(
                #"{"currency":"EUR","lineDiscounts":[{"lineId":"l1","amount":1700,"label":"x","promotionId":"p"}],"#
                    + #""orderDiscounts":[{"amount":500,"label":"y","promotionId":"q","couponCode":"SAVE"}],"unknown":[1]}"#
            ), timeout: .seconds(1))
        let result = try await PricingChain.price(Self.cart, through: [rule])
        #expect(result.total == 300)
        #expect(result.adjustments.orderDiscounts.first?.couponCode == "SAVE")
    }

    @Test("plugin failures map to pricing error codes; timeouts are transient")
    func failures() async {
        for (pluginCode, pricingCode) in [
            (PluginError.Code.timeout, PricingError.Code.timedOut), (.callFailed, .pluginFailed),
            (.malformedResponse, .malformedResponse), (.invalidRequest, .pluginFailed),
        ] {
            let rule = PluginPricingRule(
                plugin: CannedPlugin(error: PluginError(pluginCode, plugin: "canned", "details")), timeout: .seconds(1))
            do {
                _ = try await rule.adjust(PricingResult(cart: Self.cart))
                Issue.record("\(pluginCode) was not reported")
            } catch {
                #expect(error.code == pricingCode)
                #expect(error.isTransient == (pricingCode == .timedOut))
                #expect(!error.description.contains("details"), "the plugin's words stay out of the client message")
            }
        }
    }

    @Test(
        "pricing.tax answers that break the contract are refused",
        arguments: [
            (
                #"{"currency":"EUR","taxLines":[{"target":"line","lineId":"l1","name":"VAT","jurisdiction":"DE","ratePerMillion":190000,"taxableAmount":2001,"amount":1}]}"#,
                "taxLines[0].taxableAmount 2001 is more than its base (2000)"
            ),
            (
                #"{"currency":"EUR","taxLines":[{"target":"line","lineId":"l2","name":"VAT","jurisdiction":"DE","ratePerMillion":190000,"taxableAmount":500,"amount":501}]}"#,
                "taxLines[0].amount 501 is more than its taxable amount (500)"
            ),
            (
                #"{"currency":"EUR","taxLines":[{"target":"shipping","name":"VAT","jurisdiction":"DE","ratePerMillion":1000001,"taxableAmount":1,"amount":1}]}"#,
                "taxLines[0].ratePerMillion must be an integer from 0 to 1000000"
            ),
            (
                #"{"currency":"EUR","taxLines":[{"target":"line","name":"VAT","jurisdiction":"DE","ratePerMillion":1,"taxableAmount":1,"amount":1}]}"#,
                #"taxLines[0].target must be "line" (with a lineId) or "shipping" (without)"#
            ),
            (#"{"currency":"GBP","taxLines":[]}"#, "the response is in GBP, the cart in EUR"),
        ])
    func taxRefused(answer: String, words: String) async {
        let request = TaxRequest(
            pricing: PricingResult(cart: Self.cart), address: .init(countryCode: "DE"), shipping: 100)
        do {
            _ = try await PluginTaxCalculator(plugin: CannedPlugin(answer), timeout: .seconds(1)).tax(request)
            Issue.record("accepted: \(answer)")
        } catch {
            #expect(error.code == .malformedResponse)
            #expect(error.debugDescription.contains(words), "\(error.debugDescription)")
        }
    }
}
