import EmporiumCore

/// Everything a storefront resolver may use during one request.
public final class StorefrontContext: Sendable {
    /// The catalog.
    public let store: any CatalogStore
    /// Channel used when a query names none; `nil` means the first channel by code.
    public let defaultChannel: String?
    /// Largest accepted `first`.
    public let maxPageSize: Int
    let variants: BatchLoader<Int64, [ProductVariant]>
    let media: BatchLoader<Int64, [Media]>
    let stock: BatchLoader<Int64, Int>
    let categoryTree: BatchLoader<Int, [Category]>
    let channelList: BatchLoader<Int, [Channel]>
    private let priceLoaders: PriceLoaders

    /// Creates the context of one request.
    public init(store: any CatalogStore, defaultChannel: String?, maxPageSize: Int) {
        self.store = store
        self.defaultChannel = defaultChannel
        self.maxPageSize = maxPageSize
        variants = BatchLoader { ids in try await store.variants(productIDs: ids) }
        media = BatchLoader { ids in try await store.media(productIDs: ids) }
        stock = BatchLoader { ids in try await store.availableStock(variantIDs: ids) }
        categoryTree = BatchLoader { _ in [0: try await store.categories()] }
        channelList = BatchLoader { _ in [0: try await store.channels()] }
        priceLoaders = PriceLoaders(store: store)
    }

    /// The price loader of a channel.
    func prices(channel: String) async -> BatchLoader<Int64, VariantPrice> {
        await priceLoaders.loader(for: channel)
    }

    /// All categories (loaded once per request).
    func categories() async throws -> [Category] {
        try await categoryTree.value(for: 0) ?? []
    }

    /// Resolves the channel argument: the given code if it exists, else the default.
    func channel(_ code: String?) async throws -> Channel {
        let channels = try await channelList.value(for: 0) ?? []
        let code = code ?? defaultChannel
        guard let found = Channel.resolve(code, in: channels) else { throw Self.channelError(code) }
        return found
    }

    /// The error for a channel that does not exist (`nil`: the catalog has none at all).
    static func channelError(_ code: String?) -> APIError {
        guard let code else { return APIError(.badUserInput, "The catalog has no channel yet.") }
        return APIError(.badUserInput, "Unknown channel \"\(code.prefix(64))\".")
    }

    /// Registers a page of products and everything below them as batches.
    func registerProducts(_ products: [Product]) async {
        await variants.register(products.map(\.id))
        await media.register(products.map(\.id))
    }

    /// Registers loaded variants as batches for their prices and stock.
    func registerVariants(_ loaded: [ProductVariant], channel: String) async {
        await stock.register(loaded.map(\.id))
        await prices(channel: channel).register(loaded.map(\.id))
    }

    /// Variants of a product, loading the whole batch it belongs to.
    func variants(of product: Product, channel: String) async throws -> [ProductVariant] {
        let list = try await variants.value(for: product.id) ?? []
        await registerVariantBatch(of: product.id, channel: channel)
        return list
    }

    private func registerVariantBatch(of productID: Int64, channel: String) async {
        // Every product of the batch has been loaded by now; register all their variants together.
        let batch = await variants.loadedValues(near: productID)
        await registerVariants(batch.flatMap { $0 }, channel: channel)
    }
}

/// One price loader per channel, created on first use.
actor PriceLoaders {
    let store: any CatalogStore
    var loaders: [String: BatchLoader<Int64, VariantPrice>] = [:]

    init(store: any CatalogStore) { self.store = store }

    func loader(for channel: String) -> BatchLoader<Int64, VariantPrice> {
        if let loader = loaders[channel] { return loader }
        let store = self.store
        let loader = BatchLoader<Int64, VariantPrice> { ids in try await store.prices(variantIDs: ids, channel: channel)
        }
        loaders[channel] = loader
        return loader
    }
}
