import EmporiumCore
import EmporiumPluginHost
import EmporiumServer
import Foundation
import Testing

@Suite("TestGateway: the sandbox payment plugin, enabled from emporium.yaml, through PaymentProvider")
struct TestGatewayTests {
    static let library = PluginLibraries.path("TestGateway")
    static let secret = "whsec_sandbox_9c1f7e"
    static let now: Int64 = 1_764_240_000
    static let usd = Money(minorUnits: 1500, currency: "USD")

    /// Starts the gateway from a YAML text and runs `body` with its provider.
    static func withGateway(
        mode: String = "in-process", config: String = "{webhookSecret: \(secret)}",
        _ body: (any PaymentProvider) async throws -> Void
    ) async throws {
        let site = try PluginTestSite(
            yaml: """
                plugins:
                  - id: test-gateway
                    path: \(library)
                    mode: \(mode)
                    channels: [web-us]
                    config: \(config)
                """)
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        #expect(registry.paymentProviders(channel: "web-eu").isEmpty)
        let provider = try #require(registry.paymentProvider(id: "test-gateway", channel: "web-us"))
        try await body(provider)
    }

    static func authorization(_ token: String, key: String = "checkout-1") -> PaymentAuthorizationRequest {
        PaymentAuthorizationRequest(
            methodID: "test-gateway:card", token: token, amount: usd, idempotencyKey: key, orderReference: "EMP-1001",
            now: now)
    }

    static func operation(
        _ amount: Int64?, key: String, captured: Int64 = 0, refunded: Int64 = 0, voided: Bool = false,
        reference: String
    ) -> PaymentOperationRequest {
        PaymentOperationRequest(
            paymentReference: reference, amount: amount.map { Money(minorUnits: $0, currency: "USD") },
            idempotencyKey: key,
            state: PaymentState(
                authorized: usd, capturedMinorUnits: captured, refundedMinorUnits: refunded, voided: voided),
            now: now)
    }

    @Test("payment.methods offers test-gateway:card")
    func methods() async throws {
        try await Self.withGateway { provider in
            let methods = try await provider.methods(PaymentMethodsRequest(channel: "web-us", amount: Self.usd))
            #expect(methods == [PaymentMethod(id: "test-gateway:card", name: "Test card")])
        }
    }

    @Test("each test card of API.md gives its outcome; any other token is an invalid-token decline")
    func testCards() async throws {
        try await Self.withGateway { provider in
            let approved = try await provider.authorize(Self.authorization("4242424242424242"))
            #expect(approved.approval?.amount == Self.usd)
            #expect(approved.approval?.paymentReference.hasPrefix("tgw_pay_") == true)
            let declined = try await provider.authorize(Self.authorization("4000000000000002"))
            #expect(declined.decline?.code == "PAYMENT_DECLINED")
            let poor = try await provider.authorize(Self.authorization("4000000000009995"))
            #expect(poor.decline?.code == "INSUFFICIENT_FUNDS")
            for token in ["4242424242424241", "", "tok_visa"] {
                let invalid = try await provider.authorize(Self.authorization(token))
                #expect(invalid.decline?.code == "INVALID_PAYMENT_TOKEN", "\(token)")
            }
        }
    }

    @Test("the same idempotency key gives the same result; another key another reference")
    func idempotentAuthorize() async throws {
        try await Self.withGateway { provider in
            let first = try await provider.authorize(Self.authorization("4242424242424242", key: "k-1"))
            let again = try await provider.authorize(Self.authorization("4242424242424242", key: "k-1"))
            let other = try await provider.authorize(Self.authorization("4242424242424242", key: "k-2"))
            #expect(first == again)
            #expect(first.approval?.paymentReference != other.approval?.paymentReference)
        }
    }

