import EmporiumPostgres
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts real throwaway clusters (initdb + pg_ctl into a temporary folder) and checks them with `psql`.
@Suite("EmbeddedPostgres", .serialized)
struct EmbeddedPostgresTests {
    let logger = Logger(label: "emporium.tests.embedded-postgres")

    @Test("start, query, restart with the same credentials, destroy")
    func lifecycle() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = EmbeddedPostgres(
            options: .init(dataDirectory: folder + "/data", fsync: false), logger: self.logger)
        defer { server.destroy() }

        let first = try server.start()
        #expect(first.host == "127.0.0.1")
        #expect(first.tcpURL.hasPrefix("postgres://emporium:"))
        #expect(first.tcpURL.hasSuffix("@127.0.0.1:\(first.port)/emporium?sslmode=disable"))
        // The engine's URL names the unix socket in the data directory, reachable by its user only.
        let data = URL(fileURLWithPath: folder + "/data").standardizedFileURL.path
        #expect(first.socketDirectory == data)
        #expect(first.url.hasPrefix(first.tcpURL + "&host=%2F"))
        #expect(URLComponents(string: first.url)?.queryItems?.first { $0.name == "host" }?.value == data)
        let socket = try FileManager.default.attributesOfItem(atPath: data + "/.s.PGSQL.\(first.port)")
        #expect(socket[.type] as? FileAttributeType == .typeSocket)
        #expect((socket[.posixPermissions] as? Int) == 0o700)
        #expect(try Self.psql(first.url, "SELECT 1") == "1")
        #expect(try Self.psql(first.url, "SELECT inet_server_addr() IS NULL") == "t", "through the socket")
        #expect(try Self.psql(first.tcpURL, "SELECT inet_server_addr() IS NULL") == "f", "through TCP")
        #expect(try Self.psql(first.url, "SELECT current_database()") == "emporium")
        #expect(try server.start() == first, "start() on a running server returns the same connection")

        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/data.password")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.ownerAccountID] as? Int).map(UInt32.init) == geteuid())

        try server.stop()
        #expect(throws: (any Error).self) { try Self.psql(first.url, "SELECT 1") }
        try server.stop()  // stopping a stopped server is a no-op

        let second = try server.start()
        #expect(second == first, "the cluster, password and port are reused")
        #expect(try Self.psql(second.url, "SELECT 1") == "1")

        server.destroy()
        #expect(!FileManager.default.fileExists(atPath: folder + "/data"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/data.password"))
    }

    @Test("a wrong password is refused")
    func passwordIsRequired() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = EmbeddedPostgres(
            options: .init(dataDirectory: folder + "/data", fsync: false), logger: self.logger)
        defer { server.destroy() }
        var connection = try server.start()
        connection.password = "wrong"
        #expect(throws: (any Error).self) { try Self.psql(connection.url, "SELECT 1") }
    }

    @Test("restarts after the server was killed, and after its pid was reused")
    func staleLockFiles() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let options = EmbeddedPostgres.Options(dataDirectory: folder + "/data", database: "shop", fsync: false)
        let server = EmbeddedPostgres(options: options, logger: self.logger)
        defer { server.destroy() }
        let first = try server.start()
        #expect(first.database == "shop")

        let lockFile = folder + "/data/postmaster.pid"
        let pidText = try String(contentsOfFile: lockFile, encoding: .utf8).split(separator: "\n")[0]
        let pid = try #require(pid_t(pidText))
        kill(pid, SIGKILL)
        for _ in 0..<100 where kill(pid, 0) == 0 && !Self.isZombie(pid) { usleep(50_000) }
        #expect(FileManager.default.fileExists(atPath: lockFile), "a crash leaves postmaster.pid behind")
        // Children of the killed postmaster notice its death and exit; let them go before restarting.
        usleep(500_000)
        let afterCrash = try server.start()
        #expect(try Self.psql(afterCrash.url, "SELECT 1") == "1")

        try server.stop()
        // A lock file naming a live process that is not PostgreSQL (here: this test process).
        try "\(getpid())\n\(folder)/data\n0\n\(first.port)\n".write(toFile: lockFile, atomically: true, encoding: .utf8)
        let afterReuse = try server.start()
        #expect(try Self.psql(afterReuse.url, "SELECT 1") == "1")
    }

    @Test("missing binaries name the package to install")
    func missingBinaries() throws {
        let options = EmbeddedPostgres.Options(
            dataDirectory: NSTemporaryDirectory() + "unused", binDirectory: "/nonexistent")
        let error = #expect(throws: EmbeddedPostgresError.self) {
            _ = try EmbeddedPostgres(options: options, logger: self.logger).start()
        }
        #expect(error?.code == .binariesNotFound)
        #expect(error?.description.contains("apt-get install postgresql") == true)
    }

    /// Data directories the server cannot put its socket in: a path too long for a socket's
    /// address, and one with a comma (a list separator for PostgreSQL and libpq).
    enum NoSocketPath: CaseIterable {
        case tooLong, comma

        func directory(in folder: String) -> String {
            switch self {
            case .tooLong: folder + "/" + String(repeating: "d", count: max(1, 110 - folder.utf8.count)) + "/data"
            case .comma: folder + "/a,b/data"
            }
        }
    }

    @Test("a data directory that cannot hold the socket gets TCP only", arguments: NoSocketPath.allCases)
    func pathWithoutSocket(_ path: NoSocketPath) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = EmbeddedPostgres(
            options: .init(dataDirectory: path.directory(in: folder), fsync: false), logger: self.logger)
        defer { server.destroy() }
        let connection = try server.start()
        #expect(connection.socketDirectory == nil)
        #expect(connection.url == connection.tcpURL)
        #expect(try Self.psql(connection.url, "SELECT inet_server_addr() IS NULL") == "f")
    }

    @Test("the URL percent-encodes its parts")
    func urlEncoding() {
        let connection = EmbeddedPostgres.Connection(
            host: "127.0.0.1",
            port: 5432,
            user: "a b",
            password: "p@ss:/word",
            database: "shop?x"
        )
        #expect(connection.url == "postgres://a%20b:p%40ss%3A%2Fword@127.0.0.1:5432/shop%3Fx?sslmode=disable")
        var withSocket = connection
        withSocket.socketDirectory = "/tmp/my data"
        #expect(withSocket.url == connection.tcpURL + "&host=%2Ftmp%2Fmy%20data")
        #expect(withSocket.tcpURL == connection.url)
    }

    // MARK: - Helpers

    private static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("emporium-embedded-postgres-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first == "Z"
    }

    struct PsqlFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs one statement through `psql` with the given URL and returns its unaligned output.
    private static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // psql's output is a line or two, far below a pipe's buffer, so reading after exit cannot block.
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw PsqlFailed(description: "psql exited \(process.terminationStatus): \(message)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
