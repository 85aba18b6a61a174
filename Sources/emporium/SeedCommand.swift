import ArgumentParser
import EmporiumCore
import EmporiumPostgres

/// `emporium seed --demo`: fills an empty catalog with the demo catalog.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Fill an empty catalog with demo data.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Insert the generated demo catalog (required: it is the only seed so far).")
    var demo = false

    @Option(help: "Number of demo products (each has 1–6 variants).")
    var products = 200

    func validate() throws {
        guard demo else { throw ValidationError("Say what to seed: --demo.") }
        guard (0...1_000_000).contains(products) else {
            throw ValidationError("--products must be from 0 to 1000000.")
        }
    }

    func run() async throws {
        let configuration = try global.load()
        let logger = LoggingSetup.bootstrap(configuration.logging)
        let count = products
        // The seed is one transaction: a million demo variants (scripts/bench-feeds) took over the
        // default five minutes on a busy two-core machine once the listing rows carry packed details.
        let inserted = try await withDatabase(configuration, queryTimeout: .seconds(3600), logger: logger) { database in
            try await DemoSeeding.seedIfEmpty(database: database, products: count, logger: logger)
        }
        if let inserted {
            print("Seeded \(inserted) demo products.")
        } else {
            throw CommandFailure("The catalog already has products; seed --demo only fills an empty catalog.")
        }
    }
}
