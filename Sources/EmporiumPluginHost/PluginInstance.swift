public import CEmporiumPluginABI
import Dispatch
import EmporiumCore
public import EmporiumPluginKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An initialised plugin, in process. Its ``deadline`` mode decides how each call's deadline is
/// kept: ``PluginDeadlineMode/measure`` (the default) runs the call on the caller's thread and fails
/// it with `PLUGIN_TIMEOUT` when it answered too late; ``PluginDeadlineMode/enforce`` runs it on a
/// worker thread and releases the caller at the deadline. A plugin that crashes takes the process
/// down in either mode.
public final class PluginInstance: @unchecked Sendable {
    // `state` is set once by the plugin's init and only handed back to it; the ABI requires `call`
    // to be safe from several threads at once.
    /// The library.
    public let library: PluginLibrary
    /// How each call's deadline is kept.
    public let deadline: PluginDeadlineMode
    let state: UnsafeMutableRawPointer?
    private let stopped = Atomic<Bool>(false)

    init(library: PluginLibrary, state: UnsafeMutableRawPointer?, deadline: PluginDeadlineMode) {
        self.library = library
        self.state = state
        self.deadline = deadline
    }

    /// Calls a hook with a JSON request; returns the JSON response (a JSON object, checked).
    public func call(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8] {
        try await call(hook: hook, request: request, timeout: timeout) { answer throws(PluginJSONError) in
            try Self.checkJSONObject(answer)
            return Array(answer)
        }
    }

    /// Calls a hook with a JSON request and hands the answer to `read` while it is still in the
    /// plugin's memory (no copy); what `read` throws fails the call with `PLUGIN_MALFORMED_RESPONSE`.
    /// `read` is the whole check of the answer: the host parses it once.
    public func call<Answer>(
        hook: String, request: [UInt8], timeout: Duration,
        reading read: (UnsafeRawBufferPointer) throws(PluginJSONError) -> Answer
    ) async throws(PluginError) -> Answer {
        switch deadline {
        case .measure:
            let outcome = request.withUnsafeBytes { bytes in
                Result { () throws(PluginError) in
                    try callMeasuring(hook: hook, request: bytes, timeout: timeout, reading: read)
                }
            }
            return try outcome.get()
        case .enforce:
            try checkCallable(hook)
            let bytes = try await callOnWorker(hook: hook, request: request, timeout: timeout)
            return try Self.read(bytes, with: read, hook: hook, plugin: id)
        }
    }

    /// Calls a hook of a plugin in ``PluginDeadlineMode/measure`` mode synchronously, on the caller's
    /// thread, with the request where the caller wrote it (valid during the call): what
    /// ``call(hook:request:timeout:reading:)`` does in that mode, without copying the request into an
    /// array and without the protocol's generic, asynchronous dispatch. Adapters on hot paths call
    /// it when their plugin is a `PluginInstance` in that mode.
    func callMeasuring<Answer>(
        hook: String, request: UnsafeRawBufferPointer, timeout: Duration,
        reading read: (UnsafeRawBufferPointer) throws(PluginJSONError) -> Answer
    ) throws(PluginError) -> Answer {
        var took: UInt64 = 0
        return try callMeasuring(
            hook: hook, request: request, timeoutNanoseconds: UInt64(max(timeout.nanoseconds, 0)), took: &took,
            reading: read)
    }

    /// ``callMeasuring(hook:request:timeout:reading:)`` with the deadline in nanoseconds, telling how
    /// long the call took (`took`, nanoseconds, also when it fails; 0 when it was refused before the
    /// call), so that a caller that meters calls does not read the clock again.
    func callMeasuring<Answer>(
        hook: String, request: UnsafeRawBufferPointer, timeoutNanoseconds: UInt64, took: inout UInt64,
        reading read: (UnsafeRawBufferPointer) throws(PluginJSONError) -> Answer
    ) throws(PluginError) -> Answer {
        assert(deadline == .measure, "callMeasuring runs on the caller's thread: only for deadline: measure")
        try checkCallable(hook)
        return try measuring(hook: hook, timeoutNanoseconds: timeoutNanoseconds, took: &took) {
            () throws(PluginError) in
            try invoke(hook: hook, request: request) { bytes throws(PluginError) in
                try Self.read(bytes, with: read, hook: hook, plugin: id)
            }
        }
    }

