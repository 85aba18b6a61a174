/// Variants, media, prices in the listing's channel and available units of a page's products,
/// exactly as ``CatalogStore/variants(productIDs:)``, ``CatalogStore/media(productIDs:)``,
/// ``CatalogStore/prices(variantIDs:channel:)`` and ``CatalogStore/availableStock(variantIDs:)``
/// would return them for those products.
///
/// Stored by position, not by id: the products in page order, each owning a range of one flat
/// list of variants (with their prices and units alongside) and a range of one flat list of media.
/// A listing is written by walking its page, so it reads these by index; building and reading
/// four dictionaries per page (and a set of the variants priced) cost a listing more than its
/// decoding. The dictionaries remain available as views (``variants``, ``media``, ``prices``,
/// ``stock``) for code that looks products up by id, and equality compares those views.
public struct ListingDetails: Sendable, Hashable {
    /// The products described, in page order.
    public private(set) var productIDs: [Int64] = []
    /// Where each product's variants end in ``variantList`` (its range starts where the previous
    /// product's ends).
    @usableFromInline private(set) var variantEnds: [Int] = []
    /// Where each product's media end in ``mediaList``.
    @usableFromInline private(set) var mediaEnds: [Int] = []
    /// Every product's variants, product after product, each product's in position order.
    public private(set) var variantList: [ProductVariant] = []
    /// The price in the listing's channel of each variant of ``variantList`` (`nil`: none).
    public private(set) var variantPrices: [VariantPrice?] = []
    /// The available units of each variant of ``variantList``.
    public private(set) var variantUnits: [Int] = []
    /// Every product's media, product after product, each product's in position order.
    public private(set) var mediaList: [Media] = []

    /// Creates empty details.
    public init() {}

    /// Creates details from lookups by id (products in ascending id order). `variants` and
    /// `media` name the products: a product missing from one of them has none of that kind.
    public init(
        variants: [Int64: [ProductVariant]] = [:], media: [Int64: [Media]] = [:], prices: [Int64: VariantPrice] = [:],
        stock: [Int64: Int] = [:]
    ) {
        for id in Set(variants.keys).union(media.keys).sorted() {
            appendProduct(id)
            for variant in variants[id] ?? [] {
                appendVariant(variant, price: prices[variant.id], units: stock[variant.id] ?? 0)
            }
            for item in media[id] ?? [] { appendMedia(item) }
        }
    }

    /// Reserves room for a page of this size.
    public mutating func reserveCapacity(products: Int, variants: Int, media: Int) {
        productIDs.reserveCapacity(products)
        variantEnds.reserveCapacity(products)
        mediaEnds.reserveCapacity(products)
        variantList.reserveCapacity(variants)
        variantPrices.reserveCapacity(variants)
        variantUnits.reserveCapacity(variants)
        mediaList.reserveCapacity(media)
    }

    /// Starts the next product: the variants and media appended after it are its own.
    public mutating func appendProduct(_ id: Int64) {
        productIDs.append(id)
        variantEnds.append(variantList.count)
        mediaEnds.append(mediaList.count)
    }

    /// Adds a variant, its price in the channel and its available units to the last product.
    public mutating func appendVariant(_ variant: ProductVariant, price: VariantPrice?, units: Int) {
        precondition(!productIDs.isEmpty, "a variant needs a product: call appendProduct first")
        variantList.append(variant)
        variantPrices.append(price)
        variantUnits.append(units)
        variantEnds[variantEnds.count - 1] = variantList.count
    }

    /// Adds a media entry to the last product.
    public mutating func appendMedia(_ item: Media) {
        precondition(!productIDs.isEmpty, "media need a product: call appendProduct first")
        mediaList.append(item)
        mediaEnds[mediaEnds.count - 1] = mediaList.count
    }

    /// The positions in ``variantList`` (and its parallel lists) of the product at `index`.
    @inlinable
    public func variantRange(ofProductAt index: Int) -> Range<Int> {
        (index == 0 ? 0 : variantEnds[index - 1])..<variantEnds[index]
    }

    /// The positions in ``mediaList`` of the product at `index`.
    @inlinable
    public func mediaRange(ofProductAt index: Int) -> Range<Int> {
        (index == 0 ? 0 : mediaEnds[index - 1])..<mediaEnds[index]
    }

    /// Whether these are the details of exactly these products in this order, so that a product's
    /// position in the page is its position here.
    public func describes(_ products: [Product]) -> Bool {
        guard products.count == productIDs.count else { return false }
        for index in products.indices where products[index].id != productIDs[index] { return false }
        return true
    }

    // MARK: Lookups by id

    /// Variants by product id, in position order; every product has an entry.
    public var variants: [Int64: [ProductVariant]] {
        Dictionary(
            productIDs.indices.map { (productIDs[$0], Array(variantList[variantRange(ofProductAt: $0)])) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Media by product id, in position order; every product has an entry.
    public var media: [Int64: [Media]] {
        Dictionary(
            productIDs.indices.map { (productIDs[$0], Array(mediaList[mediaRange(ofProductAt: $0)])) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Prices in the listing's channel by variant id; a variant without a price has no entry.
    public var prices: [Int64: VariantPrice] {
        var result: [Int64: VariantPrice] = [:]
        for index in variantList.indices {
            if let price = variantPrices[index] { result[variantList[index].id] = price }
        }
        return result
    }

    /// Available units by variant id; every variant has an entry.
    public var stock: [Int64: Int] {
        Dictionary(
            variantList.indices.map { (variantList[$0].id, variantUnits[$0]) }, uniquingKeysWith: { first, _ in first })
    }

    // Equality and hashing build the lookups: for tests and caches, not for a request's path.
    public static func == (lhs: ListingDetails, rhs: ListingDetails) -> Bool {
        lhs.variants == rhs.variants && lhs.media == rhs.media && lhs.prices == rhs.prices && lhs.stock == rhs.stock
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(variants)
        hasher.combine(media)
        hasher.combine(prices)
        hasher.combine(stock)
    }
}
