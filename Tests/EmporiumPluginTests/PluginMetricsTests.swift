import EmporiumCore
import EmporiumServer
import Foundation
import Logging
import Testing

@testable import EmporiumPluginHost

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

    @Test("a metered plugin in process is still called in place by the pricing adapter, and its calls counted")
    func meteredPricingCallsInPlace() async throws {
        let metrics = EngineMetrics()
        let configuration = #"{"promotions":[{"id":"ten","label":"10% off","type":"percentage","percent":10}]}"#
        let registry = try PluginRegistry(
            [
                PluginConfiguration(id: "promotions", path: PricingSite.promotions, configJSON: configuration),
                PluginConfiguration(id: "fixture-malformed-json", path: PluginLibraries.path("FixtureMalformedJSON")),
            ],
            metrics: metrics, logger: Logger(label: "test"))
        defer { registry.shutdown() }
        let plugins = Dictionary(uniqueKeysWithValues: registry.loaded.map { ($0.configuration.id, $0) })
        let promotions = try #require(plugins["promotions"])
        let rule = PluginPricingRule(plugin: promotions.instance, timeout: promotions.timeout)
        #expect(rule.callsInPlace)
        let cart = PricingSite.cart([PricingSite.line("l1", "SKU-1", 2, 1_000)])
        let priced = try await rule.adjust(PricingResult(cart: cart))
        let discounted =
            priced.adjustments.lineDiscounts.map(\.amount).reduce(0, +)
            + priced.adjustments.orderDiscounts.map(\.amount).reduce(0, +)
        #expect(discounted == 200)
        _ = try await rule.adjust(PricingResult(cart: cart))

        // A plugin that does not implement the hook is refused in place too, and counted as such.
        let malformed = try #require(plugins["fixture-malformed-json"])
        let refused = PluginPricingRule(plugin: malformed.instance, timeout: malformed.timeout)
        #expect(refused.callsInPlace)
        await #expect(throws: PricingError.self) { _ = try await refused.adjust(PricingResult(cart: cart)) }

        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(
            text.contains(#"emporium_plugin_calls_total{plugin="promotions",hook="pricing.adjust",outcome="ok"} 2"#))
        #expect(
            text.contains(
                #"emporium_plugin_failures_total{plugin="fixture-malformed-json",hook="pricing.adjust",code="PLUGIN_UNSUPPORTED_HOOK"} 1"#
            ))
    }
}
