import ArgumentParser
import EmporiumServer
import Foundation

/// `emporium config check`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Inspect configuration.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Print the effective configuration (secrets redacted); exit 1 with the reason when invalid.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            var loader = ConfigurationLoader(
                configFlag: global.config, secretsDirectoryFlag: global.secretsDir,
                environment: ProcessInfo.processInfo.environment)
            if let url = global.databaseURL { loader.override("database.url", with: url, flag: "--database-url") }
            do {
                let configuration = try loader.load()
                print(configuration.redactedDescription())
            } catch {
                FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
