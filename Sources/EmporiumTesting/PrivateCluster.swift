import EmporiumPostgres
import Foundation
import Logging

/// A PostgreSQL cluster of one test's own, for tests that stop and start the server (outages);
/// the shared ``TestCluster`` must stay up for every other test.
public enum PrivateCluster {
    /// Starts a throwaway cluster, migrates it, seeds `seedProducts` demo products; returns the server
    /// (stop, start and destroy it from the test) and how to connect.
    public static func start(seedProducts: Int, name: String) async throws -> (
        postgres: EmbeddedPostgres, connection: EmbeddedPostgres.Connection
    ) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("emporium-\(name)-\(UUID().uuidString.prefix(8))").path
        let logger = Logger(label: "emporium.tests")
        let postgres = EmbeddedPostgres(
            options: .init(dataDirectory: directory + "/data", fsync: false), logger: logger)
        let connection = try postgres.start()
        do {
            let database = Database(
                url: try DatabaseURL(connection.url), options: .init(poolSize: 1, queryTimeout: .seconds(60)),
                logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.client.run() }
                defer { group.cancelAll() }
                try await Migrator(database: database, logger: logger).migrate()
                try await CatalogSeeder(database: database, logger: logger).insert(
                    DemoCatalogFixture.make(productCount: seedProducts))
            }
        } catch {
            // The test never gets the server to destroy: do it here, or it outlives the test run.
            postgres.destroy()
            throw error
        }
        return (postgres, connection)
    }
}
