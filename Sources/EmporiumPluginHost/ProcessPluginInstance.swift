import Dispatch
import EmporiumCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A plugin hosted by a child process of the engine (isolation mode `process`): the same library,
/// the same JSON, over a pipe. A plugin that crashes or hangs fails only the calls in flight; the
/// worker is started again on the next call, after a backoff that doubles up to 5 s while it keeps
/// failing. Calls to one worker run one at a time.
///
/// A call that finds the worker free sends its request from the caller's thread and watches the pipe
/// for the answer for a moment (``FileDescriptorStream/spinBeforeSleeping``); most plugins answer
/// within it, and the call then costs no hand-off to another thread (two wake-ups of sleeping
/// threads, about 40 µs on a virtual machine, several times the call itself). An answer that takes
/// longer is awaited on a queue of its own, so a slow or hung plugin never holds one of the
/// concurrency pool's threads; so is a call that finds the worker busy or has to start it. (Once an
/// answer has begun to arrive, the caller's thread reads the rest of it; the worker writes each
/// answer at once, and the plugin's own standard output goes elsewhere, see ``PluginWorker``.)
public final class ProcessPluginInstance: @unchecked Sendable {
    // The worker and the counters below are used only by whoever holds `owner` (one call, the start
    // in `init`, or `shutdown`).
    /// The plugin's manifest (from loading the library once in the engine, which also runs every check).
    public let manifest: PluginManifest
    let workerExecutable: String
    let path: String
    let configJSON: String
    /// Held while the worker is in use. A semaphore, not a lock: a call that begins on the caller's
    /// thread may end on `answers`.
    private let owner = DispatchSemaphore(value: 1)
    /// Calls that found the worker busy wait for it here; waiting blocks, so they get a queue of their
    /// own (serial queues get a thread even while the shared pool is busy), never a pool thread.
    private let calls = DispatchQueue(label: "emporium.plugin.worker")
    /// Answers that did not come while the caller watched are awaited here (another queue than
    /// `calls`, whose blocks may be waiting for the same worker).
    private let answers = DispatchQueue(label: "emporium.plugin.worker.answers")
    private var worker: Worker?
    /// Set by ``shutdown()``: later calls are refused rather than starting a new worker.
    private var stopped = false
    private var failures = 0
    private var retryAfter: ContinuousClock.Instant?
    /// Number of workers started (the first plus restarts), for tests and metrics.
    public private(set) var starts = 0

    struct Worker {
        let pid: pid_t
        let input: FileDescriptorStream
        let output: FileDescriptorStream
    }

    /// What the deadline's action and the reader of a call share: whether it answered, whether its
    /// deadline stopped the worker.
    final class CallFlags: Sendable {
        let finished = Atomic<Bool>(false)
        let timedOut = Atomic<Bool>(false)
    }

    /// A request written to the worker, its deadline watched, its answer still to read.
    struct Sent {
        let worker: Worker
        let hook: String
        let timeout: Duration
        let flags: CallFlags
        let ticket: UInt64
    }

    /// Checks the library in this process (without calling `init` here), then starts the worker,
    /// which loads the library and calls `init` with the configuration.
    public init(
        path: String, sha256: String? = nil, configJSON: String, workerExecutable: String,
        environment: PluginHostEnvironment = .current
    ) throws(PluginError) {
        let library = try PluginLibrary.load(path: path, sha256: sha256, environment: environment)
        try library.checkConfiguration(configJSON)
        manifest = library.manifest
        self.path = path
        self.configJSON = configJSON
        self.workerExecutable = workerExecutable
        // A write to a worker that died between calls must fail with EPIPE (the call then fails and
        // the worker is restarted), not stop the engine with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        owner.wait()
        defer { owner.signal() }
        _ = try startWorker()
    }

    /// The running worker's process id (for tests).
    var workerProcessID: pid_t? {
        owner.wait()
        defer { owner.signal() }
        return worker?.pid
    }

