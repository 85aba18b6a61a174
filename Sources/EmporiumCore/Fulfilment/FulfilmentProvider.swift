/// A fulfilment provider: shipping rates for a cart (`fulfilment.rates`), shipments for an order
/// (`fulfilment.ship`) and their tracking (`fulfilment.track`). A provider may implement only some
/// of them; ``capabilities`` says which, and asking for another throws
/// ``ExtensionPointError/Code/failed``.
public protocol FulfilmentProvider: Sendable {
    /// The provider's id (the plugin's id).
    var id: String { get }
    /// What the provider implements.
    var capabilities: FulfilmentCapabilities { get }
    /// The shipping options and prices for a cart; empty when the provider has none for it.
    func rates(_ request: ShippingRateRequest) async throws(ExtensionPointError) -> [ShippingRate]
    /// Creates a shipment; the same idempotency key gives the same shipment.
    func ship(_ request: ShipmentRequest) async throws(ExtensionPointError) -> Shipment
    /// Where a shipment is now.
    func track(_ request: TrackingRequest) async throws(ExtensionPointError) -> TrackingStatus
}

/// The hooks a ``FulfilmentProvider`` implements.
public struct FulfilmentCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// `fulfilment.rates`.
    public static let rates = FulfilmentCapabilities(rawValue: 1)
    /// `fulfilment.ship`.
    public static let shipments = FulfilmentCapabilities(rawValue: 2)
    /// `fulfilment.track`.
    public static let tracking = FulfilmentCapabilities(rawValue: 4)
}

/// A cart, as a provider prices its shipping.
public struct ShippingRateRequest: Sendable, Hashable {
    /// The cart's channel, when it has one.
    public var channel: String?
    /// Merchandise subtotal after discounts, before shipping and tax; its currency is the cart's.
    public var subtotal: Money
    /// Sum of the lines' weights times their quantities.
    public var totalWeightGrams: Int
    /// ISO 3166-1 alpha-2 code of the shipping address.
    public var destinationCountry: String

    /// Creates a request.
    public init(channel: String? = nil, subtotal: Money, totalWeightGrams: Int, destinationCountry: String) {
        self.channel = channel
        self.subtotal = subtotal
        self.totalWeightGrams = totalWeightGrams
        self.destinationCountry = destinationCountry
    }
}

/// One shipping option.
public struct ShippingRate: Sendable, Hashable {
    /// Stable id, `<plugin id>:<rate>`; the checkout stores it.
    public var id: String
    /// Shown to the shopper.
    public var name: String
    /// In the cart's currency; zero when free.
    public var price: Money

    /// Creates a rate.
    public init(id: String, name: String, price: Money) {
        self.id = id
        self.name = name
        self.price = price
    }
}
