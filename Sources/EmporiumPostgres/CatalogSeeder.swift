import EmporiumCore
import Foundation
import Logging
import PostgresNIO

/// Inserts a ``CatalogSeed`` (the demo catalog, or an import) in one transaction, in batches of
/// array-bound `INSERT … SELECT FROM unnest(…)` statements: a few statements per 2,000 products.
public struct CatalogSeeder: Sendable {
    let database: Database
    let logger: Logger
    /// Products per batch.
    public var batchSize = 2_000

    /// Creates a seeder.
    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Number of products in the catalog.
    public func productCount() async throws(DatabaseError) -> Int {
        let rows = try await database.rows("SELECT count(*) FROM products")
        return (try? rows.first?.decode(Int64.self)).flatMap { $0 }.map(Int.init) ?? 0
    }

    /// Inserts the seed. Channels and stock locations that exist already are kept; products,
    /// variants and categories must be new (their slugs and SKUs are unique).
    public func insert(_ seed: CatalogSeed) async throws(DatabaseError) {
        let logger = self.logger
        let batchSize = self.batchSize
        try await database.transaction { connection in
            // Listing rows are built once at the end rather than after every batch statement.
            try await connection.query("SET LOCAL emporium.defer_listings = 'on'", logger: logger)
            try await Self.insertChannelsAndLocations(seed, connection, logger)
            try await Self.insertCategories(seed.categories, connection, logger)
            var start = 0
            while start < seed.products.count {
                let batch = Array(seed.products[start..<min(start + batchSize, seed.products.count)])
                try await Self.insertProducts(batch, connection, logger)
                start += batchSize
            }
            try await connection.query("SET LOCAL emporium.defer_listings = 'off'", logger: logger)
            // The listing rows are built from tables filled by this transaction: without statistics
            // the rebuild of a million variants ran for more than eleven minutes (71 s with them).
            // ANALYZE inside the transaction sees its own rows.
            try await connection.query(
                "ANALYZE products, variants, variant_prices, stock_levels, product_media, product_attributes",
                logger: logger)
            try await connection.query("SELECT refresh_product_listings(NULL)", logger: logger)
        }
        // Fresh tables have no statistics; without them the planner picks plans that are ~100x slower.
        // The tables the transaction filled were analysed in it; these are the rest.
        try await database.execute("ANALYZE product_listings, categories, channels, stock_locations, catalog_version")
        logger.info("catalog seeded", metadata: ["catalog.products": "\(seed.products.count)"])
    }

    private static func insertChannelsAndLocations(
        _ seed: CatalogSeed, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        _ = try await connection.query(
            """
            INSERT INTO channels (code, name, currency, storefront_base_url)
            SELECT * FROM unnest(\(seed.channels.map(\.code)), \(seed.channels.map(\.name)),
                                 \(seed.channels.map(\.currency)), \(seed.channels.map(\.storefrontBaseURL)))
            ON CONFLICT (code) DO NOTHING
            """, logger: logger)
        let defaults = seed.stockLocations.indices.map { $0 == 0 }
        _ = try await connection.query(
            """
            INSERT INTO stock_locations (code, name, is_default)
            SELECT code, name, is_default AND NOT EXISTS (SELECT 1 FROM stock_locations WHERE is_default)
            FROM unnest(\(seed.stockLocations), \(seed.stockLocations), \(defaults)) AS l(code, name, is_default)
            ON CONFLICT (code) DO NOTHING
            """, logger: logger)
    }

    private static func insertCategories(
        _ categories: [SeedCategory], _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var paths: [String: String] = [:]
        for category in categories {
            let path = category.parentSlug.flatMap { paths[$0].map { "\($0)/\(category.slug)" } } ?? category.slug
            paths[category.slug] = path
            _ = try await connection.query(
                """
                INSERT INTO categories (parent_id, slug, name, path, position)
                VALUES ((SELECT id FROM categories WHERE slug = \(category.parentSlug)), \(category.slug),
                        \(category.name), \(path), \(category.position))
                ON CONFLICT (slug) DO NOTHING
                """, logger: logger)
        }
    }

    private static func insertProducts(
        _ products: [SeedProduct], _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var productIDs: [String: Int64] = [:]
        let rows = try await connection.query(
            """
            INSERT INTO products (slug, name, description, brand, status, category_id, created_at, updated_at)
            SELECT s.slug, s.name, s.description, NULLIF(s.brand, ''), 'active', c.id,
                   to_timestamp(s.created), to_timestamp(s.created)
            FROM unnest(\(products.map(\.slug)), \(products.map(\.name)), \(products.map(\.description)),
                        \(products.map { $0.brand ?? "" }), \(products.map(\.categorySlug)), \(products.map(\.createdAt)))
                 AS s(slug, name, description, brand, category, created)
            LEFT JOIN categories c ON c.slug = s.category
            RETURNING id, slug
            """, logger: logger)
        for try await (id, slug) in rows.decode((Int64, String).self) { productIDs[slug] = id }

        let columns = try SeedColumns(products, productIDs: productIDs)
        _ = try await connection.query(
            """
            INSERT INTO product_attributes (product_id, key, type, value, position)
            SELECT * FROM unnest(\(columns.attributes.product), \(columns.attributes.key), \(columns.attributes.type),\n                             \(columns.attributes.value), \(columns.attributes.position))
            """, logger: logger)
        _ = try await connection.query(
            """
            INSERT INTO product_media (product_id, url, alt, position)
            SELECT * FROM unnest(\(columns.media.product), \(columns.media.url), \(columns.media.alt), \(columns.media.position))
            """, logger: logger)
        var variantIDs: [String: Int64] = [:]
        let variantRows = try await connection.query(
            """
            INSERT INTO variants (product_id, sku, name, options, gtin, mpn, weight_grams, condition, position)
            SELECT p, s, n, o::jsonb, NULLIF(g, ''), NULLIF(m, ''), NULLIF(w, -1), c, pos
            FROM unnest(\(columns.variants.product), \(columns.variants.sku), \(columns.variants.name),
                        \(columns.variants.options), \(columns.variants.gtin), \(columns.variants.mpn),
                        \(columns.variants.weight), \(columns.variants.condition), \(columns.variants.position))
                 AS v(p, s, n, o, g, m, w, c, pos)
            RETURNING id, sku
            """, logger: logger)
        for try await (id, sku) in variantRows.decode((Int64, String).self) { variantIDs[sku] = id }

        let prices = PriceAndStockColumns(products.flatMap(\.variants), variantIDs: variantIDs)
        _ = try await connection.query(
            """
            INSERT INTO variant_prices (variant_id, channel_code, amount, compare_at_amount)
            SELECT v, c, a, NULLIF(ca, -1)
            FROM unnest(\(prices.priceVariant), \(prices.priceChannel), \(prices.amount), \(prices.compareAt))
                 AS p(v, c, a, ca)
            """, logger: logger)
        _ = try await connection.query(
            """
            INSERT INTO stock_levels (variant_id, location_code, on_hand)
            SELECT * FROM unnest(\(prices.stockVariant), \(prices.stockLocation), \(prices.onHand))
            """, logger: logger)
    }
}
