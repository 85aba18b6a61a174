import Dispatch
import EmporiumCore
public import EmporiumPluginKit
import Foundation

/// A started plugin, whatever its isolation mode: in process (``PluginInstance``) or in a worker
/// process (``ProcessPluginInstance``).
public protocol PluginCalling: AnyObject, Sendable {
    /// What the plugin declares.
    var manifest: PluginManifest { get }
    /// Calls a hook with a JSON request and returns the JSON response.
    func call(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8]
    /// Calls a hook and hands the answer to `read`, which decodes and checks it (the answer is not
    /// checked beforehand); what `read` throws fails the call with `PLUGIN_MALFORMED_RESPONSE`.
    func call<Answer>(
        hook: String, request: [UInt8], timeout: Duration,
        reading read: (UnsafeRawBufferPointer) throws(PluginJSONError) -> Answer
    ) async throws(PluginError) -> Answer
    /// Stops the plugin; later calls fail.
    func shutdown()
}

/// A plugin that wraps another to watch its calls (the engine's metrics): adapters that call an
/// in-process plugin on the caller's thread (``PluginPricingRule``) call the wrapped plugin
/// directly and report each call here, so watching costs no more than a call through the wrapper.
///
/// Such adapters bypass the wrapper's `call` entirely: a conformer's `call` must do nothing but
/// forward to ``observed`` and report what ``observe(hook:failure:duration:)`` reports. A wrapper
/// that changes requests, refuses calls or holds state per call must not conform.
public protocol PluginCallObserving: PluginCalling {
    /// The plugin whose calls are watched.
    var observed: any PluginCalling { get }
    /// A call to `hook` that took `duration` and succeeded (`failure` nil) or failed with `failure`.
    func observe(hook: String, failure: PluginError?, duration: Duration)
}

extension PluginCalling {
    /// The plugin's id.
    public var id: String { manifest.id }

    /// Calls ``call(hook:request:timeout:)`` and reads its (already checked) answer with `read`.
    public func call<Answer>(
        hook: String, request: [UInt8], timeout: Duration,
        reading read: (UnsafeRawBufferPointer) throws(PluginJSONError) -> Answer
    ) async throws(PluginError) -> Answer {
        let answer = try await call(hook: hook, request: request, timeout: timeout)
        return try PluginInstance.read(answer, with: read, hook: hook, plugin: id)
    }
}

extension PluginInstance: PluginCalling {
    /// What the plugin declares.
    public var manifest: PluginManifest { library.manifest }
}

extension ProcessPluginInstance: PluginCalling {}

/// Where the engine's own executable is, for starting plugin workers (`emporium plugin-worker`).
public enum PluginWorkerExecutable {
    /// `/proc/self/exe` resolved, or nil where that does not exist.
    public static var current: String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}

/// Where plugin call deadlines fire: one watch with a serial queue of its own, which gets a thread
/// even when plugin calls block every thread of the shared pool, so a deadline is never late
/// because plugins hang.
enum PluginDeadlines {
    static let watch = DeadlineWatch(label: "emporium.plugin.deadlines")
}
