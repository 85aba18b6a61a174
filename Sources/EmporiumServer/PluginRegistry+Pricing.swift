import EmporiumCore
import EmporiumPluginHost

extension PluginRegistry {
    /// The `pricing.adjust` plugins that run for `channel`, as Core pricing rules, in chain order (the
    /// order of `plugins:` in `emporium.yaml`). Run them with ``PricingChain/price(_:through:)``.
    public func pricingRules(channel: String?) -> [any PricingRule] {
        plugins(for: PluginPricingRule.hook, channel: channel).compactMap(\.pricingRule)
    }

    /// The `pricing.tax` plugins that run for `channel`, as Core tax calculators, in list order.
    public func taxCalculators(channel: String?) -> [any TaxCalculator] {
        plugins(for: PluginTaxCalculator.hook, channel: channel).map {
            PluginTaxCalculator(plugin: $0.instance, timeout: $0.timeout)
        }
    }
}
