import Foundation

/// Finds the plugin libraries SwiftPM built next to the test bundle (`swift build` builds every
/// product, the dynamic plugin libraries included).
enum PluginLibraries {
    static var directory: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("libQuantityLimits.so").path) {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug")
    }

    static func path(_ name: String) -> String {
        directory.appendingPathComponent("lib\(name).so").path
    }

    static func json(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    static func object(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }
}
