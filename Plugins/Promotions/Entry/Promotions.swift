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
    /// The arrays of the last request read, reused by the next (see `PromotionsRequest.BufferPool`).
    let requestBuffers = PromotionsRequest.BufferPool()

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

    func handle(hook: String, request: UnsafeRawBufferPointer) throws -> [UInt8] {
        var answer = PluginJSONWriter(capacity: 512)
        try handle(hook: hook, request: request, answer: &answer)
        return answer.bytes
    }

    /// Reads the request where the engine wrote it and writes the answer into the buffer the kit
    /// hands over.
    func handle(hook: String, request: UnsafeRawBufferPointer, answer: inout PluginJSONWriter) throws {
        guard hook == "pricing.adjust" else { throw PluginFailure.unsupportedHook(hook) }
        try requestBuffers.withBuffers { (buffers) throws(PluginFailure) in
            let parsed: PromotionsRequest
            do throws(PluginJSONError) {
                parsed = try PromotionsRequest(json: request, reusing: &buffers)
            } catch {
                throw PluginFailure.invalidInput(error.description)
            }
            calculator.adjust(parsed).write(into: &answer)
            buffers = (consume parsed).buffers()
        }
    }
}

/// The library's entry point.
@_cdecl("emporium_plugin_entry_v1")
public func emporiumPluginEntry() -> UnsafePointer<emporium_plugin_v1> {
    PluginExport.table(for: Promotions.self)
}
