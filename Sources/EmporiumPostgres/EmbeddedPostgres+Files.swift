import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// The files beside the data directory, and the server's postmaster.pid.
extension EmbeddedPostgres {
    func readPassword() throws(EmbeddedPostgresError) -> String {
        guard let password = try? String(contentsOfFile: self.paths.passwordFile, encoding: .utf8),
            !password.isEmpty
        else {
            throw EmbeddedPostgresError(
                code: .passwordFileMissing,
                message: "\(self.paths.dataDirectory) holds a cluster but \(self.paths.passwordFile) is missing; "
                    + "delete the data directory to start afresh."
            )
        }
        return password.trimmingCharacters(in: .newlines)
    }

    /// The port from `postmaster.pid` when a live postgres process holds that file.
    func runningServerPort() -> Int? {
        guard case .postgres(let port, _, _) = self.lockHolder() else { return nil }
        return port ?? self.options.port
    }

    /// Deletes `postmaster.pid` when its process id now belongs to another program (reused after a crash
    /// or a container restart) or to an unreaped zombie: the server would take either for a live postmaster
    /// and refuse to start. A lock file whose process is gone is left to the server, which also checks for
    /// orphaned shared memory.
    func removeForeignLockFile(logger: Logger) {
        guard case .other(let pid) = self.lockHolder() else { return }
        logger.notice("Removing a stale postmaster.pid whose process is not a live server", metadata: ["pid": "\(pid)"])
        try? FileManager.default.removeItem(atPath: self.paths.dataDirectory + "/postmaster.pid")
    }

    enum LockHolder {
        case none
        case gone
        case postgres(port: Int?, ready: Bool, socketDirectory: String?)
        case other(pid: pid_t)
    }

    func lockHolder() -> LockHolder {
        guard let text = try? String(contentsOfFile: self.paths.dataDirectory + "/postmaster.pid", encoding: .utf8)
        else { return .none }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pid = pid_t(lines[0]), pid > 0 else { return .gone }
        guard kill(pid, 0) == 0 || errno == EPERM else { return .gone }
        let port = lines.count > 3 ? Int(lines[3]) : nil
        let ready = lines.count > 7 && lines[7] == "ready"
        // The first of its `unix_socket_directories`; empty when it has none.
        let socketDirectory = lines.count > 4 && !lines[4].isEmpty ? lines[4] : nil
        // On Linux, /proc tells whether the pid is still that server: "pid (comm) state …" in stat, and a
        // server process always works in its data directory. Elsewhere liveness alone decides.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        else { return .postgres(port: port, ready: ready, socketDirectory: socketDirectory) }
        let name = stat[stat.index(after: open)..<close]
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        guard name == "postgres" || name == "postmaster", state != "Z", state != "X" else { return .other(pid: pid) }
        if let directory = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"),
            directory != URL(fileURLWithPath: self.paths.dataDirectory).resolvingSymlinksInPath().path
        {
            return .other(pid: pid)
        }
        return .postgres(port: port, ready: ready, socketDirectory: socketDirectory)
    }

    func preferredPort() -> Int {
        if let port = self.options.port { return port }
        if let text = try? String(contentsOfFile: self.paths.portFile, encoding: .utf8),
            let saved = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            Self.loopbackPortIsFree(saved)
        {
            return saved
        }
        return Self.freeLoopbackPort() ?? 5432
    }

    func serverLogTail(lines: Int = 20) -> String {
        guard let handle = FileHandle(forReadingAtPath: self.paths.logFile) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 8192 ? size - 8192 : 0)
        let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines)
        return "\n--- last lines of \(self.paths.logFile) ---\n" + tail.joined(separator: "\n")
    }

    static func writeSecret(_ secret: String, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        guard
            FileManager.default.createFile(
                atPath: path,
                contents: Data((secret + "\n").utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
    }

    static func mode(of path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

extension EmbeddedPostgres {
    /// The data directory and the files kept beside it.
    struct Paths: Sendable {
        var dataDirectory: String
        var parentDirectory: String
        var passwordFile: String
        var portFile: String
        var logFile: String

        init(dataDirectory: String) {
            let absolute = URL(
                fileURLWithPath: dataDirectory,
                relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            ).standardizedFileURL.path
            self.dataDirectory = absolute
            self.parentDirectory = (absolute as NSString).deletingLastPathComponent
            self.passwordFile = absolute + ".password"
            self.portFile = absolute + ".port"
            self.logFile = absolute + ".log"
        }
    }
}
