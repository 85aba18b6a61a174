import EmporiumPluginKit

/// What the promotions add to a cart: the body of a `pricing.adjust` response.
public struct PromotionsOutcome: Sendable, Hashable {
    /// A discount on a line or, with a nil `lineID`, on the order.
    public struct Discount: Sendable, Hashable {
        /// The line, or nil for an order discount.
        public var lineID: String?
        /// Minor units, positive.
        public var amount: Int64
        /// Text for the customer.
        public var label: String
        /// The promotion's id.
        public var promotionID: String
        /// The coupon code as the customer entered it, when a coupon unlocked it.
        public var couponCode: String?
    }

    /// A refused coupon code.
    public struct Rejection: Sendable, Hashable {
        /// The code as entered.
        public var code: String
        /// `INVALID_COUPON`, `COUPON_EXPIRED`, `COUPON_NOT_YET_VALID`, `COUPON_USAGE_LIMIT`,
        /// `COUPON_MINIMUM_NOT_MET` or `COUPON_NOT_APPLICABLE`.
        public var reason: String
        /// Text for the customer.
        public var message: String
    }

    /// The cart's currency.
    public var currency: String
    /// Line and order discounts, in the order granted.
    public var discounts: [Discount] = []
    /// Refused codes.
    public var rejections: [Rejection] = []

    /// The `pricing.adjust` response document.
    public var json: [UInt8] {
        var writer = PluginJSONWriter(capacity: 128 + discounts.count * 96)
        writer.beginObject()
        writer.field("currency", currency)
        for pass in 0..<2 {
            let lineLevel = pass == 0
            writer.key(lineLevel ? "lineDiscounts" : "orderDiscounts")
            writer.beginArray()
            for discount in discounts where (discount.lineID != nil) == lineLevel {
                writer.beginObject()
                writer.field("lineId", ifPresent: discount.lineID)
                writer.field("amount", discount.amount)
                writer.field("label", discount.label)
                writer.field("promotionId", discount.promotionID)
                writer.field("couponCode", ifPresent: discount.couponCode)
                writer.endObject()
            }
            writer.endArray()
        }
        writer.key("rejectedCoupons")
        writer.beginArray()
        for rejection in rejections {
            writer.beginObject()
            writer.field("code", rejection.code)
            writer.field("reason", rejection.reason)
            writer.field("message", rejection.message)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }
}
