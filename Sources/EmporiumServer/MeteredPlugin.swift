import EmporiumPluginHost
import EmporiumPluginKit
import Logging

/// A started plugin whose every call is counted and timed by plugin and hook, and whose failures
/// (an error status, a timeout, malformed output, a dead worker) are counted by code and logged
/// without the payloads. The registry hands out plugins wrapped in this, so every consumer's calls
/// show in `/metrics` the same way.
final class MeteredPlugin: PluginCallObserving {
    let inner: any PluginCalling
    let metrics: EngineMetrics
    let logger: Logger
    /// The metric handles of each hook in the manifest, made once.
    let handles: [String: EngineMetrics.PluginCallMetrics]

    init(_ inner: any PluginCalling, metrics: EngineMetrics, logger: Logger) {
        self.inner = inner
        self.metrics = metrics
        self.logger = logger
        var handles: [String: EngineMetrics.PluginCallMetrics] = [:]
        for hook in inner.manifest.hooks { handles[hook] = metrics.pluginCallMetrics(plugin: inner.id, hook: hook) }
        self.handles = handles
    }

    private func record(hook: String, failure: PluginError.Code?, duration: Duration) {
        // A hook outside the manifest (refused by the plugin) still counts, through the registry.
        let handles = self.handles[hook] ?? metrics.pluginCallMetrics(plugin: inner.id, hook: hook)
        metrics.recordPluginCall(handles, failure: failure, duration: duration)
    }

    var manifest: PluginManifest { inner.manifest }

    var observed: any PluginCalling { inner }

    func observe(hook: String, failure: PluginError?, duration: Duration) {
        if let failure {
            failed(hook: hook, failure, duration: duration)
        } else {
            record(hook: hook, failure: nil, duration: duration)
        }
    }

    func call(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8] {
        let start = ContinuousClock.now
        do {
            let response = try await inner.call(hook: hook, request: request, timeout: timeout)
            observe(hook: hook, failure: nil, duration: .now - start)
            return response
        } catch {
            observe(hook: hook, failure: error, duration: .now - start)
            throw error
        }
    }

    func call<Answer>(
        hook: String, request: [UInt8], timeout: Duration,
        reading read: (UnsafeRawBufferPointer) throws(PluginJSONError) -> Answer
    ) async throws(PluginError) -> Answer {
        let start = ContinuousClock.now
        do {
            let answer = try await inner.call(hook: hook, request: request, timeout: timeout, reading: read)
            observe(hook: hook, failure: nil, duration: .now - start)
            return answer
        } catch {
            observe(hook: hook, failure: error, duration: .now - start)
            throw error
        }
    }

    private func failed(hook: String, _ error: PluginError, duration: Duration) {
        record(hook: hook, failure: error.code, duration: duration)
        logger.warning(
            "plugin call failed",
            metadata: [
                "plugin.id": "\(inner.id)", "plugin.hook": "\(hook)", "plugin.error": "\(error.code)",
                "error": "\(error.message)",
            ])
    }

    func shutdown() { inner.shutdown() }
}