    /// The monotonic clock in nanoseconds: one `clock_gettime` (a vDSO call), without
    /// `ContinuousClock.Instant`, whose resilient layout cost value-witness calls and type-metadata
    /// lookups on every call that kept one.
    @inline(__always)
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Refuses a hook the plugin does not declare, and any call after shutdown.
    private func checkCallable(_ hook: String) throws(PluginError) {
        guard library.manifest.hooks.contains(hook) else {
            throw PluginError(.unsupportedHook, plugin: id, "it does not implement \(hook).")
        }
        guard !stopped.load(ordering: .acquiring) else {
            throw PluginError(.callFailed, plugin: id, "it has been shut down.")
        }
    }

    /// Runs `call` on the caller's thread and fails with `PLUGIN_TIMEOUT` when it answered, or
    /// failed, after `timeoutNanoseconds`: its answer or failure came too late and is discarded.
    /// `took` is how long it took.
    @inline(__always)
    private func measuring<Answer>(
        hook: String, timeoutNanoseconds: UInt64, took: inout UInt64, _ call: () throws(PluginError) -> Answer
    ) throws(PluginError) -> Answer {
        let started = Self.monotonicNanoseconds()
        let answer: Answer
        do {
            answer = try call()
        } catch {
            took = Self.monotonicNanoseconds() &- started
            try checkDeadline(took: took, hook: hook, timeoutNanoseconds: timeoutNanoseconds)
            throw error
        }
        took = Self.monotonicNanoseconds() &- started
        try checkDeadline(took: took, hook: hook, timeoutNanoseconds: timeoutNanoseconds)
        return answer
    }

    /// Fails with `PLUGIN_TIMEOUT` when a call took longer than its deadline: its answer, or its
    /// failure, came too late and is discarded.
    @inline(__always)
    private func checkDeadline(took: UInt64, hook: String, timeoutNanoseconds: UInt64) throws(PluginError) {
        guard took > timeoutNanoseconds else { return }
        throw PluginError(
            .timeout, plugin: id,
            "\(hook) answered after \(Duration.nanoseconds(Int64(clamping: took))), past its deadline of "
                + "\(Duration.nanoseconds(Int64(clamping: timeoutNanoseconds))); the answer was discarded.")
    }

    /// Runs the call on a worker thread and races it against the shared deadline watch: whoever
    /// claims first resumes the caller. The answer is copied out of the plugin's memory.
    private func callOnWorker(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8] {
        let outcome: Result<[UInt8], PluginError> = await withCheckedContinuation { continuation in
            let race = Race()
            let ticket = PluginDeadlines.watch.watch(after: timeout) {
                if race.claim() {
                    continuation.resume(
                        returning: .failure(
                            PluginError(.timeout, plugin: self.id, "\(hook) did not answer within \(timeout).")))
                }
            }
            DispatchQueue.global().async {
                let result = Result { () throws(PluginError) in
                    try self.invoke(hook: hook, request: request) { bytes throws(PluginError) in Array(bytes) }
                }
                PluginDeadlines.watch.finish(ticket)
                if race.claim() { continuation.resume(returning: result) }
            }
        }
        return try outcome.get()
    }

    /// The synchronous call through the C table, for the worker process: the answer checked to be a
    /// JSON object and copied.
    func invoke(hook: String, request: [UInt8]) -> Result<[UInt8], PluginError> {
        Result { () throws(PluginError) in
            try invoke(hook: hook, request: request) { bytes throws(PluginError) in
                do {
                    try Self.checkJSONObject(bytes)
                } catch {
                    throw PluginError(
                        .malformedResponse, plugin: id, "\(hook) answered with something that is not a JSON object.")
                }
                return Array(bytes)
            }
        }
    }

