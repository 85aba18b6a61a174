import CEmporiumPluginABI
import EmporiumPluginKit

/// `pricing.tax`: tax by country and region, prices with or without tax, shipping taxed or not.
/// Integer arithmetic only; each line's tax is rounded half to even. See docs/plugins/tax-rates.md.
struct TaxRates: EmporiumPlugin {
    static let manifest = PluginDescription(
        id: "tax-rates", version: "1.0.0", engineMinimum: "0.1.0", engineLimit: "2.0.0", hooks: ["pricing.tax"],
        configSchema: TaxRateTable.schema)

    let table: TaxRateTable

    init(configuration: [UInt8]) throws {
        do {
            table = try TaxRateTable(configuration: configuration)
        } catch {
            throw PluginFailure.invalidInput(error.message)
        }
    }

    func handle(hook: String, request: [UInt8]) throws -> [UInt8] {
        guard hook == "pricing.tax" else { throw PluginFailure.unsupportedHook(hook) }
        let parsed: TaxRequestDocument
        do {
            parsed = try TaxRequestDocument(json: request)
        } catch {
            throw PluginFailure.invalidInput(error.description)
        }
        var writer = PluginJSONWriter(capacity: 64 + parsed.lines.count * 128)
        writer.beginObject()
        writer.field("currency", parsed.currency)
        writer.key("taxLines")
        writer.beginArray()
        if let rate = table.rate(country: parsed.countryCode, region: parsed.region) {
            let jurisdiction = rate.region.map { "\(rate.country)-\($0)" } ?? rate.country
            func line(_ lineID: String?, _ base: Int64) {
                let taxable = max(base, 0)
                writer.beginObject()
                writer.field("target", lineID == nil ? "shipping" : "line")
                writer.field("lineId", ifPresent: lineID)
                writer.field("name", rate.name)
                writer.field("jurisdiction", jurisdiction)
                writer.field("ratePerMillion", rate.ratePerMillion)
                writer.field("taxableAmount", taxable)
                writer.field(
                    "amount", Self.tax(on: taxable, rate: rate.ratePerMillion, included: parsed.pricesIncludeTax))
                writer.endObject()
            }
            for item in parsed.lines { line(item.id, item.taxableAmount) }
            if table.taxShipping, parsed.shipping > 0 { line(nil, parsed.shipping) }
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// The tax on `base` at `rate` millionths, rounded half to even: `base × rate / 10⁶` when tax is
    /// added on top, `base × rate / (10⁶ + rate)` when `base` already includes it.
    static func tax(on base: Int64, rate: Int64, included: Bool) -> Int64 {
        guard base > 0, rate > 0 else { return 0 }
        let divisor = included ? 1_000_000 + rate : 1_000_000
        let (quotient, remainder) = divisor.dividingFullWidth(base.multipliedFullWidth(by: rate))
        let twice = remainder * 2
        if twice > divisor || (twice == divisor && quotient % 2 == 1) { return quotient + 1 }
        return quotient
    }
}

/// The library's entry point.
@_cdecl("emporium_plugin_entry_v1")
public func emporiumPluginEntry() -> UnsafePointer<emporium_plugin_v1> {
    PluginExport.table(for: TaxRates.self)
}
