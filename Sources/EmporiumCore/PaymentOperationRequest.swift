/// A request to capture, void or refund an authorised payment (`payment.capture`, `payment.void`,
/// `payment.refund`). Providers are stateless: the engine passes what it knows of the payment.
public struct PaymentOperationRequest: Sendable, Hashable {
    /// The provider's reference of the payment, from the authorisation.
    public var paymentReference: String
    /// How much to capture or refund; nil for all that remains (ignored by void).
    public var amount: Money?
    /// The operation's idempotency key: the same key gives the same result and reference.
    public var idempotencyKey: String
    /// The payment as the engine recorded it before this operation.
    public var state: PaymentState
    /// The engine's clock, seconds since 1970.
    public var now: Int64

    /// Creates a request.
    public init(
        paymentReference: String, amount: Money?, idempotencyKey: String, state: PaymentState, now: Int64
    ) {
        self.paymentReference = paymentReference
        self.amount = amount
        self.idempotencyKey = idempotencyKey
        self.state = state
        self.now = now
    }
}

/// What the engine has recorded of a payment: the amounts in minor units of ``authorized``'s currency.
public struct PaymentState: Sendable, Hashable {
    /// The authorised amount.
    public var authorized: Money
    /// The total captured so far.
    public var capturedMinorUnits: Int64
    /// The total refunded so far.
    public var refundedMinorUnits: Int64
    /// Whether the authorisation was voided.
    public var voided: Bool

    /// Creates a state.
    public init(authorized: Money, capturedMinorUnits: Int64 = 0, refundedMinorUnits: Int64 = 0, voided: Bool = false) {
        self.authorized = authorized
        self.capturedMinorUnits = capturedMinorUnits
        self.refundedMinorUnits = refundedMinorUnits
        self.voided = voided
    }
}
