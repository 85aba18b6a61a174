import CEmporiumPluginABI
import EmporiumPluginKit
import Foundation

/// `cart.validate`: per-SKU and per-order quantity limits.
///
/// Configuration: `{"maxPerOrder": 20, "perSKU": {"SKU-000001-01": 2}}` (both optional, positive).
/// Request: `{"lines": [{"sku": "SKU-000001-01", "quantity": 3}]}`.
/// Response: `{"errors": [{"code": "QUANTITY_LIMIT_EXCEEDED", "field": ["lines", "0", "quantity"],
/// "message": "…"}]}` — empty when the cart is within the limits.
struct QuantityLimits: EmporiumPlugin {
    static let manifest = PluginDescription(
        id: "quantity-limits", version: "1.0.0", engineMinimum: "0.1.0", engineLimit: "2.0.0",
        hooks: ["cart.validate"],
        configSchema: """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "properties":{"maxPerOrder":{"type":"integer","minimum":1},
             "perSKU":{"type":"object","additionalProperties":{"type":"integer","minimum":1}}}}
            """)

    let maxPerOrder: Int?
    let perSKU: [String: Int]

    init(configuration: [UInt8]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(configuration)) as? [String: Any] else {
            throw PluginFailure.invalidInput("the configuration must be a JSON object")
        }
        for key in object.keys where key != "maxPerOrder" && key != "perSKU" {
            throw PluginFailure.invalidInput("config.\(key) is not a known setting (maxPerOrder, perSKU)")
        }
        if let value = object["maxPerOrder"] {
            guard let limit = Self.positiveInteger(value) else {
                throw PluginFailure.invalidInput("config.maxPerOrder must be a positive integer")
            }
            maxPerOrder = limit
        } else {
            maxPerOrder = nil
        }
        var limits: [String: Int] = [:]
        if let value = object["perSKU"] {
            guard let table = value as? [String: Any] else {
                throw PluginFailure.invalidInput("config.perSKU must be an object of SKU to limit")
            }
            for (sku, raw) in table {
                guard let limit = Self.positiveInteger(raw) else {
                    throw PluginFailure.invalidInput("config.perSKU.\(sku) must be a positive integer")
                }
                limits[sku] = limit
            }
        }
        perSKU = limits
    }

    func handle(hook: String, request: [UInt8]) throws -> [UInt8] {
        guard hook == "cart.validate" else { throw PluginFailure.unsupportedHook(hook) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request)) as? [String: Any],
            let lines = object["lines"] as? [[String: Any]]
        else { throw PluginFailure.invalidInput("the request must be {\"lines\": [{\"sku\", \"quantity\"}]}") }
        var errors: [[String: Any]] = []
        var total = 0
        for (index, line) in lines.enumerated() {
            guard let sku = line["sku"] as? String, let quantity = Self.positiveInteger(line["quantity"] as Any) else {
                throw PluginFailure.invalidInput("lines[\(index)] needs a sku and a positive integer quantity")
            }
            total += quantity
            if let limit = perSKU[sku], quantity > limit {
                errors.append([
                    "code": "QUANTITY_LIMIT_EXCEEDED", "field": ["lines", String(index), "quantity"],
                    "message": "At most \(limit) of \(sku) per order.",
                ])
            }
        }
        if let maxPerOrder, total > maxPerOrder {
            errors.append([
                "code": "ORDER_QUANTITY_LIMIT_EXCEEDED", "field": ["lines"],
                "message": "At most \(maxPerOrder) items per order.",
            ])
        }
        return Array(try JSONSerialization.data(withJSONObject: ["errors": errors], options: [.sortedKeys]))
    }

    private static func positiveInteger(_ value: Any) -> Int? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
            number.doubleValue == number.doubleValue.rounded(), number.intValue > 0
        else { return nil }
        return number.intValue
    }
}

/// The library's entry point.
@_cdecl("emporium_plugin_entry_v1")
public func emporiumPluginEntry() -> UnsafePointer<emporium_plugin_v1> {
    PluginExport.table(for: QuantityLimits.self)
}
