import EmporiumFeeds
import EmporiumTesting
import Foundation
import Testing

@Suite("emporium feed export")
struct FeedExportCommandTests {
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !directory.path.isEmpty, directory.path != "/" {
            let candidate = directory.appendingPathComponent("emporium")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/emporium")
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("EMPORIUM_") }
        merged.merge(environment) { _, new in new }
        return try ChildProcess.run(executable.path, arguments, environment: merged)
    }

    @Test("writes the feed atomically, gzip by file name, and explains bad input")
    func export() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feed-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = folder.appendingPathComponent("emporium.yaml")
        try "feeds:\n  - name: cdn\n    channel: web-eu\n    formats: [google, emporium]\n".write(
            to: yaml, atomically: true, encoding: .utf8)
        let environment = ["EMPORIUM_DATABASE_URL": url, "EMPORIUM_FEED_CDN_TOKEN": "cdn-token-0123456789abcdef"]

        let gz = folder.appendingPathComponent("google.xml.gz")
        let packed = try Self.run(
            ["feed", "export", "--config", yaml.path, "--partner", "cdn", "--format", "google", "--out", gz.path],
            environment: environment)
        #expect(packed.status == 0, "\(packed.output)")
        #expect(packed.output.contains("Wrote "))
        let bytes = try #require(Gunzip.decompress(Array(try Data(contentsOf: gz))))
        #expect(!bytes.isEmpty)
        #expect(try FeedTestSupport.problems(bytes, format: .google) == [])
        #expect(String(decoding: bytes, as: UTF8.self).contains(" EUR</g:price>"))

        let plain = folder.appendingPathComponent("catalog.xml")
        let catalog = try Self.run(
            ["feed", "export", "--config", yaml.path, "--partner", "cdn", "--format", "emporium", "--out", plain.path],
            environment: environment)
        #expect(catalog.status == 0, "\(catalog.output)")
        #expect(try FeedTestSupport.problems(Array(try Data(contentsOf: plain)), format: .emporium) == [])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)

        let unknownPartner = try Self.run(
            [
                "feed", "export", "--config", yaml.path, "--partner", "nobody", "--format", "google", "--out",
                plain.path,
            ],
            environment: environment)
        #expect(unknownPartner.status != 0)
        #expect(unknownPartner.output.contains("known: cdn"))
        let notListed = try Self.run(
            ["feed", "export", "--config", yaml.path, "--partner", "cdn", "--format", "meta", "--out", plain.path],
            environment: environment)
        #expect(notListed.status != 0)
        #expect(notListed.output.contains("does not receive the meta format"))
        let badFormat = try Self.run(
            ["feed", "export", "--config", yaml.path, "--partner", "cdn", "--format", "csv", "--out", plain.path],
            environment: environment)
        #expect(badFormat.status != 0)
        #expect(badFormat.output.contains("google-atom"))
        let noCredentials = try Self.run(
            ["feed", "export", "--config", yaml.path, "--partner", "cdn", "--format", "google", "--out", plain.path],
            environment: ["EMPORIUM_DATABASE_URL": url])
        #expect(noCredentials.status != 0)
        #expect(noCredentials.output.contains("feed-cdn-token"))
    }
}
