import Crypto
import EmporiumPluginHost
import EmporiumServer
import EmporiumTesting
import Foundation
import Logging
import Testing

/// A temporary folder with an `emporium.yaml` that lists plugins.

@Suite("Plugin registry: plugins from emporium.yaml")
struct PluginRegistryTests {
    static let quantityLimits = PluginLibraries.path("QuantityLimits")
    static let flatRateShipping = PluginLibraries.path("FlatRateShipping")

    static func sha256(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    static let cart = PluginLibraries.json(["lines": [["sku": "SKU-1", "quantity": 3]]])

    @Test("enabled plugins load in order, get their config from YAML and are called through instances(for:channel:)")
    func loadsAndCalls() async throws {
        let site = try PluginTestSite(
            yaml: """
                plugins:
                  - id: quantity-limits
                    path: \(Self.quantityLimits)
                    sha256: \(try Self.sha256(Self.quantityLimits))
                    channels: [web-eu]
                    timeoutMilliseconds: 1500
                    config:
                      maxPerOrder: 10
                      perSKU: {SKU-1: 2}
                  - id: flat-rate-shipping
                    path: \(Self.flatRateShipping)
                    config: {currency: USD, rate: 499, freeOver: 5000}
                  - id: switched-off
                    path: does/not/exist.so
                    enabled: false
                """)
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        #expect(registry.instances.map(\.id) == ["quantity-limits", "flat-rate-shipping"])
        #expect(registry.loaded.map(\.index) == [0, 1])
        #expect(registry.loaded[0].timeout == .milliseconds(1500))

        let validators = registry.plugins(for: "cart.validate", channel: "web-eu")
        #expect(validators.map(\.configuration.id) == ["quantity-limits"])
        let response = try await validators[0].instance.call(
            hook: "cart.validate", request: Self.cart, timeout: validators[0].timeout)
        let codes = (PluginLibraries.object(response)["errors"] as? [[String: Any]] ?? []).compactMap {
            $0["code"] as? String
        }
        #expect(codes == ["QUANTITY_LIMIT_EXCEEDED"])

        #expect(registry.instances(for: "cart.validate", channel: "web-us").isEmpty)
        #expect(registry.instances(for: "cart.validate", channel: nil).isEmpty)
        #expect(registry.instances(for: "fulfilment.rates", channel: "web-us").map(\.id) == ["flat-rate-shipping"])
        #expect(registry.instances(for: "fulfilment.rates", channel: nil).map(\.id) == ["flat-rate-shipping"])
        #expect(registry.instances(for: "pricing.adjust", channel: "web-eu").isEmpty)

        let rates = try await registry.instances(for: "fulfilment.rates", channel: "web-us")[0].call(
            hook: "fulfilment.rates",
            request: Array(
                #"{"currency":"USD","subtotal":{"minorUnits":1234,"currency":"USD"},"totalWeightGrams":100,"destination":{"countryCode":"US"}}"#
                    .utf8),
            timeout: .seconds(2))
        #expect(String(decoding: rates, as: UTF8.self).contains(#""minorUnits":499"#))

        registry.shutdown()
        await #expect(throws: PluginError.self) {
            try await validators[0].instance.call(hook: "cart.validate", request: Self.cart, timeout: .seconds(1))
        }
    }

    @Test("a relative path is resolved against the folder of emporium.yaml")
    func relativePath() throws {
        let site = try PluginTestSite(
            yaml: "plugins:\n  - id: quantity-limits\n    path: plugins/libQuantityLimits.so\n")
        defer { site.remove() }
        try FileManager.default.createDirectory(atPath: site.root + "/plugins", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Self.quantityLimits, toPath: site.root + "/plugins/libQuantityLimits.so")
        let registry = try site.registry()
        defer { registry.shutdown() }
        #expect(registry.loaded[0].configuration.path == site.root + "/plugins/libQuantityLimits.so")
    }

