import EmporiumPluginKit

/// One promotion of the `promotions` plugin's configuration.
public struct Promotion: Sendable, Hashable {
    /// What the promotion takes off.
    public enum Kind: Sendable, Hashable {
        /// `percent` % off the matching lines, or off the order when the promotion targets nothing.
        case percentage(percent: Int64)
        /// `amount` off each matching unit, or once off the order when the promotion targets nothing.
        case fixed(amount: Int64)
        /// For every `buy` matching units, `get` more (the cheapest) at `percent` % off (100: free).
        case buyXGetY(buy: Int64, get: Int64, percent: Int64)
    }

    /// Stable id, reported as `promotionId`.
    public var id: String
    /// Text for the customer.
    public var label: String
    /// The discount.
    public var kind: Kind
    /// SKUs the promotion is limited to (with `categories`: a line matches either).
    public var skus: Set<String>
    /// Category slugs the promotion is limited to.
    public var categories: Set<String>
    /// The currency `fixed` amounts and `minimumSubtotal` are in; the promotion applies to carts in
    /// this currency only. Nil: any currency (percentages only).
    public var currency: String?
    /// The order total (after the discounts before this promotion) must reach this, in minor units.
    public var minimumSubtotal: Int64?
    /// The coupon code that unlocks the promotion (compared case-insensitively); nil: automatic.
    public var couponCode: String?
    /// How often the coupon may be redeemed in total.
    public var usageLimit: Int64?
    /// First instant the promotion is valid (inclusive).
    public var startsAt: PluginTimestamp?
    /// Instant the promotion stops being valid (exclusive).
    public var endsAt: PluginTimestamp?

    /// Creates a promotion.
    public init(
        id: String, label: String, kind: Kind, skus: Set<String> = [], categories: Set<String> = [],
        currency: String? = nil, minimumSubtotal: Int64? = nil, couponCode: String? = nil, usageLimit: Int64? = nil,
        startsAt: PluginTimestamp? = nil, endsAt: PluginTimestamp? = nil
    ) {
        self.id = id
        self.label = label
        self.kind = kind
        self.skus = skus
        self.categories = categories
        self.currency = currency
        self.minimumSubtotal = minimumSubtotal
        self.couponCode = couponCode
        self.usageLimit = usageLimit
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    /// Whether the promotion is limited to some lines (otherwise it discounts the order).
    public var isTargeted: Bool { !skus.isEmpty || !categories.isEmpty }
}
