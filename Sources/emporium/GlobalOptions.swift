import ArgumentParser
import EmporiumPostgres
import EmporiumServer
import Foundation
import Logging

/// Options every command that reads configuration takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "YAML configuration file (default: EMPORIUM_CONFIG, else ./emporium.yaml when present).")
    var config: String?

    @Option(help: "Directory with one file per secret, e.g. database-url (default: EMPORIUM_SECRETS_DIR).")
    var secretsDir: String?

    @Option(help: "PostgreSQL URL; overrides EMPORIUM_DATABASE_URL and the configuration.")
    var databaseURL: String?

    /// Loads the configuration with the command's flag overrides applied.
    func load(overrides: [(key: String, value: String, flag: String)] = []) throws -> EmporiumConfiguration {
        var loader = ConfigurationLoader(
            configFlag: config, secretsDirectoryFlag: secretsDir, environment: ProcessInfo.processInfo.environment)
        if let databaseURL { loader.override("database.url", with: databaseURL, flag: "--database-url") }
        for override in overrides { loader.override(override.key, with: override.value, flag: override.flag) }
        do {
            return try loader.load()
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// Process-wide logging set-up from the configuration.
enum LoggingSetup {
    static func bootstrap(_ configuration: LoggingConfiguration) -> Logger {
        // Log lines carry the local time. With `TZ` unset, glibc checks `/etc/localtime` (a `stat`)
        // for every line; naming the same file once makes it read the zone once. Set at start-up,
        // before the engine's threads run (`setenv` is not safe against concurrent readers).
        if getenv("TZ") == nil { setenv("TZ", ":/etc/localtime", 0) }
        let level = Logger.Level(rawValue: configuration.level.rawValue) ?? .info
        switch configuration.format {
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "emporium")
        logger.logLevel = level
        return logger
    }
}

/// Runs `body` with a database pool that is running, then shuts the pool down. Every database call
/// (a whole transaction included) must finish within `queryTimeout`.
func withDatabase<Result: Sendable>(
    _ configuration: EmporiumConfiguration, queryTimeout: Duration = .seconds(300), logger: Logger,
    _ body: @Sendable (Database) async throws -> Result
) async throws -> Result {
    guard let urlText = configuration.database.url else {
        throw CommandFailure(
            "No database URL: pass --database-url, set EMPORIUM_DATABASE_URL, or put database-url in the secrets directory."
        )
    }
    let url: DatabaseURL
    do {
        url = try DatabaseURL(urlText)
    } catch {
        throw CommandFailure(error.message)
    }
    let database = Database(
        url: url,
        options: .init(
            poolSize: 2, queryTimeout: queryTimeout,
            connectTimeout: .milliseconds(configuration.database.connectTimeoutMilliseconds)),
        logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await database.client.run() }
        defer { group.cancelAll() }
        return try await body(database)
    }
}
