import Crypto
import EmporiumPluginHost
import Foundation
import Testing

@Suite("Plugin host: loading and refusals")
struct PluginLoadingTests {
    @Test("a Swift plugin loads through dlopen and its manifest is read")
    func loadsSwiftPlugin() throws {
        let library = try PluginLibrary.load(path: PluginLibraries.path("QuantityLimits"))
        #expect(library.manifest.id == "quantity-limits")
        #expect(library.manifest.hooks == ["cart.validate"])
        #expect(library.manifest.abiTagFields["lang"] == "swift")
        #expect(library.manifest.configSchema.contains("maxPerOrder"))
    }

    @Test("the SHA-256 is checked before anything is loaded")
    func checksum() throws {
        let path = PluginLibraries.path("QuantityLimits")
        let digest = SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path)))
            .map { String(format: "%02x", $0) }.joined()
        _ = try PluginLibrary.load(path: path, sha256: digest)
        #expect(throws: PluginError.self) {
            try PluginLibrary.load(path: path, sha256: String(repeating: "0", count: 64))
        }
        do {
            _ = try PluginLibrary.load(path: path, sha256: String(repeating: "0", count: 64))
        } catch {
            #expect(error.code == .checksumMismatch)
            #expect(error.description.contains(digest))
        }
    }

    @Test("files that are not plugins are refused with the check that failed")
    func refusals() {
        let cases: [(String, PluginError.Code)] = [
            ("/nonexistent/libNothing.so", .fileNotFound),
            ("/bin/sh", .notALibrary),
            (Self.systemLibrary, .entryMissing),
        ]
        for (path, code) in cases {
            do {
                _ = try PluginLibrary.load(path: path)
                Issue.record("\(path) loaded")
            } catch {
                #expect(error.code == code, "\(path): \(error)")
            }
        }
    }

    @Test("a Swift plugin built with another toolchain, or for another engine, is refused")
    func environment() throws {
        var other = PluginHostEnvironment.current
        other.swiftVersion = "5.10"
        #expect(throws: PluginError.self) {
            try PluginLibrary.load(path: PluginLibraries.path("QuantityLimits"), environment: other)
        }
        var future = PluginHostEnvironment.current
        future.engineVersion = SemanticVersion("2.0.0")!
        do {
            _ = try PluginLibrary.load(path: PluginLibraries.path("QuantityLimits"), environment: future)
            Issue.record("loaded into an unsupported engine")
        } catch {
            #expect(error.code == .engineUnsupported)
            #expect(error.description.contains("0.1.0"))
        }
    }

    static var systemLibrary: String {
        for candidate in [
            "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1",
            "/usr/lib/aarch64-linux-gnu/libz.so.1",
        ]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return "/usr/lib/x86_64-linux-gnu/libc.so.6"
    }
}

@Suite("QuantityLimits plugin through the C ABI")
struct QuantityLimitsTests {
    func instance(_ config: [String: Any]) throws(PluginError) -> PluginInstance {
        try PluginLibrary.load(path: PluginLibraries.path("QuantityLimits"))
            .instantiate(configJSON: String(decoding: PluginLibraries.json(config), as: UTF8.self))
    }

    @Test("limits per SKU and per order")
    func limits() async throws {
        let plugin = try instance(["maxPerOrder": 5, "perSKU": ["SKU-1": 2]])
        defer { plugin.shutdown() }
        let ok = try await plugin.call(
            hook: "cart.validate", request: PluginLibraries.json(["lines": [["sku": "SKU-1", "quantity": 2]]]),
            timeout: .seconds(2))
        #expect((PluginLibraries.object(ok)["errors"] as? [Any])?.isEmpty == true)
        let over = try await plugin.call(
            hook: "cart.validate",
            request: PluginLibraries.json([
                "lines": [["sku": "SKU-1", "quantity": 3], ["sku": "SKU-2", "quantity": 4]]
            ]),
            timeout: .seconds(2))
        let codes = (PluginLibraries.object(over)["errors"] as? [[String: Any]] ?? []).compactMap {
            $0["code"] as? String
        }
        #expect(codes == ["QUANTITY_LIMIT_EXCEEDED", "ORDER_QUANTITY_LIMIT_EXCEEDED"])
    }

    @Test("bad configuration and bad requests get precise errors; unknown hooks are refused")
    func errors() async throws {
        for config: [String: Any] in [["maxPerOrder": 0], ["maxPerOrder": "ten"], ["perSKU": ["A": -1]], ["limit": 3]] {
            do {
                _ = try instance(config)
                Issue.record("accepted \(config)")
            } catch {
                #expect(error.code == .configInvalid)
                #expect(error.description.contains("config."))
            }
        }
        let plugin = try instance([:])
        defer { plugin.shutdown() }
        do {
            _ = try await plugin.call(
                hook: "cart.validate", request: Array("{\"lines\": 3}".utf8), timeout: .seconds(2))
            Issue.record("accepted a malformed request")
        } catch {
            #expect(error.code == .invalidRequest)
        }
        do {
            _ = try await plugin.call(hook: "pricing.adjust", request: Array("{}".utf8), timeout: .seconds(2))
            Issue.record("accepted an unknown hook")
        } catch {
            #expect(error.code == .unsupportedHook)
        }
    }
}
