import EmporiumCore
import EmporiumPluginHost
import Prometheus
import Synchronization

/// The engine's Prometheus metrics. Each engine owns its registry, so tests can run several.
public final class EngineMetrics: Sendable {
    /// The registry rendered by `GET /metrics`.
    public let registry: PrometheusCollectorRegistry
    private let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// Operation names seen so far; past ``maxOperationNames`` new names are counted as `other`,
    /// because clients choose them and each name is a time series.
    private let operationNames = Mutex<Set<String>>([])
    /// Distinct operation-name labels kept.
    static let maxOperationNames = 200

    /// Creates the metrics in a fresh registry (or a given one).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Counts a finished HTTP request and records its latency.
    func recordRequest(route: String, operation: String, status: Int, duration: Duration) {
        let operation = boundedOperationName(operation)
        let labels = [("route", route), ("operation", operation), ("status", String(status))]
        registry.makeCounter(
            name: "emporium_http_requests_total", labels: labels,
            help: "HTTP requests by route, GraphQL operation and status."
        ).increment()
        registry.makeDurationHistogram(
            name: "emporium_http_request_duration_seconds", labels: labels, buckets: buckets,
            help: "HTTP request latency by route, GraphQL operation and status."
        ).recordNanoseconds(duration.nanoseconds)
    }

    private func boundedOperationName(_ name: String) -> String {
        operationNames.withLock { names in
            if names.contains(name) { return name }
            guard names.count < Self.maxOperationNames, name.utf8.count <= 100 else { return "other" }
            names.insert(name)
            return name
        }
    }

    /// The handles of one plugin hook's call metrics, made once when the plugin starts: looking
    /// them up in the registry on every call (a lock, and the label pairs hashed, per metric) cost
    /// more CPU than an in-process plugin call itself.
    struct PluginCallMetrics: Sendable {
        let plugin: String
        let hook: String
        let succeeded: Counter
        let failed: Counter
        let duration: DurationHistogram
    }

    /// The call metrics of `plugin`'s `hook`. Plugin ids and hooks come from loaded manifests, so
    /// the label sets are bounded.
    func pluginCallMetrics(plugin: String, hook: String) -> PluginCallMetrics {
        func calls(_ outcome: String) -> Counter {
            registry.makeCounter(
                name: "emporium_plugin_calls_total",
                labels: [("plugin", plugin), ("hook", hook), ("outcome", outcome)],
                help: "Plugin calls by plugin, hook and outcome.")
        }
        return PluginCallMetrics(
            plugin: plugin, hook: hook, succeeded: calls("ok"), failed: calls("error"),
            duration: registry.makeDurationHistogram(
                name: "emporium_plugin_call_duration_seconds", labels: [("plugin", plugin), ("hook", hook)],
                buckets: buckets, help: "Plugin call latency by plugin and hook."))
    }

    /// Counts a plugin call by plugin, hook and outcome, records its latency, and counts a failure
    /// by its code.
    func recordPluginCall(_ metrics: PluginCallMetrics, failure: PluginError.Code?, duration: Duration) {
        (failure == nil ? metrics.succeeded : metrics.failed).increment()
        metrics.duration.recordNanoseconds(duration.nanoseconds)
        if let failure {
            registry.makeCounter(
                name: "emporium_plugin_failures_total",
                labels: [("plugin", metrics.plugin), ("hook", metrics.hook), ("code", failure.value)],
                help: "Failed plugin calls by plugin, hook and error code (timeout, malformed output, crash, error)."
            ).increment()
        }
    }

    /// Sets the database pool gauges.
    func recordPool(inUse: Int, size: Int) {
        registry.makeGauge(
            name: "emporium_database_pool_in_use", help: "Database calls in flight (connections in use)."
        )
        .set(Double(inUse))
        registry.makeGauge(name: "emporium_database_pool_size", help: "Maximum connections in the database pool.")
            .set(Double(size))
    }

    /// The text exposition format.
    func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
