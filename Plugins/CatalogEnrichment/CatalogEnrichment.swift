import CEmporiumPluginABI
import EmporiumPluginKit
import Foundation

/// `catalog.decorate`: merchant-maintained enrichment applied when the engine loads catalog data:
/// brand names normalised (`brands`), attributes every product should carry (`defaultAttributes`,
/// added only where a product lacks the key), and a sentence appended to every description
/// (`descriptionSuffix`, for example a returns promise).
///
/// Configuration: `{"brands": {"Trailhead": "Trailhead Outdoor Co."}, "defaultAttributes":
/// {"warranty": "2 years", "returnDays": 30}, "descriptionSuffix": "Free returns within 30 days."}`.
/// Request: `{"products": [{"id", "slug", "name", "description", "brand"?, "attributes": [{"key", "value"}]}]}`.
/// Response: `{"products": [{"id", "brand"?, "description"?, "attributes"?}]}` for changed products only.
struct CatalogEnrichment: EmporiumPlugin {
    static let manifest = PluginDescription(
        id: "catalog-enrichment", version: "1.0.0", engineMinimum: "0.1.0", engineLimit: "2.0.0",
        hooks: ["catalog.decorate"],
        configSchema: """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "properties":{
               "brands":{"type":"object","additionalProperties":{"type":"string","minLength":1,"maxLength":200}},
               "defaultAttributes":{"type":"object",
                 "additionalProperties":{"type":["string","integer","boolean"]}},
               "descriptionSuffix":{"type":"string","minLength":1,"maxLength":2000}}}
            """)

    let brands: [String: String]
    let defaultAttributes: [(key: String, value: AttributeDefault)]
    let descriptionSuffix: String?

    init(configuration: [UInt8]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(configuration)) as? [String: Any] else {
            throw PluginFailure.invalidInput("the configuration must be a JSON object")
        }
        brands = object["brands"] as? [String: String] ?? [:]
        let defaults = object["defaultAttributes"] as? [String: Any] ?? [:]
        defaultAttributes = defaults.keys.sorted().compactMap { key in
            switch defaults[key] {
            case let text as String: (key, .text(text))
            case let number as NSNumber where String(cString: number.objCType) == "c": (key, .boolean(number.boolValue))
            case let number as NSNumber: (key, .integer(number.int64Value))
            default: nil
            }
        }
        descriptionSuffix = object["descriptionSuffix"] as? String
    }

    func handle(hook: String, request: [UInt8]) throws -> [UInt8] {
        guard hook == "catalog.decorate" else { throw PluginFailure.unsupportedHook(hook) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request)) as? [String: Any],
            let products = object["products"] as? [[String: Any]]
        else { throw PluginFailure.invalidInput("the request must be {\"products\": [...]}") }
        var changed: [[String: Any]] = []
        for (index, product) in products.enumerated() {
            guard let id = product["id"] as? NSNumber, let description = product["description"] as? String else {
                throw PluginFailure.invalidInput("products[\(index)] needs an id and a description")
            }
            var change: [String: Any] = [:]
            if let brand = product["brand"] as? String, let renamed = brands[brand], renamed != brand {
                change["brand"] = renamed
            }
            if let suffix = descriptionSuffix, !description.hasSuffix(suffix) {
                change["description"] = description.isEmpty ? suffix : description + " " + suffix
            }
            let present = Set((product["attributes"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String })
            let added = defaultAttributes.filter { !present.contains($0.key) }.map {
                ["key": $0.key, "value": $0.value.json]
            }
            if !added.isEmpty { change["attributes"] = added }
            if !change.isEmpty {
                change["id"] = id
                changed.append(change)
            }
        }
        return Array(try JSONSerialization.data(withJSONObject: ["products": changed], options: [.sortedKeys]))
    }
}

/// A default attribute's value, as the configuration gives it.
enum AttributeDefault: Sendable {
    case text(String)
    case integer(Int64)
    case boolean(Bool)

    var json: Any {
        switch self {
        case .text(let text): text
        case .integer(let number): number
        case .boolean(let flag): flag
        }
    }
}

/// The library's entry point.
@_cdecl("emporium_plugin_entry_v1")
public func emporiumPluginEntry() -> UnsafePointer<emporium_plugin_v1> {
    PluginExport.table(for: CatalogEnrichment.self)
}
