/// The merchant's ``CatalogDecorator``s, in chain order, with what to do when one fails.
///
/// A decorator that fails does not fail the reader: its products go on as they were before it, and
/// `onFailure` is told (the engine logs it; the plugin host counts it by plugin and hook).
public struct CatalogDecorators: Sendable {
    /// The decorators, in chain order.
    public let decorators: [any CatalogDecorator]
    let onFailure: @Sendable (ExtensionPointError) -> Void

    /// Creates the chain.
    public init(_ decorators: [any CatalogDecorator], onFailure: @escaping @Sendable (ExtensionPointError) -> Void) {
        self.decorators = decorators
        self.onFailure = onFailure
    }

    /// `products` after every decorator, in order.
    public func decorate(_ products: [Product]) async -> [Product] {
        guard !products.isEmpty else { return products }
        var current = products
        for decorator in decorators {
            do {
                let changes = try await decorator.decorate(current)
                let byProduct = Dictionary(changes.map { ($0.productID, $0) }, uniquingKeysWith: { first, _ in first })
                current = current.map { product in byProduct[product.id]?.applied(to: product) ?? product }
            } catch {
                onFailure(error)
            }
        }
        return current
    }
}

/// A ``CatalogStore`` whose products pass through ``CatalogDecorators``. The engine puts it under
/// the read model (``CachedCatalogStore``), so decorators run when an entry is loaded, once per
/// product and catalog version. Filters and sorts run in the database on undecorated data.
///
/// ```swift
/// let chain = CatalogDecorators(registry.catalogDecorators()) { error in logger.warning("\(error)") }
/// let cached = CachedCatalogStore(source: DecoratingCatalogStore(source: store, decorators: chain), versions: watcher)
/// ```
public struct DecoratingCatalogStore: CatalogStore {
    /// The undecorated catalog.
    public let source: any CatalogStore
    /// The decorators.
    public let decorators: CatalogDecorators

    /// Wraps `source`.
    public init(source: any CatalogStore, decorators: CatalogDecorators) {
        self.source = source
        self.decorators = decorators
    }

    /// `products` after every decorator, in order.
    public func decorate(_ products: [Product]) async -> [Product] {
        await decorators.decorate(products)
    }

    public func products(_ request: ProductListingRequest) async throws -> ProductPage {
        // Decorators may read any part of a product.
        var request = request
        request.omit = []
        var page = try await source.products(request)
        page.products = await decorate(page.products)
        return page
    }

    public func product(slug: String) async throws -> Product? {
        guard let product = try await source.product(slug: slug) else { return nil }
        return await decorate([product]).first
    }

    public func product(id: Int64) async throws -> Product? {
        guard let product = try await source.product(id: id) else { return nil }
        return await decorate([product]).first
    }

    public func channels() async throws -> [Channel] { try await source.channels() }

    public func countProducts(channel: String, filter: ProductFilter) async throws -> Int {
        try await source.countProducts(channel: channel, filter: filter)
    }

    public func variants(productIDs: [Int64]) async throws -> [Int64: [ProductVariant]] {
        try await source.variants(productIDs: productIDs)
    }

    public func media(productIDs: [Int64]) async throws -> [Int64: [Media]] {
        try await source.media(productIDs: productIDs)
    }

    public func prices(variantIDs: [Int64], channel: String) async throws -> [Int64: VariantPrice] {
        try await source.prices(variantIDs: variantIDs, channel: channel)
    }

    public func availableStock(variantIDs: [Int64]) async throws -> [Int64: Int] {
        try await source.availableStock(variantIDs: variantIDs)
    }

    public func categories() async throws -> [Category] { try await source.categories() }

    public func catalogVersion() async throws -> Int64 { try await source.catalogVersion() }
}

/// A ``FeedCatalogSource`` whose products pass through ``CatalogDecorators``, batch by batch, so
/// partners see the same product data as storefronts. Feeds are generated once per catalog version,
/// so decorators run once per product and version here too.
public struct DecoratingFeedSource: FeedCatalogSource {
    /// The undecorated source.
    public let source: any FeedCatalogSource
    /// The decorators.
    public let decorators: CatalogDecorators

    /// Wraps `source`.
    public init(source: any FeedCatalogSource, decorators: CatalogDecorators) {
        self.source = source
        self.decorators = decorators
    }

    public func readFeedCatalog(
        scope: FeedCatalogScope, categorySlugs: [String], batchSize: Int,
        _ body: (FeedCatalogBatch) async throws -> Void
    ) async throws -> FeedCatalogSnapshot {
        try await source.readFeedCatalog(scope: scope, categorySlugs: categorySlugs, batchSize: batchSize) { batch in
            var batch = batch
            let decorated = await decorators.decorate(batch.products.map(\.product))
            for index in batch.products.indices { batch.products[index].product = decorated[index] }
            try await body(batch)
        }
    }
}
