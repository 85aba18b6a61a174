import ArgumentParser
import EmporiumPluginHost

/// `emporium plugin-worker PATH`: hosts one plugin library for the engine in a child process
/// (isolation mode `process`). Not for people: the engine starts it and speaks frames on its stdin
/// and stdout (see `PluginWorker`).
struct PluginWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin-worker", abstract: "Host a plugin in a child process (started by the engine).",
        shouldDisplay: false)

    @Argument var path: String

    func run() throws {
        let status = PluginWorker.run(path: path)
        if status != 0 { throw ExitCode(status) }
    }
}
