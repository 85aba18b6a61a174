import EmporiumPluginKit
import PromotionsLogic
import Testing

/// Amounts that do not fit in 64 bits are refused, not trapped, whether the request is read from
/// JSON or built from Swift values, and a `Text` is only read in the request it came from.
@Suite("PromotionsRequest: amounts past 64 bits refused, texts kept to their request")
struct PromotionsRequestOverflowTests {
    static let now = PluginTimestamp(iso8601: "2026-11-27T10:00:00Z")!

    /// The message `json` is refused with, or nil when it is accepted.
    static func refusal(_ json: String) -> PluginJSONError? {
        do {
            _ = try PromotionsRequestTests.parse(json)
            return nil
        } catch {
            return error
        }
    }

    @Test("two lines of 5e18 each: the sum of the lines is refused with INVALID_INPUT's JSON code")
    func linesSumPastInt64() {
        let line = #""sku":"A","quantity":5000000,"unitPrice":1000000000000}"#
        let error = Self.refusal(
            PromotionsRequestTests.document(lines: #"{"id":"l1",\#(line),{"id":"l2",\#(line)"#))
        #expect(error?.code == .invalidValue)
        #expect(error?.message == "lines[1] takes the sum of the lines past 64 bits", "\(String(describing: error))")
        // One such line alone is fine.
        #expect(Self.refusal(PromotionsRequestTests.document(lines: #"{"id":"l1",\#(line)"#)) == nil)
    }

    @Test("two adjustments near Int64.max: line discounts and order discounts are refused when their sum overflows")
    func adjustmentsSumPastInt64() {
        let line = #"{"id":"l1","sku":"A","quantity":1,"unitPrice":1000}"#
        let near = "9223372036854775000"
        for adjustments in [
            #"{"lineDiscounts":[{"lineId":"l1","amount":\#(near)},{"lineId":"l1","amount":\#(near)}]}"#,
            #"{"orderDiscounts":[{"amount":\#(near)},{"amount":\#(near)}]}"#,
        ] {
            let error = Self.refusal(
                PromotionsRequestTests.document(lines: line, extra: #","adjustments":\#(adjustments)"#))
            #expect(error?.code == .invalidValue, "\(adjustments)")
            #expect(error?.message == "adjustments add up to more than 64 bits hold", "\(String(describing: error))")
        }
    }

    @Test("built from Swift values, a request is refused where the same request read from JSON is")
    func swiftValuesRefusedAlike() {
        let product = [PromotionsRequest.LineValues(id: "l1", sku: "A", quantity: 1_000_000_000, unitPrice: .max)]
        let sum = Array(
            repeating: PromotionsRequest.LineValues(
                id: "l", sku: "A", quantity: 5_000_000, unitPrice: 1_000_000_000_000),
            count: 2)
        for (lines, message) in [
            (product, "lines[0] unitPrice × quantity does not fit in 64 bits"),
            (sum, "lines[1] takes the sum of the lines past 64 bits"),
        ] {
            do {
                _ = try PromotionsRequest(currency: "EUR", now: Self.now, lines: lines)
                Issue.record("accepted \(lines)")
            } catch {
                #expect(error.code == .invalidValue)
                #expect(error.message == message)
            }
        }
    }

    @Test("a Text of another, longer request traps instead of reading past this request's bytes")
    func foreignText() async {
        await #expect(processExitsWith: .failure) {
            let now = PluginTimestamp(iso8601: "2026-11-27T10:00:00Z")!
            let short = try PromotionsRequest(currency: "EUR", now: now, lines: [])
            let long = try PromotionsRequest(
                currency: "EUR", now: now,
                lines: [.init(id: String(repeating: "x", count: 64), sku: "A", quantity: 1, unitPrice: 1)])
            _ = short.string(long.lines[0].id)
        }
    }
}
