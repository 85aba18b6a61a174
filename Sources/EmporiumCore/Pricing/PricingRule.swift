/// The `pricing.adjust` extension point: discounts, promotions and coupon codes.
///
/// Rules run as a chain in the order the merchant lists them (``PricingChain``); each receives the
/// cart with the earlier rules' adjustments and returns its own, which the chain appends. So a rule
/// cannot remove or change earlier adjustments (nor the cart), and the chain's result is extended in
/// place rather than copied for every rule. A rule never discounts a line or the order below zero.
public protocol PricingRule: Sendable {
    /// A stable id for logs and errors, e.g. the plugin id.
    var id: String { get }

    /// This rule's adjustments for `current` (the cart and the adjustments of the rules before it),
    /// to be appended after those.
    func adjustments(for current: PricingResult) async throws(PricingError) -> PriceAdjustments
}

extension PricingRule {
    /// `current` with this rule's adjustments appended: one step of the chain, for a caller that
    /// wants the result of one rule.
    public func adjust(_ current: PricingResult) async throws(PricingError) -> PricingResult {
        var next = current
        next.adjustments.append(try await adjustments(for: current))
        return next
    }
}

/// Runs pricing rules in order.
public enum PricingChain {
    /// Prices `cart` through `rules`, in order, then settles coupon rejections (a cart whose amounts
    /// do not fit in 64 bits is refused with ``PricingError/Code/invalidCart`` first): a code that some rule
    /// applied is not reported as rejected (another rule merely did not know it), and each remaining
    /// code is reported once, with the first rule's reason.
    public static func price(
        _ cart: PricedCart, through rules: [any PricingRule]
    ) async throws(PricingError) -> PricingResult {
        // Every total below starts from the subtotal, which would trap rather than fail.
        guard cart.fitsIn64Bits else {
            throw PricingError(
                .invalidCart, source: "cart", detail: "a line's unitPrice × quantity, or their sum, exceeds 64 bits")
        }
        var result = PricingResult(cart: cart)
        for rule in rules {
            let added = try await rule.adjustments(for: result)
            result.adjustments.append(added)
        }
        result.adjustments.rejectedCoupons = settledRejections(result.adjustments)
        return result
    }

    static func settledRejections(_ adjustments: PriceAdjustments) -> [PriceAdjustments.RejectedCoupon] {
        var applied = Set(adjustments.lineDiscounts.compactMap(\.couponCode))
        applied.formUnion(adjustments.orderDiscounts.compactMap(\.couponCode))
        var reported = Set<String>()
        return adjustments.rejectedCoupons.filter { rejection in
            !applied.contains(rejection.code) && reported.insert(rejection.code).inserted
        }
    }
}
