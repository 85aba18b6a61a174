import EmporiumCore
import Foundation
import PostgresNIO

/// Reads the catalog for feeds: one read-only `REPEATABLE READ` transaction on one connection
/// (a consistent snapshot at one catalog version), products in keyset batches by id. Memory holds
/// two batches at most, whatever the catalog's size. Every statement has the pool's deadline.
///
/// - ``FeedCatalogScope/channel(_:)`` (the partner formats): one prepared statement per batch over
///   the `product_listings` read model, one binary row per product (see
///   `FeedSnapshotReader+Listings.swift`).
/// - ``FeedCatalogScope/allChannels`` (the catalog format, which writes every channel's prices and
///   stock per location, which the read model does not hold): the products, then their attributes,
///   media, variants, prices and stock in one statement each.
public struct PostgresFeedSource: FeedCatalogSource {
    let database: Database

    /// Creates the source.
    public init(database: Database) {
        self.database = database
    }

    /// The current catalog version and when it changed (seconds since 1970): one cheap statement,
    /// enough to answer a conditional request without reading the catalog.
    public func currentVersion() async throws -> (version: Int64, changedAt: Int64) {
        try Self.version(from: await database.rows(PostgresQuery(unsafeSQL: Self.versionSQL)))
    }

    /// The catalog version and when it changed (seconds since 1970).
    static let versionSQL = "SELECT version, extract(epoch FROM changed_at)::bigint FROM catalog_version"

    static func version(from rows: [PostgresRow]) throws -> (version: Int64, changedAt: Int64) {
        guard let row = rows.first else { return (CatalogVersion.unknown, 0) }
        return try row.decode((Int64, Int64).self)
    }

    public func readFeedCatalog(
        scope: FeedCatalogScope, categorySlugs: [String], batchSize: Int,
        _ body: (FeedCatalogBatch) async throws -> Void
    ) async throws -> FeedCatalogSnapshot {
        let batchSize = max(1, batchSize)
        return try await database.client.withConnection { connection in
            let reader = FeedSnapshotReader(database: database, connection: connection)
            try await reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let snapshot = try await reader.snapshot()
                let categories = try await reader.categories()
                let filter = categorySlugs.isEmpty ? nil : categories.ids(under: categorySlugs)
                // The next batch is read while the current one is written: PostgreSQL and the
                // writer work at the same time, and memory holds two batches at most.
                let read: @Sendable (Int64) async throws -> [FeedProduct] =
                    switch scope {
                    case .channel(let channel):
                        { after in
                            try await reader.listingBatch(
                                channel: channel, after: after, limit: batchSize, categoryIDs: filter,
                                categories: categories)
                        }
                    case .allChannels:
                        { after in
                            try await reader.batch(
                                after: after, limit: batchSize, categoryIDs: filter, categories: categories)
                        }
                    }
                var current = try await read(0)
                while !current.isEmpty {
                    let last = current[current.count - 1].product.id
                    let full = current.count == batchSize
                    async let following = full ? read(last) : []
                    try await body(FeedCatalogBatch(snapshot: snapshot, products: current))
                    current = try await following
                }
                try await reader.execute("COMMIT")
                return snapshot
            } catch {
                try? await reader.execute("ROLLBACK")
                throw error
            }
        }
    }
}

