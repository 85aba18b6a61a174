/// What pricing rules did to a cart so far: discounts on lines, discounts on the whole order, and
/// coupon codes that were refused (an expected outcome shown to the customer, not an error).
public struct PriceAdjustments: Sendable, Hashable {
    /// A discount on one line.
    public struct LineDiscount: Sendable, Hashable {
        /// The line's id.
        public var lineID: String
        /// The amount taken off the line, in minor units, positive.
        public var amount: Int64
        /// Text for the customer, e.g. `10% off shoes`.
        public var label: String
        /// The promotion that granted it.
        public var promotionID: String
        /// The coupon code that unlocked it, if any.
        public var couponCode: String?

        /// Creates a line discount.
        public init(lineID: String, amount: Int64, label: String, promotionID: String, couponCode: String? = nil) {
            self.lineID = lineID
            self.amount = amount
            self.label = label
            self.promotionID = promotionID
            self.couponCode = couponCode
        }
    }

    /// A discount on the order as a whole.
    public struct OrderDiscount: Sendable, Hashable {
        /// The amount taken off the order, in minor units, positive.
        public var amount: Int64
        /// Text for the customer.
        public var label: String
        /// The promotion that granted it.
        public var promotionID: String
        /// The coupon code that unlocked it, if any.
        public var couponCode: String?

        /// Creates an order discount.
        public init(amount: Int64, label: String, promotionID: String, couponCode: String? = nil) {
            self.amount = amount
            self.label = label
            self.promotionID = promotionID
            self.couponCode = couponCode
        }
    }

    /// A coupon code that was not applied, and why.
    public struct RejectedCoupon: Sendable, Hashable {
        /// The code as entered.
        public var code: String
        /// Machine-readable reason, e.g. ``CouponRejection/expired``.
        public var reason: CouponRejection
        /// Text for the customer.
        public var message: String

        /// Creates a rejection.
        public init(code: String, reason: CouponRejection, message: String) {
            self.code = code
            self.reason = reason
            self.message = message
        }
    }

    /// Line discounts, in the order they were granted.
    public var lineDiscounts: [LineDiscount]
    /// Order discounts, in the order they were granted.
    public var orderDiscounts: [OrderDiscount]
    /// Refused coupon codes.
    public var rejectedCoupons: [RejectedCoupon]

    /// Creates adjustments (none by default).
    public init(
        lineDiscounts: [LineDiscount] = [], orderDiscounts: [OrderDiscount] = [], rejectedCoupons: [RejectedCoupon] = []
    ) {
        self.lineDiscounts = lineDiscounts
        self.orderDiscounts = orderDiscounts
        self.rejectedCoupons = rejectedCoupons
    }

    /// The sum of the discounts on line `id`.
    public func discount(forLine id: String) -> Int64 {
        lineDiscounts.reduce(0) { $1.lineID == id ? $0 + $1.amount : $0 }
    }

    /// The sum of all line discounts.
    public var lineDiscountTotal: Int64 { lineDiscounts.reduce(0) { $0 + $1.amount } }

    /// The sum of all order discounts.
    public var orderDiscountTotal: Int64 { orderDiscounts.reduce(0) { $0 + $1.amount } }

    /// Appends `other`'s discounts and rejections after these.
    public mutating func append(_ other: PriceAdjustments) {
        Self.append(other.lineDiscounts, to: &lineDiscounts)
        Self.append(other.orderDiscounts, to: &orderDiscounts)
        Self.append(other.rejectedCoupons, to: &rejectedCoupons)
    }

    /// The first rule's list is adopted as it is (shared storage), not copied.
    private static func append<Element>(_ list: [Element], to target: inout [Element]) {
        if target.isEmpty { target = list } else { target += list }
    }
}

/// Why a coupon code was refused. Extensible: plugins may send codes of their own (upper-case
/// letters, digits and `_`).
public struct CouponRejection: Sendable, Hashable, CustomStringConvertible {
    /// The code, e.g. `COUPON_EXPIRED`.
    public let code: String

    /// Wraps a code.
    public init(_ code: String) { self.code = code }

    /// No promotion knows the code.
    public static let invalid = CouponRejection("INVALID_COUPON")
    /// The coupon's date range has ended.
    public static let expired = CouponRejection("COUPON_EXPIRED")
    /// The coupon's date range has not started yet.
    public static let notYetValid = CouponRejection("COUPON_NOT_YET_VALID")
    /// The coupon has been redeemed as often as allowed.
    public static let usageLimitReached = CouponRejection("COUPON_USAGE_LIMIT")
    /// The order is below the coupon's minimum value.
    public static let minimumNotMet = CouponRejection("COUPON_MINIMUM_NOT_MET")
    /// Nothing in the cart qualifies (wrong items or currency).
    public static let notApplicable = CouponRejection("COUPON_NOT_APPLICABLE")

    public var description: String { code }
}