    /// The synchronous call through the C table; `take` sees a successful answer before the plugin's
    /// `free` releases it. (It throws rather than returning a `Result`: a `Result` of the generic
    /// answer made the runtime look up its type metadata on every call.)
    func invoke<Answer>(
        hook: String, request: [UInt8], take: (UnsafeRawBufferPointer) throws(PluginError) -> Answer
    ) throws(PluginError) -> Answer {
        let result: Result<Answer, PluginError> = request.withUnsafeBytes { request in
            do throws(PluginError) {
                return .success(try invoke(hook: hook, request: request, take: take))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The synchronous call through the C table with the request in place (see above).
    func invoke<Answer>(
        hook: String, request: UnsafeRawBufferPointer, take: (UnsafeRawBufferPointer) throws(PluginError) -> Answer
    ) throws(PluginError) -> Answer {
        var response: UnsafeMutablePointer<CChar>?
        var length = 0
        let table = library.table
        let status = hook.withCString { hookName in
            table.pointee.call(
                state, hookName, request.baseAddress?.assumingMemoryBound(to: CChar.self), request.count, &response,
                &length)
        }
        defer { if let response { table.pointee.free(response) } }
        guard status == EMPORIUM_PLUGIN_OK else {
            throw failure(status: status, hook: hook, message: response, length: length)
        }
        guard let response else {
            throw PluginError(.malformedResponse, plugin: id, "\(hook) answered with nothing.")
        }
        return try take(UnsafeRawBufferPointer(start: response, count: max(length, 0)))
    }

    private func failure(status: Int32, hook: String, message: UnsafeMutablePointer<CChar>?, length: Int)
        -> PluginError
    {
        let text =
            message.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: min(max(length, 0), 500)), as: UTF8.self)
            } ?? "no reason given"
        switch Int(status) {
        case Int(EMPORIUM_PLUGIN_INVALID_INPUT):
            return PluginError(.invalidRequest, plugin: id, "\(hook) refused the request: \(text)")
        case Int(EMPORIUM_PLUGIN_UNSUPPORTED_HOOK):
            return PluginError(.unsupportedHook, plugin: id, "it does not implement \(hook).")
        default:
            return PluginError(.callFailed, plugin: id, "\(hook) failed: \(text)")
        }
    }

    /// `read` applied to an answer, its failure as `PLUGIN_MALFORMED_RESPONSE`.
    static func read<Answer>(
        _ bytes: UnsafeRawBufferPointer, with read: (UnsafeRawBufferPointer) throws(PluginJSONError) -> Answer,
        hook: String, plugin: String
    ) throws(PluginError) -> Answer {
        do {
            return try read(bytes)
        } catch {
            throw PluginError(.malformedResponse, plugin: plugin, "\(hook) answered: \(error)")
        }
    }

    /// `read` applied to an answer copied out of the plugin, its failure as `PLUGIN_MALFORMED_RESPONSE`.
    static func read<Answer>(
        _ bytes: [UInt8], with read: (UnsafeRawBufferPointer) throws(PluginJSONError) -> Answer,
        hook: String, plugin: String
    ) throws(PluginError) -> Answer {
        let result: Result<Answer, PluginError> = bytes.withUnsafeBytes { buffer in
            do throws(PluginError) {
                return .success(try Self.read(buffer, with: read, hook: hook, plugin: plugin))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Fails unless `bytes` is one well-formed JSON object (checked with the kit's reader:
    /// Foundation's parser cost more than the rest of a pricing call).
    static func checkJSONObject(_ bytes: UnsafeRawBufferPointer) throws(PluginJSONError) {
        var reader = PluginJSONReader(bytes)
        do throws(PluginJSONError) {
            guard try reader.peek() == .object else { throw reader.invalid("found another kind of value") }
            try reader.skipValue()
            try reader.finish()
        } catch {
            throw PluginJSONError(error.code, offset: error.offset, "not a JSON object: \(error.message)")
        }
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
