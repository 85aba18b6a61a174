import EmporiumCore
import EmporiumPostgres
import EmporiumTesting
import Foundation
import Logging
import PostgresNIO
import Testing

/// `product_listings` (migration 0002) is a denormalised copy kept by triggers. These tests compare
/// every listing page, in every channel, with what the normalised tables say, after each kind of write.
@Suite("Listing rows stay equal to the catalog tables through every kind of write")
struct ProductListingsTests {
    static let logger = Logger(label: "emporium.tests")

    @Test("pages and their details equal the per-table loads after product, variant, price, media and stock writes")
    func listingsFollowWrites() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 30)
        try await Self.withStore(url) { database, store in
            try await Self.expectConsistent(store, database)

            _ = try await store.setStock(sku: "SKU-000001-01", location: nil, onHand: 7)
            _ = try await store.setPrice(sku: "SKU-000001-01", channel: "web-us", amount: 1)
            try await Self.run(
                database,
                """
                UPDATE products SET name = 'Aardvark ' || name WHERE id = 5;
                UPDATE products SET status = 'archived' WHERE id = 2;
                DELETE FROM variant_prices WHERE channel_code = 'web-us'
                    AND variant_id IN (SELECT id FROM variants WHERE product_id = 3);
                INSERT INTO variants (product_id, sku, name, options, position)
                    VALUES (4, 'SKU-NEW-1', 'New', '[{"name":"Size","value":"XS"}]', 99);
                INSERT INTO variant_prices (variant_id, channel_code, amount, compare_at_amount)
                    SELECT id, 'web-eu', 123, 456 FROM variants WHERE sku = 'SKU-NEW-1';
                INSERT INTO stock_levels (variant_id, location_code, on_hand, reserved)
                    SELECT v.id, l.code, 9, 4 FROM variants v, stock_locations l WHERE v.sku = 'SKU-NEW-1';
                DELETE FROM product_media WHERE product_id = 6;
                DELETE FROM product_attributes WHERE product_id = 7 AND key = (
                    SELECT min(key) FROM product_attributes WHERE product_id = 7);
                UPDATE stock_levels SET reserved = on_hand WHERE variant_id IN (
                    SELECT id FROM variants WHERE product_id = 8);
                DELETE FROM variants WHERE id = (SELECT min(id) FROM variants WHERE product_id = 9);
                UPDATE channels SET currency = 'CHF' WHERE code = 'web-eu';
                """)
            try await Self.expectConsistent(store, database)

            try await Self.run(database, "TRUNCATE stock_levels")
            try await Self.expectConsistent(store, database)
            try await Self.run(database, "UPDATE products SET status = 'active' WHERE id = 2")
            try await Self.run(
                database,
                """
                INSERT INTO variant_prices (variant_id, channel_code, amount)
                    SELECT id, 'web-us', 500 FROM variants WHERE product_id = 3;
                """)
            try await Self.expectConsistent(store, database)
        }
    }

    @Test("concurrent stock changes and recomputes of one product lose no change")
    func concurrentWritesCompose() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 5)
        try await Self.withStore(url, poolSize: 8) { database, store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for round in 0..<40 {
                    group.addTask {
                        if round % 5 == 0 {
                            try await Self.run(
                                database,
                                "UPDATE variant_prices SET amount = amount + 1 WHERE variant_id IN (SELECT id FROM variants WHERE product_id = 1)"
                            )
                        } else {
                            try await Self.run(
                                database,
                                "UPDATE stock_levels SET on_hand = on_hand + 1 WHERE variant_id IN (SELECT id FROM variants WHERE product_id = 1)"
                            )
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await Self.expectConsistent(store, database)
        }
    }

    @Test("the listing resolves its channel in the same statement: named, first by code, unknown, empty page")
    func channelResolvedWithPage() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 12)
        try await Self.withStore(url) { _, store in
            let channels = try await store.channels()
            let request = ProductListingRequest(
                channel: "ignored", first: 5, after: nil, filter: ProductFilter(), sort: .nameAscending)

            let named = try #require(try await store.products(request, channelCode: "web-us"))
            #expect(named.channel == channels.first { $0.code == "web-us" })
            var inUS = request
            inUS.channel = "web-us"
            let expected = try await store.products(inUS)
            #expect(named.page == expected)
            #expect(named.page.products.count == 5)

            let first = try #require(try await store.products(request, channelCode: nil))
            #expect(first.channel == channels.first)

            #expect(try await store.products(request, channelCode: "nope") == nil)

            var nothing = request
            nothing.filter.search = "no product is called this"
            let empty = try #require(try await store.products(nothing, channelCode: "web-eu"))
            #expect(empty.channel.code == "web-eu")
            #expect(empty.page.products.isEmpty && !empty.page.hasNextPage)
            #expect(try await store.products(nothing, channelCode: "nope") == nil)
        }
    }

    @Test("a listing that omits parts leaves exactly those empty and reads the rest unchanged")
    func omissionsLeaveOnlyThoseEmpty() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 12)
        try await Self.withStore(url) { _, store in
            let full = try await store.products(
                ProductListingRequest(channel: "web-eu", first: 6, after: nil, filter: ProductFilter(), sort: .newest))
            let lean = try await store.products(
                ProductListingRequest(
                    channel: "web-eu", first: 6, after: nil, filter: ProductFilter(), sort: .newest,
                    omit: [.description, .attributes, .variantDetails]))
            #expect(lean.positions == full.positions && lean.hasNextPage == full.hasNextPage)
            #expect(full.products.contains { !$0.description.isEmpty && !$0.attributes.isEmpty })
            var expected = full.products
            for index in expected.indices {
                expected[index].description = ""
                expected[index].attributes = []
            }
            #expect(lean.products == expected)
            let fullDetails = try #require(full.details)
            let leanDetails = try #require(lean.details)
            #expect(leanDetails.media == fullDetails.media)
            #expect(leanDetails.prices == fullDetails.prices && leanDetails.stock == fullDetails.stock)
            for (id, variants) in fullDetails.variants {
                let stripped = variants.map {
                    ProductVariant(
                        id: $0.id, productID: $0.productID, sku: $0.sku, name: "", options: [], gtin: nil, mpn: nil,
                        weightGrams: nil, condition: .new, position: $0.position)
                }
                #expect(leanDetails.variants[id] == stripped)
            }
        }
    }

    @Test("pages larger than the prepared statements' cap read the same rows as smaller pages")
    func largePagesMatchSmallOnes() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 260)
        try await Self.withStore(url) { _, store in
            for sort in ProductSort.allCases {
                let large = try await store.products(
                    ProductListingRequest(
                        channel: "web-eu", first: 240, after: nil, filter: ProductFilter(), sort: sort))
                var small: [Product] = []
                var after: ListingPosition?
                while small.count < 240 {
                    let page = try await store.products(
                        ProductListingRequest(
                            channel: "web-eu", first: 80, after: after, filter: ProductFilter(), sort: sort))
                    small += page.products
                    after = page.positions.last
                }
                #expect(large.products.count == 240)
                #expect(large.products == small, "sort \(sort)")
                try await Self.expectDetails(large, channel: "web-eu", store)
            }
        }
    }

    @Test("the packed listing details are UTF-8 whatever the client encoding of the writing session")
    func detailsIgnoreClientEncoding() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 3)
        try await Self.withStore(url) { database, store in
            try await Self.run(
                database,
                """
                SET client_encoding TO 'LATIN1';
                UPDATE variants SET name = U&'Gr\\00F6\\00DFe \\00C4\\00D6\\00DC \\00E9'
                    WHERE id = (SELECT min(id) FROM variants WHERE product_id = 1);
                UPDATE product_media SET alt = U&'Caf\\00E9 cr\\00E8me' WHERE product_id = 1;
                RESET client_encoding
                """)
            // The statements are ASCII (Unicode escapes), so the LATIN1 session stores the right text;
            // only the packing could go wrong, if it wrote the session's encoding.
            let variants = try await store.variants(productIDs: [1])
            #expect(variants[1]?.first?.name == "Größe ÄÖÜ é")
            try await Self.expectConsistent(store, database)
        }
    }

    // MARK: Support

    static func withStore(
        _ url: String, poolSize: Int = 2,
        _ body: @escaping @Sendable (Database, PostgresCatalogStore) async throws -> Void
    ) async throws {
        let database = Database(
            url: try DatabaseURL(url), options: .init(poolSize: poolSize, queryTimeout: .seconds(60)), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            try await body(database, PostgresCatalogStore(database: database))
        }
    }

    static func run(_ database: Database, _ sql: String) async throws {
        try await database.withConnection { connection in
            for statement in sql.split(separator: ";\n").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            where !statement.isEmpty {
                _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    /// Every page of every channel and sort: the products and their details equal the per-table
    /// loads, and the listing holds exactly the active products priced in the channel.
    static func expectConsistent(_ store: PostgresCatalogStore, _ database: Database) async throws {
        for channel in try await store.channels() {
            let eligible = try await database.rows(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT p.id FROM products p WHERE p.status = 'active' AND EXISTS (
                            SELECT 1 FROM variants v JOIN variant_prices vp ON vp.variant_id = v.id
                            WHERE v.product_id = p.id AND vp.channel_code = '\(channel.code)') ORDER BY p.id
                        """)
            ).map { try $0.decode(Int64.self) }
            for sort in ProductSort.allCases {
                var seen: [Int64] = []
                var after: ListingPosition?
                repeat {
                    let page = try await store.products(
                        ProductListingRequest(
                            channel: channel.code, first: 7, after: after, filter: ProductFilter(), sort: sort))
                    try await expectDetails(page, channel: channel.code, store)
                    seen += page.products.map(\.id)
                    after = page.hasNextPage ? page.positions.last : nil
                } while after != nil
                #expect(seen.sorted() == eligible, "channel \(channel.code), sort \(sort)")
            }
            let count = try await store.countProducts(channel: channel.code, filter: ProductFilter())
            #expect(count == eligible.count)
        }
    }

    static func expectDetails(_ page: ProductPage, channel: String, _ store: PostgresCatalogStore) async throws {
        let ids = page.products.map(\.id)
        for product in page.products {
            #expect(try await store.product(id: product.id) == product)
        }
        let variants = try await store.variants(productIDs: ids)
        let variantIDs = variants.values.flatMap { $0.map(\.id) }
        let stock = try await store.availableStock(variantIDs: variantIDs)
        let expected = ListingDetails(
            variants: Dictionary(uniqueKeysWithValues: ids.map { ($0, variants[$0] ?? []) }),
            media: try await store.media(productIDs: ids).merging(ids.map { ($0, []) }) { loaded, _ in loaded },
            prices: try await store.prices(variantIDs: variantIDs, channel: channel),
            stock: Dictionary(uniqueKeysWithValues: variantIDs.map { ($0, stock[$0] ?? 0) }))
        let details = try #require(page.details)
        #expect(Set(details.variants.keys) == Set(ids))
        for id in ids {
            #expect(details.variants[id] == expected.variants[id], "variants of \(id) in \(channel)")
            #expect(details.media[id] == expected.media[id], "media of \(id) in \(channel)")
        }
        for id in variantIDs {
            #expect(details.prices[id] == expected.prices[id], "price of variant \(id) in \(channel)")
            #expect(details.stock[id] == expected.stock[id], "stock of variant \(id)")
        }
        #expect(details == expected)
    }
}
