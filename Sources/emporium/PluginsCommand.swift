import ArgumentParser
import EmporiumPluginHost
import Foundation

/// `emporium plugins`: inspect plugin libraries.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "Inspect plugin libraries.", subcommands: [Verify.self])

    /// `emporium plugins verify PATH`: every load-time check, without starting the server.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract:
                "Check a plugin library: file, SHA-256, entry symbol, ABI version, manifest, toolchain, engine range.")

        @Argument(help: "Path of the plugin's shared library (.so).")
        var path: String

        @Option(help: "Expected SHA-256 of the file, hex (as in emporium.yaml).")
        var sha256: String?

        func run() async throws {
            do {
                let library = try PluginLibrary.load(path: path, sha256: sha256)
                let manifest = library.manifest
                print(
                    """
                    ok: \(path)
                      id:       \(manifest.id)
                      version:  \(manifest.version)
                      engine:   >= \(manifest.engineMinimum), < \(manifest.engineLimit) (this engine: \(PluginHostEnvironment.current.engineVersion))
                      abi:      \(manifest.abiTag)
                      hooks:    \(manifest.hooks.joined(separator: ", "))
                      config schema: \(manifest.configSchema.count) bytes
                    """)
            } catch {
                FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
