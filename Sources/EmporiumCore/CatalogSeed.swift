/// A catalog to insert into an empty store: plain values without database ids.
///
/// Rows refer to each other by their natural keys (category slug, channel code, stock location code),
/// so an importer can insert them in array order: channels and locations first, then categories
/// (parents always precede their children), then products with their media, variants, prices and stock.
/// ``DemoCatalog/make(productCount:seed:)`` builds one.
public struct CatalogSeed: Sendable, Hashable {
    /// Sales channels; every ``SeedPrice/channel`` names one of them.
    public var channels: [Channel]
    /// Stock location codes; the first one is the default location.
    public var stockLocations: [String]
    /// The category tree, parents before children.
    public var categories: [SeedCategory]
    /// Products, each in one of ``categories``.
    public var products: [SeedProduct]

    /// Creates a catalog seed.
    public init(channels: [Channel], stockLocations: [String], categories: [SeedCategory], products: [SeedProduct]) {
        self.channels = channels
        self.stockLocations = stockLocations
        self.categories = categories
        self.products = products
    }
}

/// A category to insert, linked to its parent by slug.
public struct SeedCategory: Sendable, Hashable {
    /// URL-safe unique slug.
    public var slug: String
    /// Display name.
    public var name: String
    /// Slug of the parent category, `nil` for a root.
    public var parentSlug: String?
    /// Order among siblings, starting at 0.
    public var position: Int

    /// Creates a seed category.
    public init(slug: String, name: String, parentSlug: String?, position: Int) {
        self.slug = slug
        self.name = name
        self.parentSlug = parentSlug
        self.position = position
    }
}

/// A product to insert with everything that belongs to it.
public struct SeedProduct: Sendable, Hashable {
    /// URL-safe unique slug.
    public var slug: String
    /// Display name.
    public var name: String
    /// Plain-text description.
    public var description: String
    /// Brand, if any.
    public var brand: String?
    /// Slug of the product's category.
    public var categorySlug: String
    /// Typed attributes (material, season, ...).
    public var attributes: [ProductAttribute]
    /// Images in display order.
    public var media: [SeedMedia]
    /// Purchasable variants in display order; never empty.
    public var variants: [SeedVariant]
    /// Creation time, seconds since 1970.
    public var createdAt: Int64

    /// Creates a seed product.
    public init(
        slug: String, name: String, description: String, brand: String?, categorySlug: String,
        attributes: [ProductAttribute], media: [SeedMedia], variants: [SeedVariant], createdAt: Int64
    ) {
        self.slug = slug
        self.name = name
        self.description = description
        self.brand = brand
        self.categorySlug = categorySlug
        self.attributes = attributes
        self.media = media
        self.variants = variants
        self.createdAt = createdAt
    }
}

/// An image of a product.
public struct SeedMedia: Sendable, Hashable {
    /// Path served by the engine, for example `/media/placeholder/oak-vase-17-1.svg`
    /// (see ``PlaceholderImage/parse(path:)``).
    public var url: String
    /// Alternative text.
    public var alt: String

    /// Creates a seed media entry.
    public init(url: String, alt: String) {
        self.url = url
        self.alt = alt
    }
}

/// A purchasable unit of a product, with its prices and stock.
public struct SeedVariant: Sendable, Hashable {
    /// Stock keeping unit, unique across the catalog.
    public var sku: String
    /// Display name, usually the option values (`M / Navy`).
    public var name: String
    /// Selected options in display order.
    public var options: [SelectedOption]
    /// GTIN-13, if known.
    public var gtin: String?
    /// Manufacturer part number, if known.
    public var mpn: String?
    /// Shipping weight in grams.
    public var weightGrams: Int?
    /// Condition of the goods.
    public var condition: ItemCondition
    /// One price per channel.
    public var prices: [SeedPrice]
    /// On-hand stock per location; a location without an entry holds none.
    public var stock: [SeedStock]

    /// Creates a seed variant.
    public init(
        sku: String, name: String, options: [SelectedOption], gtin: String?, mpn: String?, weightGrams: Int?,
        condition: ItemCondition, prices: [SeedPrice], stock: [SeedStock]
    ) {
        self.sku = sku
        self.name = name
        self.options = options
        self.gtin = gtin
        self.mpn = mpn
        self.weightGrams = weightGrams
        self.condition = condition
        self.prices = prices
        self.stock = stock
    }
}

/// The price of a variant in one channel, in minor units of the channel's currency.
public struct SeedPrice: Sendable, Hashable {
    /// Channel code.
    public var channel: String
    /// Selling price in minor units.
    public var amount: Int64
    /// "Was" price in minor units, larger than ``amount`` when set.
    public var compareAtAmount: Int64?

    /// Creates a seed price.
    public init(channel: String, amount: Int64, compareAtAmount: Int64?) {
        self.channel = channel
        self.amount = amount
        self.compareAtAmount = compareAtAmount
    }
}

/// Units of a variant on hand at one stock location.
public struct SeedStock: Sendable, Hashable {
    /// Stock location code.
    public var location: String
    /// Units physically on hand, never negative.
    public var onHand: Int

    /// Creates a seed stock level.
    public init(location: String, onHand: Int) {
        self.location = location
        self.onHand = onHand
    }
}
