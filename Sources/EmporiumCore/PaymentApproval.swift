/// An operation the gateway carried out.
public struct PaymentApproval: Sendable, Hashable {
    /// The provider's reference of the payment (the same for every operation on it).
    public var paymentReference: String
    /// The provider's reference of this operation.
    public var transactionReference: String
    /// The amount authorised, captured, released or refunded.
    public var amount: Money
    /// The webhook the gateway sends about this operation, signed, when the provider is a sandbox that
    /// hands it back for tests and development (``PaymentWebhookRequest`` replays it); nil otherwise.
    public var sandboxWebhook: PaymentWebhookDelivery?

    /// Creates an approval.
    public init(
        paymentReference: String, transactionReference: String, amount: Money,
        sandboxWebhook: PaymentWebhookDelivery? = nil
    ) {
        self.paymentReference = paymentReference
        self.transactionReference = transactionReference
        self.amount = amount
        self.sandboxWebhook = sandboxWebhook
    }
}