/// The statements of one snapshot read, on the leased connection.
struct FeedSnapshotReader: Sendable {
    let database: Database
    let connection: PostgresConnection

    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        database.countStatement()
        let connection = self.connection
        let logger = database.logger
        return try await Deadline.run(within: database.options.queryTimeout) {
            var collected: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) { collected.append(row) }
            return collected
        }
    }

    func execute(_ sql: String) async throws {
        _ = try await rows(PostgresQuery(unsafeSQL: sql))
    }

    func snapshot() async throws -> FeedCatalogSnapshot {
        let (number, changedAt) = try PostgresFeedSource.version(
            from: await rows(PostgresQuery(unsafeSQL: PostgresFeedSource.versionSQL)))
        let channels = try await rows("SELECT code, name, currency, storefront_base_url FROM channels ORDER BY code")
            .map { row in
                let (code, name, currency, url) = try row.decode((String, String, String, String).self)
                return Channel(code: code, name: name, currency: currency, storefrontBaseURL: url)
            }
        return FeedCatalogSnapshot(version: number, changedAt: changedAt, channels: channels)
    }

    func categories() async throws -> FeedCategoryTree {
        var tree = FeedCategoryTree()
        for row in try await rows("SELECT id, parent_id, slug, name FROM categories ORDER BY id") {
            let (id, parent, slug, name) = try row.decode((Int64, Int64?, String, String).self)
            tree.nodes[id] = (parent, slug, name)
        }
        for id in tree.nodes.keys {
            let path = tree.path(of: id)
            tree.paths[id] = (path.map(\.name), path.map(\.slug))
        }
        return tree
    }

    func products(after: Int64, limit: Int, categoryIDs: [Int64]?) async throws -> [Product] {
        var statement = SQLStatement(
            """
            SELECT p.id, p.slug, p.name, p.description, p.brand, p.status, p.category_id,
                   extract(epoch FROM p.created_at)::bigint, extract(epoch FROM p.updated_at)::bigint
            FROM products p WHERE p.status = 'active'
            """)
        statement.append(" AND p.id > \(statement.bind(after))")
        if let categoryIDs { statement.append(" AND p.category_id = ANY(\(statement.bind(categoryIDs)))") }
        statement.append(" ORDER BY p.id LIMIT \(statement.bind(limit))")
        return try await rows(statement.query).map { row in
            let (id, slug, name, description, brand, status, categoryID, created, updated) = try row.decode(
                (Int64, String, String, String, String?, String, Int64?, Int64, Int64).self)
            return Product(
                id: id, slug: slug, name: name, description: description, brand: brand,
                status: ProductStatus(rawValue: status) ?? .active, categoryID: categoryID, attributes: [],
                createdAt: created, updatedAt: updated)
        }
    }

    /// The next batch of products after the id `after`, complete.
    func batch(
        after: Int64, limit: Int, categoryIDs: [Int64]?, categories: FeedCategoryTree
    ) async throws -> [FeedProduct] {
        let products = try await products(after: after, limit: limit, categoryIDs: categoryIDs)
        guard !products.isEmpty else { return [] }
        return try await complete(products, categories: categories)
    }

    /// Adds attributes, media, variants, prices and stock to a batch of products.
    func complete(_ products: [Product], categories: FeedCategoryTree) async throws -> [FeedProduct] {
        let ids = products.map(\.id)
        var attributes: [Int64: [ProductAttribute]] = [:]
        for row in try await rows(
            byIDs: ids,
            "SELECT product_id, key, type, value FROM product_attributes WHERE product_id = ANY($1) ORDER BY product_id, position, key"
        ) {
            let (productID, key, type, value) = try row.decode((Int64, String, String, String).self)
            let typed: AttributeValue =
                switch type {
                case "INTEGER": Int64(value).map(AttributeValue.integer) ?? .text(value)
                case "BOOLEAN": .boolean(value == "true")
                default: .text(value)
                }
            attributes[productID, default: []].append(ProductAttribute(key: key, value: typed))
        }
        var media: [Int64: [Media]] = [:]
        for row in try await rows(
            byIDs: ids,
            "SELECT product_id, url, alt, position FROM product_media WHERE product_id = ANY($1) ORDER BY product_id, position"
        ) {
            let (productID, url, alt, position) = try row.decode((Int64, String, String, Int32).self)
            media[productID, default: []].append(
                Media(productID: productID, url: url, alt: alt, position: Int(position)))
        }
        var variants: [Int64: [ProductVariant]] = [:]
        var variantIDs: [Int64] = []
        for row in try await rows(
            byIDs: ids,
            "SELECT \(PostgresCatalogStore.variantColumns) FROM variants v WHERE v.product_id = ANY($1) ORDER BY v.product_id, v.position, v.id"
        ) {
            let variant = try PostgresCatalogStore.decodeVariant(row)
            variants[variant.productID, default: []].append(variant)
            variantIDs.append(variant.id)
        }
        var prices: [Int64: [VariantPrice]] = [:]
        for row in try await rows(
            byIDs: variantIDs,
            "SELECT vp.variant_id, vp.channel_code, vp.amount, vp.compare_at_amount, c.currency FROM variant_prices vp JOIN channels c ON c.code = vp.channel_code WHERE vp.variant_id = ANY($1) ORDER BY vp.variant_id, vp.channel_code"
        ) {
            let (variantID, channel, amount, compareAt, currency) = try row.decode(
                (Int64, String, Int64, Int64?, String).self)
            prices[variantID, default: []].append(
                VariantPrice(
                    variantID: variantID, channel: channel, price: Money(minorUnits: amount, currency: currency),
                    compareAtPrice: compareAt.map { Money(minorUnits: $0, currency: currency) }))
        }
        var stock: [Int64: [StockLevel]] = [:]
        for row in try await rows(
            byIDs: variantIDs,
            "SELECT variant_id, location_code, on_hand, reserved FROM stock_levels WHERE variant_id = ANY($1) ORDER BY variant_id, location_code"
        ) {
            let (variantID, location, onHand, reserved) = try row.decode((Int64, String, Int32, Int32).self)
            stock[variantID, default: []].append(
                StockLevel(variantID: variantID, location: location, onHand: Int(onHand), reserved: Int(reserved)))
        }
        return products.map { base in
            var product = base
            product.attributes = attributes[base.id] ?? []
            let path = categories.namesAndSlugs(of: base.categoryID)
            return FeedProduct(
                product: product, categoryPath: path.names, categorySlugs: path.slugs,
                variants: (variants[base.id] ?? []).map { variant in
                    FeedVariant(variant: variant, prices: prices[variant.id] ?? [], stock: stock[variant.id] ?? [])
                },
                media: media[base.id] ?? [])
        }
    }

    private func rows(byIDs ids: [Int64], _ sql: String) async throws -> [PostgresRow] {
        guard !ids.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(ids)
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: binds))
    }
}

/// The category tree of a snapshot, for names along a path and for category filters.
struct FeedCategoryTree: Sendable {
    var nodes: [Int64: (parent: Int64?, slug: String, name: String)] = [:]
    /// Every category's path, worked out once, so that the products of a category share its arrays.
    var paths: [Int64: (names: [String], slugs: [String])] = [:]

    /// Root-first names and slugs of `id`'s path; empty for no category.
    func namesAndSlugs(of id: Int64?) -> (names: [String], slugs: [String]) {
        guard let id, let path = paths[id] else { return ([], []) }
        return path
    }

    /// Root-first (slug, name) pairs of `id`'s path; empty for no category.
    func path(of id: Int64?) -> [(slug: String, name: String)] {
        var path: [(slug: String, name: String)] = []
        var current = id
        while let id = current, let node = nodes[id], path.count < 64 {
            path.append((node.slug, node.name))
            current = node.parent
        }
        return path.reversed()
    }

    /// The ids of the categories with one of `slugs` and all their descendants.
    func ids(under slugs: [String]) -> [Int64] {
        let wanted = Set(slugs)
        return nodes.keys.filter { id in paths[id]?.slugs.contains(where: wanted.contains) ?? false }.sorted()
    }
}
