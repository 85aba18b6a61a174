import EmporiumCore
import EmporiumPluginKit

/// A `pricing.tax` plugin as a Core ``TaxCalculator``.
public struct PluginTaxCalculator: TaxCalculator {
    /// The hook this adapter calls.
    public static let hook = "pricing.tax"

    /// The started plugin (in process or in a worker process).
    public let plugin: any PluginCalling
    /// The deadline of each call.
    public let timeout: Duration

    /// Adapts `plugin`, which must implement `pricing.tax`.
    public init(plugin: any PluginCalling, timeout: Duration) {
        self.plugin = plugin
        self.timeout = timeout
    }

    /// The plugin's id.
    public var id: String { plugin.id }

    /// Asks the plugin for the tax lines of `request` and checks them.
    public func tax(_ request: TaxRequest) async throws(PricingError) -> TaxResult {
        // The lines' taxable bases go into the request and check the answer: worked out once.
        let bases = request.pricing.lineTotals()
        let body = PricingPayload.taxRequest(request, bases: bases)
        let result: TaxResult
        do {
            result = try await plugin.call(hook: Self.hook, request: body, timeout: timeout) {
                (answer: UnsafeRawBufferPointer) throws(PluginJSONError) -> TaxResult in
                try PricingResponse.taxResult(answer, for: request, bases: bases)
            }
        } catch {
            throw PricingError(plugin: error)
        }
        return result
    }
}
