import EmporiumCore
import EmporiumServer
import Testing

@testable import EmporiumPluginHost

@Suite("Promotions plugin through the PricingRule protocol")
struct PromotionsPluginTests {
    static func site(_ promotions: String, mode: String = "in-process") throws -> PricingSite {
        try PricingSite(
            yaml: """
                plugins:
                  - id: promotions
                    path: \(PricingSite.promotions)
                    mode: \(mode)
                    timeoutMilliseconds: 5000
                    config:
                      promotions:
                \(promotions)
                """)
    }

    static let kinds = """
                    - {id: shoes-10, label: 10% off shoes, type: percentage, percent: 10, categories: [shoes]}
                    - {id: socks, label: 1 EUR off socks, type: fixed, amount: 100, currency: EUR, skus: [SOCK]}
                    - {id: tees-3-for-2, label: 3 for 2 tees, type: buyXGetY, buy: 2, get: 1, skus: [TEE-S, TEE-M]}
                    - {id: big-order, label: 10 EUR off, type: fixed, amount: 1000, currency: EUR, minimumSubtotal: 20000}
                    - {id: all-5, label: 5% off everything, type: percentage, percent: 5}
        """

    @Test("every kind: percentage, fixed per unit, buy-X-get-Y (cheapest free), minimum order value")
    func everyKind() async throws {
        let site = try Self.site(Self.kinds)
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let rules = registry.pricingRules(channel: "web-eu")
        #expect(rules.map(\.id) == ["promotions"])

        let small = PricingSite.cart([
            PricingSite.line("l1", "SHOE-1", 1, 8999, ["shoes"]), PricingSite.line("l2", "SOCK", 3, 250),
            PricingSite.line("l3", "TEE-S", 2, 1500), PricingSite.line("l4", "TEE-M", 1, 1200),
        ])
        let result = try await PricingChain.price(small, through: rules)
        #expect(
            result.adjustments.lineDiscounts.map { "\($0.lineID):\($0.amount):\($0.promotionID)" } == [
                "l1:899:shoes-10", "l2:300:socks", "l4:1200:tees-3-for-2",
            ])
        // 13949 − 2399 = 11550 is below big-order's 20000; 5 % of 11550 rounds down to 577.
        #expect(result.adjustments.orderDiscounts.map(\.amount) == [577])
        #expect(result.adjustments.orderDiscounts.first?.label == "5% off everything")
        #expect(result.total == 10973)
        #expect(result.adjustments.rejectedCoupons.isEmpty)

        let large = PricingSite.cart([PricingSite.line("l1", "SHOE-1", 3, 8999, ["shoes"])])
        let big = try await PricingChain.price(large, through: rules)
        #expect(big.adjustments.lineDiscounts.map(\.amount) == [2699])
        #expect(big.adjustments.orderDiscounts.map(\.promotionID) == ["big-order", "all-5"])
        #expect(big.adjustments.orderDiscounts.map(\.amount) == [1000, 1164])
        #expect(big.total == 22134)

