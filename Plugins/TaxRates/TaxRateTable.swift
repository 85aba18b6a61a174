import EmporiumPluginKit

/// The `tax-rates` plugin's configuration: rates by country, and by region within a country (a
/// region's rate overrides its country's), read with messages that name the key.
struct TaxRateTable: Sendable {
    struct Rate: Sendable {
        var country: String
        var region: String?
        var ratePerMillion: Int64
        var name: String
    }

    static let schema = """
        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
         "required":["rates"],"properties":{"taxShipping":{"type":"boolean"},"name":{"type":"string"},
         "rates":{"type":"array","items":{"type":"object","additionalProperties":false,
         "required":["country","ratePerMillion"],"properties":{"country":{"type":"string","pattern":"^[A-Z]{2}$"},
         "region":{"type":"string","minLength":1},"ratePerMillion":{"type":"integer","minimum":0,"maximum":1000000},
         "name":{"type":"string"}}}}}}
        """

    var rates: [Rate]
    /// Whether shipping is taxed at the destination's rate (default true).
    var taxShipping: Bool

    /// The rate for an address: the region's when one is configured, else the country's.
    func rate(country: String, region: String?) -> Rate? {
        if let region, let match = rates.first(where: { $0.country == country && $0.region == region }) {
            return match
        }
        return rates.first { $0.country == country && $0.region == nil }
    }

    init(configuration bytes: [UInt8]) throws(PluginJSONError) {
        var rates: [Rate]?
        var taxShipping = true
        var name = "Tax"
        try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in
            guard try reader.peek() == .object else { throw reader.invalid("the configuration must be an object") }
            try reader.readObject { reader, key throws(PluginJSONError) in
                switch key {
                case "taxShipping":
                    guard try reader.peek() == .bool else {
                        throw reader.invalid("config.taxShipping must be true or false")
                    }
                    taxShipping = try reader.readBool()
                case "name":
                    guard try reader.peek() == .string else { throw reader.invalid("config.name must be a string") }
                    name = try reader.readString()
                case "rates":
                    guard try reader.peek() == .array else { throw reader.invalid("config.rates must be a list") }
                    var list: [Rate] = []
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        list.append(try Self.readRate(&reader, path: "config.rates[\(index)]"))
                    }
                    rates = list
                default:
                    throw reader.invalid("config.\(key.prefix(40)) is not a known setting (name, rates, taxShipping)")
                }
            }
        }
        guard var rates else { throw PluginJSONError(.invalidValue, offset: 0, "config.rates is required") }
        for index in rates.indices where rates[index].name.isEmpty { rates[index].name = name }
        for (index, rate) in rates.enumerated()
        where rates[..<index].contains(where: { $0.country == rate.country && $0.region == rate.region }) {
            let place = rate.region.map { "\(rate.country)-\($0)" } ?? rate.country
            throw PluginJSONError(.invalidValue, offset: 0, "config.rates[\(index)] repeats the rate for \(place)")
        }
        self.rates = rates
        self.taxShipping = taxShipping
    }

    private static func readRate(_ reader: inout PluginJSONReader, path: String) throws(PluginJSONError) -> Rate {
        guard try reader.peek() == .object else { throw reader.invalid("\(path) must be an object") }
        let start = reader.offset
        var country: String?
        var region: String?
        var rate: Int64?
        var name = ""
        try reader.readObject { reader, key throws(PluginJSONError) in
            switch key {
            case "country":
                guard try reader.peek() == .string else { throw reader.invalid("\(path).country must be a string") }
                let text = try reader.readString()
                guard text.utf8.count == 2, text.utf8.allSatisfy({ (65...90).contains($0) }) else {
                    throw reader.invalid(
                        "\(path).country must be an ISO 3166-1 alpha-2 code like DE, not \(text.prefix(40))")
                }
                country = text
            case "region":
                guard try reader.peek() == .string else { throw reader.invalid("\(path).region must be a string") }
                region = try reader.readString()
            case "ratePerMillion":
                guard try reader.peek() == .number else {
                    throw reader.invalid("\(path).ratePerMillion must be an integer from 0 to 1000000 (190000 is 19 %)")
                }
                do throws(PluginJSONError) {
                    rate = try reader.readInt64(in: 0...1_000_000, field: "\(path).ratePerMillion")
                } catch  where error.code == .notAnInteger {
                    throw reader.invalid("\(path).ratePerMillion must be an integer from 0 to 1000000 (190000 is 19 %)")
                }
            case "name":
                guard try reader.peek() == .string else { throw reader.invalid("\(path).name must be a string") }
                name = try reader.readString()
            default:
                throw reader.invalid(
                    "\(path).\(key.prefix(40)) is not a known setting (country, name, ratePerMillion, region)")
            }
        }
        guard let country else { throw PluginJSONError(.invalidValue, offset: start, "\(path).country is required") }
        guard let rate else {
            throw PluginJSONError(.invalidValue, offset: start, "\(path).ratePerMillion is required")
        }
        return Rate(country: country, region: region, ratePerMillion: rate, name: name)
    }
}
