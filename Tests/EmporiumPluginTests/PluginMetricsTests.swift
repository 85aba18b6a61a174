import EmporiumPluginHost
import EmporiumServer
import Foundation
import Logging
import Testing

@Suite("Plugin calls are counted by plugin and hook; failures by code")
struct PluginMetricsTests {
    @Test("a good call, a malformed answer and an overrun deadline show in the metrics with their labels")
    func failuresAreCounted() async throws {
        let metrics = EngineMetrics()
        let registry = try PluginRegistry(
            [
                PluginConfiguration(id: "quantity-limits", path: PluginLibraries.path("QuantityLimits")),
                PluginConfiguration(id: "fixture-malformed-json", path: PluginLibraries.path("FixtureMalformedJSON")),
                PluginConfiguration(
                    id: "fixture-sleeping", path: PluginLibraries.path("FixtureSleeping"), timeoutMilliseconds: 50),
            ],
            metrics: metrics, logger: Logger(label: "test"))
        defer { registry.shutdown() }
        let plugins = Dictionary(uniqueKeysWithValues: registry.loaded.map { ($0.configuration.id, $0) })
        let limits = try #require(plugins["quantity-limits"])
        _ = try await limits.instance.call(
            hook: "cart.validate", request: Array(#"{"lines":[]}"#.utf8), timeout: limits.timeout)
        // The sleeping fixture overruns its 50 ms deadline by 150 ms (in-process, measured).
        for (id, request) in [("fixture-malformed-json", "{}"), ("fixture-sleeping", #"{"sleepMilliseconds":200}"#)] {
            let plugin = try #require(plugins[id])
            await #expect(throws: PluginError.self) {
                _ = try await plugin.instance.call(
                    hook: "fulfilment.rates", request: Array(request.utf8), timeout: plugin.timeout)
            }
        }
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(
            text.contains(#"emporium_plugin_calls_total{plugin="quantity-limits",hook="cart.validate",outcome="ok"} 1"#)
        )
        #expect(
            text.contains(
                #"emporium_plugin_failures_total{plugin="fixture-malformed-json",hook="fulfilment.rates",code="PLUGIN_MALFORMED_RESPONSE"} 1"#
            ))
        #expect(
            text.contains(
                #"emporium_plugin_failures_total{plugin="fixture-sleeping",hook="fulfilment.rates",code="PLUGIN_TIMEOUT"} 1"#
            ))
        #expect(!text.contains(#"emporium_plugin_failures_total{plugin="quantity-limits""#))
    }
}
