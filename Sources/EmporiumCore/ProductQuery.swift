/// Filters of a product listing. Every field is optional; set fields are combined with AND.
public struct ProductFilter: Sendable, Hashable {
    /// Products in this category or any of its descendants.
    public var categorySlug: String?
    /// Case-insensitive text search over name, description and brand.
    public var search: String?
    /// Lowest variant price in the channel, at least this many minor units.
    public var minPrice: Int64?
    /// Lowest variant price in the channel, at most this many minor units.
    public var maxPrice: Int64?
    /// `true`: only products with a variant that has available stock; `false`: only those without.
    public var inStock: Bool?
    /// Attribute constraints: every pair must match an attribute of the product (value compared as text).
    public var attributes: [AttributeConstraint]

    /// Creates a filter.
    public init(
        categorySlug: String? = nil, search: String? = nil, minPrice: Int64? = nil, maxPrice: Int64? = nil,
        inStock: Bool? = nil, attributes: [AttributeConstraint] = []
    ) {
        self.categorySlug = categorySlug
        self.search = search
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.inStock = inStock
        self.attributes = attributes
    }
}

/// One attribute constraint of a ``ProductFilter``: the attribute `key` has one of `values`.
public struct AttributeConstraint: Sendable, Hashable {
    /// Attribute key.
    public var key: String
    /// Accepted values, rendered as text.
    public var values: [String]

    /// Creates a constraint.
    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }
}

/// Sort orders of a product listing. Ties are always broken by product id, so pages are stable.
public enum ProductSort: String, Sendable, Hashable, CaseIterable {
    case nameAscending = "NAME_ASC"
    case nameDescending = "NAME_DESC"
    case priceAscending = "PRICE_ASC"
    case priceDescending = "PRICE_DESC"
    case newest = "NEWEST"
}

/// A position in a sorted listing: the sort key of the last row seen and its id (keyset pagination).
public struct ListingPosition: Sendable, Hashable {
    /// The sort the position belongs to; a cursor from another sort is rejected.
    public var sort: ProductSort
    /// The row's sort key: a name, a price in minor units or a timestamp, rendered as text.
    public var key: String
    /// The row's product id.
    public var id: Int64

    /// Creates a position.
    public init(sort: ProductSort, key: String, id: Int64) {
        self.sort = sort
        self.key = key
        self.id = id
    }
}

/// A request for one page of a listing.
public struct ProductListingRequest: Sendable, Hashable {
    /// Channel whose prices and currency apply.
    public var channel: String
    /// Page size, 1...100.
    public var first: Int
    /// Start after this position; `nil` for the first page.
    public var after: ListingPosition?
    /// Filters.
    public var filter: ProductFilter
    /// Sort order.
    public var sort: ProductSort
    /// Parts of the products the caller will not show, which a store may leave empty.
    public var omit: ListingOmissions

    /// Creates a listing request.
    public init(
        channel: String, first: Int, after: ListingPosition?, filter: ProductFilter, sort: ProductSort,
        omit: ListingOmissions = []
    ) {
        self.channel = channel
        self.first = first
        self.after = after
        self.filter = filter
        self.sort = sort
        self.omit = omit
    }
}

/// Parts of a listing's products that the caller will not show, so that a store may leave them
/// empty instead of decoding them. The storefront's compiled executor knows from the query which
/// fields it writes; the read model and catalog decorators ask for everything.
public struct ListingOmissions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `Product.description` is left empty.
    public static let description = ListingOmissions(rawValue: 1)
    /// `Product.attributes` is left empty.
    public static let attributes = ListingOmissions(rawValue: 2)
    /// Variants' name, options, GTIN, MPN, weight and condition are left empty (`""`, `[]`, `nil`,
    /// `nil`, `nil`, `.new`); their id, SKU, position, prices and stock are kept.
    public static let variantDetails = ListingOmissions(rawValue: 4)
}

/// One page of products.
public struct ProductPage: Sendable, Hashable {
    /// Products of this page in order.
    public var products: [Product]
    /// Position of each product, parallel to `products` (the source of its cursor).
    public var positions: [ListingPosition]
    /// Whether another page follows.
    public var hasNextPage: Bool
    /// What the page's products show in a listing, when the store read it together with the page
    /// (saving the API one load per kind); `nil` when the API should load it.
    public var details: ListingDetails?

    /// Creates a page.
    public init(
        products: [Product], positions: [ListingPosition], hasNextPage: Bool, details: ListingDetails? = nil
    ) {
        self.products = products
        self.positions = positions
        self.hasNextPage = hasNextPage
        self.details = details
    }
}