    /// Calls a hook in the worker; a crash, a hang past the deadline or a broken pipe fails this
    /// call only.
    public func call(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8] {
        guard manifest.hooks.contains(hook) else {
            throw PluginError(.unsupportedHook, plugin: id, "it does not implement \(hook).")
        }
        if owner.wait(timeout: .now()) == .success {
            // Starting a worker waits for its `init`: that is done on the queue below, not here.
            guard worker != nil else {
                owner.signal()
                return try await callQueued(hook: hook, request: request, timeout: timeout)
            }
            // The worker is free and running: send from this thread, and watch for the answer for a
            // moment.
            let sent: Sent
            switch send(hook: hook, request: request, timeout: timeout) {
            case .success(let written): sent = written
            case .failure(let error):
                owner.signal()
                throw error
            }
            if sent.worker.output.awaitInput(spinning: FileDescriptorStream.spinBeforeSleeping) {
                // The answer is coming (or the worker is gone): reading it does not wait on the plugin.
                let outcome = receive(sent)
                owner.signal()
                return try outcome.get()
            }
            let outcome: Result<[UInt8], PluginError> = await withCheckedContinuation { continuation in
                answers.async {
                    let outcome = self.receive(sent)
                    self.owner.signal()
                    continuation.resume(returning: outcome)
                }
            }
            return try outcome.get()
        }
        return try await callQueued(hook: hook, request: request, timeout: timeout)
    }

    /// A call made on the `calls` queue: when another call has the worker (waiting for it there
    /// holds no pool thread), or a worker must be started first.
    private func callQueued(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8] {
        let outcome: Result<[UInt8], PluginError> = await withCheckedContinuation { continuation in
            calls.async {
                self.owner.wait()
                let outcome = self.send(hook: hook, request: request, timeout: timeout).flatMap { self.receive($0) }
                self.owner.signal()
                continuation.resume(returning: outcome)
            }
        }
        return try outcome.get()
    }

    /// Writes a call to the worker (started first when none runs) and watches its deadline: past
    /// it, the worker is killed, which ends the wait for its answer. The caller holds `owner`.
    private func send(hook: String, request: [UInt8], timeout: Duration) -> Result<Sent, PluginError> {
        guard !stopped else { return .failure(PluginError(.callFailed, plugin: id, "it has been shut down.")) }
        let current: Worker
        if let running = worker {
            current = running
        } else {
            do throws(PluginError) {
                current = try startWorker()
            } catch {
                return .failure(error)
            }
        }
        let flags = CallFlags()
        let ticket = PluginDeadlines.watch.watch(after: timeout) {
            if !flags.finished.load(ordering: .acquiring) {
                flags.timedOut.store(true, ordering: .releasing)
                kill(current.pid, SIGKILL)
            }
        }
        current.input.writeFrame(Array(hook.utf8) + [0] + request)
        return .success(Sent(worker: current, hook: hook, timeout: timeout, flags: flags, ticket: ticket))
    }

    /// Reads the answer to `sent` (waiting for it) and turns it into the call's outcome; a worker that
    /// died or was stopped is collected. The caller holds `owner`.
    private func receive(_ sent: Sent) -> Result<[UInt8], PluginError> {
        let answer = sent.worker.output.readFrame()
        sent.flags.finished.store(true, ordering: .releasing)
        PluginDeadlines.watch.finish(sent.ticket)
        let hook = sent.hook
        guard let answer, let status = answer.first else {
            let exit = reap(sent.worker)
            let reason =
                sent.flags.timedOut.load(ordering: .acquiring)
                ? PluginError(
                    .timeout, plugin: id, "\(hook) did not answer within \(sent.timeout); its worker was stopped.")
                : PluginError(
                    .callFailed, plugin: id, "its worker process died during \(hook) (\(exit)); it will be restarted.")
            return .failure(reason)
        }
        failures = 0
        let body = Array(answer.dropFirst())
        let message = String(decoding: body.prefix(500), as: UTF8.self)
        switch status {
        case 0: return .success(body)
        case 1: return .failure(PluginError(.invalidRequest, plugin: id, "\(hook) refused the request: \(message)"))
        case 3: return .failure(PluginError(.unsupportedHook, plugin: id, "it does not implement \(hook)."))
        case 9: return .failure(PluginError(.malformedResponse, plugin: id, message))
        default: return .failure(PluginError(.callFailed, plugin: id, "\(hook) failed: \(message)"))
        }
    }

