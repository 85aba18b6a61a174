import EmporiumPluginKit
import PromotionsLogic
import Testing

/// The request read from JSON as ranges of one text buffer: the same outcome as the request built
/// from Swift values, strings with escapes and non-ASCII text compared as `String`s compare, and
/// malformed documents refused with the messages they had before.
@Suite("PromotionsRequest: flat representation read from JSON")
struct PromotionsRequestTests {
    static let configuration = """
        {"promotions":[
         {"id":"shoes-10","label":"10% off shoes","type":"percentage","percent":10,"categories":["shoes","chaussures-\u{E9}"]},
         {"id":"socks","label":"1 EUR off socks","type":"fixed","amount":100,"currency":"EUR","skus":["SOCK","K"]},
         {"id":"tees","label":"3 for 2 tees","type":"buyXGetY","buy":2,"get":1,"skus":["TEE-S","TEE-M"]},
         {"id":"welcome","label":"Welcome","type":"percentage","percent":5,"couponCode":"WELCOME5","usageLimit":1000},
         {"id":"summer","label":"\u{C9}t\u{E9}","type":"fixed","amount":50,"currency":"EUR","couponCode":"\u{C9}T\u{C9}"}]}
        """

    static let calculator = try! PromotionsCalculator(
        promotions: PromotionsConfiguration.promotions(Array(configuration.utf8)))

    static func parse(_ json: String) throws(PluginJSONError) -> PromotionsRequest {
        try PromotionsRequest(json: Array(json.utf8))
    }

    static func document(lines: String, codes: String = "[]", redemptions: String = "{}", extra: String = "")
        -> String
    {
        """
        {"channel":"web-eu","currency":"EUR","pricesIncludeTax":true,"now":"2026-11-27T10:00:00Z",\
        "customer":{"email":"ada@example.com"},"lines":[\(lines)],"subtotal":1,"couponCodes":\(codes),\
        "couponRedemptions":\(redemptions)\(extra)}
        """
    }

    static let benchLines = """
        {"id":"l1","sku":"SHOE-1","productId":"p1","quantity":1,"unitPrice":8999,"categories":["shoes"]},
        {"id":"l2","sku":"SOCK","productId":"p2","quantity":3,"unitPrice":250,"categories":["socks"]},
        {"id":"l3","sku":"TEE-S","productId":"p3","quantity":2,"unitPrice":1500,"categories":["tees"]},
        {"id":"l4","sku":"TEE-M","productId":"p4","quantity":1,"unitPrice":1200,"categories":["tees"]},
        {"id":"l5","sku":"CAP","productId":"p5","quantity":1,"unitPrice":1999,"categories":["hats"]}
        """

    @Test("read from JSON, the request gives the outcome of the same request built from Swift values")
    func sameOutcomeBothWays() throws {
        let json = try Self.parse(
            Self.document(lines: Self.benchLines, codes: #"["welcome5","NOPE"]"#, redemptions: #"{"welcome5":12}"#))
        let typed = try PromotionsRequest(
            currency: "EUR", now: PluginTimestamp(iso8601: "2026-11-27T10:00:00Z")!,
            lines: [
                .init(id: "l1", sku: "SHOE-1", quantity: 1, unitPrice: 8999, categories: ["shoes"]),
                .init(id: "l2", sku: "SOCK", quantity: 3, unitPrice: 250, categories: ["socks"]),
                .init(id: "l3", sku: "TEE-S", quantity: 2, unitPrice: 1500, categories: ["tees"]),
                .init(id: "l4", sku: "TEE-M", quantity: 1, unitPrice: 1200, categories: ["tees"]),
                .init(id: "l5", sku: "CAP", quantity: 1, unitPrice: 1999, categories: ["hats"]),
            ], couponCodes: ["welcome5", "NOPE"], couponRedemptions: ["welcome5": 12])
        let outcome = Self.calculator.adjust(json)
        #expect(outcome == Self.calculator.adjust(typed))
        #expect(
            outcome.discounts.map { "\($0.lineID ?? "-"):\($0.amount):\($0.promotionID)" } == [
                "l1:899:shoes-10", "l2:300:socks", "l4:1200:tees", "-:677:welcome",
            ])
        #expect(outcome.discounts.last?.couponCode == "welcome5", "the code as entered")
        #expect(outcome.rejections.map { "\($0.code):\($0.reason)" } == ["NOPE:INVALID_COUPON"])
        #expect(
            json.lines.map { json.categories(of: $0).map(json.string) } == [
                ["shoes"], ["socks"], ["tees"], ["tees"], ["hats"],
            ])
    }

