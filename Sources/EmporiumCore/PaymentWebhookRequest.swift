/// A callback a gateway sent to the engine, as received (`payment.webhook`).
public struct PaymentWebhookRequest: Sendable, Hashable {
    /// The delivery: raw body and headers.
    public var delivery: PaymentWebhookDelivery
    /// The engine's clock, seconds since 1970: signatures older or newer than the provider's
    /// tolerance are refused.
    public var now: Int64

    /// Creates a request.
    public init(delivery: PaymentWebhookDelivery, now: Int64) {
        self.delivery = delivery
        self.now = now
    }
}

/// An HTTP delivery of a webhook: the raw body, byte for byte (a signature covers the exact bytes),
/// and the headers.
public struct PaymentWebhookDelivery: Sendable, Hashable {
    /// The raw request body.
    public var body: [UInt8]
    /// The request headers; names compare case-insensitively.
    public var headers: [String: String]

    /// Creates a delivery.
    public init(body: [UInt8], headers: [String: String]) {
        self.body = body
        self.headers = headers
    }

    /// The value of a header, whatever the case of its name.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.key.lowercased() == wanted }?.value
    }
}
