import ArgumentParser
import EmporiumPostgres
import EmporiumServer
import Foundation
import Logging

/// `emporium dev`: a private PostgreSQL, migrations, the demo catalog, and the engine, in one command.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the engine with a demo catalog on a private PostgreSQL in --data-dir (nothing else needed).")

    @Option(help: "Engine port.")
    var port = 8080

    @Option(help: "Storefront port (reported in the credentials; the storefront is a separate process).")
    var storefrontPort = 8081

    @Option(help: "Where the private database, secrets and credentials live.")
    var dataDir = ".emporium"

    @Option(help: "Demo products to seed into an empty catalog.")
    var products = 200

    @OptionGroup var engineFlags: EngineFlags

    func run() async throws {
        var base = LoggingConfiguration()
        base.level = .info
        let logger = LoggingSetup.bootstrap(base)
        let dataDirectory = URL(fileURLWithPath: dataDir).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let secrets = try DevSecrets(directory: dataDirectory + "/secrets")

        let postgres = EmbeddedPostgres(
            options: .init(dataDirectory: dataDirectory + "/postgres"), logger: logger)
        let connection: EmbeddedPostgres.Connection
        do {
            connection = try postgres.start()
        } catch {
            throw CommandFailure("\(error)")
        }
        defer { try? postgres.stop() }

        var loader = ConfigurationLoader(
            yamlPath: nil, secretsDirectory: nil, environment: [:])
        loader.override("database.url", with: connection.url, flag: "dev")
        loader.override("server.port", with: String(port), flag: "--port")
        loader.override("admin.bootstrapToken", with: secrets.adminToken, flag: "dev")
        // A developer's Ctrl-C should not wait out a production-sized drain window.
        loader.override("server.drainMilliseconds", with: "500", flag: "dev")
        for override in engineFlags.overrides {
            loader.override(override.key, with: override.value, flag: override.flag)
        }
        var configuration: EmporiumConfiguration
        do {
            configuration = try loader.load()
        } catch {
            throw CommandFailure(error.description)
        }
        var demoPartner = FeedPartnerConfiguration(name: "demo", channel: "web-us")
        demoPartner.title = "Emporium Demo"
        demoPartner.token = secrets.feedToken
        configuration.feeds = [demoPartner]

        let productCount = products
        let seeded = try await withDatabase(configuration, logger: logger) { database in
            try await Migrator(database: database, logger: logger).migrate()
            return try await DemoSeeding.seedIfEmpty(database: database, products: productCount, logger: logger)
        }
        if let seeded { logger.info("seeded the demo catalog", metadata: ["catalog.products": "\(seeded)"]) }

        let engine = try Engine(
            configuration: configuration, logger: logger, executor: engineFlags.executor.executor,
            responseCache: !engineFlags.noResponseCache)
        let credentials = DevCredentials(
            engineUrl: "http://127.0.0.1:\(port)", storefrontUrl: "http://127.0.0.1:\(storefrontPort)",
            databaseUrl: connection.tcpURL, adminToken: secrets.adminToken,
            feedPartner: .init(name: "demo", token: secrets.feedToken))
        let credentialsPath = dataDirectory + "/dev-credentials.json"
        try await engine.run(onListening: { _ in
            do {
                try credentials.write(to: credentialsPath)
            } catch {
                logger.error("cannot write credentials", metadata: ["error": "\(error)"])
            }
            FileHandle.standardOutput.write(Data(credentials.summary(path: credentialsPath).utf8))
        })
    }
}