    /// Starts a worker (the caller holds `owner`), honouring the backoff after failures.
    private func startWorker() throws(PluginError) -> Worker {
        if let retryAfter, ContinuousClock.now < retryAfter {
            throw PluginError(.callFailed, plugin: id, "its worker keeps failing; the next start is delayed.")
        }
        var toWorker: [Int32] = [0, 0]
        var fromWorker: [Int32] = [0, 0]
        // O_CLOEXEC: a later worker must not inherit this worker's pipe ends, or this worker would never
        // see end-of-file on its stdin (and shutdown would wait for it forever).
        guard pipe(&toWorker) == 0, pipe(&fromWorker) == 0 else {
            throw PluginError(.callFailed, plugin: id, "cannot create pipes for its worker.")
        }
        for descriptor in toWorker + fromWorker { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toWorker[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromWorker[1], 1)
        for descriptor in toWorker + fromWorker { posix_spawn_file_actions_addclose(&actions, descriptor) }
        let words: [String] = [workerExecutable, "plugin-worker", path]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        // Swift's backtracer would spend a second printing a crashed worker's threads before it dies.
        var variables = ProcessInfo.processInfo.environment
        variables["SWIFT_BACKTRACE"] = "enable=no"
        let environment: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, workerExecutable, &actions, nil, arguments, environment)
        close(toWorker[0])
        close(fromWorker[1])
        guard spawned == 0 else {
            close(toWorker[1])
            close(fromWorker[0])
            throw PluginError(
                .callFailed, plugin: id, "cannot start its worker \(workerExecutable) (errno \(spawned)).")
        }
        starts += 1
        let started = Worker(
            pid: pid, input: FileDescriptorStream(descriptor: toWorker[1]),
            output: FileDescriptorStream(descriptor: fromWorker[0]))
        started.input.writeFrame(Array(configJSON.utf8))
        guard let answer = started.output.readFrame(), answer.first == 0 else {
            _ = reap(started)
            throw PluginError(.configRejected, plugin: id, "its worker refused the configuration.")
        }
        worker = started
        return started
    }

    /// Collects a dead (or killed) worker and schedules the backoff; returns how it ended.
    private func reap(_ dead: Worker) -> String {
        close(dead.input.descriptor)
        close(dead.output.descriptor)
        kill(dead.pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(dead.pid, &status, 0) == -1 && errno == EINTR {}
        worker = nil
        failures += 1
        let delay = min(5_000, 100 << min(failures - 1, 6))
        retryAfter = failures > 1 ? ContinuousClock.now.advanced(by: .milliseconds(delay)) : nil
        let signal = status & 0x7f
        return signal == 0 ? "exit status \((status >> 8) & 0xff)" : "signal \(signal)"
    }

    /// Stops the worker (after the call in flight, if any); later calls are refused.
    public func shutdown() {
        owner.wait()
        defer { owner.signal() }
        stopped = true
        if let current = worker {
            close(current.input.descriptor)
            // The worker exits when its stdin closes; one that does not within a second is killed.
            var status: Int32 = 0
            var exited = false
            for _ in 0..<100 where !exited {
                exited = waitpid(current.pid, &status, WNOHANG) == current.pid
                if !exited { usleep(10_000) }
            }
            if !exited {
                kill(current.pid, SIGKILL)
                while waitpid(current.pid, &status, 0) == -1 && errno == EINTR {}
            }
            close(current.output.descriptor)
            worker = nil
        }
    }
}
