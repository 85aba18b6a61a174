import EmporiumCore
import EmporiumFeeds
import EmporiumPostgres
import Foundation
import Testing

/// Partner formats read the `product_listings` read model (one prepared statement per batch);
/// the catalog format reads the source tables. Both paths must give the same partner feeds: these
/// tests export each partner format both ways from the same snapshot of the same catalog and
/// compare the bytes and the reports, before and after writes to prices, stock and products.
@Suite("Partner feeds from product_listings equal the full read")
struct FeedListingEquivalenceTests {
    /// Reads the source tables whatever the feed asks for (the path partner feeds took before).
    struct FullReadSource: FeedCatalogSource {
        let source: PostgresFeedSource

        func readFeedCatalog(
            scope: FeedCatalogScope, categorySlugs: [String], batchSize: Int,
            _ body: (FeedCatalogBatch) async throws -> Void
        ) async throws -> FeedCatalogSnapshot {
            try await source.readFeedCatalog(
                scope: .allChannels, categorySlugs: categorySlugs, batchSize: batchSize, body)
        }
    }

    /// Exports `format` both ways; expects equal bytes and reports, returns the listing export.
    static func exportBothWays(
        _ database: Database, format: FeedFormat, options: FeedOptions,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (document: String, report: FeedReport) {
        let generator = FeedGenerator(format: format, options: options)
        let listing = BufferSink()
        let fromListings = try await generator.generate(from: PostgresFeedSource(database: database), to: listing)
        let full = BufferSink()
        let fromTables = try await generator.generate(
            from: FullReadSource(source: PostgresFeedSource(database: database)), to: full)
        #expect(fromListings.snapshot.version == fromTables.snapshot.version, sourceLocation: sourceLocation)
        #expect(fromListings.report == fromTables.report, sourceLocation: sourceLocation)
        #expect(
            Self.firstDifference(listing.bytes, full.bytes) == nil,
            "\(format): \(Self.firstDifference(listing.bytes, full.bytes) ?? "")", sourceLocation: sourceLocation)
        #expect(try FeedTestSupport.problems(listing.bytes, format: format) == [], sourceLocation: sourceLocation)
        return (listing.text, fromListings.report)
    }

    static let partnerFormats: [FeedFormat] = [.google, .googleAtom, .meta]

    @Test("the same bytes and report for every partner format, batch size and filter", arguments: partnerFormats)
    func sameFeeds(format: FeedFormat) async throws {
        try await FeedSourceTests.withDatabase(seedProducts: 30) { database in
            // Cases the read model treats differently: a product with no price in the channel (no
            // listing row), a variant without a price, a sale, stock over several locations with
            // reservations, an out-of-stock preorder, and a product that is not active.
            try await database.execute(
                """
                DO $$
                DECLARE ids bigint[] := ARRAY(SELECT id FROM products WHERE status = 'active' ORDER BY id LIMIT 6);
                BEGIN
                    DELETE FROM variant_prices WHERE channel_code = 'web-us'
                        AND variant_id IN (SELECT id FROM variants WHERE product_id = ids[1]);
                    DELETE FROM variant_prices WHERE channel_code = 'web-us'
                        AND variant_id = (SELECT max(id) FROM variants WHERE product_id = ids[2]);
                    UPDATE variant_prices SET compare_at_amount = amount + 500 WHERE channel_code = 'web-us'
                        AND variant_id IN (SELECT id FROM variants WHERE product_id = ids[3]);
                    UPDATE stock_levels SET on_hand = 0, reserved = 0
                        WHERE variant_id IN (SELECT id FROM variants WHERE product_id = ids[4]);
                    INSERT INTO product_attributes (product_id, key, type, value, position)
                        VALUES (ids[4], 'availability', 'TEXT', 'preorder', 90),
                               (ids[4], 'availability_date', 'TEXT', '2027-01-15T00:00:00Z', 91)
                        ON CONFLICT (product_id, key) DO UPDATE SET value = EXCLUDED.value;
                    UPDATE products SET status = 'draft' WHERE id = ids[5];
                    INSERT INTO stock_locations (code, name) VALUES ('annex', 'Annex') ON CONFLICT DO NOTHING;
                    INSERT INTO stock_levels (variant_id, location_code, on_hand, reserved)
                        SELECT id, 'annex', 3, 1 FROM variants WHERE product_id = ids[6]
                        ON CONFLICT DO NOTHING;
                END $$;
                """)
            let base = FeedOptions(channel: "web-us", mediaBaseURL: "https://shop.example.com", batchSize: 7)
            let (document, report) = try await Self.exportBothWays(database, format: format, options: base)
            #expect(report.count(of: .itemOmitted, field: "g:price") >= 2, "\(report.summary)")
            #expect(report.itemsWritten > 0)
            #expect(document.contains("sale_price"))

            var inStock = base
            inStock.inStockOnly = true
            inStock.batchSize = 1
            _ = try await Self.exportBothWays(database, format: format, options: inStock)

            let slug = try await database.rows(
                """
                SELECT c.slug FROM products p JOIN categories c ON c.id = p.category_id
                WHERE p.status = 'active' GROUP BY c.slug ORDER BY count(*) DESC, c.slug LIMIT 1
                """
            ).first!.decode(String.self)
            var filtered = base
            filtered.categories = [slug]
            filtered.batchSize = 500
            let (_, filteredReport) = try await Self.exportBothWays(database, format: format, options: filtered)
            #expect(filteredReport.itemsWritten < report.itemsWritten)

            var euro = base
            euro.channel = "web-eu"
            _ = try await Self.exportBothWays(database, format: format, options: euro)
        }
    }