    @Test("an id that is not the library's own stops start-up and says what to change")
    func idMismatch() throws {
        let site = try PluginTestSite(
            yaml: "plugins:\n  - id: quantity-limits\n    path: \(Self.quantityLimits)\n"
                + "  - id: limits\n    path: \(Self.quantityLimits)\n")
        defer { site.remove() }
        let error = try site.startupError()
        #expect(error?.code == .idMismatch)
        #expect(error?.index == 1)
        #expect(
            error?.description
                == "\(site.yamlPath):4:5: plugins[1] (limits): \(Self.quantityLimits) is the plugin \"quantity-limits\", "
                + "not \"limits\"; set plugins[1].id to quantity-limits, or point plugins[1].path at the library of "
                + "limits [PLUGIN_ID_MISMATCH]")
    }

    @Test("a wrong SHA-256 stops start-up with both digests")
    func wrongChecksum() throws {
        let zeros = String(repeating: "0", count: 64)
        let site = try PluginTestSite(
            yaml: "plugins:\n  - id: quantity-limits\n    path: \(Self.quantityLimits)\n    sha256: \(zeros)\n")
        defer { site.remove() }
        let error = try site.startupError()
        #expect(error?.code == .hostRefused)
        #expect(error?.underlying?.code == .checksumMismatch)
        let actual = try Self.sha256(Self.quantityLimits)
        #expect(
            error?.description
                == "\(site.yamlPath):2:5: plugins[0] (quantity-limits): the SHA-256 of \(Self.quantityLimits) is "
                + "\(actual), not the configured \(zeros); rebuild or update the configuration. If the library was "
                + "updated on purpose, put its SHA-256 in plugins[0].sha256. [PLUGIN_CHECKSUM_MISMATCH]")
    }

    @Test("a missing file stops start-up and points at the path")
    func missingFile() throws {
        let site = try PluginTestSite(yaml: "plugins:\n  - id: quantity-limits\n    path: libNope.so\n")
        defer { site.remove() }
        let error = try site.startupError()
        #expect(error?.underlying?.code == .fileNotFound)
        #expect(
            error?.description
                == "\(site.yamlPath):2:5: plugins[0] (quantity-limits): \(site.root)/libNope.so does not exist or "
                + "cannot be read. Fix plugins[0].path (a relative path is resolved against the folder of the YAML "
                + "file). [PLUGIN_FILE_NOT_FOUND]")
    }

    @Test("a configuration outside the plugin's schema stops start-up with the host's message")
    func configRejected() throws {
        let site = try PluginTestSite(
            yaml: "plugins:\n  - id: quantity-limits\n    path: \(Self.quantityLimits)\n    config: {maxPerOrder: 0}\n")
        defer { site.remove() }
        let error = try site.startupError()
        #expect(error?.underlying?.code == .configInvalid)
        #expect(error?.description.contains("config.maxPerOrder: must be at least 1") == true)
        #expect(error?.description.hasSuffix("Fix plugins[0].config. [PLUGIN_CONFIG_INVALID]") == true)
    }

    @Test("mode: process hosts the plugin in a worker process, with the same answers")
    func processMode() async throws {
        let site = try PluginTestSite(
            yaml:
                "plugins:\n  - id: quantity-limits\n    path: \(Self.quantityLimits)\n    mode: process\n    config: {maxPerOrder: 1}\n"
        )
        defer { site.remove() }
        #expect(try site.configuration().plugins[0].mode == .process)
        let registry = try site.registry()
        defer { registry.shutdown() }
        let plugin = try #require(registry.instances(for: "cart.validate", channel: nil).first)
        #expect(plugin is ProcessPluginInstance)
        let answer = try await plugin.call(hook: "cart.validate", request: Self.cart, timeout: .seconds(5))
        #expect(String(decoding: answer, as: UTF8.self).contains("ORDER_QUANTITY_LIMIT_EXCEEDED"))
    }

    @Test("emporium plugins list loads each configured plugin and prints a table")
    func listCommand() throws {
        let executable = PluginLibraries.directory.appendingPathComponent("emporium").path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build the emporium product first")
        let site = try PluginTestSite(
            yaml: """
                plugins:
                  - id: quantity-limits
                    path: \(Self.quantityLimits)
                    channels: [web-eu, web-us]
                  - id: flat-rate-shipping
                    path: \(Self.flatRateShipping)
                    config: {currency: USD, rate: 499}
                  - id: spare
                    path: missing.so
                    enabled: false
                """)
        defer { site.remove() }
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("EMPORIUM_") }
        let ok = try ChildProcess.run(
            executable, ["plugins", "list", "--config", site.yamlPath], environment: environment)
        #expect(ok.status == 0, "\(ok.output)")
        let lines = ok.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("#  ID") == true, "\(ok.output)")
        #expect(
            lines.contains {
                $0.contains("quantity-limits") && $0.contains("1.0.0") && $0.contains("cart.validate")
                    && $0.contains("web-eu,web-us") && $0.hasSuffix("ok")
            })
        #expect(
            lines.contains {
                $0.contains("flat-rate-shipping") && $0.contains("fulfilment.rates") && $0.hasSuffix("ok")
            })
        #expect(lines.contains { $0.contains("spare") && $0.contains("PLUGIN_FILE_NOT_FOUND") })

        try "plugins:\n  - id: limits\n    path: \(Self.quantityLimits)\n".write(
            toFile: site.yamlPath, atomically: true, encoding: .utf8)
        let failing = try ChildProcess.run(
            executable, ["plugins", "list", "--config", site.yamlPath], environment: environment)
        #expect(failing.status == 1)
        #expect(failing.output.contains("PLUGIN_ID_MISMATCH"), "\(failing.output)")
    }
}
