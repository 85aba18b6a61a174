import EmporiumCore
import Foundation

/// A plugin's JSON response, read field by field for an adapter: every read that finds a missing or
/// mistyped field throws ``ExtensionPointError/Code/malformedResponse`` naming the hook and the field.
struct HookResponse {
    let object: [String: Any]
    let path: String
    let hook: String
    let source: String

    init(_ object: [String: Any], path: String = "", hook: String, source: String) {
        self.object = object
        self.path = path
        self.hook = hook
        self.source = source
    }

    /// Parses a response the host has already checked to be a JSON object.
    init(bytes: [UInt8], hook: String, source: String) throws(ExtensionPointError) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw ExtensionPointError(
                .malformedResponse, source: source, "\(hook) answered with something that is not a JSON object")
        }
        self.init(object, hook: hook, source: source)
    }

    func malformed(_ what: String) -> ExtensionPointError {
        ExtensionPointError(.malformedResponse, source: source, "\(hook) answered with \(path)\(what)")
    }

    func has(_ key: String) -> Bool {
        guard let value = object[key] else { return false }
        return !(value is NSNull)
    }

    /// A non-empty string `key` of the form `<plugin id>:<name>` (rate and payment method ids).
    func namespacedID(_ key: String, plugin: String, naming name: String) throws(ExtensionPointError) -> String {
        let id = try string(key)
        guard id.hasPrefix("\(plugin):"), id.count > plugin.count + 1 else {
            throw malformed("\(key) \"\(id.prefix(64))\" not of the form \(plugin):<\(name)>")
        }
        return id
    }

    func string(_ key: String) throws(ExtensionPointError) -> String {
        guard let value = object[key] as? String, !value.isEmpty else {
            throw malformed("\(key) missing or not a non-empty string")
        }
        return value
    }

    func optionalString(_ key: String) throws(ExtensionPointError) -> String? {
        guard has(key) else { return nil }
        guard let value = object[key] as? String else { throw malformed("\(key) not a string") }
        return value
    }

    func integer(_ key: String, in range: ClosedRange<Int64> = Int64.min...Int64.max) throws(ExtensionPointError)
        -> Int64
    {
        guard let number = object[key] as? NSNumber, !ConfigurationSchema.isBoolean(number),
            number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 9.0e15,
            range.contains(number.int64Value)
        else { throw malformed("\(key) missing or not an integer in \(range.lowerBound)...\(range.upperBound)") }
        return number.int64Value
    }

    func nested(_ key: String) throws(ExtensionPointError) -> HookResponse {
        guard let value = object[key] as? [String: Any] else { throw malformed("\(key) missing or not an object") }
        return HookResponse(value, path: "\(path)\(key).", hook: hook, source: source)
    }

    func list(_ key: String) throws(ExtensionPointError) -> [HookResponse] {
        guard has(key) else { return [] }
        guard let values = object[key] as? [Any] else { throw malformed("\(key) not a list") }
        var items: [HookResponse] = []
        for (index, value) in values.enumerated() {
            guard let item = value as? [String: Any] else { throw malformed("\(key)[\(index)] not an object") }
            items.append(HookResponse(item, path: "\(path)\(key)[\(index)].", hook: hook, source: source))
        }
        return items
    }

    func money(_ key: String) throws(ExtensionPointError) -> Money {
        let money = try nested(key)
        let currency = try money.string("currency")
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw money.malformed("currency not an ISO 4217 code")
        }
        return Money(minorUnits: try money.integer("minorUnits"), currency: currency)
    }

    /// An upper-case machine code such as `PAYMENT_DECLINED`.
    func code(_ key: String) throws(ExtensionPointError) -> String {
        let code = try string(key)
        guard code.utf8.count <= 64,
            code.utf8.allSatisfy({ (65...90).contains($0) || (48...57).contains($0) || $0 == 95 })
        else { throw malformed("\(key) not an upper-case code such as PAYMENT_DECLINED") }
        return code
    }

    /// Calls `hook` with `body` as its JSON request and reads the answer, with the host's failures
    /// mapped to ``ExtensionPointError`` (`source` names the extension in messages).
    static func call(
        _ plugin: any PluginCalling, _ hook: String, _ body: [String: Any], timeout: Duration, source: String
    ) async throws(ExtensionPointError) -> HookResponse {
        let bytes: [UInt8]
        do {
            bytes = try await plugin.call(hook: hook, request: encode(body), timeout: timeout)
        } catch {
            throw ExtensionPointError(error, source: source, hook: hook)
        }
        return try HookResponse(bytes: bytes, hook: hook, source: source)
    }

    /// The JSON text of a request object.
    static func encode(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    static func money(_ money: Money) -> [String: Any] {
        ["minorUnits": money.minorUnits, "currency": money.currency]
    }
}

extension ExtensionPointError {
    /// The adapter's view of a host failure: the code by kind, the plugin's words in the detail.
    init(_ error: PluginError, source: String, hook: String) {
        switch error.code {
        case .timeout:
            self.init(.timedOut, source: source, "\(hook) did not answer in time", detail: error.description)
        case .malformedResponse:
            self.init(
                .malformedResponse, source: source, "\(hook) answered with something that is not a JSON object",
                detail: error.description)
        case .invalidRequest:
            self.init(.rejectedRequest, source: source, error.message, detail: error.description)
        default:
            self.init(.failed, source: source, "\(hook) failed", detail: error.description)
        }
    }
}
