/// A ``CatalogStore`` whose products pass through ``CatalogDecorator``s, in order. The engine puts it
/// under the read model (``CachedCatalogStore``), so decorators run when an entry is loaded, once
/// per product and catalog version.
///
/// A decorator that fails does not fail the storefront: its products are served as they were before
/// it, and `onFailure` is told (the engine logs it; the plugin host counts it by plugin and hook).
/// Filters and sorts run in the database on undecorated data.
///
/// ```swift
/// let decorated = DecoratingCatalogStore(source: store, decorators: registry.catalogDecorators()) { _ in }
/// let cached = CachedCatalogStore(source: decorated, versions: watcher)
/// ```
public struct DecoratingCatalogStore: CatalogStore {
    /// The undecorated catalog.
    public let source: any CatalogStore
    /// The decorators, in chain order.
    public let decorators: [any CatalogDecorator]
    let onFailure: @Sendable (ExtensionPointError) -> Void

    /// Wraps `source`.
    public init(
        source: any CatalogStore, decorators: [any CatalogDecorator],
        onFailure: @escaping @Sendable (ExtensionPointError) -> Void
    ) {
        self.source = source
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

    public func products(_ request: ProductListingRequest) async throws -> ProductPage {
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
