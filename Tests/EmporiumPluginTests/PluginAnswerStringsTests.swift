import EmporiumCore
import EmporiumPluginKit
import Testing

@testable import EmporiumPluginHost

/// The labels and promotion ids of a plugin's answers are reused when they recur byte for byte, and
/// made as before otherwise: the adjustments read are the same with the cache as without it.
@Suite("a pricing adapter reuses the labels and promotion ids its plugin answered before")
struct PluginAnswerStringsTests {
    static let current = PricingResult(
        cart: PricingSite.cart(
            [PricingSite.line("l1", "BAG", 2, 1000), PricingSite.line("l2", "HAT", 1, 500)], coupons: ["SAVE"]))

    /// An answer with one line discount and one order discount (labels longer than a small string).
    static func answer(
        label: String = "10 percent off all bags", promotion: String = "summer-bags-2026",
        orderLabel: String = "Welcome to the shop, 1 EUR off", orderPromotion: String = "welcome-coupon-2026"
    ) -> String {
        #"{"currency":"EUR","lineDiscounts":[{"lineId":"l1","amount":899,"label":"\#(label)","#
            + #""promotionId":"\#(promotion)"}],"orderDiscounts":[{"amount":100,"label":"\#(orderLabel)","#
            + #""promotionId":"\#(orderPromotion)","couponCode":"SAVE"}],"rejectedCoupons":[]}"#
    }

    static func read(_ answer: String, _ strings: PluginAnswerStrings?) throws -> PriceAdjustments {
        let bytes = Array(answer.utf8)
        return try bytes.withUnsafeBytes { buffer in
            try Result { () throws(PluginJSONError) in
                try PricingResponse.adjustments(buffer, for: current, strings: strings)
            }.get()
        }
    }

