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

    @Flag(help: "Enable GET /bench/static?bytes=N for benchmarks.")
    var benchRoutes = false

    @Flag(help: "Send every storefront catalog read to the database (sets graphql.readModel to false).")
    var noReadModel = false

    @Option(help: "GraphQL executor: compiled (default) or graphqlswift (GraphQLSwift's own, for comparison).")
    var executor: ExecutorChoice = .compiled

    @Flag(help: "Keep the read model's data but render every response anew (for benchmarks).")
    var noResponseCache = false

    func run() async throws {
        var overrides: [(key: String, value: String, flag: String)] = []
        if let port { overrides.append(("server.port", String(port), "--port")) }
        if let host { overrides.append(("server.host", host, "--host")) }
        if benchRoutes { overrides.append(("server.benchRoutes", "true", "--bench-routes")) }
        if noReadModel { overrides.append(("graphql.readModel", "false", "--no-read-model")) }
        let configuration = try global.load(overrides: overrides)
        let logger = LoggingSetup.bootstrap(configuration.logging)
        let engine: Engine
        do {
            engine = try Engine(
                configuration: configuration, logger: logger, executor: executor.executor,
                responseCache: !noResponseCache)
        } catch {
            throw CommandFailure("\(error)")
        }
        try await engine.run()
    }
}
