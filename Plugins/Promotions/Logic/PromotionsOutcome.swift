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
        write(into: &writer)
        return writer.bytes
    }

    /// Writes the `pricing.adjust` response document into `writer`. Its shape is fixed, so the
    /// punctuation and member names between two values are written as one piece each.
    public func write(into writer: inout PluginJSONWriter) {
        writer.raw("{\"currency\":")
        writer.string(currency)
        writer.raw(",\"lineDiscounts\":[")
        discounts.withUnsafeBufferPointer { discounts in
            var first = true
            for index in discounts.indices {
                guard let lineID = discounts[index].lineID else { continue }
                if !first { writer.raw(",") }
                first = false
                writer.raw("{\"lineId\":")
                writer.string(lineID)
                writer.raw(",\"amount\":")
                writer.int(discounts[index].amount)
                Self.writeRest(
                    discounts[index].label, discounts[index].promotionID, discounts[index].couponCode, into: &writer)
            }
            writer.raw("],\"orderDiscounts\":[")
            first = true
            for index in discounts.indices where discounts[index].lineID == nil {
                if !first { writer.raw(",") }
                first = false
                writer.raw("{\"amount\":")
                writer.int(discounts[index].amount)
                Self.writeRest(
                    discounts[index].label, discounts[index].promotionID, discounts[index].couponCode, into: &writer)
            }
        }
        writer.raw("],\"rejectedCoupons\":[")
        for (index, rejection) in rejections.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"code\":")
            writer.string(rejection.code)
            writer.raw(",\"reason\":")
            writer.string(rejection.reason)
            writer.raw(",\"message\":")
            writer.string(rejection.message)
            writer.raw("}")
        }
        writer.raw("]}")
    }

    /// A discount's members after its amount, and its closing brace. It takes the three fields it
    /// writes, not the discount: passing a whole discount copied (and retained) its four strings.
    @inline(__always)
    private static func writeRest(
        _ label: String, _ promotionID: String, _ couponCode: String?, into writer: inout PluginJSONWriter
    ) {
        writer.raw(",\"label\":")
        writer.string(label)
        writer.raw(",\"promotionId\":")
        writer.string(promotionID)
        if let couponCode {
            writer.raw(",\"couponCode\":")
            writer.string(couponCode)
        }
        writer.raw("}")
    }
}
