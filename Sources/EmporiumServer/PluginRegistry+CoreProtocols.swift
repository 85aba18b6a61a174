public import EmporiumCore
import EmporiumPluginHost

extension PluginRegistry {
    /// The `cart.validate` plugins that run for `channel`, in the order the configuration lists
    /// them, adapted to ``CartRule`` (run them with ``CartRules/validate(_:with:)``).
    public func cartRules(channel: String?) -> [any CartRule] {
        plugins(for: "cart.validate", channel: channel).map { PluginCartRule(plugin: $0.instance, timeout: $0.timeout) }
    }

    /// The plugins implementing any fulfilment hook that run for `channel`, in configuration order,
    /// adapted to ``FulfilmentProvider``.
    public func fulfilmentProviders(channel: String?) -> [any FulfilmentProvider] {
        var seen: Set<Int> = []
        return ["fulfilment.rates", "fulfilment.ship", "fulfilment.track"]
            .flatMap { plugins(for: $0, channel: channel) }
            .filter { seen.insert($0.index).inserted }
            .sorted { $0.index < $1.index }
            .map { PluginFulfilmentProvider(plugin: $0.instance, timeout: $0.timeout) }
    }
}

extension PluginRegistry {
    /// The `catalog.decorate` plugins, in configuration order, adapted to ``CatalogDecorator``.
    /// Product data is the same in every channel, so a decorator limited to some channels is not
    /// among them.
    public func catalogDecorators() -> [any CatalogDecorator] {
        plugins(for: "catalog.decorate", channel: nil).map {
            PluginCatalogDecorator(plugin: $0.instance, timeout: $0.timeout)
        }
    }
}
