import CEmporiumPluginABI
import EmporiumPluginKit
import PromotionsLogic

/// `pricing.adjust`: percentage and fixed discounts, coupon codes with usage limits and date
/// ranges, buy-X-get-Y and minimum order values. See docs/plugins/promotions.md.
struct Promotions: EmporiumPlugin {
    static let manifest = PluginDescription(
        id: "promotions", version: "1.0.0", engineMinimum: "0.1.0", engineLimit: "2.0.0", hooks: ["pricing.adjust"],
        configSchema: PromotionsConfiguration.schema)

    let calculator: PromotionsCalculator

    init(configuration: [UInt8]) throws {
        do {
            calculator = PromotionsCalculator(promotions: try PromotionsConfiguration.promotions(configuration))
        } catch {
            throw PluginFailure.invalidInput(error.message)
        }
    }

    func handle(hook: String, request: [UInt8]) throws -> [UInt8] {
        try request.withUnsafeBytes { try handle(hook: hook, request: $0) }
    }

    /// Reads the request where the engine wrote it.
    func handle(hook: String, request: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard hook == "pricing.adjust" else { throw PluginFailure.unsupportedHook(hook) }
        let parsed: PromotionsRequest
        do {
            parsed = try PromotionsRequest(json: request)
        } catch {
            throw PluginFailure.invalidInput(error.description)
        }
        return calculator.adjust(parsed).json
    }
}

/// The library's entry point.
@_cdecl("emporium_plugin_entry_v1")
public func emporiumPluginEntry() -> UnsafePointer<emporium_plugin_v1> {
    PluginExport.table(for: Promotions.self)
}
