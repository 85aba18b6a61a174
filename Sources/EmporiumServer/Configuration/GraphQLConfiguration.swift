/// GraphQL execution limits and caches.
public struct GraphQLConfiguration: Sendable, Hashable {
    /// Whether introspection queries are answered (`graphql.introspection`). Default `true`.
    public var introspection: Bool
    /// The deepest selection nesting accepted (`graphql.maxDepth`), 1 to 100. Default `12`.
    public var maxDepth: Int
    /// The highest computed query cost accepted (`graphql.maxCost`), 1 to 10000000. Default `10000`.
    public var maxCost: Int
    /// The largest `first` a connection accepts (`graphql.maxPageSize`), 1 to 1000. Default `100`.
    public var maxPageSize: Int
    /// How many parsed and validated documents are cached (`graphql.documentCacheSize`), 0 (off) to
    /// 1000000. Default `1000`.
    public var documentCacheSize: Int
    /// How many persisted queries are kept by hash (`graphql.persistedQueryCacheSize`), 0 (off) to
    /// 10000000. Default `10000`.
    public var persistedQueryCacheSize: Int
    /// Whether storefront catalog reads are served from the in-memory read model, invalidated by
    /// catalog version notifications (`graphql.readModel`). Default `true`.
    public var readModel: Bool

    /// The built-in defaults.
    public init() {
        self.introspection = true
        self.maxDepth = 12
        self.maxCost = 10_000
        self.maxPageSize = 100
        self.documentCacheSize = 1000
        self.persistedQueryCacheSize = 10_000
        self.readModel = true
    }
}
