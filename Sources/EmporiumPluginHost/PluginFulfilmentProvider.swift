public import EmporiumCore

/// A fulfilment plugin adapted to ``FulfilmentProvider``. Rates must be priced in the cart's
/// currency and carry ids of the form `<plugin id>:<rate>`; shipments need a reference; tracking
/// stages must be known ones. Anything else is refused as a malformed response.
public struct PluginFulfilmentProvider: FulfilmentProvider {
    /// The started plugin.
    public let plugin: any PluginCalling
    /// The deadline of each call.
    public let timeout: Duration

    /// Adapts `plugin`, calling it with `timeout` per call.
    public init(plugin: any PluginCalling, timeout: Duration) {
        self.plugin = plugin
        self.timeout = timeout
    }

    public var id: String { plugin.id }

    var source: String { "fulfilment provider \(plugin.id)" }

    public var capabilities: FulfilmentCapabilities {
        let hooks = plugin.manifest.hooks
        var capabilities: FulfilmentCapabilities = []
        if hooks.contains("fulfilment.rates") { capabilities.insert(.rates) }
        if hooks.contains("fulfilment.ship") { capabilities.insert(.shipments) }
        if hooks.contains("fulfilment.track") { capabilities.insert(.tracking) }
        return capabilities
    }

    public func rates(_ request: ShippingRateRequest) async throws(ExtensionPointError) -> [ShippingRate] {
        try require(.rates, "fulfilment.rates")
        var body: [String: Any] = [
            "currency": request.subtotal.currency, "subtotal": HookResponse.money(request.subtotal),
            "totalWeightGrams": request.totalWeightGrams, "destination": ["countryCode": request.destinationCountry],
        ]
        if let channel = request.channel { body["channel"] = channel }
        let response = try await HookResponse.call(plugin, "fulfilment.rates", body, timeout: timeout, source: source)
        var rates: [ShippingRate] = []
        for item in try response.list("rates") {
            let id = try item.namespacedID("id", plugin: plugin.id, naming: "rate")
            let price = try item.money("price")
            guard price.currency == request.subtotal.currency, price.minorUnits >= 0 else {
                throw item.malformed("price not a non-negative amount in \(request.subtotal.currency)")
            }
            rates.append(ShippingRate(id: id, name: try item.string("name"), price: price))
        }
        return rates
    }

    public func ship(_ request: ShipmentRequest) async throws(ExtensionPointError) -> Shipment {
        try require(.shipments, "fulfilment.ship")
        let address = request.destination
        var destination: [String: Any] = [
            "name": address.name, "line1": address.line1, "city": address.city, "postalCode": address.postalCode,
            "countryCode": address.countryCode,
        ]
        if let line2 = address.line2 { destination["line2"] = line2 }
        if let region = address.region { destination["region"] = region }
        let body: [String: Any] = [
            "orderReference": request.orderReference, "rateId": request.rateID,
            "lines": request.lines.map { ["sku": $0.sku, "quantity": $0.quantity] as [String: Any] },
            "destination": destination, "idempotencyKey": request.idempotencyKey,
        ]
        let response = try await HookResponse.call(plugin, "fulfilment.ship", body, timeout: timeout, source: source)
        return Shipment(
            reference: try response.string("reference"), trackingNumber: try response.optionalString("trackingNumber"),
            trackingURL: try response.optionalString("trackingUrl"), carrier: try response.optionalString("carrier"))
    }

    public func track(_ request: TrackingRequest) async throws(ExtensionPointError) -> TrackingStatus {
        try require(.tracking, "fulfilment.track")
        let response = try await HookResponse.call(
            plugin, "fulfilment.track", ["reference": request.reference], timeout: timeout, source: source)
        var events: [TrackingStatus.Event] = []
        for item in try response.list("events") {
            events.append(
                TrackingStatus.Event(
                    at: try item.string("at"), stage: try Self.stage(item, "stage"),
                    description: try item.optionalString("description") ?? ""))
        }
        return TrackingStatus(stage: try Self.stage(response, "stage"), events: events)
    }

    static func stage(_ response: HookResponse, _ key: String) throws(ExtensionPointError) -> TrackingStatus.Stage {
        let value = try response.string(key)
        guard let stage = TrackingStatus.Stage(rawValue: value) else {
            let known = TrackingStatus.Stage.allCases.map(\.rawValue).joined(separator: ", ")
            throw response.malformed("\(key) \"\(value.prefix(32))\" not one of \(known)")
        }
        return stage
    }

    private func require(_ capability: FulfilmentCapabilities, _ hook: String) throws(ExtensionPointError) {
        guard capabilities.contains(capability) else {
            throw ExtensionPointError(.failed, source: source, "the plugin does not implement \(hook)")
        }
    }
}
