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

        let columns = try SeedColumns(products, productIDs: productIDs)
        // Media are replaced only where they differ, so an unchanged product keeps its rows.
        _ = try await connection.query(
            """
            WITH wanted AS (
                SELECT * FROM unnest(\(columns.media.product), \(columns.media.url), \(columns.media.alt),
                                     \(columns.media.position)) AS m(p, url, alt, pos)),
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
            FROM unnest(\(columns.variants.product), \(columns.variants.sku), \(columns.variants.name),
                        \(columns.variants.options), \(columns.variants.gtin), \(columns.variants.mpn),
                        \(columns.variants.weight), \(columns.variants.condition), \(columns.variants.position))
                 AS x(p, s, n, o, g, m, w, c, pos)
            ON CONFLICT (sku) DO UPDATE SET product_id = EXCLUDED.product_id, name = EXCLUDED.name,
                options = EXCLUDED.options, gtin = EXCLUDED.gtin, mpn = EXCLUDED.mpn,
                weight_grams = EXCLUDED.weight_grams, condition = EXCLUDED.condition, position = EXCLUDED.position
            WHERE (v.product_id, v.name, v.options, v.gtin, v.mpn, v.weight_grams, v.condition, v.position)
                IS DISTINCT FROM (EXCLUDED.product_id, EXCLUDED.name, EXCLUDED.options, EXCLUDED.gtin, EXCLUDED.mpn,
                                  EXCLUDED.weight_grams, EXCLUDED.condition, EXCLUDED.position)
            """, logger: logger)
        let variantIDs = try await ids("SELECT id, sku FROM variants WHERE sku = ANY(\(columns.variants.sku))")
        try await upsertPricesAndStock(variants, variantIDs)
    }

    private func upsertPricesAndStock(_ variants: [SeedVariant], _ variantIDs: [String: Int64]) async throws {
        let rows = PriceAndStockColumns(variants, variantIDs: variantIDs)
        _ = try await connection.query(
            """
            INSERT INTO variant_prices AS vp (variant_id, channel_code, amount, compare_at_amount)
            SELECT v, c, a, NULLIF(ca, -1) FROM unnest(\(rows.priceVariant), \(rows.priceChannel), \(rows.amount), \(rows.compareAt))
                AS p(v, c, a, ca)
            ON CONFLICT (variant_id, channel_code) DO UPDATE SET amount = EXCLUDED.amount,
                compare_at_amount = EXCLUDED.compare_at_amount
            WHERE (vp.amount, vp.compare_at_amount) IS DISTINCT FROM (EXCLUDED.amount, EXCLUDED.compare_at_amount)
            """, logger: logger)
        _ = try await connection.query(
            """
            INSERT INTO stock_levels AS sl (variant_id, location_code, on_hand)
            SELECT * FROM unnest(\(rows.stockVariant), \(rows.stockLocation), \(rows.onHand))
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
