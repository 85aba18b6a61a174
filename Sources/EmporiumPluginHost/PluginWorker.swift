import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The wire protocol between the engine and a plugin worker process (isolation mode `process`):
/// frames of `u32 big-endian length` + payload on the worker's stdin and stdout.
///
/// Host → worker: first one frame with the configuration JSON; then, per call, a frame holding
/// `hook` + `0x00` + request JSON. Worker → host: per frame received, one frame holding a status
/// byte (the ABI's status codes, `EMPORIUM_PLUGIN_*`, or 9 for a malformed answer) followed by the
/// response JSON or the message. Calls are answered in order, one at a time.
public enum PluginWorker {
    /// Runs a worker on stdin/stdout until the host closes stdin; returns the exit status.
    public static func run(path: String) -> Int32 {
        let input = FileDescriptorStream(descriptor: 0)
        // Frames go out on a descriptor of their own; the plugin's standard output goes to standard
        // error. A plugin that prints would otherwise write into the protocol: the engine would read
        // its text as a frame's length and wait for a frame that never comes.
        let frames = dup(1)
        guard frames >= 0, dup2(2, 1) >= 0 else { return 1 }
        _ = fcntl(frames, F_SETFD, FD_CLOEXEC)
        let output = FileDescriptorStream(descriptor: frames)
        guard let config = input.readFrame() else { return 1 }
        let instance: PluginInstance
        do {
            instance = try PluginLibrary.load(path: path).instantiate(
                configJSON: String(decoding: config, as: UTF8.self))
        } catch {
            output.writeFrame([2] + Array(error.description.utf8))
            return 2
        }
        output.writeFrame([0])
        // Between calls the worker watches its input for a moment before it sleeps in `read`: calls
        // that come in a burst then find it awake (see `FileDescriptorStream.awaitInput`).
        while true {
            input.awaitInput(spinning: FileDescriptorStream.spinBeforeSleeping)
            guard let frame = input.readFrame() else { break }
            guard let separator = frame.firstIndex(of: 0) else {
                output.writeFrame([2] + Array("malformed call frame".utf8))
                continue
            }
            let hook = String(decoding: frame[..<separator], as: UTF8.self)
            let request = Array(frame[(separator + 1)...])
            switch instance.invoke(hook: hook, request: request) {
            case .success(let response): output.writeFrame([0] + response)
            case .failure(let error): output.writeFrame([status(of: error.code)] + Array(error.message.utf8))
            }
        }
        instance.shutdown()
        return 0
    }

    static func status(of code: PluginError.Code) -> UInt8 {
        switch code {
        case .invalidRequest: 1
        case .unsupportedHook: 3
        case .malformedResponse: 9
        default: 2
        }
    }
}

/// Blocking frame I/O on a file descriptor.
struct FileDescriptorStream {
    let descriptor: Int32

    /// How long a side that expects a frame soon watches for it before sleeping in `read`.
    static let spinBeforeSleeping: Duration = .microseconds(50)

    /// Watches the descriptor for input (a `poll` that does not wait, again and again) for up to
    /// `spinning`; true as soon as there is input (or the other end closed, or an error: `read` will
    /// not sleep), false when the time is up. A process that sleeps in `read` is woken by the kernel
    /// when the other side writes, which on a virtual machine costs tens of microseconds when the
    /// two run on different CPUs (a pipe round trip here: 40 µs asleep, 1–3 µs when both sides
    /// watch; docs/performance.md). The watching is bounded, so a side that waits longer costs at
    /// most `spinning` of CPU before it sleeps.
    @discardableResult
    func awaitInput(spinning: Duration) -> Bool {
        let limit = UInt64(max(spinning.nanoseconds, 0))
        var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let started = PluginInstance.monotonicNanoseconds()
        repeat {
            let ready = poll(&watched, 1, 0)
            if ready > 0 { return true }
            // A failing `poll` says nothing of the pipe: the caller goes on as if nothing came.
            if ready < 0 && errno != EINTR { return false }
            // The other side, woken after a pause, may have been put on this CPU: let it run. Without
            // this, a first call after a pause waited for the whole watch (130 µs instead of 34).
            sched_yield()
        } while PluginInstance.monotonicNanoseconds() &- started < limit
        return false
    }

    func readFrame() -> [UInt8]? {
        guard let header = read(count: 4) else { return nil }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard length <= 64 << 20 else { return nil }
        return length == 0 ? [] : read(count: length)
    }

    func writeFrame(_ payload: [UInt8]) {
        let length = UInt32(payload.count)
        var bytes: [UInt8] = [
            UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
        ]
        bytes += payload
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    private func read(count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = buffer[offset...].withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            offset += got
        }
        return buffer
    }
}
