/// A product with everything a partner feed says about it: its variants with prices in every
/// channel and stock per location, its media and its category path.
///
/// Feed row sources (the database layer) produce these in batches of products ordered by id;
/// feed writers turn each variant into one item.
public struct FeedProduct: Sendable, Hashable {
    /// The product, with its attributes.
    public var product: Product
    /// Category names from the root down (`["Apparel", "Shirts"]`); empty without a category.
    public var categoryPath: [String]
    /// Category slugs from the root down, for category filters.
    public var categorySlugs: [String]
    /// Variants in position order.
    public var variants: [FeedVariant]
    /// Media in position order.
    public var media: [Media]

    /// Creates a feed product.
    public init(
        product: Product, categoryPath: [String], categorySlugs: [String], variants: [FeedVariant], media: [Media]
    ) {
        self.product = product
        self.categoryPath = categoryPath
        self.categorySlugs = categorySlugs
        self.variants = variants
        self.media = media
    }

    /// The text value of the attribute `key`, if the product has it.
    public func attribute(_ key: String) -> String? {
        product.attributes.first { $0.key == key }?.value.stringValue
    }
}

/// A variant with its prices (one per channel) and stock levels (one per location).
public struct FeedVariant: Sendable, Hashable {
    /// The variant.
    public var variant: ProductVariant
    /// Prices, one per channel, ordered by channel code.
    public var prices: [VariantPrice]
    /// Stock levels, one per location, ordered by location code.
    public var stock: [StockLevel]

    /// Creates a feed variant.
    public init(variant: ProductVariant, prices: [VariantPrice], stock: [StockLevel]) {
        self.variant = variant
        self.prices = prices
        self.stock = stock
    }

    /// The price in `channel`, if the variant is priced there.
    public func price(in channel: String) -> VariantPrice? {
        prices.first { $0.channel == channel }
    }

    /// Units that can be sold over all locations.
    public var available: Int {
        stock.reduce(0) { $0 + $1.available }
    }

    /// The location of the one stock level a ``FeedCatalogScope/channel(_:)`` read gives each
    /// variant: the units available over all locations, summed by the source.
    public static let allLocations = "*"
}

/// How much of each variant a feed needs.
public enum FeedCatalogScope: Sendable, Hashable {
    /// Prices in every channel and stock per location (the full catalog format).
    case allChannels
    /// Only what a partner feed of one channel writes: each variant's price in that channel (if
    /// any) and one stock level at ``FeedVariant/allLocations`` holding its available units over
    /// all locations; variants may come without name, weight and position, media without alt text
    /// and position (both still in position order). Products are whole. Sources may return more
    /// (every channel, every location, every field); the items are the same.
    case channel(String)
}

/// The catalog as a feed reads it: a snapshot at one catalog version, delivered in batches.
public protocol FeedCatalogSource: Sendable {
    /// Reads every active product (optionally only those under one of `categorySlugs`) in
    /// batches of at most `batchSize` products ordered by id, from one consistent snapshot, and
    /// hands each batch to `body` before reading the next. Each variant carries at least what
    /// `scope` asks for. Returns the snapshot's version.
    func readFeedCatalog(
        scope: FeedCatalogScope, categorySlugs: [String], batchSize: Int,
        _ body: (FeedCatalogBatch) async throws -> Void
    ) async throws -> FeedCatalogSnapshot
}

/// One batch of a feed read.
public struct FeedCatalogBatch: Sendable {
    /// The snapshot this batch belongs to (same for every batch of a read).
    public var snapshot: FeedCatalogSnapshot
    /// The products of the batch, ordered by id.
    public var products: [FeedProduct]

    /// Creates a batch.
    public init(snapshot: FeedCatalogSnapshot, products: [FeedProduct]) {
        self.snapshot = snapshot
        self.products = products
    }
}

/// The catalog version a feed was read at, with the channels and the time of the last change.
public struct FeedCatalogSnapshot: Sendable, Hashable {
    /// The catalog version (see ``CatalogVersion``).
    public var version: Int64
    /// When the catalog last changed, seconds since 1970.
    public var changedAt: Int64
    /// All channels.
    public var channels: [Channel]

    /// Creates a snapshot description.
    public init(version: Int64, changedAt: Int64, channels: [Channel]) {
        self.version = version
        self.changedAt = changedAt
        self.channels = channels
    }
}
