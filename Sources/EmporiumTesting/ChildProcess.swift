import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with posix_spawn, its output in a file. Tests use this instead of
/// Foundation's `Process`, whose `waitUntilExit` was seen to hang for good on Linux.
public struct ChildProcess: Sendable {
    /// The process id.
    public let pid: pid_t
    /// Where standard output and standard error go.
    public let outputPath: String

    /// Starts `executable` with `arguments` and `environment` (the whole environment, not a delta).
    public static func launch(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> ChildProcess
    {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).out")
            .path
        let descriptor = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        defer { close(descriptor) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, descriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, descriptor, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        return ChildProcess(pid: pid, outputPath: outputPath)
    }

    /// Runs a command to completion and returns its exit status and output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> (status: Int32, output: String)
    {
        let child = try launch(executable, arguments, environment: environment)
        let status = child.wait()
        defer { try? FileManager.default.removeItem(atPath: child.outputPath) }
        return (status, child.output)
    }

    /// Everything the child printed so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Sends a signal.
    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for exit; returns the exit status, or 128 + signal number when killed by a signal.
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
