import EmporiumTesting
import Foundation
import Testing

@testable import EmporiumPostgres

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// End-to-end tests of the `emporium` executable, run as a child process.
@Suite("emporium command line", .serialized)
struct CommandLineTests {
    /// The `emporium` binary next to the test bundle (SwiftPM builds every product for `swift test`).
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !directory.path.isEmpty, directory.path != "/" {
            let candidate = directory.appendingPathComponent("emporium")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/emporium")
    }

    struct Outcome {
        let status: Int32
        let output: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let result = try ChildProcess.run(executable.path, arguments, environment: environmentWith(environment))
        return Outcome(status: result.status, output: result.output)
    }

    static func environmentWith(_ extra: [String: String]) -> [String: String] {
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("EMPORIUM_") }
        merged.merge(extra) { _, new in new }
        return merged
    }

    @Test("config check prints the effective configuration with secrets redacted")
    func configCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("secrets"), withIntermediateDirectories: true)
        try "server:\n  port: 9191\n".write(
            to: folder.appendingPathComponent("emporium.yaml"), atomically: true, encoding: .utf8)
        try "postgres://shop:SuperSecret99@db:5432/shop\n".write(
            to: folder.appendingPathComponent("secrets/database-url"), atomically: true, encoding: .utf8)
        let ok = try Self.run([
            "config", "check", "--config", folder.appendingPathComponent("emporium.yaml").path,
            "--secrets-dir", folder.appendingPathComponent("secrets").path,
        ])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("port: 9191"))
        #expect(!ok.output.contains("SuperSecret99"))

        try "server:\n  prot: 9191\n".write(
            to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let unknown = try Self.run(["config", "check", "--config", folder.appendingPathComponent("bad.yaml").path])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("server.prot"))
        #expect(unknown.output.contains("server.port"))

        let wrongType = try Self.run(["config", "check"], environment: ["EMPORIUM_SERVER_PORT": "eighty"])
        #expect(wrongType.status != 0)
        #expect(wrongType.output.contains("EMPORIUM_SERVER_PORT"))

        let missingFile = try Self.run(["config", "check", "--config", "/nonexistent/emporium.yaml"])
        #expect(missingFile.status != 0)
    }

    @Test("commands that need a database say how to give one")
    func needsDatabase() throws {
        let migrate = try Self.run(["migrate"])
        #expect(migrate.status != 0)
        #expect(migrate.output.contains("EMPORIUM_DATABASE_URL"))
    }

    @Test("migrate is idempotent and seed --demo fills only an empty catalog")
    func migrateAndSeed() async throws {
        let base = try await TestCluster.shared.connection()
        let url = try await TestCluster.shared.makeDatabase()
        _ = base
        let first = try Self.run(["migrate", "--database-url", url])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("up to date"))
        let seed = try Self.run(["seed", "--demo", "--products", "25"], environment: ["EMPORIUM_DATABASE_URL": url])
        #expect(seed.status == 0, "\(seed.output)")
        #expect(seed.output.contains("Seeded 25 demo products"))
        let again = try Self.run(["seed", "--demo", "--products", "25", "--database-url", url])
        #expect(again.status != 0)
        #expect(again.output.contains("already has products"))
    }

    @Test("dev starts a private PostgreSQL, seeds, serves, writes credentials, and stops cleanly on SIGTERM")
    func dev() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dev-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A port free now, outside the range outgoing connections take theirs from (one derived from
        // the pid could be any other process's, or an embedded PostgreSQL's, and was once).
        let port = try #require(EmbeddedPostgres.freeLoopbackPort())
        let dataDirectory = folder.appendingPathComponent(".emporium").path
        let process = try ChildProcess.launch(
            Self.executable.path,
            ["dev", "--port", String(port), "--data-dir", dataDirectory, "--products", "30"],
            environment: Self.environmentWith([:]))
        let credentialsPath = folder.appendingPathComponent(".emporium/dev-credentials.json")
        var credentials: [String: Any] = [:]
        for _ in 0..<240 where credentials.isEmpty {
            try await Task.sleep(for: .milliseconds(250))
            if let data = try? Data(contentsOf: credentialsPath) {
                credentials = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            }
        }
        let logText = { process.output }
        #expect(credentials["engineUrl"] as? String == "http://127.0.0.1:\(port)", "\(logText())")
        for key in ["storefrontUrl", "databaseUrl", "adminToken"] { #expect(credentials[key] is String) }
        #expect((credentials["feedPartner"] as? [String: Any])?["token"] is String)

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/graphql")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"query":"{ products(first: 2) { totalCount edges { node { name } } } }"}"#.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let products = (json?["data"] as? [String: Any])?["products"] as? [String: Any]
        #expect(products?["totalCount"] as? Int == 30)
        #expect(logText().contains("Emporium dev is running"))
        #expect(!logText().contains("SCRAM"))

        process.signal(SIGTERM)
        let status = process.wait()
        #expect(status == 0, "\(logText())")
        #expect(logText().contains("PostgreSQL stopped"))
    }

    @Test("serve drains on SIGTERM: readiness 503 and Connection: close, then exit 0")
    func serveDrains() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 2)
        let port = 20_000 + Int((getpid() + 7_919) % 20_000)
        let process = try ChildProcess.launch(
            Self.executable.path, ["serve", "--port", String(port)],
            environment: Self.environmentWith([
                "EMPORIUM_DATABASE_URL": url, "EMPORIUM_SERVER_DRAIN_MILLISECONDS": "4000",
                "EMPORIUM_LOGGING_FORMAT": "json",
            ]))
        func get(_ path: String) async -> (status: Int, connection: String?)? {
            guard
                let (_, response) = try? await URLSession.shared.data(
                    from: URL(string: "http://127.0.0.1:\(port)\(path)")!),
                let http = response as? HTTPURLResponse
            else { return nil }
            return (http.statusCode, http.value(forHTTPHeaderField: "Connection"))
        }
        var ready = false
        for _ in 0..<120 where !ready {
            try await Task.sleep(for: .milliseconds(250))
            ready = await get("/readyz")?.status == 200
        }
        #expect(ready, "\(process.output)")
        process.signal(SIGTERM)
        // The signal takes effect within the drain window; poll rather than guess how long a loaded machine needs.
        var draining = await get("/readyz")
        for _ in 0..<30 where draining?.status != 503 {
            try await Task.sleep(for: .milliseconds(100))
            draining = await get("/readyz")
        }
        #expect(draining?.status == 503)
        #expect(draining?.connection?.lowercased() == "close")
        let stillServing = await get("/healthz")
        #expect(stillServing?.status == 200)
        #expect(process.wait() == 0, "\(process.output)")
        let output = process.output
        #expect(output.contains("\"msg\":\"draining before shutdown\""))
        #expect(!output.contains(url.split(separator: "@").first.map(String.init) ?? url))
    }
}
