import EmporiumFeeds

extension EngineMetrics {
    /// Counts a generated feed, its items and every adjustment of its report
    /// (`emporium_feed_adjustments_total{partner, format, kind, field}`).
    func recordFeed(partner: String, format: FeedFormat, report: FeedReport) {
        let labels = [("partner", partner), ("format", format.rawValue)]
        registry.makeCounter(
            name: "emporium_feed_generations_total", labels: labels,
            help: "Feed files generated, by partner and format."
        ).increment()
        registry.makeCounter(
            name: "emporium_feed_items_total", labels: labels, help: "Items written into generated feeds."
        ).increment(by: Int64(report.itemsWritten))
        for entry in report.entries {
            registry.makeCounter(
                name: "emporium_feed_adjustments_total",
                labels: labels + [("kind", entry.case.kind.rawValue), ("field", entry.case.field)],
                help: "Values truncated, dropped or cleaned and items left out to meet a partner's rules."
            ).increment(by: Int64(entry.count))
        }
    }
}