    @Test("price, stock and product changes reach the listing export exactly as the full read")
    func afterWrites() async throws {
        try await FeedSourceTests.withDatabase(seedProducts: 12) { database in
            let options = FeedOptions(channel: "web-us", mediaBaseURL: "https://shop.example.com", batchSize: 5)
            _ = try await Self.exportBothWays(database, format: .google, options: options)
            let (variantID, sku) = try await database.rows(
                """
                SELECT v.id, v.sku FROM variants v JOIN products p ON p.id = v.product_id
                WHERE p.status = 'active' ORDER BY v.id LIMIT 1
                """
            ).first!.decode((Int64, String).self)

            // A new price (with a sale), in minor units.
            try await database.execute(
                "UPDATE variant_prices SET amount = 123456, compare_at_amount = 200000 WHERE variant_id = \(variantID) AND channel_code = 'web-us'"
            )
            var (document, _) = try await Self.exportBothWays(database, format: .google, options: options)
            #expect(document.contains("<g:sale_price>1234.56 USD</g:sale_price>"))
            #expect(document.contains("<g:price>2000.00 USD</g:price>"))

            // Stock: sold out at every location, then reserved, then back in stock at one location.
            try await database.execute(
                "UPDATE stock_levels SET on_hand = 0, reserved = 0 WHERE variant_id = \(variantID)")
            (document, _) = try await Self.exportBothWays(database, format: .google, options: options)
            #expect(Self.item(of: sku, in: document)?.contains("out_of_stock") == true)
            var inStockOnly = options
            inStockOnly.inStockOnly = true
            (document, _) = try await Self.exportBothWays(database, format: .google, options: inStockOnly)
            #expect(Self.item(of: sku, in: document) == nil)
            try await database.execute(
                """
                UPDATE stock_levels SET on_hand = 4, reserved = 4 WHERE variant_id = \(variantID)
                    AND location_code = (SELECT min(location_code) FROM stock_levels WHERE variant_id = \(variantID))
                """)
            _ = try await Self.exportBothWays(database, format: .google, options: options)
            try await database.execute(
                """
                UPDATE stock_levels SET reserved = 1 WHERE variant_id = \(variantID)
                    AND location_code = (SELECT min(location_code) FROM stock_levels WHERE variant_id = \(variantID))
                """)
            (document, _) = try await Self.exportBothWays(database, format: .google, options: options)
            #expect(Self.item(of: sku, in: document)?.contains("in_stock") == true)

            // Product text with characters to clean and escape, and a price removed.
            try await database.execute(
                """
                UPDATE products SET name = 'Bell' || chr(7) || ' & <Mug> "☀️"', description = '<p>Hot &amp; cold</p>'
                WHERE id = (SELECT product_id FROM variants WHERE id = \(variantID))
                """)
            try await database.execute(
                "DELETE FROM variant_prices WHERE variant_id = \(variantID) AND channel_code = 'web-us'")
            for format in Self.partnerFormats {
                _ = try await Self.exportBothWays(database, format: format, options: options)
            }
        }
    }

    /// Where two documents first differ, with some context of each; `nil` when they are equal.
    static func firstDifference(_ left: [UInt8], _ right: [UInt8]) -> String? {
        guard left != right else { return nil }
        let offset = zip(left, right).prefix { $0 == $1 }.count
        let start = max(0, offset - 80)
        func context(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[start..<min(bytes.count, offset + 80)], as: UTF8.self)
        }
        return
            "differ at byte \(offset) of \(left.count)/\(right.count): listing «\(context(left))» full «\(context(right))»"
    }

    /// The `<item>` whose `g:id` is `sku`, if the document has one.
    static func item(of sku: String, in document: String) -> Substring? {
        guard let id = document.range(of: "<g:id>\(sku)</g:id>"),
            let start = document[..<id.lowerBound].range(of: "<item>", options: .backwards),
            let end = document[id.upperBound...].range(of: "</item>")
        else { return nil }
        return document[start.lowerBound..<end.upperBound]
    }
}
