import EmporiumCore
import EmporiumPluginKit

/// A `pricing.adjust` plugin as a Core ``PricingRule``: sends the cart and the adjustments so far,
/// checks the answer against the cart and appends it. A failing, slow or inconsistent plugin fails
/// the pricing with a ``PricingError``; nothing of a refused answer is applied.
public struct PluginPricingRule: PricingRule {
    /// The hook this adapter calls.
    public static let hook = "pricing.adjust"

    /// The started plugin (in process or in a worker process).
    public let plugin: any PluginCalling
    /// The deadline of each call.
    public let timeout: Duration
    /// ``timeout`` in nanoseconds, for calls in place.
    private let timeoutNanoseconds: UInt64

    /// `plugin` (or the plugin it watches) when it runs in process and measures its deadlines:
    /// then each call runs on the caller's thread with the request in the writer's buffer (see
    /// ``adjustments(for:)``), and a watching wrapper is told of each call.
    private let measuredInProcess: PluginInstance?
    private let observer: (any PluginCallObserving)?
    /// The labels and promotion ids of this plugin's recent answers, reused when they recur.
    let answerStrings = PluginAnswerStrings()

    /// Adapts `plugin`, which must implement `pricing.adjust`.
    public init(plugin: any PluginCalling, timeout: Duration) {
        self.plugin = plugin
        self.timeout = timeout
        timeoutNanoseconds = UInt64(max(timeout.nanoseconds, 0))
        let observer = plugin as? any PluginCallObserving
        let instance = (observer?.observed ?? plugin) as? PluginInstance
        measuredInProcess = instance.flatMap { $0.deadline == .measure ? $0 : nil }
        self.observer = measuredInProcess == nil ? nil : observer
    }

    /// The plugin's id.
    public var id: String { plugin.id }

    /// Whether calls run on the caller's thread with the request in place (for tests).
    var callsInPlace: Bool { measuredInProcess != nil }

    /// The `pricing.adjust` request document the plugin receives for `current`.
    public static func request(for current: PricingResult) -> [UInt8] {
        PricingPayload.adjustRequest(current)
    }

    /// Reads a `pricing.adjust` answer and checks it against `current`, as ``adjustments(for:)`` does.
    public static func adjustments(
        from response: [UInt8], for current: PricingResult, source: String
    ) throws(PricingError) -> PriceAdjustments {
        do {
            return try PricingResponse.adjustments(response, for: current)
        } catch {
            throw PricingError(.malformedResponse, source: source, detail: "\(hook) answered: \(error)")
        }
    }

    /// Reads a `pricing.adjust` answer of this adapter's plugin and checks it against `current`, as
    /// ``adjustments(for:)`` does: with the labels and promotion ids of its earlier answers at hand.
    public func adjustments(from response: [UInt8], for current: PricingResult) throws(PricingError)
        -> PriceAdjustments
    {
        do {
            return try PricingResponse.adjustments(response, for: current, strings: answerStrings)
        } catch {
            throw PricingError(.malformedResponse, source: id, detail: "\(Self.hook) answered: \(error)")
        }
    }

    /// Asks the plugin for its adjustments to `current`. The answer is read once, straight from the
    /// plugin's memory into the typed adjustments, and checked. A plugin in process that measures its
    /// deadlines is called on this thread with the request where it was written
    /// (``PluginInstance/callMeasuring(hook:request:timeout:reading:)``); any other plugin through
    /// ``PluginCalling``, the request copied into an array.
    public func adjustments(for current: PricingResult) async throws(PricingError) -> PriceAdjustments {
        do {
            if let instance = measuredInProcess { return try adjustInPlace(instance, current) }
            let request = PricingPayload.adjustRequest(current)
            return try await plugin.call(hook: Self.hook, request: request, timeout: timeout) {
                answer throws(PluginJSONError) in
                try PricingResponse.adjustments(answer, for: current, strings: answerStrings)
            }
        } catch {
            throw PricingError(plugin: error)
        }
    }
}

extension PluginPricingRule {
    /// The in-process call on this thread, the request in the writer's buffer; a watching wrapper
    /// (the engine's metrics) is told of the call as if it had gone through it.
    private func adjustInPlace(_ instance: PluginInstance, _ current: PricingResult) throws(PluginError)
        -> PriceAdjustments
    {
        var writer = PluginJSONWriter(capacity: PricingPayload.requestCapacity(for: current.cart))
        PricingPayload.writeAdjustRequest(current, into: &writer)
        // How long the call took, from the instance's own deadline check: the clock is read twice per
        // call, not four times.
        var took: UInt64 = 0
        do throws(PluginError) {
            let added = try writer.withBytes { request throws(PluginError) in
                try instance.callMeasuring(
                    hook: Self.hook, request: request, timeoutNanoseconds: timeoutNanoseconds, took: &took
                ) { answer throws(PluginJSONError) in
                    try PricingResponse.adjustments(answer, for: current, strings: answerStrings)
                }
            }
            if let observer {
                observer.observe(hook: Self.hook, failure: nil, duration: .nanoseconds(Int64(clamping: took)))
            }
            return added
        } catch {
            if let observer {
                observer.observe(hook: Self.hook, failure: error, duration: .nanoseconds(Int64(clamping: took)))
            }
            throw error
        }
    }
}

extension PricingError {
    /// The pricing error for a failed plugin call.
    init(plugin error: PluginError) {
        let code: Code =
            switch error.code {
            case .timeout: .timedOut
            case .malformedResponse: .malformedResponse
            default: .pluginFailed
            }
        self.init(code, source: error.plugin, detail: error.message)
    }
}
