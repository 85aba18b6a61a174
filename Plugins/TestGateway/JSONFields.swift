import EmporiumPluginKit
import Foundation

/// Typed reads of a request object, each failing with a message that names the field.
struct JSONFields {
    let object: [String: Any]
    let hook: String

    init(_ object: [String: Any], hook: String) {
        self.object = object
        self.hook = hook
    }

    func string(_ key: String) throws -> String {
        guard let value = object[key] as? String, !value.isEmpty else {
            throw PluginFailure.invalidInput("\(hook): \(key) must be a non-empty string")
        }
        return value
    }

    func integer(_ key: String) throws -> Int64 {
        guard let value = object[key].flatMap(Self.integer) else {
            throw PluginFailure.invalidInput("\(hook): \(key) must be an integer")
        }
        return value
    }

    func nested(_ key: String) throws -> JSONFields {
        guard let value = object[key] as? [String: Any] else {
            throw PluginFailure.invalidInput("\(hook): \(key) must be an object")
        }
        return JSONFields(value, hook: "\(hook): \(key)")
    }

    /// `{"minorUnits": 1500, "currency": "USD"}`.
    func money(_ key: String) throws -> (minorUnits: Int64, currency: String) {
        let money = try nested(key)
        let currency = try money.string("currency")
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw PluginFailure.invalidInput("\(hook): \(key).currency must be an ISO 4217 code such as USD")
        }
        return (try money.integer("minorUnits"), currency)
    }

    /// An integral JSON number (not a boolean), or nil.
    static func integer(_ value: Any) -> Int64? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        let double = number.doubleValue
        guard double == double.rounded(), abs(double) < 9.0e15 else { return nil }
        return number.int64Value
    }

    static func money(_ minorUnits: Int64, _ currency: String) -> [String: Any] {
        ["minorUnits": minorUnits, "currency": currency]
    }
}
