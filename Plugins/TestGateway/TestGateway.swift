import CEmporiumPluginABI
import EmporiumPluginKit
import Foundation

/// A deterministic sandbox payment gateway: `payment.methods`, `payment.authorize`, `payment.capture`,
/// `payment.void`, `payment.refund` and `payment.webhook`. See `docs/plugins/test-gateway.md`.
///
/// Configuration: `{"webhookSecret": "…", "toleranceSeconds": 300}`; the secret is required and is
/// never repeated in an error or a response.
struct TestGateway: EmporiumPlugin {
    static let manifest = PluginDescription(
        id: "test-gateway", version: "1.0.0", engineMinimum: "0.1.0", engineLimit: "2.0.0",
        hooks: [
            "payment.methods", "payment.authorize", "payment.capture", "payment.void", "payment.refund",
            "payment.webhook",
        ],
        configSchema: """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "required":["webhookSecret"],
             "properties":{"webhookSecret":{"type":"string","minLength":1},
             "toleranceSeconds":{"type":"integer","minimum":1,"maximum":86400}}}
            """)

    /// The one method this gateway offers.
    static let cardMethod = "test-gateway:card"

    let signer: WebhookSigner
    let toleranceSeconds: Int64
    let replays: DeliveryReplayGuard

    init(configuration: [UInt8]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(configuration)) as? [String: Any] else {
            throw PluginFailure.invalidInput("the configuration must be a JSON object")
        }
        for key in object.keys.sorted() where key != "webhookSecret" && key != "toleranceSeconds" {
            throw PluginFailure.invalidInput("config.\(key) is not a known setting (webhookSecret, toleranceSeconds)")
        }
        guard let secret = object["webhookSecret"] as? String, !secret.isEmpty else {
            throw PluginFailure.invalidInput(
                "config.webhookSecret is required: a non-empty string, the secret webhooks are signed with")
        }
        signer = WebhookSigner(secret: Array(secret.utf8))
        if let value = object["toleranceSeconds"] {
            guard let seconds = JSONFields.integer(value), (1...86_400).contains(seconds) else {
                throw PluginFailure.invalidInput("config.toleranceSeconds must be an integer from 1 to 86400")
            }
            toleranceSeconds = seconds
        } else {
            toleranceSeconds = 300
        }
        replays = DeliveryReplayGuard(window: toleranceSeconds)
    }

    func handle(hook: String, request: [UInt8]) throws -> [UInt8] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(request)) as? [String: Any] else {
            throw PluginFailure.invalidInput("the \(hook) request must be a JSON object")
        }
        let fields = JSONFields(object, hook: hook)
        let response: [String: Any]
        switch hook {
        case "payment.methods":
            response = ["methods": [["id": Self.cardMethod, "name": "Test card"]]]
        case "payment.authorize":
            response = try authorize(fields)
        case "payment.capture", "payment.void", "payment.refund":
            response = try operate(String(hook.dropFirst("payment.".count)), fields)
        case "payment.webhook":
            response = try verify(fields)
        default:
            throw PluginFailure.unsupportedHook(hook)
        }
        return Array(try JSONSerialization.data(withJSONObject: response, options: [.sortedKeys]))
    }

    static func declined(_ code: String, _ message: String) -> [String: Any] {
        ["status": "declined", "code": code, "message": message]
    }
}

/// The library's entry point.
@_cdecl("emporium_plugin_entry_v1")
public func emporiumPluginEntry() -> UnsafePointer<emporium_plugin_v1> {
    PluginExport.table(for: TestGateway.self)
}
