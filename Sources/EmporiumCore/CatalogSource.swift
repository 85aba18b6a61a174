/// An external system that products come from (`catalog.source`): a CSV file, a PIM, another shop.
///
/// A source answers in pages so that an import of any size holds one page in memory: the importer
/// asks for the first page with no cursor, then passes each page's ``CatalogSourcePage/nextCursor``
/// until it is nil.
///
/// ```swift
/// var cursor: String? = nil
/// repeat {
///     let page = try await source.page(CatalogSourceRequest(location: "catalog.csv", cursor: cursor, pageSize: 500))
///     try await importer.upsert(page)
///     cursor = page.nextCursor
/// } while cursor != nil
/// ```
public protocol CatalogSource: Sendable {
    /// The source's stable id (the plugin id).
    var id: String { get }

    /// One page of products. Throws ``ExtensionPointError`` with ``ExtensionPointError/Code/rejectedRequest``
    /// when the source's data is bad (the message says where, for example the line of a file).
    func page(_ request: CatalogSourceRequest) async throws(ExtensionPointError) -> CatalogSourcePage
}

/// Which page of which source to read.
public struct CatalogSourceRequest: Sendable, Hashable {
    /// What to read, in the source's terms: a file path, a URL, a feed name.
    public var location: String
    /// Where to continue, as the previous page returned it; nil for the first page.
    public var cursor: String?
    /// The most products a page may hold; positive.
    public var pageSize: Int

    /// Creates a request.
    public init(location: String, cursor: String?, pageSize: Int) {
        self.location = location
        self.cursor = cursor
        self.pageSize = pageSize
    }
}

/// A page of products from a ``CatalogSource``, in the engine's catalog form.
public struct CatalogSourcePage: Sendable, Hashable {
    /// Categories the products refer to, parents before children (an importer creates the missing ones).
    public var categories: [SeedCategory]
    /// The products, each with all its variants (a product never spans two pages).
    public var products: [SeedProduct]
    /// Where each product starts in the source (a line number, for example), in ``products`` order;
    /// empty when the source has no such notion. Used in error messages.
    public var productLocations: [String]
    /// The cursor of the next page, or nil after the last.
    public var nextCursor: String?

    /// Creates a page.
    public init(
        categories: [SeedCategory], products: [SeedProduct], productLocations: [String] = [], nextCursor: String?
    ) {
        self.categories = categories
        self.products = products
        self.productLocations = productLocations
        self.nextCursor = nextCursor
    }
}
