import Foundation
import Testing

@testable import EmporiumServer

/// A throwaway folder holding a YAML file and a secrets directory.
private struct ConfigurationFixture {
    let root: String

    init() throws {
        root =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("emporium-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/secrets", withIntermediateDirectories: true)
    }

    var yamlPath: String { root + "/emporium.yaml" }
    var secretsDirectory: String { root + "/secrets" }

    func writeYAML(_ text: String) throws {
        try text.write(toFile: yamlPath, atomically: true, encoding: .utf8)
    }

    func writeSecret(_ name: String, _ value: String) throws {
        try value.write(toFile: secretsDirectory + "/" + name, atomically: true, encoding: .utf8)
    }

    func loader(yaml: String? = nil, environment: [String: String] = [:]) throws -> ConfigurationLoader {
        if let yaml { try writeYAML(yaml) }
        return ConfigurationLoader(
            yamlPath: yaml == nil ? nil : yamlPath,
            secretsDirectory: secretsDirectory,
            environment: environment
        )
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// Loads and returns the error, failing the test when loading succeeds.
private func loadError(_ loader: ConfigurationLoader) -> ConfigurationError? {
    do {
        _ = try loader.load()
        Issue.record("expected loading to fail")
        return nil
    } catch {
        return error
    }
}

private func yamlError(_ yaml: String) throws -> (error: ConfigurationError?, path: String) {
    let fixture = try ConfigurationFixture()
    defer { fixture.remove() }
    return (loadError(try fixture.loader(yaml: yaml)), fixture.yamlPath)
}

@Suite("Configuration")
struct ConfigurationTests {
    static let password = "s3cr3t-Pa55word"
    static let databaseURL = "postgres://emporium:\(password)@db.internal:5432/emporium?sslmode=require"
    static let token = "tok_0123456789abcdefghijklmnop"

    @Test func defaultsWhenNothingIsGiven() throws {
        let configuration = try ConfigurationLoader(yamlPath: nil, secretsDirectory: nil, environment: [:]).load()
        #expect(configuration == EmporiumConfiguration())
        #expect(configuration.server.host == "127.0.0.1")
        #expect(configuration.server.port == 8080)
        #expect(configuration.server.maxBodyBytes == 1_048_576)
        #expect(configuration.server.drainMilliseconds == 5000)
        #expect(configuration.server.benchRoutes == false)
        #expect(configuration.server.effectivePublicBaseURL == "http://127.0.0.1:8080")
        #expect(configuration.database.url == nil)
        #expect(configuration.database.poolSize == 8)
        #expect(configuration.database.pipelinedConnections == 1)
        #expect(configuration.database.queryTimeoutMilliseconds == 5000)
        #expect(configuration.database.connectTimeoutMilliseconds == 3000)
        #expect(configuration.graphql.introspection == true)
        #expect(configuration.graphql.maxDepth == 12)
        #expect(configuration.graphql.maxCost == 10_000)
        #expect(configuration.graphql.maxPageSize == 100)
        #expect(configuration.graphql.documentCacheSize == 1000)
        #expect(configuration.graphql.persistedQueryCacheSize == 10_000)
        #expect(configuration.logging.level == .info)
        #expect(configuration.logging.format == .text)
        #expect(configuration.admin.bootstrapToken == nil)
    }

    @Test(arguments: ["", "# only a comment\n", "---\n", "server:\nlogging: ~\n", "server:\n  port: ~\n"])
    func emptyYAMLMeansDefaults(yaml: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        #expect(try fixture.loader(yaml: yaml).load() == EmporiumConfiguration())
    }

    @Test func eachLayerOverridesTheOneBelow() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        let yaml = """
            server:
              port: 9001
              host: 0.0.0.0
            database:
              url: postgres://yaml@localhost/yaml
              poolSize: 20
            logging:
              level: debug
            """
        var loader = try fixture.loader(yaml: yaml)
        var configuration = try loader.load()
        #expect(configuration.server.port == 9001)
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.database.url == "postgres://yaml@localhost/yaml")
        #expect(configuration.database.poolSize == 20)

        try fixture.writeSecret("database-url", "postgres://secret@localhost/secret\n")
        configuration = try loader.load()
        #expect(configuration.database.url == "postgres://secret@localhost/secret")
        #expect(configuration.server.port == 9001)

        loader.environment = [
            "EMPORIUM_SERVER_PORT": "9002",
            "EMPORIUM_DATABASE_URL": "postgres://env@localhost/env",
            "EMPORIUM_LOGGING_LEVEL": "warning",
        ]
        configuration = try loader.load()
        #expect(configuration.server.port == 9002)
        #expect(configuration.database.url == "postgres://env@localhost/env")
        #expect(configuration.logging.level == .warning)
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.database.poolSize == 20)

