import ArgumentParser
import EmporiumPostgres

/// `emporium migrate`: applies the shipped SQL migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations (safe to run concurrently and repeatedly)."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let configuration = try global.load()
        let logger = LoggingSetup.bootstrap(configuration.logging)
        let applied = try await withDatabase(configuration, logger: logger) { database in
            try await Migrator(database: database, logger: logger).migrate()
        }
        print(
            applied.isEmpty
                ? "Database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))."
        )
    }
}