    @Test("capture, void and refund follow the rules, from the state the engine passes in")
    func operations() async throws {
        try await Self.withGateway { provider in
            let payment = try #require(
                try await provider.authorize(Self.authorization("4242424242424242")).approval?.paymentReference)
            let partial = try await provider.capture(Self.operation(1000, key: "c-1", reference: payment))
            #expect(partial.approval?.amount.minorUnits == 1000)
            #expect(try await provider.capture(Self.operation(1000, key: "c-1", reference: payment)) == partial)
            let rest = try await provider.capture(Self.operation(nil, key: "c-2", captured: 1000, reference: payment))
            #expect(rest.approval?.amount.minorUnits == 500)
            let over = try await provider.capture(Self.operation(600, key: "c-3", captured: 1000, reference: payment))
            #expect(over.decline?.code == "CAPTURE_EXCEEDS_AUTHORIZED")
            let full = try await provider.capture(Self.operation(nil, key: "c-4", captured: 1500, reference: payment))
            #expect(full.decline?.code == "CAPTURE_EXCEEDS_AUTHORIZED")

            let voidAfterCapture = try await provider.void(
                Self.operation(nil, key: "v-1", captured: 1, reference: payment))
            #expect(voidAfterCapture.decline?.code == "PAYMENT_ALREADY_CAPTURED")
            let voided = try await provider.void(Self.operation(nil, key: "v-2", reference: payment))
            #expect(voided.approval?.amount == Self.usd)
            let afterVoid = try await provider.capture(
                Self.operation(100, key: "c-5", voided: true, reference: payment))
            #expect(afterVoid.decline?.code == "PAYMENT_VOIDED")

            let refund = try await provider.refund(Self.operation(400, key: "r-1", captured: 1000, reference: payment))
            #expect(refund.approval?.amount.minorUnits == 400)
            let tooMuch = try await provider.refund(
                Self.operation(700, key: "r-2", captured: 1000, refunded: 400, reference: payment))
            #expect(tooMuch.decline?.code == "REFUND_EXCEEDS_CAPTURED")
            let nothing = try await provider.refund(Self.operation(nil, key: "r-3", reference: payment))
            #expect(nothing.decline?.code == "REFUND_EXCEEDS_CAPTURED")
            let euros = PaymentOperationRequest(
                paymentReference: payment, amount: Money(minorUnits: 100, currency: "EUR"), idempotencyKey: "r-4",
                state: PaymentState(authorized: Self.usd, capturedMinorUnits: 1500), now: Self.now)
            #expect(try await provider.refund(euros).decline?.code == "INVALID_AMOUNT")
        }
    }

    @Test("a signed webhook is accepted once; a bad signature, a stale timestamp and a replay are rejected")
    func webhooks() async throws {
        try await Self.withGateway { provider in
            let approval = try #require(
                try await provider.authorize(Self.authorization("4242424242424242", key: "w-1")).approval)
            let delivery = try #require(approval.sandboxWebhook)
            #expect(delivery.header("emporium-signature")?.hasPrefix("t=\(Self.now),v1=") == true)
            #expect(!String(decoding: delivery.body, as: UTF8.self).contains(Self.secret))

            let accepted = try await provider.webhook(PaymentWebhookRequest(delivery: delivery, now: Self.now + 10))
            let event = try #require(accepted.events?.first)
            #expect(event.type == "payment.authorized")
            #expect(event.paymentReference == approval.paymentReference)
            #expect(event.amount == Self.usd)
            #expect(event.id.hasPrefix("evt_"))

            let replay = try await provider.webhook(PaymentWebhookRequest(delivery: delivery, now: Self.now + 20))
            #expect(replay.rejection?.code == "REPLAYED_DELIVERY")

            var tampered = delivery
            tampered.body = Array(
                String(decoding: delivery.body, as: UTF8.self)
                    .replacingOccurrences(of: "1500", with: "1").utf8)
            let forged = try await provider.webhook(PaymentWebhookRequest(delivery: tampered, now: Self.now))
            #expect(forged.rejection?.code == "INVALID_SIGNATURE")

            let capture = try await provider.capture(
                Self.operation(nil, key: "w-c", reference: approval.paymentReference))
            let late = try #require(capture.approval?.sandboxWebhook)
            let stale = try await provider.webhook(PaymentWebhookRequest(delivery: late, now: Self.now + 301))
            #expect(stale.rejection?.code == "TIMESTAMP_OUT_OF_TOLERANCE")
            let early = try await provider.webhook(PaymentWebhookRequest(delivery: late, now: Self.now - 301))
            #expect(early.rejection?.code == "TIMESTAMP_OUT_OF_TOLERANCE")

            var unsigned = late
            unsigned.headers = [:]
            #expect(
                try await provider.webhook(PaymentWebhookRequest(delivery: unsigned, now: Self.now)).rejection?.code
                    == "MISSING_SIGNATURE")
            let signature = String(late.header("Emporium-Signature")?.split(separator: ",").last ?? "")
            for hostile in ["v1=zz", "t=-9223372036854775808,\(signature)", "t=9223372036854775807,\(signature)"] {
                unsigned.headers = ["Emporium-Signature": hostile]
                #expect(
                    try await provider.webhook(PaymentWebhookRequest(delivery: unsigned, now: Self.now)).rejection?.code
                        == "MALFORMED_SIGNATURE", "\(hostile)")
            }
            let captured = try await provider.webhook(PaymentWebhookRequest(delivery: late, now: Self.now + 300))
            #expect(captured.events?.first?.type == "payment.captured")
        }
    }

    @Test("a webhook signed with another secret is rejected; toleranceSeconds is honoured")
    func otherSecretAndTolerance() async throws {
        var foreign: PaymentWebhookDelivery?
        try await Self.withGateway(config: "{webhookSecret: not-the-same-secret}") { provider in
            foreign = try await provider.authorize(Self.authorization("4242424242424242")).approval?.sandboxWebhook
        }
        let delivery = try #require(foreign)
        try await Self.withGateway(config: "{webhookSecret: \(Self.secret), toleranceSeconds: 30}") { provider in
            let other = try await provider.webhook(PaymentWebhookRequest(delivery: delivery, now: Self.now))
            #expect(other.rejection?.code == "INVALID_SIGNATURE")
            let own = try #require(
                try await provider.authorize(Self.authorization("4242424242424242")).approval?.sandboxWebhook)
            let stale = try await provider.webhook(PaymentWebhookRequest(delivery: own, now: Self.now + 31))
            #expect(stale.rejection?.code == "TIMESTAMP_OUT_OF_TOLERANCE")
        }
    }

    @Test("start-up refuses a missing secret and a bad tolerance, without repeating the secret")
    func refusedConfigurations() throws {
        for (config, words) in [
            ("{}", "config.webhookSecret: is required"),
            ("{webhookSecret: \"\"}", "config.webhookSecret: must have at least 1 characters"),
            ("{webhookSecret: \(Self.secret), toleranceSeconds: 0}", "config.toleranceSeconds: must be at least 1"),
            ("{webhookSecret: \(Self.secret), secret: x}", "config.secret: is not a known setting"),
        ] {
            let site = try PluginTestSite(
                yaml: "plugins:\n  - id: test-gateway\n    path: \(Self.library)\n    config: \(config)\n")
            defer { site.remove() }
            let error = try #require(try site.startupError(), "\(config) was accepted")
            #expect(error.underlying?.code == .configInvalid)
            #expect(error.description.contains(words), "\(error)")
            #expect(!error.description.contains(Self.secret), "\(error)")
        }
    }

    @Test("mode: process runs the gateway in a worker with the same answers")
    func processMode() async throws {
        try await Self.withGateway(mode: "process") { provider in
            let approved = try await provider.authorize(Self.authorization("4242424242424242", key: "p-1"))
            let delivery = try #require(approved.approval?.sandboxWebhook)
            let declined = try await provider.authorize(Self.authorization("4000000000000002", key: "p-2"))
            #expect(declined.decline?.code == "PAYMENT_DECLINED")
            let accepted = try await provider.webhook(PaymentWebhookRequest(delivery: delivery, now: Self.now))
            #expect(accepted.events?.first?.paymentReference == approved.approval?.paymentReference)
            let replay = try await provider.webhook(PaymentWebhookRequest(delivery: delivery, now: Self.now))
            #expect(replay.rejection?.code == "REPLAYED_DELIVERY")
        }
    }
}
