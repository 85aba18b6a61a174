/// A way to pay that a ``PaymentProvider`` offers, such as `test-gateway:card`.
public struct PaymentMethod: Sendable, Hashable, Codable {
    /// `<provider id>:<method>`; what a checkout's payment input names.
    public var id: String
    /// Display name.
    public var name: String

    /// Creates a method.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// What a provider needs to list its methods for a cart.
public struct PaymentMethodsRequest: Sendable, Hashable {
    /// The cart's channel, if any.
    public var channel: String?
    /// The amount to pay.
    public var amount: Money

    /// Creates a request.
    public init(channel: String?, amount: Money) {
        self.channel = channel
        self.amount = amount
    }
}