    /// Where a native `String`'s bytes lie: the same address for the same storage.
    static func storage(_ string: String) -> UnsafeRawPointer? {
        var string = string
        return string.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test("a recurring label or promotion id is the String read before; values as without the cache")
    func hit() throws {
        let strings = PluginAnswerStrings()
        let first = try Self.read(Self.answer(), strings)
        let second = try Self.read(Self.answer(), strings)
        #expect(first == (try Self.read(Self.answer(), nil)))
        #expect(second == first)
        #expect(Self.storage(second.lineDiscounts[0].label) == Self.storage(first.lineDiscounts[0].label))
        #expect(Self.storage(second.orderDiscounts[0].promotionID) == Self.storage(first.orderDiscounts[0].promotionID))
        // Read in order: label, promotion id, then the order discount's; the most recent first.
        let kept = strings.strings
        #expect(kept[0] == "10 percent off all bags")
        #expect(kept[1 * PluginAnswerStrings.ways] == "summer-bags-2026")
        #expect(kept[2 * PluginAnswerStrings.ways] == "Welcome to the shop, 1 EUR off")
        #expect(kept[3 * PluginAnswerStrings.ways] == "welcome-coupon-2026")
        // Nothing was new the second time: nothing added.
        #expect(kept[1] == "")
    }

    @Test("an answer refused by its checks teaches the cache nothing")
    func refusedAnswerIsNotLearned() throws {
        let strings = PluginAnswerStrings()
        // A discount larger than the line (2 × 1000) is refused after the answer was read.
        let refused = Self.answer().replacingOccurrences(of: #""amount":899"#, with: #""amount":5000"#)
        #expect(throws: PluginJSONError.self) { _ = try Self.read(refused, strings) }
        #expect(strings.generationCount == 0)
        #expect(strings.strings.allSatisfy { $0.isEmpty })
        _ = try Self.read(Self.answer(), strings)
        #expect(strings.generationCount == 1)
    }

    @Test("different bytes of the same length at a place are made anew and kept beside the others")
    func sameLengthOtherBytes() throws {
        let strings = PluginAnswerStrings()
        let ten = try Self.read(Self.answer(), strings)
        let twenty = try Self.read(Self.answer(label: "20 percent off all bags"), strings)
        #expect(twenty.lineDiscounts[0].label == "20 percent off all bags")
        #expect(twenty == (try Self.read(Self.answer(label: "20 percent off all bags"), nil)))
        #expect(Self.storage(twenty.lineDiscounts[0].label) != Self.storage(ten.lineDiscounts[0].label))
        #expect(Array(strings.strings[0..<2]) == ["20 percent off all bags", "10 percent off all bags"])
        // Both are reused now; a third one pushes the oldest out.
        let again = try Self.read(Self.answer(), strings)
        #expect(Self.storage(again.lineDiscounts[0].label) == Self.storage(ten.lineDiscounts[0].label))
        _ = try Self.read(Self.answer(label: "30 percent off all bags"), strings)
        #expect(Array(strings.strings[0..<2]) == ["30 percent off all bags", "20 percent off all bags"])
    }

    @Test("strings in another form (escapes, non-ASCII, empty, long) read as without the cache")
    func otherForms() throws {
        let strings = PluginAnswerStrings()
        let long = String(repeating: "x", count: PluginAnswerStrings.maxBytes + 1)
        for answer in [
            Self.answer(label: #"caf\u00e9 \"bags\""#, promotion: "p\u{E9}"), Self.answer(label: "", promotion: "a"),
            Self.answer(label: long), Self.answer(label: long), Self.answer(label: ""),
        ] {
            #expect(try Self.read(answer, strings) == (try Self.read(answer, nil)))
        }
        #expect(!strings.strings.contains(long))
    }

    @Test("only the first places are kept")
    func bounded() throws {
        let strings = PluginAnswerStrings()
        let cart = PricingSite.cart((1...20).map { PricingSite.line("l\($0)", "SKU", 1, 1000) })
        let lines = (1...20).map { #"{"lineId":"l\#($0)","amount":1,"label":"label \#($0)","promotionId":"p\#($0)"}"# }
        let answer =
            #"{"currency":"EUR","lineDiscounts":[\#(lines.joined(separator: ","))],"#
            + #""orderDiscounts":[],"rejectedCoupons":[]}"#
        for _ in 0..<2 {
            let read = try Array(answer.utf8).withUnsafeBytes { buffer in
                try Result { () throws(PluginJSONError) in
                    try PricingResponse.adjustments(buffer, for: PricingResult(cart: cart), strings: strings)
                }.get()
            }
            #expect(read.lineDiscounts.map(\.label) == (1...20).map { "label \($0)" })
            #expect(read.lineDiscounts.map(\.promotionID) == (1...20).map { "p\($0)" })
        }
        let kept = strings.strings
        #expect(kept.count == PluginAnswerStrings.positions * PluginAnswerStrings.ways)
        #expect(kept.contains("label 16") && !kept.contains("label 17"))
    }

    @Test("a plugin whose labels never recur stops adding after the last set of strings")
    func learnsBoundedly() throws {
        let strings = PluginAnswerStrings()
        for index in 0..<(PluginAnswerStrings.maxGenerations + 10) {
            let label = "label number \(index) of many"
            let read = try Self.read(Self.answer(label: label), strings)
            #expect(read.lineDiscounts[0].label == label)
            #expect(read == (try Self.read(Self.answer(label: label), nil)))
        }
        #expect(strings.generationCount == PluginAnswerStrings.maxGenerations)
        let last = PluginAnswerStrings.maxGenerations - 1
        #expect(Array(strings.strings[0..<2]) == ["label number \(last) of many", "label number \(last - 1) of many"])
    }

    @Test("calls on many threads at once read their own answers")
    func concurrent() async throws {
        let strings = PluginAnswerStrings()
        let labels = (0..<6).map { "label number \($0) for bags" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<2_000 {
                        let label = labels[(task + index) % labels.count]
                        let promotion = "promotion-\((task * 7 + index) % 5)-of-the-summer"
                        let read = try Self.read(Self.answer(label: label, promotion: promotion), strings)
                        #expect(read.lineDiscounts[0].label == label)
                        #expect(read.lineDiscounts[0].promotionID == promotion)
                        #expect(read.orderDiscounts[0].label == "Welcome to the shop, 1 EUR off")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(strings.strings[2 * PluginAnswerStrings.ways] == "Welcome to the shop, 1 EUR off")
    }

    @Test("the in-process adapter keeps its plugin's strings and answers as before")
    func adapter() async throws {
        let instance = try PluginLibrary.load(path: PricingSite.promotions).instantiate(
            configJSON: #"{"promotions":[{"id":"bags-10-percent-off","label":"10 percent off all bags","#
                + #""type":"percentage","percent":10,"skus":["BAG"]}]}"#)
        defer { instance.shutdown() }
        let rule = PluginPricingRule(plugin: instance, timeout: .seconds(5))
        #expect(rule.callsInPlace)
        let start = PricingResult(cart: PricingSite.cart([PricingSite.line("l1", "BAG", 2, 1_000)]))
        let first = try await rule.adjust(start)
        let second = try await rule.adjust(start)
        #expect(first == second)
        #expect(first.adjustments.lineDiscounts.map(\.label) == ["10 percent off all bags"])
        #expect(first.adjustments.lineDiscounts.map(\.amount) == [200])
        let kept = rule.answerStrings.strings
        #expect(kept[0] == "10 percent off all bags")
        #expect(kept[PluginAnswerStrings.ways] == "bags-10-percent-off")
        let labels = [first, second].map { Self.storage($0.adjustments.lineDiscounts[0].label) }
        #expect(labels[0] == labels[1])
    }
}
