import EmporiumPluginKit

/// The parts of a `pricing.tax` request the plugin needs.
struct TaxRequestDocument {
    struct Line {
        var id: String
        var taxableAmount: Int64
    }

    var currency = ""
    var pricesIncludeTax = false
    var countryCode = ""
    var region: String?
    var lines: [Line] = []
    var shipping: Int64 = 0

    init(json bytes: [UInt8]) throws(PluginJSONError) {
        var document = TaxRequestDocument()
        try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in
            try reader.readMembers { reader, key throws(PluginJSONError) in
                switch key {
                case "currency": document.currency = try reader.readString()
                case "pricesIncludeTax": document.pricesIncludeTax = try reader.readBool()
                case "shipping": document.shipping = try reader.readInt64(in: 0...Int64.max, field: "shipping")
                case "address":
                    try reader.readMembers { reader, key throws(PluginJSONError) in
                        if key == "countryCode" { document.countryCode = try reader.readString() }
                        if key == "region" { document.region = try reader.readNull() ? nil : try reader.readString() }
                    }
                case "lines":
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        var id: String?
                        var amount: Int64?
                        try reader.readMembers { reader, key throws(PluginJSONError) in
                            if key == "id" { id = try reader.readString() }
                            if key == "taxableAmount" {
                                amount = try reader.readInt64(in: 0...Int64.max, field: "lines[\(index)].taxableAmount")
                            }
                        }
                        guard let id, let amount else {
                            throw reader.invalid("lines[\(index)] needs id and taxableAmount")
                        }
                        document.lines.append(Line(id: id, taxableAmount: amount))
                    }
                default: break
                }
            }
        }
        guard !document.currency.isEmpty, !document.countryCode.isEmpty else {
            throw PluginJSONError(.invalidValue, offset: 0, "the request needs currency and address.countryCode")
        }
        self = document
    }

    private init() {}
}
