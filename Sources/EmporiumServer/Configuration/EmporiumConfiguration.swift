/// The engine's effective configuration: typed values with documented defaults.
///
/// Build one with ``ConfigurationLoader`` at the edge (the `emporium` executable) and pass the
/// sections down; libraries never read files or the environment themselves. `init()` gives the
/// built-in defaults. `description`, `debugDescription` and the mirror are redacted, so printing,
/// logging or dumping a configuration never shows a secret. See `docs/configuration.md`.
public struct EmporiumConfiguration: Sendable, Hashable {
    /// The HTTP server: address, limits and shutdown.
    public var server: ServerConfiguration
    /// The PostgreSQL connection pool.
    public var database: DatabaseConfiguration
    /// GraphQL execution limits and caches.
    public var graphql: GraphQLConfiguration
    /// Log level and output format.
    public var logging: LoggingConfiguration
    /// Staff administration bootstrap.
    public var admin: AdminConfiguration
    /// The plugins to load, in chain order; empty by default. Only the YAML file sets them.
    public var plugins: [PluginConfiguration]
    /// The partners served product feeds; empty by default. Only the YAML file lists them.
    public var feeds: [FeedPartnerConfiguration]

    /// The built-in defaults; `database.url` is not set.
    public init() {
        self.server = ServerConfiguration()
        self.database = DatabaseConfiguration()
        self.graphql = GraphQLConfiguration()
        self.logging = LoggingConfiguration()
        self.admin = AdminConfiguration()
        self.plugins = []
        self.feeds = []
    }
}

extension EmporiumConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The redacted dump; see ``redactedDescription()``.
    public var description: String { redactedDescription() }
    /// The redacted dump; see ``redactedDescription()``.
    public var debugDescription: String { redactedDescription() }
    /// A mirror whose secret children are redacted, so `dump(_:)` and test failures show no secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "server": server, "database": database, "graphql": graphql, "logging": logging, "admin": admin,
                "plugins": plugins, "feeds": feeds,
            ],
            displayStyle: .struct
        )
    }
}
