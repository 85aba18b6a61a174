import ArgumentParser

/// The `emporium` command line: see `docs/cli.md`.
@main
struct EmporiumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emporium",
        abstract: "Emporium, a plugin-based headless commerce engine.",
        subcommands: [
            DevCommand.self, ServeCommand.self, MigrateCommand.self, SeedCommand.self, ConfigCommand.self,
            SchemaCommand.self, PluginsCommand.self, PluginWorkerCommand.self, ImportCommand.self,
            FeedCommand.self,
        ])
}
