import CEmporiumPluginABI
import EmporiumCore
import EmporiumPluginKit
import Testing

@testable import EmporiumPluginHost
@testable import PromotionsLogic

/// A `pricing.adjust` answer in the kit's shape is read straight through, anything else the general
/// way: both give the same adjustments and the same refusals, and the request is written as before.
@Suite("pricing.adjust answers in the kit's shape read straight through, the same as the general way")
struct PricingResponseCanonicalTests {
    static let cart = PricingSite.cart(
        [PricingSite.line("l1", "BAG", 2, 1000), PricingSite.line("l2", "HAT", 1, 500)], coupons: ["SAVE", "MORE"])
    static let current = PricingResult(
        cart: cart,
        adjustments: PriceAdjustments(lineDiscounts: [.init(lineID: "l1", amount: 300, label: "a", promotionID: "a")]))

    static func answer(
        currency: String = "EUR",
        lines: String = #"{"lineId":"l1","amount":899,"label":"10% off bags","promotionId":"bags"}"#,
        orders: String = #"{"amount":100,"label":"Welcome","promotionId":"welcome","couponCode":"SAVE"}"#,
        rejections: String = ""
    ) -> String {
        #"{"currency":"\#(currency)","lineDiscounts":[\#(lines)],"orderDiscounts":[\#(orders)],"#
            + #""rejectedCoupons":[\#(rejections)]}"#
    }

    static func read(_ answer: String) -> Result<PriceAdjustments, PluginJSONError> {
        let bytes = Array(answer.utf8)
        return bytes.withUnsafeBytes { buffer in
            Result { () throws(PluginJSONError) in try PricingResponse.adjustments(buffer, for: current) }
        }
    }

    /// The same answer read the general way: a space after the opening brace is not the kit's shape.
    static func general(_ answer: String) -> String { "{ " + answer.dropFirst() }

