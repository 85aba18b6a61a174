import ArgumentParser
import EmporiumServer

/// `emporium serve`: runs the engine against a configured PostgreSQL.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the storefront and admin APIs (the database must be migrated).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Port to listen on (overrides server.port).")
    var port: Int?

    @Option(help: "Address to listen on (overrides server.host).")
    var host: String?

    @OptionGroup var engineFlags: EngineFlags

    func run() async throws {
        var overrides: [(key: String, value: String, flag: String)] = []
        if let port { overrides.append(("server.port", String(port), "--port")) }
        if let host { overrides.append(("server.host", host, "--host")) }
        overrides += engineFlags.overrides
        let configuration = try global.load(overrides: overrides)
        let logger = LoggingSetup.bootstrap(configuration.logging)
        let engine: Engine
        do {
            engine = try Engine(
                configuration: configuration, logger: logger, executor: engineFlags.executor.executor,
                responseCache: !engineFlags.noResponseCache)
        } catch {
            throw CommandFailure("\(error)")
        }
        try await engine.run()
    }
}
