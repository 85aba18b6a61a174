import ArgumentParser
import EmporiumCore
import EmporiumPluginHost
import EmporiumPostgres
import EmporiumServer
import Foundation
import Logging

/// `emporium import catalog FILE`: runs a `catalog.source` plugin and upserts its products.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data into the catalog.", subcommands: [Catalog.self])

    /// `emporium import catalog FILE [--plugin ID]`.
    struct Catalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "Import products from FILE with a catalog.source plugin (CSV by default).",
            discussion: """
                The plugin is the one named by --plugin, else the only enabled catalog.source plugin of the \
                configuration, else the bundled csv-catalog-source next to this executable. Each page of \
                products is one transaction; importing the same file again changes nothing.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The file (or other location) the plugin reads.")
        var file: String

        @Option(help: "Id of the catalog.source plugin to use.")
        var plugin: String?

        @Option(help: "Products per page (one transaction each), 1 to 10000.")
        var pageSize = 500

        func validate() throws {
            guard (1...10_000).contains(pageSize) else { throw ValidationError("--page-size must be from 1 to 10000.") }
        }

        func run() async throws {
            let configuration = try global.load()
            let logger = LoggingSetup.bootstrap(configuration.logging)
            let registry = try Self.registry(configuration.plugins, plugin: plugin, logger: logger)
            defer { registry.shutdown() }
            let sources = registry.catalogSources().filter { plugin == nil || $0.id == plugin }
            guard sources.count == 1, let source = sources.first else {
                throw CommandFailure(
                    sources.isEmpty
                        ? (plugin.map { "The plugin \($0) does not implement catalog.source." }
                            ?? "No enabled plugin implements catalog.source; add csv-catalog-source under plugins: "
                            + "in emporium.yaml (see docs/plugins/csv-catalog-source.md).")
                        : "Several catalog.source plugins are enabled (\(sources.map(\.id).joined(separator: ", "))); "
                            + "choose one with --plugin.")
            }
            let location = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
            let pageSize = self.pageSize
            let report = try await withDatabase(configuration, logger: logger) { database in
                do {
                    return try await CatalogImporter(database: database, logger: logger).run(
                        source: source, location: location, pageSize: pageSize)
                } catch let error as CatalogImportError {
                    logger.error("catalog import failed", metadata: ["error": "\(error.debugDescription)"])
                    throw CommandFailure(error.description)
                }
            }
            print(
                "Imported \(report.products) products (\(report.variants) variants) in \(report.pages) "
                    + (report.pages == 1 ? "page " : "pages ")
                    + "from \(file) with \(source.id).")
        }

        /// The bundled sources, found next to the executable when the configuration has none.
        static let bundled = ["csv-catalog-source": "libCSVCatalogSource.so"]

        static func registry(_ plugins: [PluginConfiguration], plugin: String?, logger: Logger) throws
            -> PluginRegistry
        {
            var entries = plugins.filter(\.enabled)
            if let plugin {
                entries = plugins.filter { $0.id == plugin }.map {
                    var entry = $0
                    entry.enabled = true
                    return entry
                }
            }
            if entries.isEmpty, let library = bundled[plugin ?? "csv-catalog-source"],
                let executable = PluginWorkerExecutable.current
            {
                let path = URL(fileURLWithPath: executable).deletingLastPathComponent()
                    .appendingPathComponent(library).path
                if FileManager.default.fileExists(atPath: path) {
                    // A command, not a request: a large page may take its time.
                    entries = [
                        PluginConfiguration(
                            id: plugin ?? "csv-catalog-source", path: path,
                            timeoutMilliseconds: PluginConfiguration.timeoutRange.upperBound)
                    ]
                }
            }
            guard !entries.isEmpty else {
                throw CommandFailure(
                    plugin.map { "No plugin \($0) is configured; list it under plugins: in emporium.yaml." }
                        ?? "No catalog.source plugin is configured; add csv-catalog-source under plugins: in "
                        + "emporium.yaml (see docs/plugins/csv-catalog-source.md).")
            }
            do {
                return try PluginRegistry(entries, logger: logger)
            } catch {
                throw CommandFailure(error.description)
            }
        }
    }
}
