public import CEmporiumPluginABI
import Dispatch
import EmporiumPluginKit
import Foundation
import Synchronization

/// An initialised plugin, in process. Calls run on a worker thread and race a deadline: a call that
/// overruns fails with `PLUGIN_TIMEOUT` while the plugin's thread finishes on its own (code in the
/// engine's process cannot be stopped). A plugin that crashes takes the process down in this mode.
public final class PluginInstance: @unchecked Sendable {
    // `state` is set once by the plugin's init and only handed back to it; the ABI requires `call`
    // to be safe from several threads at once.
    /// The library.
    public let library: PluginLibrary
    let state: UnsafeMutableRawPointer?
    private let stopped = Atomic<Bool>(false)

    init(library: PluginLibrary, state: UnsafeMutableRawPointer?) {
        self.library = library
        self.state = state
    }

    /// Calls a hook with a JSON request; returns the JSON response (a JSON object, checked).
    public func call(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8] {
        guard library.manifest.hooks.contains(hook) else {
            throw PluginError(.unsupportedHook, plugin: id, "it does not implement \(hook).")
        }
        guard !stopped.load(ordering: .acquiring) else {
            throw PluginError(.callFailed, plugin: id, "it has been shut down.")
        }
        let outcome: Result<[UInt8], PluginError> = await withCheckedContinuation { continuation in
            let race = Race()
            let nanoseconds =
                Int(timeout.components.seconds) * 1_000_000_000
                + Int(timeout.components.attoseconds / 1_000_000_000)
            let ticket = PluginDeadlines.watch.watch(until: .now() + .nanoseconds(nanoseconds)) {
                if race.claim() {
                    continuation.resume(
                        returning: .failure(
                            PluginError(.timeout, plugin: self.id, "\(hook) did not answer within \(timeout).")))
                }
            }
            DispatchQueue.global().async {
                let result = self.invoke(hook: hook, request: request)
                PluginDeadlines.watch.finish(ticket)
                if race.claim() { continuation.resume(returning: result) }
            }
        }
        return try outcome.get()
    }

    /// The synchronous call through the C table.
    func invoke(hook: String, request: [UInt8]) -> Result<[UInt8], PluginError> {
        var response: UnsafeMutablePointer<CChar>?
        var length = 0
        let table = library.table
        let status = hook.withCString { hookName in
            request.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    table.pointee.call(state, hookName, chars.baseAddress, chars.count, &response, &length)
                }
            }
        }
        let bytes = library.takeBytes(response, length)
        switch Int(status) {
        case Int(EMPORIUM_PLUGIN_OK):
            guard let bytes, Self.isJSONObject(bytes) else {
                return .failure(
                    PluginError(
                        .malformedResponse, plugin: id, "\(hook) answered with something that is not a JSON object."))
            }
            return .success(bytes)
        case Int(EMPORIUM_PLUGIN_INVALID_INPUT):
            return .failure(
                PluginError(.invalidRequest, plugin: id, "\(hook) refused the request: \(Self.text(bytes))"))
        case Int(EMPORIUM_PLUGIN_UNSUPPORTED_HOOK):
            return .failure(PluginError(.unsupportedHook, plugin: id, "it does not implement \(hook)."))
        default:
            return .failure(PluginError(.callFailed, plugin: id, "\(hook) failed: \(Self.text(bytes))"))
        }
    }

    /// Whether `bytes` is one well-formed JSON object (checked with the kit's reader: Foundation's
    /// parser cost more than the rest of a pricing call).
    static func isJSONObject(_ bytes: [UInt8]) -> Bool {
        do {
            try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) -> Void in
                guard try reader.peek() == .object else { throw reader.invalid("not an object") }
                try reader.skipValue()
            }
            return true
        } catch {
            return false
        }
    }

    private static func text(_ bytes: [UInt8]?) -> String {
        bytes.map { String(decoding: $0.prefix(500), as: UTF8.self) } ?? "no reason given"
    }

    /// Calls the plugin's `shutdown` once.
    public func shutdown() {
        guard stopped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return
        }
        library.table.pointee.shutdown(state)
    }

    /// Whoever claims first resumes the caller.
    private final class Race: Sendable {
        private let done = Atomic<Bool>(false)
        func claim() -> Bool {
            done.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        }
    }
}
