import EmporiumPluginKit
import Foundation

/// Authorisation, capture, void and refund. References are derived from idempotency keys, so the
/// same request gives the same answer; the amount rules are checked against the state the engine
/// passes in, since the gateway keeps none.
extension TestGateway {
    /// The test cards of `API.md`; any other token is invalid.
    static let cards: [String: (code: String, message: String)?] = [
        "4242424242424242": nil,
        "4000000000000002": ("PAYMENT_DECLINED", "The card was declined."),
        "4000000000009995": ("INSUFFICIENT_FUNDS", "The card has insufficient funds."),
    ]

    func authorize(_ fields: JSONFields) throws -> [String: Any] {
        let method = try fields.string("methodID")
        guard method == Self.cardMethod else {
            throw PluginFailure.invalidInput("payment.authorize: methodID must be \(Self.cardMethod), got \(method)")
        }
        let amount = try fields.money("amount")
        guard amount.minorUnits > 0 else {
            throw PluginFailure.invalidInput("payment.authorize: amount.minorUnits must be positive")
        }
        let key = try fields.string("idempotencyKey")
        _ = try fields.string("orderReference")
        let now = try fields.integer("now")
        let token = (fields.object["token"] as? String) ?? ""
        guard let outcome = Self.cards[token] else {
            return Self.declined(
                "INVALID_PAYMENT_TOKEN", "The card token is not a test card; use 4242424242424242 to approve.")
        }
        if let decline = outcome { return Self.declined(decline.code, decline.message) }
        let payment = "tgw_pay_" + WebhookSigner.digest("payment|\(key)")
        let transaction = "tgw_txn_" + WebhookSigner.digest("authorize|\(payment)|\(key)")
        return approved(
            payment: payment, transaction: transaction, event: "payment.authorized", amount: amount, now: now)
    }

    func operate(_ operation: String, _ fields: JSONFields) throws -> [String: Any] {
        let hook = "payment.\(operation)"
        let payment = try fields.string("paymentReference")
        guard payment.hasPrefix("tgw_pay_") else {
            throw PluginFailure.invalidInput("\(hook): paymentReference is not a test-gateway payment")
        }
        let key = try fields.string("idempotencyKey")
        let now = try fields.integer("now")
        let state = try fields.nested("state")
        let authorized = try state.money("authorized")
        let captured = try state.integer("capturedMinorUnits")
        let refunded = try state.integer("refundedMinorUnits")
        let voided = (state.object["voided"] as? Bool) ?? false
        guard authorized.minorUnits > 0, (0...authorized.minorUnits).contains(captured),
            (0...captured).contains(refunded)
        else {
            throw PluginFailure.invalidInput(
                "\(hook): state must have 0 <= refundedMinorUnits <= capturedMinorUnits <= authorized.minorUnits")
        }
        var requested: Int64?
        if fields.object["amount"] != nil, operation != "void" {
            let amount = try fields.money("amount")
            guard amount.minorUnits > 0, amount.currency == authorized.currency else {
                return Self.declined(
                    "INVALID_AMOUNT",
                    "The amount must be positive and in \(authorized.currency), the payment's currency.")
            }
            requested = amount.minorUnits
        }
        if voided { return Self.declined("PAYMENT_VOIDED", "The payment was voided.") }
        let amount: Int64
        let event: String
        switch operation {
        case "capture":
            let remaining = authorized.minorUnits - captured
            amount = requested ?? remaining
            guard remaining > 0, amount <= remaining else {
                return Self.declined(
                    "CAPTURE_EXCEEDS_AUTHORIZED", "Only \(remaining) minor units remain authorised for capture.")
            }
            event = "payment.captured"
        case "void":
            guard captured == 0 else {
                return Self.declined("PAYMENT_ALREADY_CAPTURED", "Part of the payment was captured; refund it instead.")
            }
            amount = authorized.minorUnits
            event = "payment.voided"
        default:
            let refundable = captured - refunded
            amount = requested ?? refundable
            guard refundable > 0, amount <= refundable else {
                return Self.declined(
                    "REFUND_EXCEEDS_CAPTURED", "Only \(refundable) captured minor units can be refunded.")
            }
            event = "payment.refunded"
        }
        let transaction = "tgw_txn_" + WebhookSigner.digest("\(operation)|\(payment)|\(key)")
        return approved(
            payment: payment, transaction: transaction, event: event, amount: (amount, authorized.currency), now: now)
    }

    /// An approval with the webhook the gateway would send about it, signed at `now`.
    private func approved(
        payment: String, transaction: String, event: String, amount: (minorUnits: Int64, currency: String), now: Int64
    ) -> [String: Any] {
        let money = JSONFields.money(amount.minorUnits, amount.currency)
        let body: [String: Any] = [
            "id": "evt_" + WebhookSigner.digest("event|\(transaction)"), "type": event, "paymentReference": payment,
            "amount": money, "created": now,
        ]
        let bodyText = String(
            decoding: (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data(),
            as: UTF8.self)
        return [
            "status": "approved", "paymentReference": payment, "transactionReference": transaction, "amount": money,
            "sandboxWebhook": [
                "body": bodyText,
                "headers": [WebhookSigner.header: signer.signatureHeader(timestamp: now, body: Array(bodyText.utf8))],
            ],
        ]
    }
}
