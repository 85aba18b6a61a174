import EmporiumCore
import EmporiumPluginHost
import EmporiumServer
import Foundation
import Logging

/// A temporary folder with an `emporium.yaml` for the pricing plugins, and the carts the tests price.
struct PricingSite {
    let root: String

    init(yaml: String) throws {
        root =
            FileManager.default.temporaryDirectory.appendingPathComponent("emporium-pricing-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try yaml.write(toFile: root + "/emporium.yaml", atomically: true, encoding: .utf8)
    }

    /// Loads `emporium.yaml` and starts its plugins, as the engine does at start-up.
    func registry() throws -> PluginRegistry {
        let configuration = try ConfigurationLoader(
            yamlPath: root + "/emporium.yaml", secretsDirectory: nil, environment: [:]
        ).load()
        return try PluginRegistry(
            configuration.plugins,
            workerExecutable: PluginLibraries.directory.appendingPathComponent("emporium").path,
            logger: Logger(label: "test"))
    }

    /// The start-up error's description, or nil when every plugin started.
    func startupFailure() throws -> String? {
        do {
            try registry().shutdown()
            return nil
        } catch let error as PluginLoadError {
            return error.description
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    static let promotions = PluginLibraries.path("Promotions")
    static let taxRates = PluginLibraries.path("TaxRates")
    /// 2026-11-27T11:00:00Z.
    static let now: Int64 = 1_795_777_200

    static func line(_ id: String, _ sku: String, _ quantity: Int64, _ price: Int64, _ categories: [String] = [])
        -> PricedCart.Line
    {
        PricedCart.Line(
            id: id, sku: sku, productID: "product-\(sku)", quantity: quantity, unitPrice: price, categories: categories)
    }

    static func cart(
        _ lines: [PricedCart.Line], coupons: [String] = [], redemptions: [String: Int64] = [:],
        currency: String = "EUR", pricesIncludeTax: Bool = false
    ) -> PricedCart {
        PricedCart(
            channel: "web-eu", currency: currency, lines: lines, couponCodes: coupons, couponRedemptions: redemptions,
            customer: .init(email: "ada@example.com"), pricesIncludeTax: pricesIncludeTax, now: now)
    }
}
