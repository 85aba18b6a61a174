import EmporiumCore

/// Generates one feed: reads the catalog from a ``FeedCatalogSource`` batch by batch and writes
/// each batch through a ``FeedWriter`` before reading the next, so memory stays constant
/// whatever the catalog's size.
///
/// ```swift
/// let generator = FeedGenerator(format: .google, options: FeedOptions(channel: "web-us"))
/// let sink = try GzipSink(next: FileDescriptorSink(descriptor: fd))
/// let result = try await generator.generate(from: source, to: sink)
/// logger.info("feed written", metadata: ["feed.report": "\(result.report.summary)"])
/// ```
public struct FeedGenerator: Sendable {
    /// The format written.
    public let format: FeedFormat
    /// What the feed contains.
    public let options: FeedOptions

    /// Creates a generator.
    public init(format: FeedFormat, options: FeedOptions) {
        self.format = format
        self.options = options
    }

    /// What a generation produced.
    public struct Result: Sendable {
        /// The catalog snapshot the feed was written from.
        public var snapshot: FeedCatalogSnapshot
        /// What was written and every adjustment made.
        public var report: FeedReport
    }

    /// Reads `source` and writes the whole document into `sink` (which is finished at the end).
    public func generate(from source: some FeedCatalogSource, to sink: any FeedSink) async throws -> Result {
        let writer = try FeedWriter(sink: sink)
        var encoder = makeEncoder()
        var report = FeedReport()
        var started = false
        let scope: FeedCatalogScope = format == .emporium ? .allChannels : .channel(options.channel)
        let batchSize =
            options.batchSize ?? (format == .emporium ? FeedOptions.catalogBatchSize : FeedOptions.partnerBatchSize)
        let snapshot = try await source.readFeedCatalog(
            scope: scope, categorySlugs: options.categories, batchSize: batchSize
        ) { batch in
            if !started {
                try encoder.begin(snapshot: batch.snapshot, writer: writer, report: &report)
                started = true
            }
            // Borrowed through the buffer: iterating the array would copy (retain) every product.
            try batch.products.withUnsafeBufferPointer { products throws(FeedError) in
                for index in products.indices { try encoder.write(products[index], writer: writer, report: &report) }
            }
        }
        if !started { try encoder.begin(snapshot: snapshot, writer: writer, report: &report) }
        try encoder.end(writer: writer)
        return Result(snapshot: snapshot, report: report)
    }

    /// Writes `products` (already in memory) as one document; for tests and small exports.
    public func generate(
        snapshot: FeedCatalogSnapshot, products: [FeedProduct], to sink: any FeedSink
    ) throws(FeedError) -> FeedReport {
        let writer = try FeedWriter(sink: sink)
        var encoder = makeEncoder()
        var report = FeedReport()
        try encoder.begin(snapshot: snapshot, writer: writer, report: &report)
        for product in products { try encoder.write(product, writer: writer, report: &report) }
        try encoder.end(writer: writer)
        return report
    }

    private func makeEncoder() -> any FeedEncoder {
        switch format {
        case .google: RSSFeedEncoder(profile: .google, options: options)
        case .meta: RSSFeedEncoder(profile: .meta, options: options)
        case .googleAtom: AtomFeedEncoder(options: options)
        case .emporium: CatalogFeedEncoder(options: options)
        }
    }
}
