import ArgumentParser

/// Engine switches shared by `serve` and `dev`.
struct EngineFlags: ParsableArguments {
    @Flag(help: "Enable GET /bench/static?bytes=N for benchmarks.")
    var benchRoutes = false

    @Flag(help: "Send every storefront catalog read to the database (sets graphql.readModel to false).")
    var noReadModel = false

    @Option(help: "GraphQL executor: compiled (default) or graphqlswift (GraphQLSwift's own, for comparison).")
    var executor: ExecutorChoice = .compiled

    @Flag(help: "Keep the read model's data but render every response anew (for benchmarks).")
    var noResponseCache = false

    /// The configuration overrides these flags stand for.
    var overrides: [(key: String, value: String, flag: String)] {
        var overrides: [(key: String, value: String, flag: String)] = []
        if benchRoutes { overrides.append(("server.benchRoutes", "true", "--bench-routes")) }
        if noReadModel { overrides.append(("graphql.readModel", "false", "--no-read-model")) }
        return overrides
    }
}
