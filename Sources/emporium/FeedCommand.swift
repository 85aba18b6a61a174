import ArgumentParser
import EmporiumCore
import EmporiumFeeds
import EmporiumPostgres
import EmporiumServer
import Foundation

/// `emporium feed …`: product feeds outside the HTTP server.
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Product feeds for partners.",
        subcommands: [FeedExportCommand.self, FeedBenchCommand.self])
}

/// `emporium feed export --partner P --format F --out FILE[.gz]`: the bytes the server would
/// serve, written to a temporary file in the same folder and renamed into place, so a CDN or S3
/// sync never sees half a feed.
struct FeedExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a partner's feed to a file atomically (gzip when FILE ends in .gz).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The partner, as listed under feeds: in the configuration.")
    var partner: String

    @Option(help: "google, google-atom, meta or emporium.")
    var format: String

    @Option(help: "The file to write; a name ending in .gz is gzip-compressed.")
    var out: String

    @Option(help: "gzip level for .gz output, 1 (fastest) to 9.")
    var gzipLevel = 6

    func validate() throws {
        guard FeedFormat(rawValue: format) != nil else {
            throw ValidationError(
                "Unknown format \"\(format)\"; use one of "
                    + FeedFormat.allCases.map(\.rawValue).joined(separator: ", ")
                    + ".")
        }
        guard (1...9).contains(gzipLevel) else { throw ValidationError("--gzip-level must be from 1 to 9.") }
    }

    func run() async throws {
        let configuration = try global.load()
        let logger = LoggingSetup.bootstrap(configuration.logging)
        guard let partner = configuration.feeds.first(where: { $0.name == self.partner }) else {
            let known = configuration.feeds.map(\.name)
            throw CommandFailure(
                "No feed partner \"\(self.partner)\" in the configuration; "
                    + (known.isEmpty
                        ? "list partners under feeds: in emporium.yaml." : "known: \(known.joined(separator: ", ")).")
            )
        }
        let format = FeedFormat(rawValue: self.format)!
        guard partner.formats.contains(format) else {
            throw CommandFailure(
                "Partner \"\(partner.name)\" does not receive the \(format.rawValue) format; it has "
                    + partner.formats.map(\.rawValue).joined(separator: ", ") + ".")
        }
        // The feed shows what storefronts show: catalog.decorate plugins apply here too.
        let plugins: PluginRegistry
        do {
            plugins = try PluginRegistry(configuration.plugins, logger: logger)
        } catch {
            throw CommandFailure("\(error)")
        }
        defer { plugins.shutdown() }
        let decorators = plugins.catalogDecorators()
        let chain =
            decorators.isEmpty
            ? nil
            : CatalogDecorators(decorators) { error in
                logger.warning(
                    "catalog decorator failed; its products are exported undecorated",
                    metadata: ["error": "\(error.debugDescription)"])
            }
        let target = URL(fileURLWithPath: out).standardizedFileURL
        // Devices and pipes (/dev/null, /dev/stdout) are written in place: there is nothing to rename.
        var status = stat()
        let special = stat(target.path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
        let temporary =
            special
            ? target.path
            : target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
                .path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure(
                "Cannot write in \(target.deletingLastPathComponent().path): \(String(cString: strerror(errno))).")
        }
        let options = partner.options(mediaBaseURL: configuration.server.effectivePublicBaseURL)
        let level = gzipLevel
        let result: FeedGenerator.Result
        do {
            let compressed = target.pathExtension == "gz"
            result = try await withDatabase(configuration, logger: logger) { database in
                let file = FileDescriptorSink(descriptor: descriptor)
                let sink: any FeedSink = compressed ? try GzipSink(next: file, level: level) : file
                let source = PostgresFeedSource(database: database)
                let catalog: any FeedCatalogSource =
                    chain.map { DecoratingFeedSource(source: source, decorators: $0) } ?? source
                return try await FeedGenerator(format: format, options: options).generate(from: catalog, to: sink)
            }
            guard special || fsync(descriptor) == 0, close(descriptor) == 0 else {
                throw CommandFailure("Cannot finish \(temporary): \(String(cString: strerror(errno))).")
            }
        } catch {
            close(descriptor)
            if !special { unlink(temporary) }
            if let failure = error as? CommandFailure { throw failure }
            throw CommandFailure("The feed could not be exported: \(error).")
        }
        guard special || rename(temporary, target.path) == 0 else {
            unlink(temporary)
            throw CommandFailure("Cannot rename the feed into \(target.path): \(String(cString: strerror(errno))).")
        }
        print(
            "Wrote \(result.report.itemsWritten) items of catalog version \(result.snapshot.version) to \(target.path)."
        )
        for entry in result.report.entries {
            print("  \(entry.case.kind.rawValue) \(entry.case.field): \(entry.count)")
        }
    }
}
