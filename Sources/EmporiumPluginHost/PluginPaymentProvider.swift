public import EmporiumCore
import Foundation

/// A payment plugin adapted to ``PaymentProvider``: typed requests become the hooks' JSON documents
/// (`docs/plugins/hooks/payment.*.schema.json`), and every response is checked before it is believed.
/// A response that is malformed or contradicts the request (an approval of another amount, a capture
/// beyond what remains authorised, a method of another provider) is refused with
/// ``ExtensionPointError/Code/malformedResponse``.
public struct PluginPaymentProvider: PaymentProvider {
    /// The started plugin.
    public let plugin: any PluginCalling
    /// The deadline of each call.
    public let timeout: Duration

    /// Adapts `plugin`, calling it with `timeout` per call.
    public init(plugin: any PluginCalling, timeout: Duration) {
        self.plugin = plugin
        self.timeout = timeout
    }

    public var id: String { plugin.id }

    var source: String { "payment provider \(plugin.id)" }

    public func methods(_ request: PaymentMethodsRequest) async throws(ExtensionPointError) -> [PaymentMethod] {
        var body: [String: Any] = ["amount": HookResponse.money(request.amount)]
        if let channel = request.channel { body["channel"] = channel }
        let response = try await call("payment.methods", body)
        var methods: [PaymentMethod] = []
        for item in try response.list("methods") {
            let id = try item.namespacedID("id", plugin: plugin.id, naming: "method")
            methods.append(PaymentMethod(id: id, name: try item.string("name")))
        }
        return methods
    }

    public func authorize(_ request: PaymentAuthorizationRequest) async throws(ExtensionPointError) -> PaymentResult {
        let response = try await call(
            "payment.authorize",
            [
                "methodID": request.methodID, "token": request.token, "amount": HookResponse.money(request.amount),
                "idempotencyKey": request.idempotencyKey, "orderReference": request.orderReference,
                "now": request.now,
            ])
        let result = try Self.result(response)
        if let approval = result.approval, approval.amount != request.amount {
            throw response.malformed(
                "an approval of \(approval.amount.minorUnits) \(approval.amount.currency) "
                    + "for a request of \(request.amount.minorUnits) \(request.amount.currency)")
        }
        return result
    }

    public func capture(_ request: PaymentOperationRequest) async throws(ExtensionPointError) -> PaymentResult {
        let state = request.state
        return try await operate(
            "payment.capture", request, limit: state.authorized.minorUnits - state.capturedMinorUnits)
    }

    public func void(_ request: PaymentOperationRequest) async throws(ExtensionPointError) -> PaymentResult {
        // A void releases the authorization, whatever amount the request names.
        try await operate("payment.void", request, limit: request.state.authorized.minorUnits, exactAmount: false)
    }

    public func refund(_ request: PaymentOperationRequest) async throws(ExtensionPointError) -> PaymentResult {
        let state = request.state
        return try await operate("payment.refund", request, limit: state.capturedMinorUnits - state.refundedMinorUnits)
    }

    public func webhook(_ request: PaymentWebhookRequest) async throws(ExtensionPointError) -> PaymentWebhookResult {
        let response = try await call(
            "payment.webhook",
            [
                "bodyBase64": Data(request.delivery.body).base64EncodedString(),
                "headers": request.delivery.headers, "now": request.now,
            ])
        switch try response.string("status") {
        case "accepted":
            var events: [PaymentEvent] = []
            for item in try response.list("events") {
                events.append(
                    PaymentEvent(
                        id: try item.string("id"), type: try item.string("type"),
                        paymentReference: try item.string("paymentReference"),
                        amount: item.has("amount") ? try item.money("amount") : nil,
                        occurredAt: try item.integer("occurredAt")))
            }
            guard !events.isEmpty else { throw response.malformed("status accepted without events") }
            return .accepted(events)
        case "rejected":
            return .rejected(
                PaymentWebhookRejection(code: try response.code("code"), message: try response.string("message")))
        default:
            throw response.malformed("status not accepted or rejected")
        }
    }

    /// Calls an operation on an authorized payment and checks its approval: the same payment, at
    /// most `limit`, and (when `exactAmount`) the amount the request names.
    private func operate(_ hook: String, _ request: PaymentOperationRequest, limit: Int64, exactAmount: Bool = true)
        async throws(ExtensionPointError) -> PaymentResult
    {
        let state = request.state
        var body: [String: Any] = [
            "paymentReference": request.paymentReference, "idempotencyKey": request.idempotencyKey, "now": request.now,
            "state": [
                "authorized": HookResponse.money(state.authorized), "capturedMinorUnits": state.capturedMinorUnits,
                "refundedMinorUnits": state.refundedMinorUnits, "voided": state.voided,
            ] as [String: Any],
        ]
        if let amount = request.amount { body["amount"] = HookResponse.money(amount) }
        let response = try await call(hook, body)
        let result = try Self.result(response)
        if let approval = result.approval {
            guard approval.paymentReference == request.paymentReference else {
                throw response.malformed("paymentReference of another payment")
            }
            guard approval.amount.currency == state.authorized.currency, approval.amount.minorUnits > 0,
                approval.amount.minorUnits <= limit,
                !exactAmount || request.amount.map({ $0 == approval.amount }) ?? true
            else {
                throw response.malformed(
                    "an approved amount of \(approval.amount.minorUnits) \(approval.amount.currency), which the "
                        + "request and the payment's state do not allow (at most \(limit))")
            }
        }
        return result
    }

    /// `{"status": "approved", …}` or `{"status": "declined", "code", "message"}`.
    static func result(_ response: HookResponse) throws(ExtensionPointError) -> PaymentResult {
        switch try response.string("status") {
        case "approved":
            var webhook: PaymentWebhookDelivery?
            if response.has("sandboxWebhook") {
                let delivery = try response.nested("sandboxWebhook")
                guard let headers = delivery.object["headers"] as? [String: String] else {
                    throw delivery.malformed("headers missing or not an object of strings")
                }
                webhook = PaymentWebhookDelivery(body: Array(try delivery.string("body").utf8), headers: headers)
            }
            return .approved(
                PaymentApproval(
                    paymentReference: try response.string("paymentReference"),
                    transactionReference: try response.string("transactionReference"),
                    amount: try response.money("amount"), sandboxWebhook: webhook))
        case "declined":
            return .declined(PaymentDecline(code: try response.code("code"), message: try response.string("message")))
        default:
            throw response.malformed("status not approved or declined")
        }
    }

    private func call(_ hook: String, _ body: [String: Any]) async throws(ExtensionPointError) -> HookResponse {
        try await HookResponse.call(plugin, hook, body, timeout: timeout, source: source)
    }
}
