/// A cart and the adjustments made to it so far: what one pricing rule hands to the next, and what
/// the chain returns.
public struct PricingResult: Sendable, Hashable {
    /// The cart being priced.
    public var cart: PricedCart
    /// Discounts and coupon rejections so far.
    public var adjustments: PriceAdjustments

    /// Creates a result.
    public init(cart: PricedCart, adjustments: PriceAdjustments = PriceAdjustments()) {
        self.cart = cart
        self.adjustments = adjustments
    }

    /// The merchandise total after all discounts, never negative when the rules kept to the contract.
    public var total: Int64 { total(subtotal: cart.subtotal) }

    /// ``total`` for a caller that has the cart's ``PricedCart/subtotal`` at hand already (a request
    /// that sends both), so the lines are not summed twice.
    public func total(subtotal: Int64) -> Int64 {
        subtotal - adjustments.lineDiscountTotal - adjustments.orderDiscountTotal
    }

    /// Line `id`'s subtotal minus its line discounts.
    public func remaining(forLine id: String) -> Int64 {
        (cart.line(id: id)?.subtotal ?? 0) - adjustments.discount(forLine: id)
    }

    /// Each line's amount after line discounts and its share of the order discounts, in cart order:
    /// the taxable base of each line.
    ///
    /// Order discounts are spread in proportion to the lines' amounts after line discounts, rounded
    /// down, and the minor units left over go one each to the lines in cart order, so the shares add
    /// up exactly to the order discount.
    public func lineTotals() -> [(lineID: String, amount: Int64)] {
        let afterLineDiscounts = cart.lines.map { (lineID: $0.id, amount: self.remaining(forLine: $0.id)) }
        let base = afterLineDiscounts.reduce(0) { $0 + max($1.amount, 0) }
        let orderDiscount = min(adjustments.orderDiscountTotal, base)
        guard orderDiscount > 0, base > 0 else { return afterLineDiscounts }
        var shares = afterLineDiscounts.map { line -> Int64 in
            let (high, low) = max(line.amount, 0).multipliedFullWidth(by: orderDiscount)
            return base.dividingFullWidth((high, low)).quotient
        }
        var leftover = orderDiscount - shares.reduce(0, +)
        var index = 0
        while leftover > 0 && index < shares.count {
            if afterLineDiscounts[index].amount - shares[index] > 0 {
                shares[index] += 1
                leftover -= 1
            }
            index += 1
        }
        return zip(afterLineDiscounts, shares).map { (lineID: $0.lineID, amount: $0.amount - $1) }
    }
}
