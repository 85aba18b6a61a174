public import EmporiumCore
import Foundation

/// A `catalog.decorate` plugin adapted to ``CatalogDecorator``. A decoration must name a product of
/// the request, keep the name non-empty, and give attributes as `{"key", "value"}` with a string,
/// integer or boolean value; anything else is refused as a malformed response and not applied.
public struct PluginCatalogDecorator: CatalogDecorator {
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

    public func decorate(_ products: [Product]) async throws(ExtensionPointError) -> [ProductDecoration] {
        let body: [String: Any] = ["products": products.map(Self.document)]
        let response = try await HookResponse.call(
            plugin, "catalog.decorate", body, timeout: timeout, source: "catalog decorator \(plugin.id)")
        let requested = Set(products.map(\.id))
        var decorations: [ProductDecoration] = []
        for item in try response.list("products") {
            let productID = try item.integer("id")
            guard requested.contains(productID) else { throw item.malformed("id \(productID) not among the request's") }
            var decoration = ProductDecoration(productID: productID)
            decoration.name = try item.has("name") ? item.string("name") : nil
            decoration.description = try item.optionalString("description")
            decoration.brand = try item.optionalString("brand")
            for attribute in try item.list("attributes") {
                decoration.attributes.append(
                    ProductAttribute(key: try attribute.string("key"), value: try Self.value(attribute)))
            }
            decorations.append(decoration)
        }
        return decorations
    }

    static func document(_ product: Product) -> [String: Any] {
        var document: [String: Any] = [
            "id": product.id, "slug": product.slug, "name": product.name, "description": product.description,
            "attributes": product.attributes.map { ["key": $0.key, "value": json($0.value)] as [String: Any] },
        ]
        if let brand = product.brand { document["brand"] = brand }
        return document
    }

    static func json(_ value: AttributeValue) -> Any {
        switch value {
        case .text(let text): text
        case .integer(let number): number
        case .boolean(let flag): flag
        }
    }

    static func value(_ attribute: HookResponse) throws(ExtensionPointError) -> AttributeValue {
        switch attribute.object["value"] {
        case let text as String: return .text(text)
        case let number as NSNumber where ConfigurationSchema.isBoolean(number): return .boolean(number.boolValue)
        case is NSNumber: return .integer(try attribute.integer("value"))
        default: throw attribute.malformed("value missing or not a string, integer or boolean")
        }
    }
}
