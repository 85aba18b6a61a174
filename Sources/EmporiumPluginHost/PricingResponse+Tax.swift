import EmporiumCore
import EmporiumPluginKit

extension PricingResponse {
    /// The tax lines of a `pricing.tax` response, checked against `request`: each line names a cart
    /// line or shipping, its rate is 0–100 %, its taxable amount is at most that target's base, and
    /// its tax at most its taxable amount.
    /// `bases` are the request's ``PricingResult/lineTotals()``, as sent to the plugin.
    static func taxResult(
        _ bytes: UnsafeRawBufferPointer, for request: TaxRequest, bases lineTotals: [(lineID: String, amount: Int64)]
    ) throws(PluginJSONError) -> TaxResult {
        var currency: String?
        var lines: [TaxResult.Line] = []
        try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in
            try reader.readMembers { reader, key throws(PluginJSONError) in
                switch key {
                case "currency": currency = try reader.readString()
                case "taxLines":
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        lines.append(try readTaxLine(&reader, path: "taxLines[\(index)]"))
                    }
                default: break
                }
            }
        }
        try checkCurrency(currency, request.pricing.cart.currency)
        var bases: [String: Int64] = [:]
        for total in lineTotals { bases[total.lineID] = total.amount }
        for (index, line) in lines.enumerated() {
            let base: Int64
            switch line.target {
            case .line(let id):
                guard let lineBase = bases[id] else {
                    throw PluginJSONError(
                        .invalidValue, offset: 0,
                        "taxLines[\(index)].lineId \"\(id.prefix(64))\" is not a line of the cart")
                }
                base = lineBase
            case .shipping:
                base = request.shipping
            }
            guard line.taxableAmount <= max(base, 0) else {
                throw PluginJSONError(
                    .invalidValue, offset: 0,
                    "taxLines[\(index)].taxableAmount \(line.taxableAmount) is more than its base (\(base))")
            }
            guard line.amount <= line.taxableAmount else {
                throw PluginJSONError(
                    .invalidValue, offset: 0,
                    "taxLines[\(index)].amount \(line.amount) is more than its taxable amount (\(line.taxableAmount))")
            }
        }
        return TaxResult(lines: lines, pricesIncludeTax: request.pricing.cart.pricesIncludeTax)
    }

    private static func readTaxLine(
        _ reader: inout PluginJSONReader, path: @autoclosure () -> String
    ) throws(PluginJSONError)
        -> TaxResult.Line
    {
        let start = reader.offset
        var target: String?
        var lineID: String?
        var name: String?
        var jurisdiction: String?
        var rate: Int64?
        var taxable: Int64?
        var amount: Int64?
        try reader.readMembers { reader, key throws(PluginJSONError) in
            switch key {
            case "target": target = try reader.readString()
            case "lineId": lineID = try reader.readString()
            case "name": name = try reader.readString()
            case "jurisdiction": jurisdiction = try reader.readString()
            case "ratePerMillion": rate = try reader.readInt64(in: 0...1_000_000, field: "\(path()).ratePerMillion")
            case "taxableAmount": taxable = try reader.readInt64(in: 0...Int64.max, field: "\(path()).taxableAmount")
            case "amount": amount = try reader.readInt64(in: 0...Int64.max, field: "\(path()).amount")
            default: break
            }
        }
        guard let name, let jurisdiction, let rate, let taxable, let amount else {
            throw PluginJSONError(
                .invalidValue, offset: start,
                "\(path()) needs name, jurisdiction, ratePerMillion, taxableAmount and amount")
        }
        let resolved: TaxResult.Line.Target
        switch (target, lineID) {
        case ("line", let id?): resolved = .line(id)
        case ("shipping", nil): resolved = .shipping
        default:
            throw PluginJSONError(
                .invalidValue, offset: start,
                "\(path()).target must be \"line\" (with a lineId) or \"shipping\" (without)")
        }
        return TaxResult.Line(
            target: resolved, name: name, jurisdiction: jurisdiction, ratePerMillion: rate, taxableAmount: taxable,
            amount: amount)
    }
}
