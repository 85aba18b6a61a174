import Foundation

/// Loads ``EmporiumConfiguration`` from its sources, lowest precedence first: built-in defaults,
/// the YAML file, the secrets directory, `EMPORIUM_…` environment variables, then ``overrides``
/// (the command-line flags, which the executable adds).
///
/// Only the executable creates a loader; it passes in the paths and the environment, so loading is
/// deterministic and testable.
///
/// ```swift
/// var loader = ConfigurationLoader(
///     yamlPath: "emporium.yaml",
///     secretsDirectory: ProcessInfo.processInfo.environment["EMPORIUM_SECRETS_DIR"],
///     environment: ProcessInfo.processInfo.environment
/// )
/// loader.override("server.port", with: "9090", flag: "--port")
/// let configuration = try loader.load()
/// try configuration.validateForServing()
/// ```
public struct ConfigurationLoader: Sendable {
    /// `EMPORIUM_…` variables that are not configuration keys and are therefore not rejected:
    /// `EMPORIUM_SECRETS_DIR`, `EMPORIUM_CONFIG` and `EMPORIUM_DATA_DIR`.
    public static let nonConfigurationEnvironmentVariables: Set<String> = [
        "EMPORIUM_SECRETS_DIR", "EMPORIUM_CONFIG", "EMPORIUM_DATA_DIR",
    ]

    /// A value given on the command line, applied after every other source.
    public struct Override: Sendable, Hashable {
        /// The dotted key, such as `server.port`.
        public var key: String
        /// The value as typed; it is checked like an environment variable's.
        public var value: String
        /// The flag it came from, such as `--port`, for error messages.
        public var flag: String

        /// Creates an override of `key` from `flag`.
        public init(key: String, value: String, flag: String) {
            self.key = key
            self.value = value
            self.flag = flag
        }
    }

    /// The YAML file to read, or nil for none. A path that does not exist is an error.
    public var yamlPath: String?
    /// The directory holding one file per secret (as a Kubernetes Secret volume), or nil for none.
    /// A path that does not exist is an error.
    public var secretsDirectory: String?
    /// The process environment; only variables starting with `EMPORIUM_` are read.
    public var environment: [String: String]
    /// Command-line values, applied last, in order.
    public var overrides: [Override]
    /// `EMPORIUM_…` variables to ignore; defaults to ``nonConfigurationEnvironmentVariables``.
    public var ignoredEnvironmentVariables: Set<String>

    /// Creates a loader; nothing is read until ``load()``.
    public init(yamlPath: String?, secretsDirectory: String?, environment: [String: String]) {
        self.yamlPath = yamlPath
        self.secretsDirectory = secretsDirectory
        self.environment = environment
        self.overrides = []
        self.ignoredEnvironmentVariables = Self.nonConfigurationEnvironmentVariables
    }

    /// Adds a command-line value for the dotted `key`, such as `override("server.port", with: "9090", flag: "--port")`.
    public mutating func override(_ key: String, with value: String, flag: String) {
        overrides.append(Override(key: key, value: value, flag: flag))
    }

    /// Reads every source and returns the merged configuration; the first problem found is thrown.
    public func load() throws(ConfigurationError) -> EmporiumConfiguration {
        var configuration = EmporiumConfiguration()
        if let yamlPath {
            let contents = try YAMLConfigurationFile.read(path: yamlPath)
            for entry in contents.entries {
                entry.key.apply(try entry.key.parse(entry.value, from: entry.source), to: &configuration)
            }
            configuration.plugins = contents.plugins
            configuration.feeds = contents.feeds
        }
        if let secretsDirectory {
            for entry in try SecretsDirectory.read(path: secretsDirectory) {
                entry.key.apply(try entry.key.parse(entry.value, from: entry.source), to: &configuration)
            }
            try FeedPartnerSecrets.apply(directory: secretsDirectory, to: &configuration.feeds)
        }
        try FeedPartnerSecrets.apply(environment: environment, to: &configuration.feeds)
        for entry in try environmentEntries() {
            entry.key.apply(try entry.key.parse(entry.value, from: entry.source), to: &configuration)
        }
        for override in overrides {
            let source = ConfigurationSource.commandLine(flag: override.flag)
            guard let key = ConfigurationKey(rawValue: override.key) else {
                let suggestion = KeySuggestion.closest(to: override.key, among: ConfigurationKey.allCases.map(\.path))
                throw .unknownKey(override.key, at: source, suggestion: suggestion)
            }
            key.apply(try key.parse(.text(override.value), from: source), to: &configuration)
        }
        try FeedPartnerSecrets.validate(configuration.feeds)
        return configuration
    }

    /// Configuration variables in name order; empty values count as unset.
    func environmentEntries() throws(ConfigurationError) -> [ConfigurationEntry] {
        let byName = Dictionary(
            uniqueKeysWithValues: ConfigurationKey.allCases.map { ($0.environmentVariableName, $0) })
        var entries: [ConfigurationEntry] = []
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("EMPORIUM_") {
            if ignoredEnvironmentVariables.contains(name) || FeedPartnerSecrets.isFeedVariable(name) { continue }
            let source = ConfigurationSource.environmentVariable(name: name)
            if name == "EMPORIUM_PLUGINS" || name.hasPrefix("EMPORIUM_PLUGINS_") {
                throw ConfigurationError.at(
                    source, key: "plugins", .unknownKey,
                    "plugins cannot be set from the environment (a variable holds one value, not a list); "
                        + "list them under plugins: in the YAML file")
            }
            guard let key = byName[name] else {
                let suggestion = Self.suggestedVariable(for: name, ignored: ignoredEnvironmentVariables)
                throw ConfigurationError.at(
                    source,
                    key: nil,
                    .unknownKey,
                    "not a configuration variable"
                        + (suggestion.map { "; did you mean \($0)?" } ?? "")
                        + " (other EMPORIUM_ variables allowed: "
                        + ignoredEnvironmentVariables.sorted().joined(separator: ", ") + ")",
                    suggestion: suggestion
                )
            }
            if value.isEmpty { continue }
            entries.append(ConfigurationEntry(key: key, value: .text(value), source: source))
        }
        return entries
    }
}

extension ConfigurationLoader {
    /// Compares without the `EMPORIUM_` prefix, against dotted keys (so `EMPORIUM_PORT` finds
    /// `server.port` by its last component) and the ignored variables.
    static func suggestedVariable(for name: String, ignored: Set<String>) -> String? {
        let prefix = "EMPORIUM_"
        var variableByCandidate: [String: String] = [:]
        for key in ConfigurationKey.allCases { variableByCandidate[key.path] = key.environmentVariableName }
        for variable in ignored where variable.hasPrefix(prefix) {
            variableByCandidate[String(variable.dropFirst(prefix.count))] = variable
        }
        let candidates = variableByCandidate.keys.sorted()
        return KeySuggestion.closest(to: String(name.dropFirst(prefix.count)), among: candidates)
            .flatMap { variableByCandidate[$0] }
    }
}

/// One value from one source.
struct ConfigurationEntry: Sendable, Hashable {
    var key: ConfigurationKey
    var value: RawConfigurationValue
    var source: ConfigurationSource
}

extension ConfigurationError {
    static func unknownKey(_ key: String, at source: ConfigurationSource?, suggestion: String?) -> ConfigurationError {
        .at(
            source,
            key: key,
            .unknownKey,
            "unknown key" + (suggestion.map { "; did you mean \($0)?" } ?? ""),
            suggestion: suggestion
        )
    }
}
