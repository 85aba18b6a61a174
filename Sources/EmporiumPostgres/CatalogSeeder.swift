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
            try await connection.query("SELECT refresh_product_listings(NULL)", logger: logger)
        }
        // Fresh tables have no statistics; without them the planner picks plans that are ~100x slower.
        try await database.execute("ANALYZE")
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

        var attributeProduct: [Int64] = [], attributeKey: [String] = [], attributeType: [String] = []
        var attributeValue: [String] = [], attributePosition: [Int32] = []
        var mediaProduct: [Int64] = [], mediaURL: [String] = [], mediaAlt: [String] = [], mediaPosition: [Int32] = []
        var variantProduct: [Int64] = [], sku: [String] = [], variantName: [String] = [], options: [String] = []
        var gtin: [String] = [], mpn: [String] = [], weight: [Int32] = [], condition: [String] = []
        var variantPosition: [Int32] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for product in products {
            guard let id = productIDs[product.slug] else { continue }
            for (position, attribute) in product.attributes.enumerated() {
                attributeProduct.append(id)
                attributeKey.append(attribute.key)
                attributeType.append(attribute.value.typeName)
                attributeValue.append(attribute.value.stringValue)
                attributePosition.append(Int32(position))
            }
            for (position, media) in product.media.enumerated() {
                mediaProduct.append(id)
                mediaURL.append(media.url)
                mediaAlt.append(media.alt)
                mediaPosition.append(Int32(position))
            }
            for (position, variant) in product.variants.enumerated() {
                variantProduct.append(id)
                sku.append(variant.sku)
                variantName.append(variant.name)
                options.append(String(decoding: try encoder.encode(variant.options), as: UTF8.self))
                gtin.append(variant.gtin ?? "")
                mpn.append(variant.mpn ?? "")
                weight.append(variant.weightGrams.map { Int32(clamping: $0) } ?? -1)
                condition.append(variant.condition.rawValue)
                variantPosition.append(Int32(position))
            }
        }
        _ = try await connection.query(
            """
            INSERT INTO product_attributes (product_id, key, type, value, position)
            SELECT * FROM unnest(\(attributeProduct), \(attributeKey), \(attributeType), \(attributeValue), \(attributePosition))
            """, logger: logger)
        _ = try await connection.query(
            """
            INSERT INTO product_media (product_id, url, alt, position)
            SELECT * FROM unnest(\(mediaProduct), \(mediaURL), \(mediaAlt), \(mediaPosition))
            """, logger: logger)
        var variantIDs: [String: Int64] = [:]
        let variantRows = try await connection.query(
            """
            INSERT INTO variants (product_id, sku, name, options, gtin, mpn, weight_grams, condition, position)
            SELECT p, s, n, o::jsonb, NULLIF(g, ''), NULLIF(m, ''), NULLIF(w, -1), c, pos
            FROM unnest(\(variantProduct), \(sku), \(variantName), \(options), \(gtin), \(mpn), \(weight),
                        \(condition), \(variantPosition)) AS v(p, s, n, o, g, m, w, c, pos)
            RETURNING id, sku
            """, logger: logger)
        for try await (id, sku) in variantRows.decode((Int64, String).self) { variantIDs[sku] = id }

        var priceVariant: [Int64] = [], priceChannel: [String] = [], amount: [Int64] = [], compareAt: [Int64] = []
        var stockVariant: [Int64] = [], stockLocation: [String] = [], onHand: [Int32] = []
        for product in products {
            for variant in product.variants {
                guard let id = variantIDs[variant.sku] else { continue }
                for price in variant.prices {
                    priceVariant.append(id)
                    priceChannel.append(price.channel)
                    amount.append(price.amount)
                    compareAt.append(price.compareAtAmount ?? -1)
                }
                for stock in variant.stock {
                    stockVariant.append(id)
                    stockLocation.append(stock.location)
                    onHand.append(Int32(clamping: stock.onHand))
                }
            }
        }
        _ = try await connection.query(
            """
            INSERT INTO variant_prices (variant_id, channel_code, amount, compare_at_amount)
            SELECT v, c, a, NULLIF(ca, -1) FROM unnest(\(priceVariant), \(priceChannel), \(amount), \(compareAt)) AS p(v, c, a, ca)
            """, logger: logger)
        _ = try await connection.query(
            """
            INSERT INTO stock_levels (variant_id, location_code, on_hand)
            SELECT * FROM unnest(\(stockVariant), \(stockLocation), \(onHand))
            """, logger: logger)
    }
}
