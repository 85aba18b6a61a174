/// The `pricing.adjust` extension point: discounts, promotions and coupon codes.
///
/// Rules run as a chain in the order the merchant lists them (``PricingChain``); each receives the
/// previous rule's result and returns it with its own adjustments added. A rule never removes or
/// changes earlier adjustments, and never discounts a line or the order below zero.
public protocol PricingRule: Sendable {
    /// A stable id for logs and errors, e.g. the plugin id.
    var id: String { get }

    /// Returns `current` with this rule's adjustments appended.
    func adjust(_ current: PricingResult) async throws(PricingError) -> PricingResult
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
            result = try await rule.adjust(result)
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
