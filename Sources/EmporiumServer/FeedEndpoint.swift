import Crypto
import EmporiumCore
import EmporiumFeeds
import EmporiumPostgres
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `GET` and `HEAD /feeds/{partner}/{format}.xml`: partner authentication (HTTP Basic or a URL
/// token, compared in constant time), then validators from the catalog version, answering
/// conditional requests without generating, then the feed file from ``FeedCache`` (plain or gzip,
/// whole or a range). See `docs/feeds/README.md`.
struct FeedEndpoint: Sendable {
    let partners: [String: FeedPartnerConfiguration]
    let source: PostgresFeedSource
    /// What feeds are generated from: the source, through the catalog decorators if any.
    let catalog: any FeedCatalogSource
    let cache: FeedCache
    let metrics: EngineMetrics
    let mediaBaseURL: String
    let logger: Logger

    init(
        partners: [FeedPartnerConfiguration], database: Database, decorators: CatalogDecorators? = nil,
        metrics: EngineMetrics, mediaBaseURL: String, cacheDirectory: String, logger: Logger
    ) {
        self.partners = Dictionary(uniqueKeysWithValues: partners.map { ($0.name, $0) })
        let source = PostgresFeedSource(database: database)
        self.source = source
        self.catalog = decorators.map { DecoratingFeedSource(source: source, decorators: $0) } ?? source
        self.cache = FeedCache(directory: cacheDirectory, logger: logger)
        self.metrics = metrics
        self.mediaBaseURL = mediaBaseURL
        self.logger = logger
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/feeds/:partner/:file") { request, context in try await respond(request, context: context) }
        router.head("/feeds/:partner/:file") { request, context in try await respond(request, context: context) }
    }

    func respond(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let name = context.parameters.get("partner"), let partner = partners[name],
            Self.isAuthorized(request, partner: partner)
        else {
            return Response(
                status: .unauthorized,
                headers: [
                    .wwwAuthenticate: "Basic realm=\"emporium-feeds\", charset=\"UTF-8\"", .contentType: "text/plain",
                ],
                body: .init(byteBuffer: ByteBuffer(string: "Feed credentials are required.\n")))
        }
        guard let file = context.parameters.get("file"), file.hasSuffix(".xml"),
            let format = FeedFormat(rawValue: String(file.dropLast(4))), partner.formats.contains(format)
        else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "No such feed for this partner.\n")))
        }
        let gzip = FeedRequest.acceptsGzip(request.headers[.acceptEncoding])
        let current = try await source.currentVersion()
        if let ifNoneMatch = request.headers[.ifNoneMatch] {
            if FeedRequest.matches(ifNoneMatch: ifNoneMatch, version: current.version, format: format) {
                return notModified(version: current.version, changedAt: current.changedAt, format: format, gzip: gzip)
            }
        } else if let since = request.headers[.ifModifiedSince],
            FeedRequest.notModified(ifModifiedSince: since, changedAt: current.changedAt)
        {
            return notModified(version: current.version, changedAt: current.changedAt, format: format, gzip: gzip)
        }
        let entry = try await cache.entry(for: "\(partner.name)-\(format.rawValue)", atLeast: current.version) {
            plainPath, gzipPath in
            try await generate(partner: partner, format: format, plainPath: plainPath, gzipPath: gzipPath)
        }
        var headers = validators(version: entry.version, changedAt: entry.changedAt, format: format, gzip: gzip)
        headers[.contentType] = format.contentType
        headers[.acceptRanges] = "bytes"
        if gzip { headers[.contentEncoding] = "gzip" }
        let path = gzip ? entry.gzipPath : entry.plainPath
        let size = gzip ? entry.gzipSize : entry.plainSize
        var outcome = FeedRequest.range(request.headers[.range], size: size)
        if let ifRange = request.headers[.ifRange], ifRange != headers[.eTag] { outcome = .whole }
        switch outcome {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            if request.method == .head { return Response(status: .partialContent, headers: headers) }
            let body = try await FileIO().loadFile(path: path, range: range, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        case .whole:
            headers[.contentLength] = String(size)
            if request.method == .head { return Response(status: .ok, headers: headers) }
            let body = try await FileIO().loadFile(path: path, context: context)
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    private func generate(
        partner: FeedPartnerConfiguration, format: FeedFormat, plainPath: String, gzipPath: String
    ) async throws -> FeedGenerator.Result {
        let started = ContinuousClock.now
        let plain = open(plainPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let packed = open(gzipPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer {
            if plain >= 0 { close(plain) }
            if packed >= 0 { close(packed) }
        }
        guard plain >= 0, packed >= 0 else {
            throw FeedError(code: .output, message: "The feed file could not be created.", underlying: "errno \(errno)")
        }
        let sink = TeeSink([
            FileDescriptorSink(descriptor: plain), try GzipSink(next: FileDescriptorSink(descriptor: packed), level: 1),
        ])
        let generator = FeedGenerator(
            format: format, options: partner.options(mediaBaseURL: mediaBaseURL))
        do {
            let result = try await generator.generate(from: catalog, to: sink)
            metrics.recordFeed(partner: partner.name, format: format, report: result.report)
            var metadata: Logger.Metadata = [
                "feed.partner": "\(partner.name)", "feed.format": "\(format.rawValue)",
                "catalog.version": "\(result.snapshot.version)", "feed.items": "\(result.report.itemsWritten)",
                "duration.ms": "\(Self.milliseconds(ContinuousClock.now - started))",
            ]
            if !result.report.counts.isEmpty { metadata["feed.adjustments"] = "\(result.report.summary)" }
            logger.info("feed generated", metadata: metadata)
            return result
        } catch {
            unlink(plainPath)
            unlink(gzipPath)
            logger.error(
                "feed generation failed",
                metadata: [
                    "feed.partner": "\(partner.name)", "feed.format": "\(format.rawValue)",
                    "error": "\(String(reflecting: error))",
                ])
            throw error
        }
    }

    private func notModified(version: Int64, changedAt: Int64, format: FeedFormat, gzip: Bool) -> Response {
        Response(
            status: .notModified,
            headers: validators(version: version, changedAt: changedAt, format: format, gzip: gzip))
    }

    private func validators(version: Int64, changedAt: Int64, format: FeedFormat, gzip: Bool) -> HTTPFields {
        [
            .eTag: FeedRequest.entityTag(version: version, format: format, gzip: gzip),
            .lastModified: FeedTime.rfc822(changedAt),
            .cacheControl: "private, no-cache",
            .vary: "Accept-Encoding",
        ]
    }

    /// A URL token, or HTTP Basic user and password; both compared as SHA-256 digests, whose
    /// comparison takes the same time wherever the inputs differ.
    static func isAuthorized(_ request: Request, partner: FeedPartnerConfiguration) -> Bool {
        if let expected = partner.token, let presented = request.uri.queryParameters.get("token") {
            return same(presented, expected)
        }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let credentials = String(data: decoded, encoding: .utf8), let colon = credentials.firstIndex(of: ":"),
            let password = partner.password
        else { return false }
        let userMatches = same(String(credentials[..<colon]), partner.username ?? partner.name)
        let passwordMatches = same(String(credentials[credentials.index(after: colon)...]), password)
        return userMatches && passwordMatches
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    private static func same(_ presented: String, _ expected: String) -> Bool {
        SHA256.hash(data: Data(presented.utf8)) == SHA256.hash(data: Data(expected.utf8))
    }
}
