import EmporiumPluginKit

/// Reads the `promotions` plugin's configuration, refusing anything unexpected with a message that
/// names the key, e.g. `config.promotions[1].percent must be an integer from 1 to 100, not 120`.
public enum PromotionsConfiguration {
    /// The configuration's JSON Schema (draft-07), as declared in the manifest.
    public static let schema = """
        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
         "required":["promotions"],"properties":{"promotions":{"type":"array","items":{"type":"object",
         "additionalProperties":false,"required":["id","type"],"properties":{
         "id":{"type":"string","minLength":1},"label":{"type":"string"},
         "type":{"enum":["percentage","fixed","buyXGetY"]},
         "percent":{"type":"integer","minimum":1,"maximum":100},"amount":{"type":"integer","minimum":1},
         "currency":{"type":"string","pattern":"^[A-Z]{3}$"},"buy":{"type":"integer","minimum":1},
         "get":{"type":"integer","minimum":1},"skus":{"type":"array","items":{"type":"string"}},
         "categories":{"type":"array","items":{"type":"string"}},"minimumSubtotal":{"type":"integer","minimum":1},
         "couponCode":{"type":"string","minLength":1},"usageLimit":{"type":"integer","minimum":1},
         "startsAt":{"type":"string","format":"date-time"},"endsAt":{"type":"string","format":"date-time"}}}}}}
        """

    static let keys: Set<String> = [
        "id", "label", "type", "percent", "amount", "currency", "buy", "get", "skus", "categories", "minimumSubtotal",
        "couponCode", "usageLimit", "startsAt", "endsAt",
    ]

    /// The promotions in `bytes` (the configuration object as JSON).
    public static func promotions(_ bytes: [UInt8]) throws(PluginJSONError) -> [Promotion] {
        var promotions: [Promotion]?
        try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in
            guard try reader.peek() == .object else { throw reader.invalid("the configuration must be an object") }
            try reader.readObject { reader, key throws(PluginJSONError) in
                guard key == "promotions" else {
                    throw reader.invalid("config.\(key.prefix(40)) is not a known setting (promotions)")
                }
                var list: [Promotion] = []
                try reader.readArray { reader, index throws(PluginJSONError) in
                    let promotion = try readPromotion(&reader, path: "config.promotions[\(index)]")
                    guard !list.contains(where: { $0.id == promotion.id }) else {
                        throw reader.invalid("config.promotions[\(index)].id \(promotion.id) is used twice")
                    }
                    list.append(promotion)
                }
                promotions = list
            }
        }
        guard let promotions else { throw PluginJSONError(.invalidValue, offset: 0, "config.promotions is required") }
        return promotions
    }

    private static func readPromotion(_ reader: inout PluginJSONReader, path: String) throws(PluginJSONError)
        -> Promotion
    {
        var fields = Fields()
        guard try reader.peek() == .object else { throw reader.invalid("\(path) must be an object") }
        try reader.readObject { reader, key throws(PluginJSONError) in
            guard keys.contains(key) else {
                throw reader.invalid(
                    "\(path).\(key.prefix(40)) is not a known setting (\(keys.sorted().joined(separator: ", ")))")
            }
            try fields.read(key, &reader, path: "\(path).\(key)")
        }
        return try fields.promotion(path: path, at: reader.valueOffset)
    }
}
