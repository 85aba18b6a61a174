/// The PostgreSQL connection pool.
public struct DatabaseConfiguration: Sendable, Hashable {
    /// The connection URL, `postgres://` or `postgresql://` (`database.url`). A secret: give it as the
    /// secret file `database-url` or `EMPORIUM_DATABASE_URL`. Default `nil`; required to serve and migrate.
    public var url: String?
    /// The most connections the pool opens (`database.poolSize`), 1 to 200. Default `8`.
    public var poolSize: Int
    /// Connections of the pipelined reader for the unfiltered storefront listings, besides the pool
    /// (`database.pipelinedConnections`), 1 to 16. Default `1`.
    public var pipelinedConnections: Int
    /// The longest a query may run, in milliseconds (`database.queryTimeoutMilliseconds`), 10 to 600000.
    /// Default `5000`.
    public var queryTimeoutMilliseconds: Int
    /// The longest opening a connection may take, in milliseconds (`database.connectTimeoutMilliseconds`),
    /// 10 to 120000. Default `3000`.
    public var connectTimeoutMilliseconds: Int

    /// The built-in defaults; ``url`` is not set.
    public init() {
        self.url = nil
        self.poolSize = 8
        self.pipelinedConnections = 1
        self.queryTimeoutMilliseconds = 5000
        self.connectTimeoutMilliseconds = 3000
    }
}

extension DatabaseConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A one-line summary with the URL's password redacted.
    public var description: String {
        "DatabaseConfiguration(url: \(RedactedValue.databaseURL(url)), poolSize: \(poolSize), "
            + "pipelinedConnections: \(pipelinedConnections), "
            + "queryTimeoutMilliseconds: \(queryTimeoutMilliseconds), "
            + "connectTimeoutMilliseconds: \(connectTimeoutMilliseconds))"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror with the URL's password redacted.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": RedactedValue.databaseURL(url),
                "poolSize": poolSize,
                "pipelinedConnections": pipelinedConnections,
                "queryTimeoutMilliseconds": queryTimeoutMilliseconds,
                "connectTimeoutMilliseconds": connectTimeoutMilliseconds,
            ],
            displayStyle: .struct
        )
    }
}
