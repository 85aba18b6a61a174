import EmporiumCore
import EmporiumGraphQL
import EmporiumPostgres
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The running engine: the database pool, the GraphQL endpoints, the HTTP server and the drain
/// service, wired from an ``EmporiumConfiguration`` and run as one `ServiceGroup`.
public final class Engine: Sendable {
    /// The configuration in force.
    public let configuration: EmporiumConfiguration
    /// The database handle.
    public let database: Database
    /// The metrics registry.
    public let metrics: EngineMetrics
    /// Follows the catalog version for the read model; `nil` when `graphql.readModel` is off.
    public let catalogVersionWatcher: CatalogVersionWatcher?
    /// The in-memory read model the storefront reads through; `nil` when `graphql.readModel` is off.
    public let catalogReadModel: CachedCatalogStore?
    /// The configured plugins, loaded at init and shut down when ``run(gracefulShutdownSignals:onListening:)`` returns.
    public let plugins: PluginRegistry
    let store: PostgresCatalogStore
    /// What storefronts read under the read model: the store, through the catalog decorators if any.
    let storefrontCatalog: any CatalogStore
    let storefront: GraphQLEndpoint
    let admin: GraphQLEndpoint
    let drain = DrainState()
    let readiness: ReadinessProbe
    let feeds: FeedEndpoint
    let logger: Logger
    let listenPort: Int

    /// Wires an engine (`listenPort` overrides `server.port`; 0 picks a free port). Nothing connects or listens until ``run(gracefulShutdownSignals:onListening:)``.
    public init(
        configuration: EmporiumConfiguration, logger: Logger, metrics: EngineMetrics = EngineMetrics(),
        executor: any OperationExecutor = CompiledExecutor(), listenPort: Int? = nil,
        responseCache: Bool = true
    ) throws {
        self.listenPort = listenPort ?? configuration.server.port
        try configuration.validateForServing()
        let url = try DatabaseURL(configuration.database.url ?? "")
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        database = Database(
            url: url,
            options: .init(
                poolSize: configuration.database.poolSize,
                queryTimeout: .milliseconds(configuration.database.queryTimeoutMilliseconds),
                connectTimeout: .milliseconds(configuration.database.connectTimeoutMilliseconds),
                pipelinedConnections: configuration.database.pipelinedConnections),
            logger: logger)
        let store = PostgresCatalogStore(database: database)
        self.store = store
        plugins = try PluginRegistry(configuration.plugins, metrics: metrics, logger: logger)
        let decorators = plugins.catalogDecorators()
        let chain =
            decorators.isEmpty
            ? nil
            : CatalogDecorators(decorators) { [logger] error in
                logger.warning(
                    "catalog decorator failed; its products are served undecorated",
                    metadata: ["error": "\(error.debugDescription)"])
            }
        storefrontCatalog = chain.map { DecoratingCatalogStore(source: store, decorators: $0) } ?? store
        if configuration.graphql.readModel {
            let watcher = CatalogVersionWatcher(
                url: url,
                options: .init(
                    queryTimeout: .milliseconds(configuration.database.queryTimeoutMilliseconds),
                    connectTimeout: .milliseconds(configuration.database.connectTimeoutMilliseconds)),
                logger: logger)
            catalogVersionWatcher = watcher
            catalogReadModel = CachedCatalogStore(source: storefrontCatalog, versions: watcher)
        } else {
            catalogVersionWatcher = nil
            catalogReadModel = nil
        }
        var options = GraphQLEndpointOptions()
        options.introspection = configuration.graphql.introspection
        options.maxDepth = configuration.graphql.maxDepth
        options.maxCost = configuration.graphql.maxCost
        options.documentCacheSize = configuration.graphql.documentCacheSize
        options.persistedQueryCacheSize = configuration.graphql.persistedQueryCacheSize
        // Rendered responses are part of the read model: same switch, same version, same staleness.
        let responses =
            catalogVersionWatcher.flatMap { watcher in
                guard responseCache else { return nil }
                return
                    ResponseCache { CatalogVersion.isKnown(watcher.current) ? watcher.current : nil }
            } as ResponseCache?
        storefront = GraphQLEndpoint(
            schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: options,
            executor: executor, responses: responses)
        admin = GraphQLEndpoint(
            schema: AdminSchema.schema, listFields: AdminSchema.listFields, options: options, executor: executor)
        readiness = ReadinessProbe(database: database, logger: logger)
        feeds = FeedEndpoint(
            partners: configuration.feeds, database: database, decorators: chain, metrics: metrics,
            mediaBaseURL: configuration.server.effectivePublicBaseURL,
            cacheDirectory: FileManager.default.temporaryDirectory.path
                + "/emporium-feeds-\(getpid())-\(UUID().uuidString.prefix(8))",
            logger: logger)
    }

    /// Runs until a graceful-shutdown signal arrives (or the task is cancelled): drains, stops
    /// accepting, finishes in-flight requests, closes the pool, returns.
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let router = makeRouter()
        let logger = self.logger
        let app = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.server.host, port: listenPort),
                serverName: "Emporium"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("listening", metadata: ["http.port": "\(port)"])
                await onListening(port)
            },
            logger: logger)
        let drainService = DrainService(
            state: drain, window: .milliseconds(configuration.server.drainMilliseconds), logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: database.client)]
        if let catalogVersionWatcher { services.append(.init(service: catalogVersionWatcher)) }
        services += [.init(service: app), .init(service: drainService)]
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: gracefulShutdownSignals,
                logger: logger))
        defer { plugins.shutdown() }
        try await group.run()
        await feeds.cache.removeAll()
    }
}
