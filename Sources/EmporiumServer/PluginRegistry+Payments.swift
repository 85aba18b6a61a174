public import EmporiumCore
import EmporiumPluginHost

extension PluginRegistry {
    /// The payment plugins (those implementing `payment.authorize`) that run for `channel`, in the
    /// order the configuration lists them, adapted to ``PaymentProvider`` with their per-call deadline.
    public func paymentProviders(channel: String?) -> [any PaymentProvider] {
        plugins(for: "payment.authorize", channel: channel).map {
            PluginPaymentProvider(plugin: $0.instance, timeout: $0.timeout)
        }
    }

    /// The payment provider whose id is `id`, if it is loaded and runs for `channel`.
    public func paymentProvider(id: String, channel: String?) -> (any PaymentProvider)? {
        paymentProviders(channel: channel).first { $0.id == id }
    }

    /// The `catalog.source` plugins, in configuration order, adapted to ``CatalogSource``. Imports
    /// belong to no channel, so a source limited to some channels is not among them.
    public func catalogSources() -> [any CatalogSource] {
        plugins(for: "catalog.source", channel: nil).map {
            PluginCatalogSource(plugin: $0.instance, timeout: $0.timeout)
        }
    }
}
