import EmporiumCore
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Knows the current catalog version without a database round trip, for ``CachedCatalogStore``.
///
/// Holds one dedicated connection (not from the engine's pool) that runs `LISTEN emporium_catalog`;
/// the trigger on every catalog table sends the new version there with `pg_notify`. The watcher
/// reads the version after each (re)connect, once `LISTEN` is active, so that nothing committed
/// while it was away is missed, and polls it every ``Options/pollInterval`` in case a notification
/// is lost. While it has no working connection (the database is down at start, the connection
/// dropped, a poll timed out) ``current`` is ``CatalogVersion/unknown`` and caches pass every call
/// through. It reconnects with exponential backoff and stops on graceful shutdown.
///
/// Run it as a `Service` in the engine's `ServiceGroup`:
///
/// ```swift
/// let watcher = CatalogVersionWatcher(url: url, logger: logger)
/// let store = CachedCatalogStore(source: PostgresCatalogStore(database: database), versions: watcher)
/// ```
public final class CatalogVersionWatcher: CatalogVersionSource, Service {
    /// Tunables with their defaults.
    public struct Options: Sendable, Hashable {
        /// How often the version is read even without a notification (default 5 s).
        public var pollInterval: Duration
        /// Deadline of one version read; past it the connection is dropped and reopened (default 3 s).
        public var queryTimeout: Duration
        /// Deadline to establish the connection (default 3 s).
        public var connectTimeout: Duration
        /// First wait before reconnecting; it doubles per failed attempt (default 100 ms).
        public var minimumBackoff: Duration
        /// Longest wait before reconnecting (default 5 s).
        public var maximumBackoff: Duration

        /// Creates options.
        public init(
            pollInterval: Duration = .seconds(5), queryTimeout: Duration = .seconds(3),
            connectTimeout: Duration = .seconds(3), minimumBackoff: Duration = .milliseconds(100),
            maximumBackoff: Duration = .seconds(5)
        ) {
            self.pollInterval = pollInterval
            self.queryTimeout = queryTimeout
            self.connectTimeout = connectTimeout
            self.minimumBackoff = minimumBackoff
            self.maximumBackoff = maximumBackoff
        }
    }

    /// The `NOTIFY` channel the catalog triggers send the new version on.
    public static let notificationChannel = "emporium_catalog"

    /// The options in force.
    public let options: Options
    private let url: DatabaseURL
    private let logger: Logger
    private let version = Atomic<Int64>(CatalogVersion.unknown)
    private let connections = Atomic<Int>(0)

    /// Creates a watcher; nothing connects until ``run()``.
    public init(url: DatabaseURL, options: Options = Options(), logger: Logger) {
        self.url = url
        self.options = options
        self.logger = logger
    }

    /// The latest version seen, or ``CatalogVersion/unknown`` while the watcher has no working connection.
    public var current: Int64 { version.load(ordering: .acquiring) }

    /// How many times the watcher has connected and read the version (tests and diagnostics).
    public var connectionsEstablished: Int { connections.load(ordering: .relaxed) }

    /// Watches until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in await watch() }
        version.store(CatalogVersion.unknown, ordering: .releasing)
    }

    private func watch() async {
        var failures = 0
        while !Task.isCancelled {
            let established = await watchOneConnection(failures: failures)
            version.store(CatalogVersion.unknown, ordering: .releasing)
            if Task.isCancelled { break }
            failures = established ? 0 : failures + 1
            try? await Task.sleep(for: backoff(afterFailures: failures))
        }
    }

    /// Connects, listens and follows the version until the connection fails; returns whether it
    /// got as far as reading the version.
    private func watchOneConnection(failures: Int) async -> Bool {
        // After the first failure in a row, further ones are expected until the database is back.
        let level: Logger.Level = failures == 0 ? .warning : .debug
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try connectionConfiguration(), id: 0, logger: logger)
        } catch {
            if !Task.isCancelled {
                logger.log(
                    level: level, "catalog version watcher cannot connect",
                    metadata: ["error": "\(String(reflecting: error))"])
            }
            return false
        }
        var established = false
        do {
            try await connection.listen(on: Self.notificationChannel) { notifications in
                // LISTEN is active before this read, so no change committed after it can be missed.
                try await refresh(on: connection)
                established = true
                connections.add(1, ordering: .relaxed)
                logger.info("watching catalog version", metadata: ["catalog.version": "\(current)"])
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { [self] in
                        for try await notification in notifications {
                            if let next = Int64(notification.payload) { observe(next) }
                        }
                        throw WatcherConnectionEnded()
                    }
                    group.addTask { [self] in
                        while true {
                            try await Task.sleep(for: options.pollInterval)
                            try await refresh(on: connection)
                        }
                    }
                    try await group.next()
                }
            }
        } catch {
            if !Task.isCancelled {
                logger.log(
                    level: established ? .warning : level, "catalog version watcher lost its connection",
                    metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        try? await connection.close()
        return established
    }

    /// Reads the version within the deadline.
    private func refresh(on connection: PostgresConnection) async throws {
        let latest = try await withThrowingTaskGroup(of: Int64?.self) { group in
            group.addTask { [logger] in
                let rows = try await connection.query("SELECT version FROM catalog_version", logger: logger)
                var latest: Int64?
                for try await value in rows.decode(Int64.self) { latest = value }
                return latest
            }
            group.addTask { [options] in
                try await Task.sleep(for: options.queryTimeout)
                // PostgresNIO ignores cancellation while a query is on the wire; closing ends it.
                try? await connection.close()
                throw WatcherConnectionEnded()
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let latest else { throw WatcherConnectionEnded() }
        observe(latest)
    }

    /// Raises the version to `next`; a late answer never moves it back.
    private func observe(_ next: Int64) {
        var seen = version.load(ordering: .relaxed)
        while next > seen {
            let (exchanged, original) = version.compareExchange(
                expected: seen, desired: next, ordering: .acquiringAndReleasing)
            if exchanged { return }
            seen = original
        }
    }

    private func backoff(afterFailures failures: Int) -> Duration {
        var wait = options.minimumBackoff
        for _ in 0..<min(failures, 30) where wait < options.maximumBackoff { wait *= 2 }
        return min(wait, options.maximumBackoff)
    }

    private func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socket = url.unixSocketPath {
            configuration = .init(
                unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch url.sslMode {
            case "disable": tls = .disable
            case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            default: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = .init(
                host: url.host ?? "localhost", port: url.port, username: url.user, password: url.password,
                database: url.database, tls: tls)
        }
        let (seconds, attoseconds) = options.connectTimeout.components
        configuration.options.connectTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        return configuration
    }
}

/// The watcher's connection stopped delivering (closed, or a read missed its deadline).
struct WatcherConnectionEnded: Error {}