    @Test("strings with escapes are decoded after the document and compare like plain ones")
    func escapes() throws {
        let request = try Self.parse(
            Self.document(
                lines: #"{"id":"l\"1","sku":"SO\u0043K","quantity":1,"unitPrice":500,"categories":["sh\u006fes"]}"#,
                codes: #"["WEL\u0043OME5"]"#))
        #expect(request.string(request.lines[0].id) == "l\"1")
        #expect(request.string(request.lines[0].sku) == "SOCK")
        let outcome = Self.calculator.adjust(request)
        #expect(
            outcome.discounts.map { "\($0.lineID ?? "-"):\($0.amount):\($0.promotionID)" } == [
                "l\"1:50:shoes-10", "l\"1:100:socks", "-:17:welcome",
            ])
        var writer = PluginJSONWriter()
        outcome.write(into: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self).contains(#""lineId":"l\"1""#))
    }

    @Test("non-ASCII text compares as String does: canonical equivalence, Unicode upper-casing of codes")
    func unicode() throws {
        // "e" + U+0301 is canonically "é"; U+212A KELVIN SIGN is canonically "K"; "été" upper-cases to "ÉTÉ".
        let request = try Self.parse(
            Self.document(
                lines: """
                    {"id":"l1","sku":"A","quantity":1,"unitPrice":1000,"categories":["chaussures-e\u{301}"]},\
                    {"id":"l2","sku":"\u{212A}","quantity":1,"unitPrice":1000},\
                    {"id":"l3","sku":"K\u{301}","quantity":1,"unitPrice":1000}
                    """, codes: #"["\u00e9t\u00e9"]"#))
        let outcome = Self.calculator.adjust(request)
        #expect(
            outcome.discounts.map { "\($0.lineID ?? "-"):\($0.amount):\($0.promotionID)" } == [
                "l1:100:shoes-10", "l2:100:socks", "-:50:summer",
            ])
        #expect(outcome.discounts.last?.couponCode == "été")
        #expect(outcome.rejections.isEmpty)
        #expect(request.text(request.lines[1].sku, equals: "K"))
        #expect(!request.text(request.lines[2].sku, equals: "K"))
    }

    @Test("repeated members: the last value read wins, for categories, lines, adjustments and redemptions")
    func repeatedMembers() throws {
        let shoes = #"{"id":"l1","sku":"A","categories":["shoes"],"quantity":1,"unitPrice":1000,"categories":["hats"]}"#
        let request = try Self.parse(
            Self.document(
                lines: shoes + #",{"id":"l2","sku":"B","quantity":1,"unitPrice":1000,"categories":["x","y"]}"#,
                codes: #"["WELCOME5"]"#, redemptions: #"{"WELCOME5":1,"WELCOME5":1000}"#))
        #expect(request.lines.map { request.categories(of: $0).map(request.string) } == [["hats"], ["x", "y"]])
        #expect(request.redemptions(of: "WELCOME5") == 1000)
        let outcome = Self.calculator.adjust(request)
        #expect(outcome.discounts.isEmpty)
        #expect(outcome.rejections.map(\.reason) == ["COUPON_USAGE_LIMIT"])

        // A second `lines`, `adjustments` or `couponRedemptions` replaces the first, as `couponCodes` does.
        let line = #"{"id":"l1","sku":"SHOE-1","quantity":1,"unitPrice":1000,"categories":["shoes"]}"#
        let adjustments = #"{"lineDiscounts":[{"lineId":"l1","amount":400}],"orderDiscounts":[{"amount":30}]}"#
        let repeated = try Self.parse(
            Self.document(
                lines: #"{"id":"l0","sku":"CAP","quantity":1,"unitPrice":500,"categories":["hats"]}"#,
                codes: #"["WELCOME5"]"#, redemptions: #"{"WELCOME5":1000}"#,
                extra: #","lines":[\#(line)],"adjustments":\#(adjustments),"adjustments":\#(adjustments)"#
                    + #","couponRedemptions":{"OTHER":1}"#))
        #expect(repeated.lines.map { repeated.string($0.id) } == ["l1"])
        #expect(repeated.lines.map { repeated.categories(of: $0).map(repeated.string) } == [["shoes"]])
        #expect(repeated.lines[0].remaining == 600)
        #expect(repeated.earlierOrderDiscounts == 30)
        #expect(repeated.redemptions(of: "WELCOME5") == 0)
        #expect(repeated.redemptions(of: "OTHER") == 1)
    }

    @Test("earlier adjustments are taken off the lines and the order")
    func earlierAdjustments() throws {
        let request = try Self.parse(
            Self.document(
                lines: #"{"id":"l1","sku":"SHOE-1","quantity":1,"unitPrice":1000,"categories":["shoes"]}"#,
                extra: #","adjustments":{"lineDiscounts":[{"lineId":"l\u0031","amount":400}],"#
                    + #""orderDiscounts":[{"amount":30}],"rejectedCoupons":[]}"#))
        #expect(request.lines[0].remaining == 600)
        #expect(request.earlierOrderDiscounts == 30)
        #expect(Self.calculator.adjust(request).discounts.map(\.amount) == [60])
    }

    @Test("malformed requests are refused with a message that says what is wrong")
    func malformed() {
        let cases: [(String, String)] = [
            (#"{"now":"2026-11-27T10:00:00Z","lines":[]}"#, "the request needs currency and now"),
            (
                Self.document(lines: #"{"id":"l1","quantity":1,"unitPrice":1}"#),
                "lines[0] needs id, sku, quantity and unitPrice"
            ),
            (
                Self.document(lines: #"{"id":"l1","sku":"A","quantity":0,"unitPrice":1}"#),
                "lines[0].quantity must be an integer from 1 to 1000000000, not 0"
            ),
            (
                Self.document(lines: #"{"id":"l1","sku":7,"quantity":1,"unitPrice":1}"#),
                "expected a string, found a number"
            ),
            (
                Self.document(lines: #"{"id":"l1","sku":"A\u12","quantity":1,"unitPrice":1}"#),
                "\\u needs four hex digits"
            ),
            (#"{"currency":"EU"#, "unterminated string"),
            (
                Self.document(lines: #"{"id":"l1","sku":"A","quantity":1000000000,"unitPrice":1000000000000}"#),
                "lines[0] unitPrice × quantity does not fit in 64 bits"
            ),
            (
                Self.document(lines: #"{"id":"l1","sku":"A","quantity":1,"unitPrice":1,"categories":[1]}"#),
                "expected a string, found a number"
            ),
            (Self.document(lines: "", redemptions: #"{"X":-1}"#), "couponRedemptions.X must be an integer"),
            (#"{"currency":"EUR","now":"yesterday"}"#, "now must be an ISO 8601 date-time"),
            (#"{"currency":"EUR","now":"2026-11-27T10:00:00Z"} x"#, "after the document"),
        ]
        for (json, message) in cases {
            do {
                _ = try Self.parse(json)
                Issue.record("accepted \(json)")
            } catch {
                #expect(error.message.contains(message), "\(error.message) for \(json)")
            }
        }
        let invalidUTF8 = Array(Self.document(lines: #"{"id":"l1","sku":"AB","quantity":1,"unitPrice":1}"#).utf8)
            .map { $0 == UInt8(ascii: "B") ? 0xFF : $0 }
        #expect(throws: PluginJSONError.self) { try PromotionsRequest(json: invalidUTF8) }
    }

    @Test("limits: nesting deeper than the reader allows is refused, long strings are kept whole")
    func limits() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        do {
            _ = try Self.parse(#"{"currency":"EUR","now":"2026-11-27T10:00:00Z","x":\#(deep)}"#)
            Issue.record("accepted a document nested 40 deep")
        } catch {
            #expect(error.code == .tooDeep)
        }
        let long = String(repeating: "s", count: 5000)
        let request = try Self.parse(
            Self.document(lines: #"{"id":"l1","sku":"\#(long)\u0021","quantity":1,"unitPrice":1}"#))
        #expect(request.string(request.lines[0].sku) == long + "!")
    }
}
