/// A request to authorise a payment (`payment.authorize`).
public struct PaymentAuthorizationRequest: Sendable, Hashable {
    /// The method the customer chose, for example `test-gateway:card`.
    public var methodID: String
    /// The payment token the storefront obtained (a card token, a wallet token). Never log it.
    public var token: String
    /// The amount to authorise; positive.
    public var amount: Money
    /// The checkout's idempotency key: the same key gives the same result and the same reference.
    public var idempotencyKey: String
    /// The order's reference (its number), for the gateway's records.
    public var orderReference: String
    /// The engine's clock, seconds since 1970.
    public var now: Int64

    /// Creates a request.
    public init(
        methodID: String, token: String, amount: Money, idempotencyKey: String, orderReference: String, now: Int64
    ) {
        self.methodID = methodID
        self.token = token
        self.amount = amount
        self.idempotencyKey = idempotencyKey
        self.orderReference = orderReference
        self.now = now
    }
}