        loader.override("server.port", with: "9003", flag: "--port")
        loader.override("database.url", with: "postgres://flag@localhost/flag", flag: "--database-url")
        configuration = try loader.load()
        #expect(configuration.server.port == 9003)
        #expect(configuration.database.url == "postgres://flag@localhost/flag")
        #expect(configuration.logging.level == .warning)
        #expect(configuration.server.effectivePublicBaseURL == "http://localhost:9003")
    }

    @Test func everyKeyCanBeSetFromYAMLAndTheEnvironment() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        let yaml = """
            server:
              host: api.internal
              port: 443
              publicBaseURL: https://shop.example.com/
              maxBodyBytes: 2_097_152
              drainMilliseconds: 0
              benchRoutes: yes
            database:
              url: postgresql://localhost/emporium
              poolSize: 200
              pipelinedConnections: 16
              queryTimeoutMilliseconds: 600000
              connectTimeoutMilliseconds: 10
            graphql:
              introspection: false
              maxDepth: 20
              maxCost: 50000
              maxPageSize: 250
              documentCacheSize: 0
              persistedQueryCacheSize: 5
            logging:
              level: TRACE
              format: json
            admin:
              bootstrapToken: \(Self.token)
            """
        let fromYAML = try fixture.loader(yaml: yaml).load()
        #expect(fromYAML.server.publicBaseURL == "https://shop.example.com")
        #expect(fromYAML.server.maxBodyBytes == 2_097_152)
        #expect(fromYAML.server.benchRoutes)
        #expect(fromYAML.graphql.introspection == false)
        #expect(fromYAML.database.pipelinedConnections == 16)
        #expect(fromYAML.graphql.documentCacheSize == 0)
        #expect(fromYAML.logging.level == .trace)
        #expect(fromYAML.logging.format == .json)
        #expect(fromYAML.admin.bootstrapToken == Self.token)

        var environment: [String: String] = [:]
        for key in ConfigurationKey.allCases {
            switch key.value(in: fromYAML) {
            case .integer(let number)?: environment[key.environmentVariableName] = String(number)
            case .boolean(let flag)?: environment[key.environmentVariableName] = String(flag)
            case .text(let text)?: environment[key.environmentVariableName] = text
            case nil: Issue.record("\(key.path) not set")
            }
        }
        let fromEnvironment = try ConfigurationLoader(yamlPath: nil, secretsDirectory: nil, environment: environment)
            .load()
        #expect(fromEnvironment == fromYAML)
    }

    @Test func environmentVariableNames() {
        let names = Dictionary(
            uniqueKeysWithValues: ConfigurationKey.allCases.map { ($0.path, $0.environmentVariableName) })
        #expect(names["server.maxBodyBytes"] == "EMPORIUM_SERVER_MAX_BODY_BYTES")
        #expect(names["server.publicBaseURL"] == "EMPORIUM_SERVER_PUBLIC_BASE_URL")
        #expect(names["database.url"] == "EMPORIUM_DATABASE_URL")
        #expect(names["graphql.persistedQueryCacheSize"] == "EMPORIUM_GRAPHQL_PERSISTED_QUERY_CACHE_SIZE")
        #expect(names["admin.bootstrapToken"] == "EMPORIUM_ADMIN_BOOTSTRAP_TOKEN")
    }

    @Test func emptyEnvironmentValuesAndNonConfigurationVariablesAreIgnored() throws {
        let environment = [
            "EMPORIUM_SERVER_PORT": "",
            "EMPORIUM_SECRETS_DIR": "/run/secrets/emporium",
            "EMPORIUM_CONFIG": "/etc/emporium.yaml",
            "EMPORIUM_DATA_DIR": ".emporium",
            "PATH": "/usr/bin",
            "emporium_lowercase": "x",
        ]
        let configuration = try ConfigurationLoader(yamlPath: nil, secretsDirectory: nil, environment: environment)
            .load()
        #expect(configuration == EmporiumConfiguration())
    }

    // MARK: Secrets directory

    @Test(arguments: [
        ("database-url", "\(databaseURL)\n"),
        ("database-url", "\(databaseURL)\r\n"),
        ("database-url", databaseURL),
        ("database.url", "\(databaseURL)\n\n"),
    ])
    func secretFilesAreReadAndTrimmed(name: String, contents: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        try fixture.writeSecret(name, contents)
        try fixture.writeSecret("admin-bootstrap-token", Self.token + "\n")
        try FileManager.default.createDirectory(
            atPath: fixture.secretsDirectory + "/..2026_01_01_00_00_00.000",
            withIntermediateDirectories: true
        )
        try fixture.writeSecret("unrelated-api-key", "ignored")
        try fixture.writeSecret("database-user", "ignored")
        let configuration = try fixture.loader().load()
        #expect(configuration.database.url == Self.databaseURL)
        #expect(configuration.admin.bootstrapToken == Self.token)
    }

    @Test func allLayersTogether() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        try fixture.writeSecret("database-url", Self.databaseURL + "\n")
        var loader = try fixture.loader(
            yaml: "server:\n  host: 0.0.0.0\n  publicBaseURL: https://shop.example.com\nlogging:\n  format: json\n",
            environment: ["EMPORIUM_DATABASE_POOL_SIZE": "16"]
        )
        loader.override("server.port", with: "9090", flag: "--port")
        let configuration = try loader.load()
        try configuration.validateForServing()
        let dump = configuration.redactedDescription()
        #expect(dump.contains("  host: \"0.0.0.0\"\n  port: 9090\n  publicBaseURL: \"https://shop.example.com\"\n"))
        #expect(dump.contains("  poolSize: 16\n"))
        #expect(dump.contains("  format: \"json\"\n"))
        #expect(!dump.contains(Self.password))
    }

    @Test func dottedAdminSecretName() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        try fixture.writeSecret("admin.bootstrapToken", Self.token)
        #expect(try fixture.loader().load().admin.bootstrapToken == Self.token)
    }

    @Test func conflictingSecretFilesAreAnError() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        try fixture.writeSecret("database-url", "postgres://a@localhost/a")
        try fixture.writeSecret("database.url", "postgres://b@localhost/b")
        let error = loadError(try fixture.loader())
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("keep only database-url") == true)
    }

    @Test func misspelledSecretFileSuggestsTheRightName() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        try fixture.writeSecret("database_url", "postgres://a@localhost/a")
        let error = loadError(try fixture.loader())
        #expect(error?.code == .unknownKey)
        #expect(error?.suggestion == "database-url")
        #expect(
            error?.message
                == "secret file \(fixture.secretsDirectory)/database_url: not a known secret file; did you mean database-url?"
        )
    }

    // MARK: Errors

    @Test func missingFilesAreFileNotFound() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        let noYAML = loadError(ConfigurationLoader(yamlPath: fixture.yamlPath, secretsDirectory: nil, environment: [:]))
        #expect(noYAML?.code == .fileNotFound)
        #expect(noYAML?.message == "\(fixture.yamlPath): no such configuration file")
        let noSecrets = loadError(
            ConfigurationLoader(yamlPath: nil, secretsDirectory: fixture.root + "/missing", environment: [:])
        )
        #expect(noSecrets?.code == .fileNotFound)
        #expect(noSecrets?.message == "secret file \(fixture.root)/missing: no such secrets directory")
    }

    @Test func malformedYAMLIsInvalidYAML() throws {
        let (error, path) = try yamlError("server:\n  port: [8080\n")
        #expect(error?.code == .invalidYAML)
        #expect(error?.message.hasPrefix("\(path):") == true)
        #expect(error?.message.contains("not valid YAML") == true)
    }

    @Test func repeatedKeysAreInvalidYAML() throws {
        let (error, path) = try yamlError("server:\n  port: 1\n  port: 2\n")
        #expect(error?.code == .invalidYAML)
        #expect(error?.message == "\(path):3:3: server.port: appears more than once")
    }

    @Test func wrongTypeInYAMLNamesFileLineKeyAndExpectation() throws {
        let (error, path) = try yamlError("server:\n  port: 80a\n")
        #expect(error?.code == .invalidType)
        #expect(error?.key == "server.port")
        #expect(error?.message == "\(path):2:9: server.port: expected an integer from 1 to 65535, got \"80a\"")
        #expect(error?.description == error?.message)
    }

    @Test(arguments: [
        ("server:\n  port: \"abc\"\n", "server.port: expected an integer from 1 to 65535, got \"abc\""),
        ("server:\n  port: \"8080\"\n", "server.port: expected an integer from 1 to 65535, got \"8080\""),
        ("graphql:\n  introspection: maybe\n", "graphql.introspection: expected true or false, got \"maybe\""),
        ("graphql:\n  maxDepth: 1.5\n", "graphql.maxDepth: expected an integer from 1 to 100, got \"1.5\""),
        ("server:\n  host: [a, b]\n", "server.host: expected a host name or IP address, got a list"),
        ("server: 8080\n", "server: expected a mapping, got 8080"),
        ("- server\n", "expected a mapping of sections (server, database, …) at the top level, got a list"),
    ])
    func wrongTypesAreInvalidType(yaml: String, expected: String) throws {
        let (error, _) = try yamlError(yaml)
        #expect(error?.code == .invalidType)
        #expect(error?.message.hasSuffix(expected) == true, "\(String(describing: error?.message))")
    }

    @Test func wrongTypeInTheEnvironmentNamesTheVariable() {
        let loader = ConfigurationLoader(
            yamlPath: nil, secretsDirectory: nil, environment: ["EMPORIUM_SERVER_PORT": "abc"])
        let error = loadError(loader)
        #expect(error?.code == .invalidType)
        #expect(
            error?.message
                == "environment variable EMPORIUM_SERVER_PORT: server.port: expected an integer from 1 to 65535, got \"abc\""
        )
    }

    @Test(arguments: [
        ("server:\n  port: 70000\n", "server.port: expected an integer from 1 to 65535, got 70000"),
        ("server:\n  maxBodyBytes: 512\n", "server.maxBodyBytes: expected an integer from 1024 to 67108864, got 512"),
        ("database:\n  poolSize: 0\n", "database.poolSize: expected an integer from 1 to 200, got 0"),
        (
            "database:\n  pipelinedConnections: 17\n",
            "database.pipelinedConnections: expected an integer from 1 to 16, got 17"
        ),
    ])
    func numbersOutsideTheirRangeAreOutOfRange(yaml: String, expected: String) throws {
        let (error, _) = try yamlError(yaml)
        #expect(error?.code == .outOfRange)
        #expect(error?.message.hasSuffix(expected) == true, "\(String(describing: error?.message))")
    }

    @Test func commandLineOverrideOutOfRangeNamesTheFlag() {
        var loader = ConfigurationLoader(yamlPath: nil, secretsDirectory: nil, environment: [:])
        loader.override("server.drainMilliseconds", with: "-1", flag: "--drain-milliseconds")
        let error = loadError(loader)
        #expect(error?.code == .outOfRange)
        #expect(
            error?.message
                == "command-line flag --drain-milliseconds: server.drainMilliseconds: expected an integer from 0 to 120000, got \"-1\""
        )
    }

    @Test(arguments: [
        (
            "logging:\n  level: loud\n",
            "logging.level: expected one of trace, debug, info, notice, warning, error, critical, got \"loud\""
        ),
        ("logging:\n  format: xml\n", "logging.format: expected one of text, json, got \"xml\""),
        (
            "server:\n  publicBaseURL: ftp://shop.example.com\n",
            "server.publicBaseURL: expected an absolute http:// or https:// URL, got \"ftp://shop.example.com\""
        ),
        (
            "server:\n  publicBaseURL: /relative\n",
            "server.publicBaseURL: expected an absolute http:// or https:// URL, got \"/relative\""
        ),
        ("server:\n  host: a b\n", "server.host: expected a host name or IP address, got \"a b\""),
    ])
    func unacceptableValuesAreInvalidValue(yaml: String, expected: String) throws {
        let (error, _) = try yamlError(yaml)
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasSuffix(expected) == true, "\(String(describing: error?.message))")
    }

    @Test(arguments: [
        "mysql://emporium:\(password)@db/emporium",
        "postgres://emporium:\(password)@db/x@y",
        "\(password)",
    ])
    func invalidDatabaseURLNeverShowsTheSecret(url: String) {
        let loader = ConfigurationLoader(
            yamlPath: nil, secretsDirectory: nil, environment: ["EMPORIUM_DATABASE_URL": url])
        let error = loadError(loader)
        #expect(error?.code == .invalidValue)
        #expect(
            error?.message.hasPrefix(
                "environment variable EMPORIUM_DATABASE_URL: database.url: expected a postgres:// or postgresql:// URL")
                == true)
        #expect(error?.message.contains(Self.password) == false)
        #expect(error?.debugDescription.contains(Self.password) == false)
    }

    @Test func shortBootstrapTokenIsInvalidAndNotShown() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        try fixture.writeSecret("admin-bootstrap-token", "short-secret\n")
        let error = loadError(try fixture.loader())
        #expect(error?.code == .invalidValue)
        #expect(
            error?.message
                == "secret file \(fixture.secretsDirectory)/admin-bootstrap-token: admin.bootstrapToken: expected a token of at least 24 characters, got 12 characters (the value is secret and not shown)"
        )
    }

    @Test func secretsInWrongTypedYAMLAreNotShown() throws {
        let (error, _) = try yamlError("admin:\n  bootstrapToken: [\(Self.token)]\n")
        #expect(error?.code == .invalidType)
        #expect(error?.message.contains(Self.token) == false)
    }

    @Test func servingRequiresTheDatabaseURL() throws {
        let error = #expect(throws: ConfigurationError.self) { try EmporiumConfiguration().validateForServing() }
        #expect(error?.code == .missingRequired)
        #expect(
            error?.message
                == "database.url: required to serve and migrate; set EMPORIUM_DATABASE_URL, put it in the secret file database-url of the secrets directory, or pass --database-url"
        )
        var configuration = EmporiumConfiguration()
        configuration.database.url = Self.databaseURL
        try configuration.validateForServing()
    }

    @Test func validationCatchesValuesSetInCode() {
        var configuration = EmporiumConfiguration()
        configuration.database.url = Self.databaseURL
        configuration.graphql.maxPageSize = 0
        let error = #expect(throws: ConfigurationError.self) { try configuration.validateForServing() }
        #expect(error?.code == .outOfRange)
        #expect(error?.message == "defaults: graphql.maxPageSize: expected an integer from 1 to 1000, got 0")
    }

    // MARK: Unknown keys

    @Test(arguments: [
        ("server:\n  prot: 80\n", "server.prot", "server.port", "2:3"),
        ("server:\n  max_body_bytes: 1\n", "server.max_body_bytes", "server.maxBodyBytes", "2:3"),
        ("server:\n  poolSize: 1\n", "server.poolSize", "database.poolSize", "2:3"),
        ("port: 80\n", "port", "server.port", "1:1"),
        ("graphQL:\n  maxDepth: 3\n", "graphQL", "graphql", "1:1"),
    ])
    func unknownYAMLKeysSuggestTheClosestKey(yaml: String, key: String, suggestion: String, position: String) throws {
        let (error, path) = try yamlError(yaml)
        #expect(error?.code == .unknownKey)
        #expect(error?.suggestion == suggestion)
        #expect(error?.message == "\(path):\(position): \(key): unknown key; did you mean \(suggestion)?")
    }

    @Test func unknownKeyFarFromAnyHasNoSuggestion() throws {
        let (error, path) = try yamlError("server:\n  colour: blue\n")
        #expect(error?.code == .unknownKey)
        #expect(error?.suggestion == nil)
        #expect(error?.message == "\(path):2:3: server.colour: unknown key")
    }

    @Test(arguments: [
        ("EMPORIUM_SERVER_PRT", "EMPORIUM_SERVER_PORT"),
        ("EMPORIUM_PORT", "EMPORIUM_SERVER_PORT"),
        ("EMPORIUM_DATABASE_POOLSIZE", "EMPORIUM_DATABASE_POOL_SIZE"),
        ("EMPORIUM_SECRET_DIR", "EMPORIUM_SECRETS_DIR"),
    ])
    func unknownEnvironmentVariablesSuggestTheClosestName(name: String, suggestion: String) {
        let loader = ConfigurationLoader(yamlPath: nil, secretsDirectory: nil, environment: [name: "1"])
        let error = loadError(loader)
        #expect(error?.code == .unknownKey)
        #expect(error?.suggestion == suggestion)
        #expect(
            error?.message.hasPrefix(
                "environment variable \(name): not a configuration variable; did you mean \(suggestion)?") == true)
    }

    @Test func unknownOverrideKey() {
        var loader = ConfigurationLoader(yamlPath: nil, secretsDirectory: nil, environment: [:])
        loader.override("server.prot", with: "1", flag: "--port")
        let error = loadError(loader)
        #expect(error?.code == .unknownKey)
        #expect(error?.message == "command-line flag --port: server.prot: unknown key; did you mean server.port?")
    }

    // MARK: Redaction

    @Test func redactedDescriptionHidesSecrets() throws {
        var configuration = EmporiumConfiguration()
        configuration.database.url = Self.databaseURL
        configuration.admin.bootstrapToken = Self.token
        let dump = configuration.redactedDescription()
        #expect(dump.contains("  url: \"postgres://emporium:<redacted>@db.internal:5432/emporium?sslmode=require\""))
        #expect(dump.contains("  bootstrapToken: <redacted>"))
        #expect(dump.contains("  publicBaseURL: \"http://127.0.0.1:8080\"  # derived from host and port"))
        #expect(dump.contains("  port: 8080"))
        #expect(dump.contains("  level: \"info\""))

        var dumped = ""
        Swift.dump(configuration, to: &dumped)
        for rendering in [
            dump, "\(configuration)", String(reflecting: configuration), dumped,
            "\(configuration.database)", "\(configuration.admin)",
        ] {
            #expect(!rendering.contains(Self.password))
            #expect(!rendering.contains(Self.token))
        }
    }

    @Test func redactedDescriptionShowsUnsetSecrets() {
        let dump = EmporiumConfiguration().redactedDescription()
        #expect(dump.contains("  url: <not set>"))
        #expect(dump.contains("  bootstrapToken: <not set>"))
        #expect(dump.split(separator: "\n").count == ConfigurationKey.allCases.count + ConfigurationKey.sections.count)
    }

    @Test(arguments: [
        (
            "postgres://u:\(password)@h/d?password=\(password)&sslmode=verify-full",
            "postgres://u:<redacted>@h/d?password=<redacted>&sslmode=verify-full"
        ),
        ("postgresql:///emporium?host=/var/run/postgresql", "postgresql:///emporium?host=<redacted>"),
        ("postgres://h:5433", "postgres://h:5433"),
        ("not a url \(password)", "<redacted>"),
    ])
    func databaseURLRedaction(url: String, shown: String) {
        #expect(RedactedValue.databaseURL(url) == shown)
    }

    // MARK: Command line and documentation

    @Test func commandLineLoaderPicksPaths() {
        let fromFlags = ConfigurationLoader(
            configFlag: "a.yaml",
            secretsDirectoryFlag: "/s",
            environment: ["EMPORIUM_CONFIG": "b.yaml", "EMPORIUM_SECRETS_DIR": "/t"],
            fileExists: { _ in true }
        )
        #expect(fromFlags.yamlPath == "a.yaml")
        #expect(fromFlags.secretsDirectory == "/s")
        let fromEnvironment = ConfigurationLoader(
            configFlag: nil,
            secretsDirectoryFlag: nil,
            environment: ["EMPORIUM_CONFIG": "b.yaml", "EMPORIUM_SECRETS_DIR": "/t"],
            fileExists: { _ in true }
        )
        #expect(fromEnvironment.yamlPath == "b.yaml")
        #expect(fromEnvironment.secretsDirectory == "/t")
        let fallback = ConfigurationLoader(
            configFlag: nil, secretsDirectoryFlag: nil, environment: [:], fileExists: { _ in true })
        #expect(fallback.yamlPath == "emporium.yaml")
        #expect(fallback.secretsDirectory == nil)
        let none = ConfigurationLoader(
            configFlag: nil, secretsDirectoryFlag: nil, environment: [:], fileExists: { _ in false })
        #expect(none.yamlPath == nil)
    }

    @Test func referenceDocumentsEveryKey() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/configuration.md")
        let reference = try String(contentsOf: docs, encoding: .utf8)
        for key in ConfigurationKey.allCases {
            #expect(reference.contains("`\(key.path)`"), "docs/configuration.md lacks \(key.path)")
            #expect(reference.contains("`\(key.environmentVariableName)`"), "docs lack \(key.environmentVariableName)")
            for name in key.secretFileNames {
                #expect(reference.contains("`\(name)`"), "docs lack secret file \(name)")
            }
            if case .integer(let range) = key.kind {
                #expect(
                    reference.contains("\(range.lowerBound)…\(range.upperBound)"), "docs lack the range of \(key.path)")
            }
        }
        for name in ConfigurationLoader.nonConfigurationEnvironmentVariables {
            #expect(reference.contains("`\(name)`"))
        }
    }
}

