import EmporiumPluginKit
import PromotionsLogic
import Testing

/// The request in the engine's shape is read straight through, anything else the general way: both
/// give the same request, and the same refusals.
@Suite("PromotionsRequest: the engine's shape read straight through, the same as the general way")
struct PromotionsRequestCanonicalTests {
    /// A request document as the engine writes it (`PricingPayload` in the host): members in one
    /// order, no whitespace.
    static func canonical(
        channel: Bool = true, pricesIncludeTax: Bool = false, now: String = "2026-11-27T11:00:00Z",
        customer: String? = #"{"email":"ada@example.com"}"#, lines: [String] = benchLines, subtotal: String = "15948",
        codes: String = #"["WELCOME5","nope"]"#, redemptions: String = #"{"WELCOME5":12}"#,
        adjustments: String = #"{"lineDiscounts":[],"orderDiscounts":[],"rejectedCoupons":[]}"#
    ) -> String {
        (channel ? #"{"channel":"web-eu","# : "{")
            + #""currency":"EUR","pricesIncludeTax":\#(pricesIncludeTax),"now":"\#(now)","#
            + (customer.map { #""customer":\#($0),"# } ?? "") + #""lines":[\#(lines.joined(separator: ","))],"#
            + #""subtotal":\#(subtotal),"couponCodes":\#(codes),"couponRedemptions":\#(redemptions),"#
            + #""adjustments":\#(adjustments),"total":15948}"#
    }

    static let benchLines = [
        #"{"id":"l1","sku":"SHOE-1","productId":"p1","quantity":1,"unitPrice":8999,"categories":["shoes"]}"#,
        #"{"id":"l2","sku":"SOCK","productId":"p2","quantity":3,"unitPrice":250,"categories":["socks","x"]}"#,
        #"{"id":"l3","sku":"TEE-S","productId":"p3","quantity":2,"unitPrice":1500,"categories":[]}"#,
    ]

    /// What a request says, with its texts as strings (their offsets differ between documents).
    static func view(_ request: PromotionsRequest) -> String {
        let lines = request.lines.map { line in
            "\(request.string(line.id))/\(request.string(line.sku))/\(line.quantity)/\(line.unitPrice)/"
                + "\(line.remaining)/\(request.categories(of: line).map(request.string))"
        }
        let codes = request.couponCodes.map(request.string)
        let redemptions = request.couponRedemptions.map { "\($0.code)=\($0.count)" }
        return "\(request.string(request.currency)) \(request.now) \(lines) \(codes) \(redemptions) "
            + "\(request.earlierOrderDiscounts)"
    }

    static func parse(_ json: String) -> Result<String, PluginJSONError> {
        Result { () throws(PluginJSONError) in view(try PromotionsRequest(json: Array(json.utf8))) }
    }

    /// The same document read the general way: a space after the opening brace is not the engine's shape.
    static func general(_ json: String) -> String { "{ " + json.dropFirst() }

    @Test(
        "documents in the engine's shape read as the same document with whitespace does",
        arguments: [
            canonical(),
            canonical(channel: false, customer: nil),
            canonical(pricesIncludeTax: true, customer: #"{"id":"c-1","email":"ada@example.com"}"#),
            canonical(customer: #"{"id":"c-1"}"#),
            canonical(customer: "{}"),
            canonical(redemptions: #"{"WELCOME5":12,"nope":0,"WELCOME5":3}"#),
            canonical(lines: []),
            canonical(codes: "[]", redemptions: "{}"),
            // The deepest customer the general reading takes: 31 levels inside the request's object.
            canonical(customer: String(repeating: #"{"a":"#, count: 31) + "1" + String(repeating: "}", count: 31)),
            canonical(
                adjustments:
                    #"{"lineDiscounts":[{"lineId":"l1","amount":100,"label":"a","promotionId":"a"},{"lineId":"l1","amount":5,"label":"b","promotionId":"b"}],"orderDiscounts":[{"amount":7,"label":"c","promotionId":"c"}],"rejectedCoupons":[]}"#
            ),
            // Not quite the engine's shape: read the general way, with the same result.
            canonical(lines: [#"{"id":"l1","sku":"SHOE-\u0031","productId":"p1","quantity":1,"unitPrice":5}"#]),
            canonical(lines: [#"{"sku":"SOCK","id":"l2","productId":"p2","quantity":3,"unitPrice":250}"#]),
            canonical(lines: [#"{"id":"l1","sku":"CAF\#u{C9}","productId":{"x":1},"quantity":1,"unitPrice":1}"#]),
            canonical(codes: #"["caf\#u{E9}"]"#, redemptions: #"{"caf\u00e9":3,"other":1}"#),
            canonical() + " \n",
            canonical(customer: #"{"email":"ada@example.com","id":"c-1"}"#),
            canonical(customer: #"{"email":"caf\#u{E9}@example.com"}"#),
            canonical(subtotal: "1.5"),
            canonical(lines: [
                #"{"id":"l1","sku":"A","productId":"p","quantity":1,"unitPrice":1,"categories":[],"x":1}"#
            ]),
        ])
    func sameRequest(json: String) throws {
        let read = try Self.parse(json).get()
        #expect(read == (try Self.parse(Self.general(json)).get()))
        #expect(!read.isEmpty)
    }

    @Test(
        "refusals in the engine's shape are the general ones",
        arguments: [
            canonical(lines: [#"{"id":"l1","sku":"A","productId":"p","quantity":0,"unitPrice":1,"categories":[]}"#]),
            canonical(
                lines: [
                    #"{"id":"l1","sku":"A","productId":"p","quantity":1,"unitPrice":1000000000001,"categories":[]}"#
                ]),
            canonical(
                lines: [
                    #"{"id":"l1","sku":"A","productId":"p","quantity":1000000000,"unitPrice":1000000000000,"categories":[]}"#,
                    #"{"id":"l2","sku":"B","productId":"p","quantity":1000000000,"unitPrice":1000000000000,"categories":[]}"#,
                ]),
            canonical(lines: [#"{"id":"l1","sku":"A","productId":"p","quantity":1,"unitPrice":1,"categories":[1]}"#]),
            canonical(redemptions: #"{"WELCOME5":-1}"#),
            canonical(redemptions: #"{"WELCOME5":1.5}"#),
            canonical(customer: #"{"id":"c\x"}"#),
            canonical(
                adjustments:
                    #"{"lineDiscounts":[{"lineId":"l1","amount":9223372036854775807},{"lineId":"l1","amount":1}],"orderDiscounts":[],"rejectedCoupons":[]}"#
            ),
            canonical(now: "yesterday"),
            canonical(customer: String(repeating: #"{"a":"#, count: 32) + "1" + String(repeating: "}", count: 32)),
            canonical() + "x",
        ])
    func sameRefusal(json: String) {
        guard case .failure(let error) = Self.parse(json) else {
            Issue.record("accepted \(json)")
            return
        }
        guard case .failure(let general) = Self.parse(Self.general(json)) else {
            Issue.record("the general way accepted \(json)")
            return
        }
        #expect(error.code == general.code)
        #expect(error.message == general.message)
    }

    @Test("the engine's shape gives the outcome of the same request built from Swift values")
    func sameOutcome() throws {
        let configuration = """
            {"promotions":[
             {"id":"shoes-10","label":"10% off shoes","type":"percentage","percent":10,"categories":["shoes"]},
             {"id":"welcome","label":"Welcome","type":"percentage","percent":5,"couponCode":"WELCOME5","usageLimit":1000}]}
            """
        let calculator = try PromotionsCalculator(
            promotions: PromotionsConfiguration.promotions(Array(configuration.utf8)))
        let json = try PromotionsRequest(json: Array(Self.canonical().utf8))
        let typed = try PromotionsRequest(
            currency: "EUR", now: PluginTimestamp(iso8601: "2026-11-27T11:00:00Z")!,
            lines: [
                .init(id: "l1", sku: "SHOE-1", quantity: 1, unitPrice: 8999, categories: ["shoes"]),
                .init(id: "l2", sku: "SOCK", quantity: 3, unitPrice: 250, categories: ["socks", "x"]),
                .init(id: "l3", sku: "TEE-S", quantity: 2, unitPrice: 1500),
            ], couponCodes: ["WELCOME5", "nope"], couponRedemptions: ["WELCOME5": 12])
        #expect(calculator.adjust(json) == calculator.adjust(typed))
        #expect(Self.view(json) == Self.view(typed))
    }
}