        let dollars = PricingSite.cart([PricingSite.line("l1", "SOCK", 2, 250)], currency: "USD")
        let usd = try await PricingChain.price(dollars, through: rules)
        #expect(usd.adjustments.lineDiscounts.isEmpty, "a fixed EUR promotion must not apply to a USD cart")
        #expect(usd.adjustments.orderDiscounts.map(\.amount) == [25])
    }

    @Test("the rules handed out for each cart share their plugin's recent answer strings")
    func rulesShareAnswerStrings() async throws {
        let site = try Self.site(Self.kinds)
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let first = try #require(registry.pricingRules(channel: "web-eu").first as? PluginPricingRule)
        let cart = PricingSite.cart([PricingSite.line("l1", "SHOE-1", 1, 8999, ["shoes"])])
        _ = try await PricingChain.price(cart, through: [first])
        let second = try #require(registry.pricingRules(channel: "web-eu").first as? PluginPricingRule)
        #expect(first.answerStrings === second.answerStrings)
        #expect(second.answerStrings.generationCount > 0, "the next cart's rule knows the first answer's strings")
        let other = try #require(registry.pricingRules(channel: nil).first as? PluginPricingRule)
        #expect(other.answerStrings === first.answerStrings, "one cache per plugin, whatever the channel")
    }

    static let coupons = """
                    - {id: welcome, type: percentage, percent: 20, couponCode: WELCOME20, usageLimit: 100, startsAt: "2026-01-01T00:00:00Z", endsAt: "2027-01-01T00:00:00Z"}
                    - {id: summer, type: fixed, amount: 500, currency: EUR, couponCode: SUMMER, endsAt: "2026-09-01T00:00:00Z"}
                    - {id: xmas, type: fixed, amount: 500, currency: EUR, couponCode: XMAS, startsAt: "2026-12-01T00:00:00Z"}
                    - {id: vip, type: percentage, percent: 50, couponCode: VIP, usageLimit: 3}
                    - {id: spend-more, type: fixed, amount: 500, currency: EUR, couponCode: SPEND, minimumSubtotal: 50000}
        """

    @Test("coupons: valid (any case), expired, not yet valid, usage exhausted, below the minimum, unknown")
    func couponOutcomes() async throws {
        let site = try Self.site(Self.coupons)
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let rules = registry.pricingRules(channel: "web-eu")
        let lines = [PricingSite.line("l1", "BAG", 1, 10000)]

        let valid = try await PricingChain.price(
            PricingSite.cart(lines, coupons: ["welcome20"], redemptions: ["welcome20": 99]), through: rules)
        #expect(valid.adjustments.orderDiscounts.map(\.amount) == [2000])
        #expect(valid.adjustments.orderDiscounts.first?.couponCode == "welcome20")
        #expect(valid.adjustments.rejectedCoupons.isEmpty)

        for (code, redemptions, reason) in [
            ("SUMMER", 0, CouponRejection.expired), ("XMAS", 0, .notYetValid), ("VIP", 3, .usageLimitReached),
            ("WELCOME20", 100, .usageLimitReached), ("SPEND", 0, .minimumNotMet), ("NOPE", 0, .invalid),
        ] as [(String, Int64, CouponRejection)] {
            let result = try await PricingChain.price(
                PricingSite.cart(lines, coupons: [code], redemptions: [code: redemptions]), through: rules)
            #expect(result.total == 10000, "\(code)")
            #expect(result.adjustments.rejectedCoupons.map(\.reason) == [reason], "\(code)")
            #expect(result.adjustments.rejectedCoupons.first?.message.isEmpty == false)
        }
        let unused = try await PricingChain.price(
            PricingSite.cart(lines, coupons: ["VIP"], redemptions: ["VIP": 2]), through: rules)
        #expect(unused.adjustments.orderDiscounts.map(\.amount) == [5000])
    }

    @Test("a chain of two pricing plugins: the second sees the first's discounts; applied coupons stay accepted")
    func chain() async throws {
        let site = try PricingSite(
            yaml: """
                plugins:
                  - id: fixture-staff-discount
                    path: \(PluginLibraries.path("FixtureStaffDiscount"))
                  - id: quantity-limits
                    path: \(PluginLibraries.path("QuantityLimits"))
                  - id: promotions
                    path: \(PricingSite.promotions)
                    channels: [web-eu]
                    config:
                      promotions:
                        - {id: bags-10, type: percentage, percent: 10, categories: [bags]}
                        - {id: order-10, type: percentage, percent: 10}
                        - {id: launch, type: fixed, amount: 100, currency: EUR, couponCode: LAUNCH}
                """)
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let rules = registry.pricingRules(channel: "web-eu")
        #expect(rules.map(\.id) == ["fixture-staff-discount", "promotions"])
        #expect(registry.pricingRules(channel: "web-us").map(\.id) == ["fixture-staff-discount"])
        let cart = PricingSite.cart(
            [PricingSite.line("l1", "BAG", 1, 6000, ["bags"]), PricingSite.line("l2", "HAT", 1, 4000)],
            coupons: ["LAUNCH"])
        let result = try await PricingChain.price(cart, through: rules)
        #expect(result.adjustments.lineDiscounts.map(\.amount) == [600])
        // order-10 applies to what the first rule left: 10000 − 2000 − 600 = 7400.
        #expect(
            result.adjustments.orderDiscounts.map { "\($0.promotionID):\($0.amount)" } == [
                "staff:2000", "order-10:740", "launch:100",
            ])
        // The fixture calls LAUNCH unknown; promotions applied it, so the chain does not report it.
        #expect(result.adjustments.rejectedCoupons.isEmpty)
        #expect(result.total == 6560)

        let alone = try await PricingChain.price(cart, through: registry.pricingRules(channel: "web-us"))
        #expect(alone.adjustments.rejectedCoupons.map(\.reason) == [.invalid])
    }

    @Test("mode: process gives the same answer from a worker process")
    func processMode() async throws {
        let site = try Self.site(Self.coupons, mode: "process")
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let rules = registry.pricingRules(channel: nil)
        #expect((rules.first as? PluginPricingRule)?.plugin is ProcessPluginInstance)
        let result = try await PricingChain.price(
            PricingSite.cart([PricingSite.line("l1", "BAG", 1, 10000)], coupons: ["WELCOME20", "XMAS"]), through: rules)
        #expect(result.adjustments.orderDiscounts.map(\.amount) == [2000])
        #expect(result.adjustments.rejectedCoupons.map(\.reason) == [.notYetValid])
    }

    @Test(
        "a bad configuration stops start-up with a message naming the key",
        arguments: [
            (
                "    - {id: a, type: percentage, percent: 120}",
                "config.promotions[0].percent: must be at most 100"
            ),
            (
                "    - {id: a, type: percentage, percent: 10, colour: red}",
                "config.promotions[0].colour: is not a known setting"
            ),
            ("    - {id: a, type: fixed, amount: 500}", "config.promotions[0].currency is required for type fixed"),
            (
                "    - {id: a, type: fixed, amount: 4.99, currency: EUR}",
                "config.promotions[0].amount: expected integer, got number"
            ),
            (
                "    - {id: a, type: buyXGetY, buy: 2, get: 1}",
                "config.promotions[0] of type buyXGetY needs skus or categories"
            ),
            (
                "    - {id: a, type: percentage, percent: 5, couponCode: X, endsAt: 31/12/2026}",
                "config.promotions[0].endsAt must be an ISO 8601 date-time"
            ),
            (
                "    - {id: a, type: percentage, percent: 5, usageLimit: 10}",
                "config.promotions[0].usageLimit needs a couponCode"
            ),
            (
                "    - {id: a, type: bogus}",
                #"config.promotions[0].type: must be one of "percentage", "fixed", "buyXGetY""#
            ),
            (
                "    - {id: a, type: percentage, percent: 5}\n                    - {id: a, type: percentage, percent: 5}",
                "config.promotions[1].id a is used twice"
            ),
        ])
    func badConfiguration(entry: String, message: String) throws {
        let site = try Self.site("                " + entry)
        defer { site.remove() }
        let failure = try site.startupFailure()
        #expect(failure?.contains(message) == true, "\(failure ?? "it started")")
        // The host checks the schema first ("path: what"); the plugin checks the rest ("path what").
        let checkedByHost = message.range(of: #"^config\.\S+: "#, options: .regularExpression) != nil
        let code = checkedByHost ? "PLUGIN_CONFIG_INVALID" : "PLUGIN_CONFIG_REJECTED"
        #expect(failure?.contains(code) == true, "\(failure ?? "it started")")
    }
}
