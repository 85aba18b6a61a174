/// A payment gateway, as the checkout sees it: the hooks `payment.methods`, `payment.authorize`,
/// `payment.capture`, `payment.void`, `payment.refund` and `payment.webhook`.
///
/// Business outcomes (a declined card, a capture larger than the authorisation, a webhook with a bad
/// signature) are values; only a provider that fails, times out or answers nonsense throws. A
/// provider is stateless between calls: the engine keeps each payment's ``PaymentState`` and passes
/// it in, and stores the ids of the webhook events it has applied so that a replay changes nothing.
///
/// ```swift
/// let provider = registry.paymentProviders(channel: "web-us")[0]
/// let request = PaymentAuthorizationRequest(
///     methodID: "test-gateway:card", token: "4242424242424242",
///     amount: Money(minorUnits: 1500, currency: "USD"), idempotencyKey: "checkout-1", orderReference: "EMP-1001")
/// switch try await provider.authorize(request) {
/// case .approved(let approval): print(approval.paymentReference)
/// case .declined(let decline): print(decline.code)  // PAYMENT_DECLINED, INSUFFICIENT_FUNDS, …
/// }
/// ```
public protocol PaymentProvider: Sendable {
    /// The provider's stable id (the plugin id), the prefix of its method ids.
    var id: String { get }

    /// The payment methods the provider offers for a cart.
    func methods(_ request: PaymentMethodsRequest) async throws(ExtensionPointError) -> [PaymentMethod]

    /// Reserves the amount on the customer's payment instrument. The same idempotency key gives the
    /// same result.
    func authorize(_ request: PaymentAuthorizationRequest) async throws(ExtensionPointError) -> PaymentResult

    /// Takes some or all of the authorised amount (all that remains when the request has no amount).
    func capture(_ request: PaymentOperationRequest) async throws(ExtensionPointError) -> PaymentResult

    /// Releases an authorisation of which nothing has been captured.
    func void(_ request: PaymentOperationRequest) async throws(ExtensionPointError) -> PaymentResult

    /// Gives back some or all of the captured amount (all that remains when the request has no amount).
    func refund(_ request: PaymentOperationRequest) async throws(ExtensionPointError) -> PaymentResult

    /// Verifies a callback the gateway sent and turns it into payment events, or rejects it.
    func webhook(_ request: PaymentWebhookRequest) async throws(ExtensionPointError) -> PaymentWebhookResult
}
