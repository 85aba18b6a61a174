import EmporiumPluginKit
import Foundation

/// `payment.webhook`: checks the signature in constant time, the timestamp against the tolerance and
/// exact replays, then reads the event. Rejections never repeat the secret or the signature.
extension TestGateway {
    func verify(_ fields: JSONFields) throws -> [String: Any] {
        let now = try fields.integer("now")
        guard (0...Self.latestTimestamp).contains(now) else {
            throw PluginFailure.invalidInput("payment.webhook: now must be seconds since 1970")
        }
        let body: [UInt8]
        if let encoded = fields.object["bodyBase64"] as? String {
            guard let data = Data(base64Encoded: encoded) else {
                throw PluginFailure.invalidInput("payment.webhook: bodyBase64 is not base64")
            }
            body = Array(data)
        } else if let text = fields.object["body"] as? String {
            body = Array(text.utf8)
        } else {
            throw PluginFailure.invalidInput("payment.webhook: the request needs body or bodyBase64")
        }
        let headers = (fields.object["headers"] as? [String: Any]) ?? [:]
        let wanted = Self.signatureHeaderName
        guard let header = headers.first(where: { $0.key.lowercased() == wanted })?.value as? String else {
            return Self.rejected("MISSING_SIGNATURE", "The delivery has no \(WebhookSigner.header) header.")
        }
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            // Bounded so that no arithmetic on an attacker's timestamp can overflow.
            if pair[0] == "t", let seconds = Int64(pair[1]), (0...Self.latestTimestamp).contains(seconds) {
                timestamp = seconds
            }
            if pair[0] == "v1", let bytes = WebhookSigner.bytes(hex: pair[1]), bytes.count == 32 {
                signatures.append(bytes)
            }
        }
        guard let timestamp, !signatures.isEmpty else {
            return Self.rejected(
                "MALFORMED_SIGNATURE", "\(WebhookSigner.header) must be t=<unix seconds>,v1=<64 hex digits>.")
        }
        guard abs(now - timestamp) <= toleranceSeconds else {
            return Self.rejected(
                "TIMESTAMP_OUT_OF_TOLERANCE",
                "The delivery was signed \(now - timestamp) s from now; at most \(toleranceSeconds) s are accepted.")
        }
        guard let valid = signatures.first(where: { signer.isValid(signature: $0, timestamp: timestamp, body: body) })
        else {
            return Self.rejected("INVALID_SIGNATURE", "No signature matches the body and the webhook secret.")
        }
        guard let event = Self.event(body) else {
            return Self.rejected("MALFORMED_EVENT", "The body is not a test-gateway event.")
        }
        guard replays.admit(signature: "\(timestamp).\(WebhookSigner.hex(valid))", timestamp: timestamp, now: now)
        else {
            return Self.rejected("REPLAYED_DELIVERY", "This exact delivery was accepted already.")
        }
        return ["status": "accepted", "events": [event]]
    }

    static let signatureHeaderName = WebhookSigner.header.lowercased()

    /// The largest timestamp read from a signature header (year 33658).
    static let latestTimestamp: Int64 = 1 << 40

    static func rejected(_ code: String, _ message: String) -> [String: Any] {
        ["status": "rejected", "code": code, "message": message]
    }

    /// The event in a body the gateway signed, re-encoded in the hook's event form.
    static func event(_ body: [UInt8]) -> [String: Any]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        let fields = JSONFields(object, hook: "event")
        guard let id = try? fields.string("id"), let type = try? fields.string("type"),
            let payment = try? fields.string("paymentReference"), let created = try? fields.integer("created")
        else { return nil }
        var event: [String: Any] = ["id": id, "type": type, "paymentReference": payment, "occurredAt": created]
        if object["amount"] != nil {
            guard let amount = try? fields.money("amount") else { return nil }
            event["amount"] = JSONFields.money(amount.minorUnits, amount.currency)
        }
        return event
    }
}
