/// Every configuration key: its dotted path, type, environment variable and secret file names.
///
/// This table is the single source of truth for the loader, validation and the redacted dump;
/// `docs/configuration.md` documents it and a test checks that the two agree.
enum ConfigurationKey: String, CaseIterable, Sendable {
    case serverHost = "server.host"
    case serverPort = "server.port"
    case serverPublicBaseURL = "server.publicBaseURL"
    case serverMaxBodyBytes = "server.maxBodyBytes"
    case serverDrainMilliseconds = "server.drainMilliseconds"
    case serverBenchRoutes = "server.benchRoutes"
    case databaseURL = "database.url"
    case databasePoolSize = "database.poolSize"
    case databasePipelinedConnections = "database.pipelinedConnections"
    case databaseQueryTimeoutMilliseconds = "database.queryTimeoutMilliseconds"
    case databaseConnectTimeoutMilliseconds = "database.connectTimeoutMilliseconds"
    case graphqlIntrospection = "graphql.introspection"
    case graphqlMaxDepth = "graphql.maxDepth"
    case graphqlMaxCost = "graphql.maxCost"
    case graphqlMaxPageSize = "graphql.maxPageSize"
    case graphqlDocumentCacheSize = "graphql.documentCacheSize"
    case graphqlPersistedQueryCacheSize = "graphql.persistedQueryCacheSize"
    case graphqlReadModel = "graphql.readModel"
    case loggingLevel = "logging.level"
    case loggingFormat = "logging.format"
    case adminBootstrapToken = "admin.bootstrapToken"

    /// What a key's value must be.
    enum Kind: Sendable, Equatable {
        case integer(ClosedRange<Int>)
        case boolean
        case hostName
        case choice([String])
        case httpURL
        case postgresURL
        case token(minimumLength: Int)
    }

    /// The sections, in the order the dump shows them.
    static let sections = ["server", "database", "graphql", "logging", "admin"]

    var path: String { rawValue }
    var section: String { String(rawValue.prefix { $0 != "." }) }
    var name: String { String(rawValue.drop { $0 != "." }.dropFirst()) }

    var kind: Kind {
        switch self {
        case .serverHost: .hostName
        case .serverPort: .integer(1...65_535)
        case .serverPublicBaseURL: .httpURL
        case .serverMaxBodyBytes: .integer(1024...67_108_864)
        case .serverDrainMilliseconds: .integer(0...120_000)
        case .serverBenchRoutes, .graphqlIntrospection, .graphqlReadModel: .boolean
        case .databaseURL: .postgresURL
        case .databasePoolSize: .integer(1...200)
        case .databasePipelinedConnections: .integer(1...16)
        case .databaseQueryTimeoutMilliseconds: .integer(10...600_000)
        case .databaseConnectTimeoutMilliseconds: .integer(10...120_000)
        case .graphqlMaxDepth: .integer(1...100)
        case .graphqlMaxCost: .integer(1...10_000_000)
        case .graphqlMaxPageSize: .integer(1...1000)
        case .graphqlDocumentCacheSize: .integer(0...1_000_000)
        case .graphqlPersistedQueryCacheSize: .integer(0...10_000_000)
        case .loggingLevel: .choice(LoggingConfiguration.Level.allCases.map(\.rawValue))
        case .loggingFormat: .choice(LoggingConfiguration.Format.allCases.map(\.rawValue))
        case .adminBootstrapToken: .token(minimumLength: 24)
        }
    }

    /// Secrets are never echoed in errors or dumps, and may come from the secrets directory.
    var isSecret: Bool { self == .databaseURL || self == .adminBootstrapToken }

    /// `EMPORIUM_` and the path in SCREAMING_SNAKE_CASE: `server.maxBodyBytes` → `EMPORIUM_SERVER_MAX_BODY_BYTES`.
    var environmentVariableName: String {
        "EMPORIUM_" + rawValue.split(separator: ".").map { Self.screamingSnakeCase(String($0)) }.joined(separator: "_")
    }

    /// The documented kebab-case file name first, then the dotted key.
    var secretFileNames: [String] {
        switch self {
        case .databaseURL: ["database-url", "database.url"]
        case .adminBootstrapToken: ["admin-bootstrap-token", "admin.bootstrapToken"]
        default: []
        }
    }

    /// What the error messages say a value must be.
    var expectation: String {
        switch kind {
        case .integer(let range): "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .boolean: "true or false"
        case .hostName: "a host name or IP address"
        case .choice(let options): "one of " + options.joined(separator: ", ")
        case .httpURL: "an absolute http:// or https:// URL"
        case .postgresURL: "a postgres:// or postgresql:// URL"
        case .token(let minimumLength): "a token of at least \(minimumLength) characters"
        }
    }

    static func screamingSnakeCase(_ camelCase: String) -> String {
        let characters = Array(camelCase)
        var result = ""
        for (index, character) in characters.enumerated() {
            if index > 0, character.isUppercase {
                let previous = characters[index - 1]
                let nextIsLowercase = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLowercase) {
                    result.append("_")
                }
            }
            result.append(contentsOf: character.uppercased())
        }
        return result
    }
}
