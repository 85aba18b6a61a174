import EmporiumCore
import Testing

/// A rule that appends fixed adjustments, recording the total it was handed.
private struct FixedRule: PricingRule {
    let id: String
    let added: PriceAdjustments
    let seen: @Sendable (Int64) -> Void

    func adjustments(for current: PricingResult) async throws(PricingError) -> PriceAdjustments {
        seen(current.total)
        return added
    }
}

private struct FailingRule: PricingRule {
    let id = "failing"
    func adjustments(for current: PricingResult) async throws(PricingError) -> PriceAdjustments {
        throw PricingError(.timedOut, source: id, detail: "no answer within 1 s")
    }
}

private final class Totals: @unchecked Sendable {
    // Written by the rules of one sequential chain only.
    var values: [Int64] = []
}

@Suite("PricingChain and PricingResult")
struct PricingChainTests {
    static let cart = PricedCart(
        currency: "EUR",
        lines: [
            .init(id: "a", sku: "A", productID: "pa", quantity: 2, unitPrice: 5950),
            .init(id: "b", sku: "B", productID: "pb", quantity: 1, unitPrice: 1000),
        ], couponCodes: ["X", "Y"], now: 0)

    @Test("rules run in order, each sees the previous total; rejections of applied codes are dropped, others kept once")
    func chain() async throws {
        let totals = Totals()
        let first = FixedRule(
            id: "first",
            added: PriceAdjustments(
                orderDiscounts: [.init(amount: 1000, label: "X", promotionID: "x", couponCode: "X")],
                rejectedCoupons: [.init(code: "Y", reason: .expired, message: "expired")]),
            seen: { totals.values.append($0) })
        let second = FixedRule(
            id: "second",
            added: PriceAdjustments(
                lineDiscounts: [.init(lineID: "b", amount: 100, label: "B", promotionID: "b")],
                rejectedCoupons: [
                    .init(code: "X", reason: .invalid, message: "unknown"),
                    .init(code: "Y", reason: .invalid, message: "unknown"),
                ]),
            seen: { totals.values.append($0) })
        let result = try await PricingChain.price(Self.cart, through: [first, second])
        #expect(totals.values == [12900, 11900])
        #expect(result.total == 11800)
        #expect(result.adjustments.rejectedCoupons.map(\.code) == ["Y"])
        #expect(result.adjustments.rejectedCoupons.first?.reason == .expired)
    }

    @Test("adjust(_:) is one step of the chain: the rule's adjustments after the earlier ones, the input untouched")
    func oneStep() async throws {
        let rule = FixedRule(
            id: "one",
            added: PriceAdjustments(lineDiscounts: [.init(lineID: "a", amount: 50, label: "A", promotionID: "a")]),
            seen: { _ in })
        var start = PricingResult(cart: Self.cart)
        start.adjustments.orderDiscounts = [.init(amount: 10, label: "o", promotionID: "o")]
        let next = try await rule.adjust(start)
        #expect(next.cart == start.cart)
        #expect(next.adjustments.orderDiscounts == start.adjustments.orderDiscounts)
        #expect(next.adjustments.lineDiscounts.map(\.amount) == [50])
        #expect(start.adjustments.lineDiscounts.isEmpty)
        #expect(next.total == start.total - 50)
    }

    @Test("a failing rule stops the chain with its error; the client message hides the detail")
    func failure() async {
        do {
            _ = try await PricingChain.price(Self.cart, through: [FailingRule()])
            Issue.record("the chain succeeded")
        } catch {
            #expect(error.code == .timedOut)
            #expect(error.isTransient)
            #expect(error.description == "pricing is taking too long; try again [PRICING_PLUGIN_TIMED_OUT]")
            #expect(error.debugDescription == "pricing rule failing: no answer within 1 s [PRICING_PLUGIN_TIMED_OUT]")
        }
    }

    @Test("a cart whose lines add up past 64 bits is refused before any rule runs, not trapped")
    func amountsPast64Bits() async {
        let totals = Totals()
        let rule = FixedRule(id: "seen", added: PriceAdjustments(), seen: { totals.values.append($0) })
        let line = PricedCart.Line(
            id: "a", sku: "A", productID: "pa", quantity: 5_000_000, unitPrice: 1_000_000_000_000)
        var cart = PricedCart(currency: "EUR", lines: [line], now: 0)
        #expect(cart.fitsIn64Bits)
        cart.lines.append(line)
        #expect(!cart.fitsIn64Bits)
        do {
            _ = try await PricingChain.price(cart, through: [rule])
            Issue.record("the chain priced the cart")
        } catch {
            #expect(error.code == .invalidCart)
            #expect(!error.isTransient)
            #expect(error.description == "the cart's amounts are too large to price [PRICING_INVALID_CART]")
        }
        #expect(totals.values.isEmpty)
    }

    @Test("order discounts are spread over the lines in proportion, rounded down, leftover units first")
    func lineTotals() {
        var result = PricingResult(cart: Self.cart)
        result.adjustments.lineDiscounts = [.init(lineID: "a", amount: 900, label: "a", promotionID: "a")]
        result.adjustments.orderDiscounts = [.init(amount: 1001, label: "o", promotionID: "o")]
        // After line discounts: a 11000, b 1000 (base 12000). Shares: 917.58 → 917 and 83.41 → 83,
        // the leftover unit to a: 918 and 83.
        let totals = result.lineTotals()
        #expect(totals.map(\.lineID) == ["a", "b"])
        #expect(totals.map(\.amount) == [10082, 917])
        #expect(totals.reduce(0) { $0 + $1.amount } == result.total)
        #expect(PricingResult(cart: Self.cart).lineTotals().map(\.amount) == [11900, 1000])
    }
}
