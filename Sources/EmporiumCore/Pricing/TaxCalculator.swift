/// The `pricing.tax` extension point: tax lines for a priced cart and an address.
///
/// Calculators listed for a channel all run, in order, and their tax lines add up (for example a
/// state calculator and a county one); each sees the same request.
public protocol TaxCalculator: Sendable {
    /// A stable id for logs and errors, e.g. the plugin id.
    var id: String { get }

    /// The tax lines for `request`.
    func tax(_ request: TaxRequest) async throws(PricingError) -> TaxResult
}

/// What a tax calculator is asked: the discounted cart, where it ships, and the shipping price.
public struct TaxRequest: Sendable, Hashable {
    /// Where the goods go.
    public struct Address: Sendable, Hashable {
        /// ISO 3166-1 alpha-2 code, e.g. `DE`.
        public var countryCode: String
        /// The region or state within the country (ISO 3166-2 subdivision without the country
        /// prefix, e.g. `CA` for California), if known.
        public var region: String?
        /// The postal code, if known.
        public var postalCode: String?

        /// Creates an address.
        public init(countryCode: String, region: String? = nil, postalCode: String? = nil) {
            self.countryCode = countryCode
            self.region = region
            self.postalCode = postalCode
        }
    }

    /// The cart after the pricing chain; each line's taxable base is ``PricingResult/lineTotals()``.
    public var pricing: PricingResult
    /// The shipping address.
    public var address: Address
    /// The shipping price in minor units (0 when none is chosen yet).
    public var shipping: Int64

    /// Creates a request.
    public init(pricing: PricingResult, address: Address, shipping: Int64 = 0) {
        self.pricing = pricing
        self.address = address
        self.shipping = shipping
    }
}

/// Tax lines for a cart.
public struct TaxResult: Sendable, Hashable {
    /// One tax on one line or on shipping.
    public struct Line: Sendable, Hashable {
        /// What is taxed.
        public enum Target: Sendable, Hashable {
            /// The cart line with this id.
            case line(String)
            /// The shipping price.
            case shipping
        }

        /// What is taxed.
        public var target: Target
        /// The tax's name for the customer, e.g. `VAT` or `Sales tax`.
        public var name: String
        /// Where it is levied, e.g. `DE` or `US-CA`.
        public var jurisdiction: String
        /// The rate in millionths (`190_000` is 19 %, `72_500` is 7.25 %).
        public var ratePerMillion: Int64
        /// The amount the rate applied to, in minor units (tax included when prices include tax).
        public var taxableAmount: Int64
        /// The tax, in minor units.
        public var amount: Int64

        /// Creates a tax line.
        public init(
            target: Target, name: String, jurisdiction: String, ratePerMillion: Int64, taxableAmount: Int64,
            amount: Int64
        ) {
            self.target = target
            self.name = name
            self.jurisdiction = jurisdiction
            self.ratePerMillion = ratePerMillion
            self.taxableAmount = taxableAmount
            self.amount = amount
        }
    }

    /// The tax lines.
    public var lines: [Line]
    /// Whether the amounts are contained in the prices (true) or added on top (false).
    public var pricesIncludeTax: Bool

    /// Creates a result.
    public init(lines: [Line], pricesIncludeTax: Bool) {
        self.lines = lines
        self.pricesIncludeTax = pricesIncludeTax
    }

    /// The sum of the tax lines.
    public var total: Int64 { lines.reduce(0) { $0 + $1.amount } }
}
