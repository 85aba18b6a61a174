/// The outcome of `payment.webhook`: verified events, or a rejection (both values).
///
/// The engine must store the ids of the events it has applied and skip an event whose id it has
/// seen: a gateway retries deliveries, and an attacker may replay a captured one.
public enum PaymentWebhookResult: Sendable, Hashable {
    /// The delivery is authentic; these are the events it carries.
    case accepted([PaymentEvent])
    /// The delivery is not authentic, too old, a replay, or unreadable.
    case rejected(PaymentWebhookRejection)

    /// The events, or nil when rejected.
    public var events: [PaymentEvent]? {
        if case .accepted(let events) = self { return events }
        return nil
    }

    /// The rejection, or nil when accepted.
    public var rejection: PaymentWebhookRejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }
}

/// A verified event about a payment.
public struct PaymentEvent: Sendable, Hashable {
    /// The gateway's unique event id; the engine dedupes on it.
    public var id: String
    /// What happened, for example `payment.authorized`, `payment.captured`, `payment.refunded`.
    public var type: String
    /// The provider's reference of the payment.
    public var paymentReference: String
    /// The amount concerned, if any.
    public var amount: Money?
    /// When it happened, seconds since 1970.
    public var occurredAt: Int64

    /// Creates an event.
    public init(id: String, type: String, paymentReference: String, amount: Money?, occurredAt: Int64) {
        self.id = id
        self.type = type
        self.paymentReference = paymentReference
        self.amount = amount
        self.occurredAt = occurredAt
    }
}

/// Why a webhook delivery was refused.
public struct PaymentWebhookRejection: Sendable, Hashable {
    /// A machine-readable reason: `MISSING_SIGNATURE`, `MALFORMED_SIGNATURE`, `INVALID_SIGNATURE`,
    /// `TIMESTAMP_OUT_OF_TOLERANCE`, `REPLAYED_DELIVERY`, `MALFORMED_EVENT`, or a provider's own.
    public var code: String
    /// What was wrong; safe to log (it never holds the secret or the signature).
    public var message: String

    /// Creates a rejection.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
