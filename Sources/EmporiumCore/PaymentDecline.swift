/// Why the gateway refused an operation.
public struct PaymentDecline: Sendable, Hashable {
    /// A machine-readable reason, for example ``PaymentDeclineCode/paymentDeclined``.
    public var code: String
    /// A sentence safe to show the customer or merchant.
    public var message: String

    /// Creates a decline.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// The decline codes the engine knows; providers may return others.
public enum PaymentDeclineCode {
    /// The issuer declined the card.
    public static let paymentDeclined = "PAYMENT_DECLINED"
    /// Not enough funds on the instrument.
    public static let insufficientFunds = "INSUFFICIENT_FUNDS"
    /// The token is not one the gateway accepts.
    public static let invalidToken = "INVALID_PAYMENT_TOKEN"
    /// A capture larger than what remains authorised.
    public static let exceedsAuthorized = "CAPTURE_EXCEEDS_AUTHORIZED"
    /// A refund larger than what remains captured.
    public static let exceedsCaptured = "REFUND_EXCEEDS_CAPTURED"
    /// The payment was voided.
    public static let voided = "PAYMENT_VOIDED"
    /// A void after some of the payment was captured.
    public static let alreadyCaptured = "PAYMENT_ALREADY_CAPTURED"
    /// The amount is not positive or its currency is not the payment's.
    public static let invalidAmount = "INVALID_AMOUNT"
}
