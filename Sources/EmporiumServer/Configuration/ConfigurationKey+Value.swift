import Foundation

/// A checked value, ready to store.
enum ConfigurationValue: Sendable, Hashable {
    case integer(Int)
    case boolean(Bool)
    case text(String)
}

/// A value as a source gave it, before it is checked against its key.
enum RawConfigurationValue: Sendable, Hashable {
    /// Text from the environment, a secret file or the command line.
    case text(String)
    /// A YAML scalar; `integer` and `boolean` are set when YAML resolved its plain form to that type.
    case yamlScalar(String, integer: Int?, boolean: Bool?)

    var string: String {
        switch self {
        case .text(let string), .yamlScalar(let string, _, _): string
        }
    }
}

extension ConfigurationKey {
    /// Checks `raw` against this key's kind; errors name `source` and never show a secret.
    func parse(_ raw: RawConfigurationValue, from source: ConfigurationSource) throws(ConfigurationError)
        -> ConfigurationValue
    {
        switch kind {
        case .integer(let range):
            let number: Int?
            switch raw {
            case .text(let text):
                number = Int(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: ""))
            case .yamlScalar(_, let integer, _):
                number = integer
            }
            guard let number else { throw failure(.invalidType, raw, source) }
            guard range.contains(number) else { throw failure(.outOfRange, raw, source) }
            return .integer(number)
        case .boolean:
            switch raw {
            case .yamlScalar(_, _, let boolean?):
                return .boolean(boolean)
            case .text(let text):
                switch text.trimmingCharacters(in: .whitespaces).lowercased() {
                case "true", "yes", "on", "1": return .boolean(true)
                case "false", "no", "off", "0": return .boolean(false)
                default: throw failure(.invalidType, raw, source)
                }
            case .yamlScalar:
                throw failure(.invalidType, raw, source)
            }
        case .hostName:
            let host = raw.string
            guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                throw failure(.invalidValue, raw, source)
            }
            return .text(host)
        case .choice(let options):
            let choice = raw.string.lowercased()
            guard options.contains(choice) else { throw failure(.invalidValue, raw, source) }
            return .text(choice)
        case .httpURL:
            guard let url = Self.httpURL(raw.string) else { throw failure(.invalidValue, raw, source) }
            return .text(url)
        case .postgresURL:
            guard let problem = Self.postgresURLProblem(raw.string) else { return .text(raw.string) }
            throw failure(.invalidValue, raw, source, note: problem)
        case .token(let minimumLength):
            guard raw.string.count >= minimumLength else {
                throw failure(.invalidValue, raw, source, note: "got \(raw.string.count) characters")
            }
            return .text(raw.string)
        }
    }

    func failure(
        _ code: ConfigurationError.Code,
        _ raw: RawConfigurationValue,
        _ source: ConfigurationSource?,
        note: String? = nil
    ) -> ConfigurationError {
        var detail = "expected \(expectation)"
        if let note {
            detail += ", \(note)"
        } else if !isSecret {
            detail += ", got \(Self.quoted(raw))"
        }
        if isSecret { detail += " (the value is secret and not shown)" }
        return .at(source, key: path, code, detail)
    }

    /// Numbers and booleans YAML resolved are shown bare, everything else quoted and shortened.
    static func quoted(_ raw: RawConfigurationValue, shortened: Bool = true) -> String {
        if case .yamlScalar(let string, let integer, let boolean) = raw, integer != nil || boolean != nil {
            return string
        }
        var string = raw.string
        if shortened, string.count > 60 { string = String(string.prefix(57)) + "..." }
        let escaped = string.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\t": return "\\t"
            case let control where control.value < 0x20 || control.value == 0x7F:
                return "\\u{\(String(control.value, radix: 16))}"
            default: return String(scalar)
            }
        }
        return "\"" + escaped.joined() + "\""
    }

    /// The URL without a trailing slash when it is an absolute http(s) URL with a host, else nil.
    static func httpURL(_ string: String) -> String? {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil
        else { return nil }
        var url = string
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// Why `string` is not a usable PostgreSQL URL, or nil when it is. Never quotes the value.
    static func postgresURLProblem(_ string: String) -> String? {
        guard let components = URLComponents(string: string), let scheme = components.scheme else {
            return "got text that is not a URL (percent-encode reserved characters in the user name and password)"
        }
        guard scheme.lowercased() == "postgres" || scheme.lowercased() == "postgresql" else {
            return "got a URL of another scheme"
        }
        if components.percentEncodedPath.contains("@") || (components.percentEncodedQuery ?? "").contains("@") {
            return "got a URL with \"@\" after the host (percent-encode \"@\", \"/\" and \":\" in the password)"
        }
        return nil
    }

    /// Stores a checked value.
    func apply(_ value: ConfigurationValue, to configuration: inout EmporiumConfiguration) {
        switch (self, value) {
        case (.serverHost, .text(let v)): configuration.server.host = v
        case (.serverPort, .integer(let v)): configuration.server.port = v
        case (.serverPublicBaseURL, .text(let v)): configuration.server.publicBaseURL = v
        case (.serverMaxBodyBytes, .integer(let v)): configuration.server.maxBodyBytes = v
        case (.serverDrainMilliseconds, .integer(let v)): configuration.server.drainMilliseconds = v
        case (.serverBenchRoutes, .boolean(let v)): configuration.server.benchRoutes = v
        case (.databaseURL, .text(let v)): configuration.database.url = v
        case (.databasePoolSize, .integer(let v)): configuration.database.poolSize = v
        case (.databasePipelinedConnections, .integer(let v)): configuration.database.pipelinedConnections = v
        case (.databaseQueryTimeoutMilliseconds, .integer(let v)): configuration.database.queryTimeoutMilliseconds = v
        case (.databaseConnectTimeoutMilliseconds, .integer(let v)):
            configuration.database.connectTimeoutMilliseconds = v
        case (.graphqlIntrospection, .boolean(let v)): configuration.graphql.introspection = v
        case (.graphqlMaxDepth, .integer(let v)): configuration.graphql.maxDepth = v
        case (.graphqlMaxCost, .integer(let v)): configuration.graphql.maxCost = v
        case (.graphqlMaxPageSize, .integer(let v)): configuration.graphql.maxPageSize = v
        case (.graphqlDocumentCacheSize, .integer(let v)): configuration.graphql.documentCacheSize = v
        case (.graphqlPersistedQueryCacheSize, .integer(let v)): configuration.graphql.persistedQueryCacheSize = v
        case (.graphqlReadModel, .boolean(let v)): configuration.graphql.readModel = v
        case (.loggingLevel, .text(let v)):
            if let level = LoggingConfiguration.Level(rawValue: v) { configuration.logging.level = level }
        case (.loggingFormat, .text(let v)):
            if let format = LoggingConfiguration.Format(rawValue: v) { configuration.logging.format = format }
        case (.adminBootstrapToken, .text(let v)): configuration.admin.bootstrapToken = v
        default: assertionFailure("\(path) cannot hold \(value)")
        }
    }

    /// The value stored in `configuration`, or nil for an optional value that is not set.
    func value(in configuration: EmporiumConfiguration) -> ConfigurationValue? {
        switch self {
        case .serverHost: .text(configuration.server.host)
        case .serverPort: .integer(configuration.server.port)
        case .serverPublicBaseURL: configuration.server.publicBaseURL.map(ConfigurationValue.text)
        case .serverMaxBodyBytes: .integer(configuration.server.maxBodyBytes)
        case .serverDrainMilliseconds: .integer(configuration.server.drainMilliseconds)
        case .serverBenchRoutes: .boolean(configuration.server.benchRoutes)
        case .databaseURL: configuration.database.url.map(ConfigurationValue.text)
        case .databasePoolSize: .integer(configuration.database.poolSize)
        case .databasePipelinedConnections: .integer(configuration.database.pipelinedConnections)
        case .databaseQueryTimeoutMilliseconds: .integer(configuration.database.queryTimeoutMilliseconds)
        case .databaseConnectTimeoutMilliseconds: .integer(configuration.database.connectTimeoutMilliseconds)
        case .graphqlIntrospection: .boolean(configuration.graphql.introspection)
        case .graphqlMaxDepth: .integer(configuration.graphql.maxDepth)
        case .graphqlMaxCost: .integer(configuration.graphql.maxCost)
        case .graphqlMaxPageSize: .integer(configuration.graphql.maxPageSize)
        case .graphqlDocumentCacheSize: .integer(configuration.graphql.documentCacheSize)
        case .graphqlPersistedQueryCacheSize: .integer(configuration.graphql.persistedQueryCacheSize)
        case .graphqlReadModel: .boolean(configuration.graphql.readModel)
        case .loggingLevel: .text(configuration.logging.level.rawValue)
        case .loggingFormat: .text(configuration.logging.format.rawValue)
        case .adminBootstrapToken: configuration.admin.bootstrapToken.map(ConfigurationValue.text)
        }
    }
}
