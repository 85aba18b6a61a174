import EmporiumCore

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
        let response: [UInt8]
        do {
            response = try await plugin.call(
                hook: Self.hook, request: PricingPayload.taxRequest(request), timeout: timeout)
        } catch {
            throw PricingError(plugin: error)
        }
        do {
            return try PricingResponse.taxResult(response, for: request)
        } catch {
            throw PricingError(.malformedResponse, source: id, detail: "\(Self.hook) answered: \(error)")
        }
    }
}
