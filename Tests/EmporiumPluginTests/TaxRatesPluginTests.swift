import EmporiumCore
import EmporiumPluginHost
import EmporiumServer
import Testing

@Suite("TaxRates plugin through the TaxCalculator protocol")
struct TaxRatesPluginTests {
    static func site(taxShipping: Bool = true, rates: String? = nil) throws -> PricingSite {
        try PricingSite(
            yaml: """
                plugins:
                  - id: tax-rates
                    path: \(PricingSite.taxRates)
                    config:
                      name: VAT
                      taxShipping: \(taxShipping)
                      rates: \(rates ?? "[{country: DE, ratePerMillion: 190000}, {country: US, ratePerMillion: 50000, name: Sales tax}, {country: US, region: CA, ratePerMillion: 72500, name: Sales tax}]")
                """)
    }

    static func request(
        _ country: String, _ region: String?, included: Bool, lines: [PricedCart.Line], shipping: Int64 = 500,
        orderDiscount: Int64 = 0
    ) -> TaxRequest {
        var pricing = PricingResult(
            cart: PricingSite.cart(lines, currency: country == "DE" ? "EUR" : "USD", pricesIncludeTax: included))
        if orderDiscount > 0 {
            pricing.adjustments.orderDiscounts = [.init(amount: orderDiscount, label: "Spring", promotionID: "spring")]
        }
        return TaxRequest(
            pricing: pricing, address: .init(countryCode: country, region: region), shipping: shipping)
    }

    static func summary(_ result: TaxResult) -> [String] {
        result.lines.map { line in
            let target =
                switch line.target {
                case .line(let id): id
                case .shipping: "shipping"
                }
            return "\(target):\(line.jurisdiction):\(line.ratePerMillion):\(line.taxableAmount):\(line.amount)"
        }
    }

    @Test("tax on top, per line, rounded half to even; a region's rate overrides its country's")
    func excludedAndRegion() async throws {
        let site = try Self.site()
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let calculator = try #require(registry.taxCalculators(channel: "web-us").first)
        let lines = [PricingSite.line("l1", "LAMP", 1, 1999), PricingSite.line("l2", "BULB", 1, 200)]

        let california = try await calculator.tax(Self.request("US", "CA", included: false, lines: lines))
        // 1999 × 7.25 % = 144.93 → 145; 200 × 7.25 % = 14.5 → 14 (half to even); 500 → 36.25 → 36.
        #expect(
            Self.summary(california) == [
                "l1:US-CA:72500:1999:145", "l2:US-CA:72500:200:14", "shipping:US-CA:72500:500:36",
            ])
        #expect(california.lines.first?.name == "Sales tax")
        #expect(california.total == 195)
        #expect(!california.pricesIncludeTax)

        let texas = try await calculator.tax(Self.request("US", "TX", included: false, lines: lines))
        #expect(Self.summary(texas) == ["l1:US:50000:1999:100", "l2:US:50000:200:10", "shipping:US:50000:500:25"])

        let elsewhere = try await calculator.tax(Self.request("CH", nil, included: false, lines: lines))
        #expect(elsewhere.lines.isEmpty)
    }

    @Test("prices including tax: tax is base × rate / (1 + rate); order discounts lower the base")
    func included() async throws {
        let site = try Self.site()
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let calculator = try #require(registry.taxCalculators(channel: nil).first)
        let lines = [PricingSite.line("l1", "COAT", 1, 11900), PricingSite.line("l2", "SCARF", 1, 1000)]
        let result = try await calculator.tax(Self.request("DE", nil, included: true, lines: lines, shipping: 499))
        // 11900 / 1.19 → 1900 exactly; 1000 → 159.66 → 160; 499 → 79.67 → 80.
        #expect(
            Self.summary(result) == [
                "l1:DE:190000:11900:1900", "l2:DE:190000:1000:160", "shipping:DE:190000:499:80",
            ])
        #expect(result.lines.first?.name == "VAT")
        #expect(result.pricesIncludeTax)

        // 1000 off the order is spread 922/77 by amount, the leftover unit to the first line: 10977 and 923.
        let discounted = try await calculator.tax(
            Self.request("DE", nil, included: true, lines: lines, shipping: 0, orderDiscount: 1000))
        #expect(Self.summary(discounted) == ["l1:DE:190000:10977:1753", "l2:DE:190000:923:147"])
    }

    @Test("taxShipping: false leaves shipping untaxed")
    func shippingUntaxed() async throws {
        let site = try Self.site(taxShipping: false)
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let calculator = try #require(registry.taxCalculators(channel: nil).first)
        let result = try await calculator.tax(
            Self.request("DE", nil, included: false, lines: [PricingSite.line("l1", "COAT", 2, 1000)]))
        #expect(Self.summary(result) == ["l1:DE:190000:2000:380"])
    }

    @Test(
        "a bad configuration stops start-up with a message naming the key",
        arguments: [
            (
                "[{country: de, ratePerMillion: 190000}]",
                "config.rates[0].country: must match the pattern ^[A-Z]{2}$"
            ),
            (
                "[{country: DE, ratePerMillion: 19.5}]",
                "config.rates[0].ratePerMillion: expected integer, got number"
            ),
            (
                "[{country: DE, ratePerMillion: 2000000}]",
                "config.rates[0].ratePerMillion: must be at most 1000000"
            ),
            ("[{country: DE}]", "config.rates[0].ratePerMillion: is required"),
            ("[{country: DE, ratePerMillion: 1, zone: x}]", "config.rates[0].zone: is not a known setting"),
            (
                "[{country: DE, ratePerMillion: 1}, {country: DE, ratePerMillion: 2}]",
                "config.rates[1] repeats the rate for DE"
            ),
        ])
    func badConfiguration(rates: String, message: String) throws {
        let site = try Self.site(rates: rates)
        defer { site.remove() }
        let failure = try site.startupFailure()
        #expect(failure?.contains(message) == true, "\(failure ?? "it started")")
    }
}