// MARK: Plugins

extension ConfigurationTests {
    static let digest = String(repeating: "ab", count: 32)

    @Test func pluginsAreReadInOrderWithDefaults() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        let configuration = try fixture.loader(
            yaml: """
                plugins:
                  - id: quantity-limits
                    path: plugins/libQuantityLimits.so
                    sha256: \(Self.digest.uppercased())
                    channels: [web-eu, web-us]
                    config:
                      maxPerOrder: 5
                      perSKU: {SKU-1: 2}
                    mode: in-process
                    timeoutMilliseconds: 500
                    deadline: enforce
                    enabled: false
                  - id: flat-rate-shipping
                    path: /opt/emporium/libFlatRateShipping.so
                    mode: process
                """
        ).load()
        #expect(configuration.plugins.map(\.id) == ["quantity-limits", "flat-rate-shipping"])
        let first = configuration.plugins[0]
        #expect(first.path == fixture.root + "/plugins/libQuantityLimits.so")
        #expect(first.sha256 == Self.digest)
        #expect(first.channels == ["web-eu", "web-us"])
        #expect(first.configJSON == #"{"maxPerOrder":5,"perSKU":{"SKU-1":2}}"#)
        #expect(first.configKeyCount == 2)
        #expect(first.timeoutMilliseconds == 500)
        #expect(first.deadline == .enforce && first.deadlineMode == .enforce)
        #expect(first.enabled == false)
        #expect(first.source == .yamlFile(path: fixture.yamlPath, line: 2, column: 5))
        #expect(first.runs(forChannel: "web-eu") && !first.runs(forChannel: "b2b") && !first.runs(forChannel: nil))
        let second = configuration.plugins[1]
        #expect(second.path == "/opt/emporium/libFlatRateShipping.so")
        #expect(second.sha256 == nil && second.channels == nil && second.configJSON == "{}")
        #expect(second.mode == .process && second.timeoutMilliseconds == 2000 && second.enabled)
        #expect(second.deadline == nil)
        #expect(second.runs(forChannel: "anything") && second.runs(forChannel: nil))
        try configuration.validate()
    }

    @Test func relativePluginPathsResolveAgainstTheYAMLFolder() {
        #expect(
            YAMLConfigurationFile.resolve("libA.so", relativeTo: "/etc/emporium/emporium.yaml")
                == "/etc/emporium/libA.so")
        #expect(
            YAMLConfigurationFile.resolve("../lib/libA.so", relativeTo: "/etc/emporium/emporium.yaml")
                == "/etc/lib/libA.so")
        #expect(
            YAMLConfigurationFile.resolve("/usr/lib/libA.so", relativeTo: "/etc/emporium/emporium.yaml")
                == "/usr/lib/libA.so")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(YAMLConfigurationFile.resolve("p/libA.so", relativeTo: "emporium.yaml") == cwd + "/p/libA.so")
    }

    @Test func pluginConfigBecomesJSON() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        let plugin = try fixture.loader(
            yaml: #"""
                plugins:
                  - id: p
                    path: libP.so
                    config:
                      currency: USD
                      rate: 499
                      big: 0x1F
                      free: true
                      none: ~
                      ratio: 0.5
                      quoted: "499"
                      text: 'say "hi" \ back'
                      nested: {a: [1, two, {b: false}], "x y": []}
                      multi: |
                        line1
                        line2
                """#
        ).load().plugins[0]
        let expected =
            #"{"currency":"USD","rate":499,"big":31,"free":true,"none":null,"ratio":0.5,"quoted":"499","#
            + #""text":"say \"hi\" \\ back","nested":{"a":[1,"two",{"b":false}],"x y":[]},"multi":"line1\nline2"}"#
        #expect(plugin.configJSON == expected)
        #expect(plugin.configKeyCount == 10)
        let parsed = try JSONSerialization.jsonObject(with: Data(plugin.configJSON.utf8)) as? [String: Any]
        #expect(parsed?["text"] as? String == #"say "hi" \ back"#)
        #expect(YAMLNodeJSON.quoted("a\u{1}b\tc") == #""a\u0001b\tc""#)
    }

    @Test(arguments: [
        ("plugins: {a: 1}\n", "1:10: plugins: expected a list of plugins (- id: …, path: …), got a mapping"),
        ("plugins:\n  - libX.so\n", "2:5: plugins[0]: expected a mapping with at least id and path, got \"libX.so\""),
        ("plugins:\n  - path: x.so\n", "2:5: plugins[0].id: required (the plugin's id, as its manifest declares it)"),
        ("plugins:\n  - id: a\n", "2:5: plugins[0].path: required (the path of the plugin's shared library)"),
        (
            "plugins:\n  - id: a\n    path: x.so\n  - id: b\n    path: y.so\n    sha256: abc\n",
            "6:13: plugins[1].sha256: expected 64 hexadecimal digits"
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    sha256: \(String(repeating: "g", count: 64))\n",
            "4:13: plugins[0].sha256: expected 64 hexadecimal digits"
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n  - id: a\n    path: y.so\n",
            "4:5: plugins[1].id: \"a\" is already the id of plugins[0]; each plugin is listed once"
        ),
        (
            "plugins:\n  - id: Quantity_Limits\n    path: x.so\n",
            "2:9: plugins[0].id: expected a kebab-case or reverse-DNS id (lower-case letters, digits, '-', '.'), got \"Quantity_Limits\""
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    sha265: x\n",
            "4:5: plugins[0].sha265: unknown key; did you mean plugins[0].sha256?"
        ),
        ("plugins:\n  - id: a\n    path: x.so\n    id: b\n", "4:5: plugins[0].id: appears more than once"),
        (
            "plugins:\n  - id: a\n    path: x.so\n    mode: sandbox\n",
            "4:11: plugins[0].mode: expected one of in-process, process, got \"sandbox\""
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    timeoutMilliseconds: 0\n",
            "4:26: plugins[0].timeoutMilliseconds: expected an integer from 1 to 60000, got 0"
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    timeoutMilliseconds: 60001\n",
            "4:26: plugins[0].timeoutMilliseconds: expected an integer from 1 to 60000, got 60001"
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    timeoutMilliseconds: fast\n",
            "4:26: plugins[0].timeoutMilliseconds: expected an integer from 1 to 60000, got \"fast\""
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    deadline: kill\n",
            "4:15: plugins[0].deadline: expected one of measure, enforce, got \"kill\""
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    mode: process\n    deadline: measure\n",
            "5:15: plugins[0].deadline: \"measure\" applies to in-process plugins only; a plugin in mode process always "
                + "has its deadline enforced (its worker is stopped): remove deadline, or set mode to in-process"
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    enabled: maybe\n",
            "4:14: plugins[0].enabled: expected true or false, got \"maybe\""
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    config: [1]\n",
            "4:13: plugins[0].config: expected a mapping of the plugin's settings, got a list"
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    channels: web\n",
            "4:15: plugins[0].channels: expected a list of channel names, got \"web\""
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    channels: []\n",
            "4:15: plugins[0].channels: expected a list of channel names, got an empty list; leave channels out to run the plugin on every channel, or set enabled: false"
        ),
        (
            "plugins:\n  - id: a\n    path: x.so\n    config: {rate: .inf}\n",
            "4:20: plugins[0].config.rate: JSON has no infinity or NaN; quote it to pass it as text"
        ),
        ("plugin:\n  - id: a\n", "1:1: plugin: unknown key; did you mean plugins?"),
    ])
    func pluginErrorsNamePositionEntryAndExpectation(yaml: String, expected: String) throws {
        let (error, path) = try yamlError(yaml)
        #expect(error?.message == "\(path):\(expected)")
    }

    @Test func pluginsCannotComeFromTheEnvironment() {
        let error = loadError(
            ConfigurationLoader(yamlPath: nil, secretsDirectory: nil, environment: ["EMPORIUM_PLUGINS": "[]"]))
        #expect(error?.code == .unknownKey)
        #expect(
            error?.message
                == "environment variable EMPORIUM_PLUGINS: plugins: plugins cannot be set from the environment "
                + "(a variable holds one value, not a list); list them under plugins: in the YAML file")
    }

    @Test func redactedDescriptionCountsPluginConfigKeys() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.remove() }
        let configuration = try fixture.loader(
            yaml: "plugins:\n  - id: gateway\n    path: /p/libG.so\n    channels: [web]\n"
                + "    config: {apiKey: sk_live_SECRET, mode: live}\n"
        ).load()
        let dump = configuration.redactedDescription()
        #expect(
            dump.hasSuffix(
                """
                plugins:
                  - id: "gateway"
                    path: "/p/libG.so"
                    sha256: <not set>
                    channels: ["web"]
                    config: <2 keys>
                    mode: in-process
                    timeoutMilliseconds: 2000
                    deadline: measure
                    enabled: true
                """))
        var dumped = ""
        Swift.dump(configuration, to: &dumped)
        var dumpedPlugin = ""
        Swift.dump(configuration.plugins[0], to: &dumpedPlugin)
        for rendering in [dump, "\(configuration)", dumped, dumpedPlugin, "\(configuration.plugins)"] {
            #expect(!rendering.contains("sk_live_SECRET"))
        }
    }

    @Test func validateChecksPluginsBuiltInCode() {
        var configuration = EmporiumConfiguration()
        configuration.plugins = [
            PluginConfiguration(id: "a", path: "/a.so"), PluginConfiguration(id: "a", path: "/b.so"),
        ]
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration.plugins = [PluginConfiguration(id: "a", path: "/a.so", mode: .process, deadline: .enforce)]
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration.plugins = [PluginConfiguration(id: "a", path: "/a.so", timeoutMilliseconds: 0)]
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }
}
