/// A cart as pricing sees it: priced lines in one currency, the coupon codes the customer entered,
/// and the facts a pricing rule needs to stay deterministic (the time, past coupon redemptions).
/// Amounts are integer minor units of `currency`.
public struct PricedCart: Sendable, Hashable {
    /// One line of the cart.
    public struct Line: Sendable, Hashable {
        /// The cart line's id, unique within the cart.
        public var id: String
        /// The variant's SKU.
        public var sku: String
        /// The product's id.
        public var productID: String
        /// Units ordered, at least 1.
        public var quantity: Int64
        /// Price of one unit in minor units, before discounts (and including tax when the cart's
        /// `pricesIncludeTax` is set).
        public var unitPrice: Int64
        /// Slugs of the product's categories, for category-wide promotions and tax classes.
        public var categories: [String]

        /// Creates a line.
        public init(
            id: String, sku: String, productID: String, quantity: Int64, unitPrice: Int64, categories: [String] = []
        ) {
            self.id = id
            self.sku = sku
            self.productID = productID
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.categories = categories
        }

        /// `unitPrice × quantity`.
        public var subtotal: Int64 { unitPrice * quantity }
    }

    /// Who is buying, when known.
    public struct Customer: Sendable, Hashable {
        /// The customer's id, for a signed-in customer.
        public var id: String?
        /// The e-mail address given at checkout.
        public var email: String?

        /// Creates a customer reference.
        public init(id: String? = nil, email: String? = nil) {
            self.id = id
            self.email = email
        }
    }

    /// The sales channel, e.g. `web-eu`.
    public var channel: String?
    /// The ISO 4217 code every amount is in.
    public var currency: String
    /// The lines, in cart order.
    public var lines: [Line]
    /// Coupon codes the customer entered, in the order entered.
    public var couponCodes: [String]
    /// How often each coupon code has been redeemed so far (for usage limits); codes never redeemed
    /// may be absent. Pricing rules hold no state: the engine supplies this.
    public var couponRedemptions: [String: Int64]
    /// The customer, when known.
    public var customer: Customer?
    /// Whether unit prices include tax (typical in the EU) or tax is added on top (typical in the US).
    public var pricesIncludeTax: Bool
    /// The time the cart is priced at, in seconds since 1970-01-01T00:00:00Z: coupons' date ranges are
    /// checked against it, so the same cart at the same instant always prices the same.
    public var now: Int64

    /// Creates a cart.
    public init(
        channel: String? = nil, currency: String, lines: [Line], couponCodes: [String] = [],
        couponRedemptions: [String: Int64] = [:], customer: Customer? = nil, pricesIncludeTax: Bool = false,
        now: Int64
    ) {
        self.channel = channel
        self.currency = currency
        self.lines = lines
        self.couponCodes = couponCodes
        self.couponRedemptions = couponRedemptions
        self.customer = customer
        self.pricesIncludeTax = pricesIncludeTax
        self.now = now
    }

    /// The sum of the lines' subtotals, before discounts. Traps when it does not fit in 64 bits:
    /// ``PricingChain/price(_:through:)`` refuses such a cart (``fitsIn64Bits``) before using it.
    public var subtotal: Int64 { lines.reduce(0) { $0 + $1.subtotal } }

    /// Whether every line's `unitPrice × quantity`, and their sum, fit in 64 bits: only then can
    /// ``subtotal`` and the totals derived from it be computed.
    public var fitsIn64Bits: Bool {
        var total: Int64 = 0
        for line in lines {
            let (gross, productOverflow) = line.unitPrice.multipliedReportingOverflow(by: line.quantity)
            let (sum, sumOverflow) = total.addingReportingOverflow(gross)
            if productOverflow || sumOverflow { return false }
            total = sum
        }
        return true
    }

    /// The line with `id`, if any.
    public func line(id: String) -> Line? { lines.first { $0.id == id } }
}
