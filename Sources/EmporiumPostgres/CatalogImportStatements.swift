import EmporiumCore
import Foundation
import Logging
import PostgresNIO

/// The upsert statements of one import page, array-bound (`unnest`) so that a page of any size costs
/// a fixed number of statements. Every `DO UPDATE` is guarded by `IS DISTINCT FROM`, so an unchanged
/// row is not rewritten.
struct CatalogImportStatements {
    let connection: PostgresConnection
    let logger: Logger

    func upsert(_ page: CatalogSourcePage) async throws {
        let products = page.products
        let variants = products.flatMap(\.variants)
        let locations = Array(Set(variants.flatMap { $0.stock.map(\.location) })).sorted()
        _ = try await connection.query(
            """
            INSERT INTO stock_locations (code, name, is_default)
            SELECT code, code, false FROM unnest(\(locations)) AS l(code)
            ON CONFLICT (code) DO NOTHING
            """, logger: logger)
        for category in page.categories {
            _ = try await connection.query(
                """
                INSERT INTO categories (parent_id, slug, name, path, position)
                SELECT p.id, \(category.slug), \(category.name), coalesce(p.path || '/', '') || \(category.slug),
                       \(category.position)
                FROM (SELECT NULL) AS one LEFT JOIN categories p ON p.slug = \(category.parentSlug)
                ON CONFLICT (slug) DO NOTHING
                """, logger: logger)
        }
        _ = try await connection.query(
            """
            INSERT INTO products AS p (slug, name, description, brand, status, category_id, created_at, updated_at)
            SELECT s.slug, s.name, s.description, NULLIF(s.brand, ''), 'active', c.id,
                   coalesce(to_timestamp(NULLIF(s.created, 0)), now()), now()
            FROM unnest(\(products.map(\.slug)), \(products.map(\.name)), \(products.map(\.description)),
                        \(products.map { $0.brand ?? "" }), \(products.map(\.categorySlug)), \(products.map(\.createdAt)))
                 AS s(slug, name, description, brand, category, created)
            LEFT JOIN categories c ON c.slug = s.category
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
                brand = EXCLUDED.brand, category_id = EXCLUDED.category_id, status = 'active', updated_at = now()
            WHERE (p.name, p.description, p.brand, p.category_id, p.status)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.brand, EXCLUDED.category_id, 'active')
            """, logger: logger)
        let productIDs = try await ids("SELECT id, slug FROM products WHERE slug = ANY(\(products.map(\.slug)))")

        var mediaProduct: [Int64] = [], mediaURL: [String] = [], mediaAlt: [String] = [], mediaPosition: [Int32] = []
        var variantProduct: [Int64] = [], sku: [String] = [], variantName: [String] = [], options: [String] = []
        var gtin: [String] = [], mpn: [String] = [], weight: [Int32] = [], condition: [String] = []
        var variantPosition: [Int32] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for product in products {
            guard let id = productIDs[product.slug] else { continue }
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
        // Media are replaced only where they differ, so an unchanged product keeps its rows.
        _ = try await connection.query(
            """
            WITH wanted AS (
                SELECT * FROM unnest(\(mediaProduct), \(mediaURL), \(mediaAlt), \(mediaPosition)) AS m(p, url, alt, pos)),
            changed AS (
                SELECT id FROM unnest(\(Array(productIDs.values))) AS t(id)
                WHERE EXISTS (
                    (SELECT url, alt, position FROM product_media WHERE product_id = t.id
                     EXCEPT SELECT url, alt, pos FROM wanted WHERE p = t.id)
                    UNION ALL
                    (SELECT url, alt, pos FROM wanted WHERE p = t.id
                     EXCEPT SELECT url, alt, position FROM product_media WHERE product_id = t.id))),
            removed AS (DELETE FROM product_media WHERE product_id IN (SELECT id FROM changed))
            INSERT INTO product_media (product_id, url, alt, position)
            SELECT p, url, alt, pos FROM wanted WHERE p IN (SELECT id FROM changed)
            """, logger: logger)
        _ = try await connection.query(
            """
            INSERT INTO variants AS v (product_id, sku, name, options, gtin, mpn, weight_grams, condition, position)
            SELECT p, s, n, o::jsonb, NULLIF(g, ''), NULLIF(m, ''), NULLIF(w, -1), c, pos
            FROM unnest(\(variantProduct), \(sku), \(variantName), \(options), \(gtin), \(mpn), \(weight),
                        \(condition), \(variantPosition)) AS x(p, s, n, o, g, m, w, c, pos)
            ON CONFLICT (sku) DO UPDATE SET product_id = EXCLUDED.product_id, name = EXCLUDED.name,
                options = EXCLUDED.options, gtin = EXCLUDED.gtin, mpn = EXCLUDED.mpn,
                weight_grams = EXCLUDED.weight_grams, condition = EXCLUDED.condition, position = EXCLUDED.position
            WHERE (v.product_id, v.name, v.options, v.gtin, v.mpn, v.weight_grams, v.condition, v.position)
                IS DISTINCT FROM (EXCLUDED.product_id, EXCLUDED.name, EXCLUDED.options, EXCLUDED.gtin, EXCLUDED.mpn,
                                  EXCLUDED.weight_grams, EXCLUDED.condition, EXCLUDED.position)
            """, logger: logger)
        let variantIDs = try await ids("SELECT id, sku FROM variants WHERE sku = ANY(\(sku))")
        try await upsertPricesAndStock(variants, variantIDs)
    }

    private func upsertPricesAndStock(_ variants: [SeedVariant], _ variantIDs: [String: Int64]) async throws {
        var priceVariant: [Int64] = [], priceChannel: [String] = [], amount: [Int64] = [], compareAt: [Int64] = []
        var stockVariant: [Int64] = [], stockLocation: [String] = [], onHand: [Int32] = []
        for variant in variants {
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
        _ = try await connection.query(
            """
            INSERT INTO variant_prices AS vp (variant_id, channel_code, amount, compare_at_amount)
            SELECT v, c, a, NULLIF(ca, -1) FROM unnest(\(priceVariant), \(priceChannel), \(amount), \(compareAt))
                AS p(v, c, a, ca)
            ON CONFLICT (variant_id, channel_code) DO UPDATE SET amount = EXCLUDED.amount,
                compare_at_amount = EXCLUDED.compare_at_amount
            WHERE (vp.amount, vp.compare_at_amount) IS DISTINCT FROM (EXCLUDED.amount, EXCLUDED.compare_at_amount)
            """, logger: logger)
        _ = try await connection.query(
            """
            INSERT INTO stock_levels AS sl (variant_id, location_code, on_hand)
            SELECT * FROM unnest(\(stockVariant), \(stockLocation), \(onHand))
            ON CONFLICT (variant_id, location_code) DO UPDATE SET on_hand = EXCLUDED.on_hand
            WHERE sl.on_hand IS DISTINCT FROM EXCLUDED.on_hand
            """, logger: logger)
    }

    private func ids(_ query: PostgresQuery) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        let rows = try await connection.query(query, logger: logger)
        for try await (id, key) in rows.decode((Int64, String).self) { ids[key] = id }
        return ids
    }
}