    @Test(
        "answers in the kit's shape read as the same answer with whitespace does",
        arguments: [
            answer(),
            answer(lines: "", orders: ""),
            answer(
                lines: #"{"lineId":"l1","amount":1,"label":"a","promotionId":"a","couponCode":null},"#
                    + #"{"lineId":"l2","amount":500,"label":"b","promotionId":"b","couponCode":"MORE"}"#),
            answer(rejections: #"{"code":"MORE","reason":"COUPON_EXPIRED","message":"MORE expired."}"#),
            answer(lines: #"{"lineId":"l1","amount":2,"label":"caf\u00e9 \"x\"","promotionId":"p\#u{E9}"}"#),
            // Not quite the kit's shape: read the general way, with the same result.
            answer(lines: #"{"amount":2,"lineId":"l1","label":"a","promotionId":"a"}"#),
            answer(orders: #"{"amount":1,"label":"a","promotionId":"a","extra":[1,{"b":2}]}"#),
            answer() + "\n",
        ])
    func sameAdjustments(answer: String) throws {
        let read = try Self.read(answer).get()
        #expect(read == (try Self.read(Self.general(answer)).get()))
    }

    @Test(
        "refusals in the kit's shape are the general ones",
        arguments: [
            answer(currency: "USD"),
            answer(lines: #"{"lineId":"l9","amount":1,"label":"a","promotionId":"a"}"#),
            answer(lines: #"{"lineId":"l1","amount":1701,"label":"a","promotionId":"a"}"#),
            answer(lines: #"{"lineId":"l1","amount":0,"label":"a","promotionId":"a"}"#),
            answer(orders: #"{"amount":5000,"label":"a","promotionId":"a"}"#),
            answer(orders: #"{"amount":1,"label":"a","promotionId":"a","couponCode":"OTHER"}"#),
            answer(lines: #"{"lineId":"l1","amount":1,"promotionId":"a"}"#),
            answer(rejections: #"{"code":"MORE","reason":"expired","message":"m"}"#),
            answer(rejections: #"{"code":"NOPE","reason":"COUPON_EXPIRED","message":"m"}"#),
            answer(lines: #"{"lineId":"l1","amount":1,"label":"a","promotionId":7}"#),
            answer() + " x",
        ])
    func sameRefusal(answer: String) {
        guard case .failure(let error) = Self.read(answer) else {
            Issue.record("accepted \(answer)")
            return
        }
        guard case .failure(let general) = Self.read(Self.general(answer)) else {
            Issue.record("the general way accepted \(answer)")
            return
        }
        #expect(error.code == general.code)
        #expect(error.message == general.message)
    }

    @Test("the kit hands the plugin a declared hook's name, and an undeclared one as it was sent")
    func hookNames() throws {
        let library = try PluginLibrary.load(path: PricingSite.promotions)
        let instance = try library.instantiate(configJSON: #"{"promotions":[]}"#)
        defer { instance.shutdown() }
        func call(_ hook: String) -> (status: Int32, answer: String) {
            var response: UnsafeMutablePointer<CChar>?
            var length = 0
            let request = Array(Self.requestDocument.utf8)
            let status = request.withUnsafeBytes { bytes in
                library.table.pointee.call(
                    instance.state, hook, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count,
                    &response, &length)
            }
            defer { library.table.pointee.free(response) }
            let answer = response.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            return (status, answer ?? "")
        }
        let declared = call("pricing.adjust")
        #expect(declared.status == Int32(EMPORIUM_PLUGIN_OK))
        #expect(declared.answer.hasPrefix(#"{"currency":"EUR""#))
        let undeclared = call("pricing.taxes")
        #expect(undeclared.status == Int32(EMPORIUM_PLUGIN_UNSUPPORTED_HOOK))
        #expect(undeclared.answer.contains("pricing.taxes"))
    }

    static var requestDocument: String {
        String(decoding: PricingPayload.adjustRequest(PricingResult(cart: cart)), as: UTF8.self)
    }

    @Test("the request is written in pieces exactly as field by field: escapes, optional members, no customer")
    func requestDocument() {
        var cart = PricingSite.cart(
            [PricingSite.line("l\"1", "B\\AG", 2, 1000, ["a", "b\n"]), PricingSite.line("l2", "HAT", 1, 500)],
            coupons: ["SAVE", "caf\u{E9}"], redemptions: ["caf\u{E9}": 2])
        cart.channel = nil
        cart.customer = .init(id: "c-1", email: nil)
        cart.pricesIncludeTax = true
        let request = String(decoding: PricingPayload.adjustRequest(PricingResult(cart: cart)), as: UTF8.self)
        #expect(
            request
                == #"{"currency":"EUR","pricesIncludeTax":true,"now":"2026-11-27T11:00:00Z","customer":{"id":"c-1"},"#
                + #""lines":[{"id":"l\"1","sku":"B\\AG","productId":"product-B\\AG","quantity":2,"unitPrice":1000,"#
                + #""categories":["a","b\n"]},{"id":"l2","sku":"HAT","productId":"product-HAT","quantity":1,"#
                + #""unitPrice":500,"categories":[]}],"subtotal":2500,"couponCodes":["SAVE","caf\#u{E9}"],"#
                + #""couponRedemptions":{"caf\#u{E9}":2},"adjustments":{"lineDiscounts":[],"orderDiscounts":[],"#
                + #""rejectedCoupons":[]},"total":2500}"#)
    }

    @Test("the engine's own request and the kit's own answer take the straight-through readers")
    func ownDocumentsAreCanonical() throws {
        // If either writer drifted from the shape its reader expects, every call would quietly take
        // the general way: correct, but not the speed measured.
        let request = PricingPayload.adjustRequest(Self.current)
        let parsed = try #require(request.withUnsafeBytes { PromotionsRequest.readCanonical($0) })
        let configuration = #"""
            {"promotions":[
             {"id":"bags","label":"10% off bags","type":"percentage","percent":10,"skus":["BAG"]},
             {"id":"save","label":"Save","type":"fixed","amount":100,"currency":"EUR","couponCode":"SAVE"}]}
            """#
        let calculator = PromotionsCalculator(
            promotions: try PromotionsConfiguration.promotions(Array(configuration.utf8)))
        let answer = calculator.adjust(parsed).json
        let text = String(decoding: answer, as: UTF8.self)
        #expect(text.contains(#""lineDiscounts":[{"#) && text.contains(#""orderDiscounts":[{"#))
        let read = answer.withUnsafeBytes {
            var strings = PluginAnswerStrings.Reading.none
            return PricingResponse.readCanonical(
                $0, lines: Self.cart.lines, codes: Self.cart.couponCodes, currency: Self.cart.currency,
                strings: &strings)
        }
        #expect(read != nil)
    }
}
