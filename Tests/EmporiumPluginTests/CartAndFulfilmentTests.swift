import EmporiumCore
import EmporiumPluginHost
import EmporiumServer
import Foundation
import Testing

@Suite("QuantityLimits and FlatRateShipping from emporium.yaml, through CartRule and FulfilmentProvider")
struct CartAndFulfilmentTests {
    static let yaml = """
        plugins:
          - id: quantity-limits
            path: \(PluginLibraries.path("QuantityLimits"))
            config: {maxPerOrder: 5, perSKU: {SKU-A: 2}}
          - id: flat-rate-shipping
            path: \(PluginLibraries.path("FlatRateShipping"))
            channels: [web-us]
            config: {currency: USD, rate: 499, freeOver: 10000}
        """

    @Test("cart rules, in process and in a worker process, turn their errors into user errors")
    func cartRules() async throws {
        for yaml in [
            Self.yaml,
            Self.yaml.replacingOccurrences(
                of: "    config: {maxPerOrder", with: "    mode: process\n    config: {maxPerOrder"),
        ] {
            let site = try PluginTestSite(yaml: yaml)
            defer { site.remove() }
            let registry = try site.registry()
            defer { registry.shutdown() }
            let cart = CartValidationRequest(
                channel: "web-eu", lines: [.init(sku: "SKU-A", quantity: 3), .init(sku: "SKU-B", quantity: 4)])
            let rules = registry.cartRules(channel: "web-eu")
            #expect(rules.map(\.id) == ["quantity-limits"])
            let errors = try await CartRules.validate(cart, with: rules)
            #expect(errors.map(\.code) == ["QUANTITY_LIMIT_EXCEEDED", "ORDER_QUANTITY_LIMIT_EXCEEDED"])
            #expect(errors.map(\.field) == [["lines", "0", "quantity"], ["lines"]])
            let fine = CartValidationRequest(lines: [.init(sku: "SKU-A", quantity: 1)])
            #expect(try await CartRules.validate(fine, with: registry.cartRules(channel: nil)).isEmpty)
        }
    }

    @Test("shipping rates through FulfilmentProvider: flat, free over the threshold, other currency, other channel")
    func shippingRates() async throws {
        let site = try PluginTestSite(yaml: Self.yaml)
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        #expect(registry.fulfilmentProviders(channel: "web-eu").isEmpty)
        let provider = try #require(registry.fulfilmentProviders(channel: "web-us").first)
        #expect(provider.capabilities == .rates)
        func rates(_ minorUnits: Int64, _ currency: String = "USD") async throws -> [ShippingRate] {
            try await provider.rates(
                ShippingRateRequest(
                    channel: "web-us", subtotal: Money(minorUnits: minorUnits, currency: currency),
                    totalWeightGrams: 1200, destinationCountry: "US"))
        }
        let standard = try await rates(2500)
        #expect(standard.map(\.price) == [Money(minorUnits: 499, currency: "USD")])
        #expect(standard.first?.id.hasPrefix("flat-rate-shipping:") == true)
        #expect(try await rates(10000).map(\.price.minorUnits) == [0])
        #expect(try await rates(2500, "EUR").isEmpty)
        do {
            _ = try await provider.ship(
                ShipmentRequest(
                    orderReference: "1001", rateID: "flat-rate-shipping:standard",
                    lines: [.init(sku: "SKU-A", quantity: 1)],
                    destination: .init(
                        name: "A", line1: "1 Main St", city: "Springfield", postalCode: "1", countryCode: "US"),
                    idempotencyKey: "k"))
            Issue.record("a rates-only plugin created a shipment")
        } catch {
            #expect(error.code == .failed)
            #expect(error.description.contains("does not implement fulfilment.ship"))
        }
    }
}
