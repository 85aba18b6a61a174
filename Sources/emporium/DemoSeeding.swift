import EmporiumCore
import EmporiumPostgres
import Logging

enum DemoSeeding {
    /// Checks migrations, then seeds when the catalog has no product; returns the count seeded or nil.
    static func seedIfEmpty(database: Database, products: Int, logger: Logger) async throws -> Int? {
        let status = try await Migrator(database: database, logger: logger).status()
        guard status.isCurrent else {
            throw DatabaseError(
                code: .migrationFailed, message: "Migrations are pending; run `emporium migrate` first.")
        }
        let seeder = CatalogSeeder(database: database, logger: logger)
        guard try await seeder.productCount() == 0 else { return nil }
        try await seeder.insert(DemoCatalog.make(productCount: products))
        return products
    }
}
