import EmporiumPostgres
import Foundation
import Logging
import PostgresNIO

/// A throwaway PostgreSQL cluster shared by the tests of one process: started on first use in a
/// temporary folder (initdb + pg_ctl, as an unprivileged user when running as root), stopped and
/// deleted when the process exits. Each test gets a fresh database of its own from ``makeDatabase(seedProducts:)``.
public actor TestCluster {
    /// The process-wide cluster.
    public static let shared = TestCluster()

    private var server: (postgres: EmbeddedPostgres, connection: EmbeddedPostgres.Connection)?
    private var counter = 0
    let logger: Logger = {
        var logger = Logger(label: "emporium.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["EMPORIUM_TEST_LOG"] == nil ? .critical : .debug
        return logger
    }()

    /// The running server, starting it if needed.
    public func connection() throws -> EmbeddedPostgres.Connection {
        if let server { return server.connection }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("emporium-tests-\(getpid())-\(UUID().uuidString.prefix(8))").path
        let postgres = EmbeddedPostgres(
            // Every test starts engines with pools of their own against this one server, in parallel.
            options: .init(dataDirectory: directory + "/data", fsync: false, maxConnections: 400), logger: logger)
        let connection = try postgres.start()
        server = (postgres, connection)
        TestClusterCleanup.register(postgres)
        return connection
    }

    /// Stops the server (tests that simulate an outage) — ``restart()`` brings it back on the same port.
    public func stop() throws {
        try server?.postgres.stop()
    }

    /// Starts the server again after ``stop()``.
    public func restart() throws {
        guard let server else { return }
        _ = try server.postgres.start()
    }

    /// Creates a new, migrated database, optionally seeded with the first `seedProducts` demo products.
    public func makeDatabase(seedProducts: Int = 0) async throws -> String {
        let base = try connection()
        counter += 1
        let name = "test_\(getpid())_\(counter)"
        let admin = Database(
            url: try DatabaseURL(base.url), options: .init(poolSize: 1, queryTimeout: .seconds(60)), logger: logger)
        let url = base.url.replacingOccurrences(of: "/\(base.database)?", with: "/\(name)?")
        let database = Database(
            url: try DatabaseURL(url), options: .init(poolSize: 2, queryTimeout: .seconds(60)), logger: logger)
        let logger = self.logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.client.run() }
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            try await Migrator(database: database, logger: logger).migrate()
            if seedProducts > 0 {
                try await CatalogSeeder(database: database, logger: logger).insert(
                    DemoCatalogFixture.make(productCount: seedProducts))
            }
        }
        return url
    }
}

/// Stops the shared cluster at process exit.
enum TestClusterCleanup {
    // Written once before any exit handler can run; read only by the exit handler.
    nonisolated(unsafe) static var postgres: EmbeddedPostgres?

    static func register(_ postgres: EmbeddedPostgres) {
        self.postgres = postgres
        atexit {
            TestClusterCleanup.postgres?.destroy()
        }
    }
}
