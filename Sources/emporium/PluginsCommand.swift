import ArgumentParser
import EmporiumPluginHost
import EmporiumServer
import Foundation

/// `emporium plugins`: inspect plugin libraries.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "Inspect plugin libraries.", subcommands: [List.self, Verify.self, Call.self])

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

    /// `emporium plugins call PATH --hook H`: loads, initialises and calls a plugin once, in this
    /// process, and prints the response; for plugin authors.
    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "call", abstract: "Call one hook of a plugin library in process and print the JSON response.")

        @Argument(help: "Path of the plugin's shared library (.so).")
        var path: String

        @Option(help: "The hook, e.g. fulfilment.rates.")
        var hook: String

        @Option(help: "The hook's request JSON.")
        var request: String = "{}"

        @Option(help: "The plugin's configuration JSON.")
        var config: String = "{}"

        @Option(help: "Deadline in milliseconds.")
        var timeoutMilliseconds = 2_000

        func run() async throws {
            do {
                let instance = try PluginLibrary.load(path: path).instantiate(configJSON: config)
                defer { instance.shutdown() }
                let response = try await instance.call(
                    hook: hook, request: Array(request.utf8), timeout: .milliseconds(timeoutMilliseconds))
                print(String(decoding: response, as: UTF8.self))
            } catch {
                FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    /// `emporium plugins list`: the configured plugins, each loaded and initialised in this process
    /// with the engine's checks; exit 1 when an enabled one would stop the engine from starting.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract:
                "List the plugins in the configuration, load each one here, and show its version, hooks and status.",
            discussion: "Exits 1 when an enabled plugin fails to load (the engine would refuse to start).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let plugins = try global.load().plugins
            guard !plugins.isEmpty else {
                print("No plugins configured (list them under plugins: in emporium.yaml).")
                return
            }
            var rows = [["#", "ID", "PATH", "ENABLED", "MODE", "CHANNELS", "VERSION", "HOOKS", "STATUS"]]
            var failed = false
            for (index, plugin) in plugins.enumerated() {
                var version = "-"
                var hooks = "-"
                var status = "ok"
                do {
                    let instance = try PluginRegistry.start(plugin, index: index)
                    instance.shutdown()
                    version = "\(instance.manifest.version)"
                    hooks = instance.manifest.hooks.joined(separator: ",")
                } catch {
                    status = "error: \(error.description)"
                    if plugin.enabled { failed = true }
                }
                rows.append([
                    String(index), plugin.id, plugin.path, plugin.enabled ? "yes" : "no", plugin.mode.rawValue,
                    plugin.channels?.joined(separator: ",") ?? "all", version, hooks, status,
                ])
            }
            print(Self.table(rows))
            if failed { throw ExitCode(1) }
        }

        /// Left-aligned columns, two spaces apart; the last column is not padded.
        static func table(_ rows: [[String]]) -> String {
            let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            return rows.map { row in
                row.enumerated().map { column, cell in
                    column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
            }.joined(separator: "\n")
        }
    }
}
