import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension EmbeddedPostgres {
    /// The PostgreSQL programs, all taken from one folder so their versions match.
    struct Tools: Sendable {
        var initdb: String
        var pgCtl: String
        var postgres: String
        var psql: String

        private static let required = ["initdb", "pg_ctl", "postgres", "psql"]

        static func locate(in configured: String?) throws(EmbeddedPostgresError) -> Tools {
            let fileManager = FileManager.default
            var candidates: [String] = []
            if let configured {
                candidates.append(configured)
            } else {
                // Debian links a few programs onto PATH (psql through a wrapper script): follow pg_ctl's
                // link to the versioned folder, which holds them all.
                let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
                for folder in path.split(separator: ":") where fileManager.isExecutableFile(atPath: "\(folder)/pg_ctl")
                {
                    let real = URL(fileURLWithPath: "\(folder)/pg_ctl").resolvingSymlinksInPath().path
                    candidates.append((real as NSString).deletingLastPathComponent)
                    candidates.append(String(folder))
                }
                for root in ["/usr/lib/postgresql", "/usr/local/lib/postgresql"] {
                    let versions = (try? fileManager.contentsOfDirectory(atPath: root)) ?? []
                    let newestFirst = versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
                    candidates += newestFirst.map { "\(root)/\($0)/bin" }
                }
                let rpm = ((try? fileManager.contentsOfDirectory(atPath: "/usr")) ?? [])
                    .filter { $0.hasPrefix("pgsql-") }
                    .sorted { $0.compare($1, options: .numeric) == .orderedDescending }
                candidates += rpm.map { "/usr/\($0)/bin" }
                candidates += ["/opt/homebrew/bin", "/usr/local/bin"]
            }
            for folder in candidates
            where Self.required.allSatisfy({ fileManager.isExecutableFile(atPath: "\(folder)/\($0)") }) {
                return Tools(
                    initdb: "\(folder)/initdb",
                    pgCtl: "\(folder)/pg_ctl",
                    postgres: "\(folder)/postgres",
                    psql: "\(folder)/psql"
                )
            }
            let searched = configured ?? "PATH and /usr/lib/postgresql/<version>/bin"
            throw EmbeddedPostgresError(
                code: .binariesNotFound,
                message: "PostgreSQL's initdb, pg_ctl, postgres and psql were not found in \(searched); "
                    + "install them with `apt-get install postgresql` (Debian, Ubuntu) or `brew install postgresql`."
            )
        }
    }

    /// The unprivileged user that owns and runs the cluster when this process is root, which PostgreSQL
    /// refuses to run as.
    struct ServerAccount: Sendable {
        var name: String
        var uid: uid_t
        var gid: gid_t
        var groups: [gid_t]
        /// The command prefix that runs a program as this user.
        var launcher: [String]

        /// `nil` when this process is not root: the cluster then belongs to the current user.
        static func forCurrentProcess() throws(EmbeddedPostgresError) -> ServerAccount? {
            guard geteuid() == 0 else { return nil }
            for name in ["postgres", "nobody"] {
                guard let entry = getpwnam(name) else { continue }
                let uid = entry.pointee.pw_uid
                let gid = entry.pointee.pw_gid
                let groups = Self.groups(of: name, primary: gid)
                let fileManager = FileManager.default
                if let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: fileManager.isExecutableFile) {
                    let launcher = [setpriv, "--reuid=\(uid)", "--regid=\(gid)", "--init-groups", "--"]
                    return ServerAccount(name: name, uid: uid, gid: gid, groups: groups, launcher: launcher)
                }
                if let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first(where: fileManager.isExecutableFile) {
                    let launcher = [runuser, "-u", name, "--"]
                    return ServerAccount(name: name, uid: uid, gid: gid, groups: groups, launcher: launcher)
                }
                throw EmbeddedPostgresError(
                    code: .serverUserNotFound,
                    message: "Running as root needs setpriv or runuser to start PostgreSQL as \(name); "
                        + "install util-linux, or run as an ordinary user."
                )
            }
            throw EmbeddedPostgresError(
                code: .serverUserNotFound,
                message: "Running as root needs a `postgres` or `nobody` user to run PostgreSQL as; "
                    + "install the postgresql package, or run as an ordinary user."
            )
        }

        private static func groups(of name: String, primary: gid_t) -> [gid_t] {
            #if canImport(Darwin)
                var groups = [Int32](repeating: 0, count: 64)
                var count = Int32(groups.count)
                guard getgrouplist(name, Int32(bitPattern: primary), &groups, &count) >= 0 else { return [primary] }
                return groups.prefix(Int(count)).map { gid_t(bitPattern: $0) }
            #else
                var groups = [gid_t](repeating: 0, count: 64)
                var count = Int32(groups.count)
                guard getgrouplist(name, primary, &groups, &count) >= 0 else { return [primary] }
                return Array(groups.prefix(Int(count)))
            #endif
        }

        /// Whether this user may enter `folder`, judged by its mode bits (ACLs are not read).
        func canSearch(_ folder: String) -> Bool {
            var info = stat()
            guard stat(folder, &info) == 0 else { return false }
            if info.st_uid == self.uid { return info.st_mode & 0o100 != 0 }
            if self.groups.contains(info.st_gid) { return info.st_mode & 0o010 != 0 }
            return info.st_mode & 0o001 != 0
        }

        func takeOwnership(of path: String) {
            chown(path, self.uid, self.gid)
        }
    }

    /// Runs programs with a clean environment, as the server user when one is given.
    enum Command {
        struct Result {
            var status: Int32
            var output: String
            var succeeded: Bool { self.status == 0 }
        }

        /// Runs a program to completion. Output goes to a temporary file rather than a pipe, so a chatty
        /// child can never block on a full pipe.
        static func run(
            _ executable: String,
            _ arguments: [String],
            as account: ServerAccount?,
            environment extra: [String: String] = [:]
        ) -> Result {
            let outputPath = FileManager.default.temporaryDirectory
                .appendingPathComponent("emporium-postgres-\(UUID().uuidString).out").path
            guard
                FileManager.default.createFile(
                    atPath: outputPath, contents: nil, attributes: [.posixPermissions: 0o600]),
                let output = FileHandle(forWritingAtPath: outputPath)
            else {
                return Result(status: -1, output: "could not create \(outputPath)")
            }
            defer { try? FileManager.default.removeItem(atPath: outputPath) }
            let process: Process
            do {
                process = try Self.launch(executable, arguments, as: account, output: output, environment: extra)
            } catch {
                try? output.close()
                return Result(status: -1, output: "could not run \(executable): \(error)")
            }
            try? output.close()
            process.waitUntilExit()
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            return Result(status: process.terminationStatus, output: String(text.suffix(4000)))
        }

        /// Starts a program with stdout and stderr going to `output`, and returns without waiting.
        static func launch(
            _ executable: String,
            _ arguments: [String],
            as account: ServerAccount?,
            output: FileHandle,
            environment extra: [String: String] = [:]
        ) throws -> Process {
            let commandLine = (account?.launcher ?? []) + [executable] + arguments
            // PG* variables from the caller's shell (PGHOST, PGDATA, PGPASSWORD, …) must not steer the tools.
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
            environment["LC_ALL"] = "C"
            environment.merge(extra) { _, new in new }

            let process = Process()
            process.executableURL = URL(fileURLWithPath: commandLine[0])
            process.arguments = Array(commandLine.dropFirst())
            process.environment = environment
            // The server user may not be allowed into the caller's current directory.
            process.currentDirectoryURL = URL(fileURLWithPath: "/")
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = output
            try process.run()
            return process
        }
    }

    static func loopbackPortIsFree(_ port: Int) -> Bool {
        bindLoopback(port: port) != nil
    }

    /// A port on 127.0.0.1 that is free now. It is taken at random below the ranges the kernel hands
    /// out to outgoing connections (32768–60999 on Linux, 49152–65535 on macOS): a port from those
    /// (what binding port 0 gives) can be taken by any connection opened before the server binds it,
    /// seconds later (seen in CI: the `dev` engine's port, chosen before PostgreSQL started, was
    /// in use by then). The kernel's choice when none of the ports tried is free.
    static func freeLoopbackPort() -> Int? {
        for _ in 0..<64 {
            if let port = bindLoopback(port: Int.random(in: 20_000..<32_768)) { return port }
        }
        return bindLoopback(port: 0)
    }

    /// Binds a TCP socket to 127.0.0.1:`port` and closes it, returning the bound port or `nil` when taken.
    private static func bindLoopback(port: Int) -> Int? {
        guard (0...65535).contains(port) else { return nil }
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // Like the server itself, ignore connections lingering in TIME_WAIT.
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
