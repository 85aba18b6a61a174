/// Read access to the catalog. Implemented by the database layer; used by the API layers.
///
/// Every method that takes a list of ids loads all of them in one round trip, so that the API can
/// load a page and everything under it with a constant number of statements.
public protocol CatalogStore: Sendable {
    /// All channels.
    func channels() async throws -> [Channel]
    /// One page of active products.
    func products(_ request: ProductListingRequest) async throws -> ProductPage
    /// One page of active products in the channel with code `channelCode` (the first channel by
    /// code when `nil`; the request's own `channel` is ignored), with that channel; `nil` when
    /// there is no such channel. Stores that can find the channel in the page's own round trip
    /// implement this; the default looks the channel up first.
    func products(_ request: ProductListingRequest, channelCode: String?) async throws -> ChannelPage?
    /// Number of active products in the channel that match the filter.
    func countProducts(channel: String, filter: ProductFilter) async throws -> Int
    /// An active product by slug.
    func product(slug: String) async throws -> Product?
    /// An active product by id.
    func product(id: Int64) async throws -> Product?
    /// Variants of the given products, in position order, keyed by product id.
    func variants(productIDs: [Int64]) async throws -> [Int64: [ProductVariant]]
    /// Media of the given products, in position order, keyed by product id.
    func media(productIDs: [Int64]) async throws -> [Int64: [Media]]
    /// Prices of the given variants in one channel, keyed by variant id.
    func prices(variantIDs: [Int64], channel: String) async throws -> [Int64: VariantPrice]
    /// Available units (on hand minus reserved, over all locations) of the given variants.
    func availableStock(variantIDs: [Int64]) async throws -> [Int64: Int]
    /// All categories, ordered by path.
    func categories() async throws -> [Category]
    /// The current catalog version, bumped by every catalog, price or stock change.
    func catalogVersion() async throws -> Int64
}

/// A page of a listing with the channel it was read in.
public struct ChannelPage: Sendable, Hashable {
    /// The channel the page's prices and stock belong to.
    public var channel: Channel
    /// The page.
    public var page: ProductPage

    /// Creates a channel's page.
    public init(channel: Channel, page: ProductPage) {
        self.channel = channel
        self.page = page
    }
}

extension CatalogStore {
    public func products(_ request: ProductListingRequest, channelCode: String?) async throws -> ChannelPage? {
        let channels = try await channels()
        guard let channel = Channel.resolve(channelCode, in: channels) else { return nil }
        var request = request
        request.channel = channel.code
        return ChannelPage(channel: channel, page: try await products(request))
    }
}

/// Write access for merchants (admin API).
public protocol CatalogAdministration: Sendable {
    /// Sets the on-hand count of a SKU at a location (the default location when `nil`).
    func setStock(sku: String, location: String?, onHand: Int) async throws -> StockChangeResult
    /// Sets the price of a SKU in a channel, in minor units of the channel's currency.
    func setPrice(sku: String, channel: String, amount: Int64) async throws -> PriceChangeResult
}

/// Outcome of ``CatalogAdministration/setStock(sku:location:onHand:)``.
public enum StockChangeResult: Sendable, Hashable {
    case updated(ProductVariant)
    case unknownSKU
    case unknownLocation
    case belowReserved(reserved: Int)
}

/// Outcome of ``CatalogAdministration/setPrice(sku:channel:amount:)``.
public enum PriceChangeResult: Sendable, Hashable {
    case updated(ProductVariant)
    case unknownSKU
    case unknownChannel
}
