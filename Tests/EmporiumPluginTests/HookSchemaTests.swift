import EmporiumPluginHost
import Foundation
import Testing

/// The hook schemas in `docs/plugins/hooks/` are the contract plugin authors code against: each must
/// be usable by the host's schema checker, and each example it shows must conform to it.
@Suite("Hook schemas: usable, and their examples conform")
struct HookSchemaTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/plugins/hooks")

    static var files: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.lastPathComponent.hasSuffix(".schema.json") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("every hook has a request and a response schema")
    func pairs() {
        let names = Set(Self.files.map(\.lastPathComponent))
        #expect(names.count >= 20)
        for name in names {
            let other =
                name.contains(".request.")
                ? name.replacingOccurrences(of: ".request.", with: ".response.")
                : name.replacingOccurrences(of: ".response.", with: ".request.")
            #expect(names.contains(other), "\(name) has no \(other)")
        }
    }

    @Test("each schema loads and each of its examples conforms", arguments: files)
    func examplesConform(_ file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let schema = try ConfigurationSchema(text)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for example in object["examples"] as? [Any] ?? [] {
            let data = try JSONSerialization.data(withJSONObject: example, options: [.fragmentsAllowed])
            let violations = schema.violations(of: String(decoding: data, as: UTF8.self))
            #expect(violations.isEmpty, "\(file.lastPathComponent): \(violations)")
        }
    }
}
