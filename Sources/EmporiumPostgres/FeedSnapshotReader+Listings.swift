import EmporiumCore
import PostgresNIO

/// Partner feeds (one channel) read `product_listings` (migration 0002): one row per product and
/// channel with its attributes, media, variants, the channel's prices and the variants' available
/// units as arrays, kept exact by triggers in the same transaction as every write. A batch is then
/// one prepared statement and one row per product, decoded by ``BinaryRowReader``, instead of six
/// statements and about 3.5 rows per variant decoded by PostgresNIO. The arrays come packed in the
/// row's `listing_head` and `listing_tail` byteas (migration 0004), which PostgreSQL sends as stored
/// instead of calling an output function per array element.
///
/// Only what partner formats write is read (``FeedCatalogScope/channel(_:)``): products whole
/// (catalog decorators see them), variants without name, weight and position, media without alt
/// text and position (both in position order, which the listing's arrays keep).
///
/// The keyset walks `products`, not the listing rows: a product with no price in the channel has
/// no listing row, but its variants still count as items left out for lack of a price, as they do
/// on the full path. For such a product the row carries only its variants' ids and SKUs (what the
/// item builder reads before it finds no price).
extension FeedSnapshotReader {
    /// The next batch of products after the id `after`, with `channel`'s prices and summed stock.
    func listingBatch(
        channel: String, after: Int64, limit: Int, categoryIDs: [Int64]?, categories: FeedCategoryTree
    ) async throws -> [FeedProduct] {
        var bindings = PostgresBindings()
        bindings.append(channel)
        bindings.append(after)
        bindings.append(Int64(limit))
        if let categoryIDs { bindings.append(categoryIDs) } else { bindings.appendNull() }
        database.countStatement()
        let connection = self.connection
        let logger = database.logger
        let statement = FeedListingStatement(bindings: bindings)
        return try await Deadline.run(within: database.options.queryTimeout) {
            var products: [FeedProduct] = []
            products.reserveCapacity(limit)
            for try await row in try await connection.execute(statement, logger: logger) {
                products.append(try Self.decodeListing(row, channel: channel, categories: categories))
            }
            return products
        }
    }

    /// One row of ``FeedListingStatement``: the product's own columns, then the listing's arrays
    /// (all NULL when the product has no listing row in the channel), then the unpriced variants.
    static func decodeListing(
        _ row: PostgresRow, channel: String, categories: FeedCategoryTree
    ) throws -> FeedProduct {
        try BinaryRowReader.withRecord(row) { cells in
            try decodeListing(&cells, channel: channel, categories: categories)
        }
    }

    private static func decodeListing(
        _ cells: inout BinaryRowReader, channel: String, categories: FeedCategoryTree
    ) throws -> FeedProduct {
        var product = try cells.listedProduct()
        let id = product.id
        let path = categories.namesAndSlugs(of: product.categoryID)
        guard let currency = try cells.optionalString() else {
            try cells.skip(FeedListingStatement.listingValueCount)
            let ids = try cells.int64s()
            let skus = try cells.strings()
            guard skus.count == ids.count else { throw BinaryRowReader.Failure(column: -1) }
            let variants = (0..<ids.count).map { index in
                FeedVariant(
                    variant: ProductVariant(
                        id: ids[index], productID: id, sku: skus[index], name: "", options: [], gtin: nil, mpn: nil,
                        weightGrams: nil, condition: .new, position: index),
                    prices: [], stock: [])
            }
            return FeedProduct(
                product: product, categoryPath: path.names, categorySlugs: path.slugs, variants: variants,
                media: [])
        }
        // What partner feeds do not write is passed over without decoding.
        let arrays = try PackedListingArrays(
            &cells, reading: [.attributes, .variantOptions, .variantIdentifiers, .variantConditions])
        let variantCount = arrays.variantIDs.count
        product.attributes = arrays.attributes
        var media: [Media] = []
        media.reserveCapacity(arrays.mediaURLs.count)
        for index in 0..<arrays.mediaURLs.count {
            media.append(Media(productID: id, url: arrays.mediaURLs[index], alt: "", position: index))
        }
        var variants: [FeedVariant] = []
        variants.reserveCapacity(variantCount)
        let options = arrays.options
        for index in 0..<variantCount {
            let variantID = arrays.variantIDs[index]
            let variant = ProductVariant(
                id: variantID, productID: id, sku: arrays.skus[index], name: "", options: options[index],
                gtin: arrays.gtins[index], mpn: arrays.mpns[index], weightGrams: nil,
                condition: ItemCondition(rawValue: arrays.conditions[index]) ?? .new, position: index)
            var prices: [VariantPrice] = []
            if let amount = arrays.amounts[index] {
                prices.append(
                    VariantPrice(
                        variantID: variantID, channel: channel, price: Money(minorUnits: amount, currency: currency),
                        compareAtPrice: arrays.compareAts[index].map { Money(minorUnits: $0, currency: currency) }))
            }
            let stock = [
                StockLevel(
                    variantID: variantID, location: FeedVariant.allLocations, onHand: Int(arrays.available[index]),
                    reserved: 0
                )
            ]
            variants.append(FeedVariant(variant: variant, prices: prices, stock: stock))
        }
        return FeedProduct(
            product: product, categoryPath: path.names, categorySlugs: path.slugs, variants: variants,
            media: media)
    }
}

/// A batch of partner-feed products, one anonymous record per product (read by
/// ``BinaryRowReader/init(record:)``): binds are the channel, the last product id of the previous
/// batch, the batch size and the category ids to keep (NULL for every category). Prepared once per
/// connection; the keyset is the primary key of `products`. The join repeats the keyset bound for
/// the listing rows: without it PostgreSQL's merge join read the listing index from its start on
/// every batch (37 ms instead of 1.2 ms for a batch at product 10,000 of 34,000).
struct FeedListingStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static let name = "emporium_feed_listing_batch"
    static let bindingDataTypes: [PostgresDataType] = [.text, .int8, .int8, .int8Array]
    /// The listing's values after `currency` (`listing_head`, `listing_tail`, `available`),
    /// skipped for a product without a listing row.
    static let listingValueCount = 3
    static let sql = """
        SELECT ROW(p.id, p.slug, p.name, p.description, p.brand, p.category_id,
               extract(epoch FROM p.created_at)::bigint, extract(epoch FROM p.updated_at)::bigint,
               l.currency, l.listing_head, l.listing_tail, l.available,
               CASE WHEN l.product_id IS NULL
                   THEN ARRAY(SELECT v.id FROM variants v WHERE v.product_id = p.id ORDER BY v.position, v.id) END,
               CASE WHEN l.product_id IS NULL
                   THEN ARRAY(SELECT v.sku FROM variants v WHERE v.product_id = p.id ORDER BY v.position, v.id) END)
        FROM products p
        LEFT JOIN product_listings l ON l.product_id = p.id AND l.channel_code = $1 AND l.product_id > $2
        WHERE p.status = 'active' AND p.id > $2 AND ($4::bigint[] IS NULL OR p.category_id = ANY ($4))
        ORDER BY p.id LIMIT $3
        """

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
