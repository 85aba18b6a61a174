import EmporiumServer
import Foundation
import Logging

/// A temporary folder with an `emporium.yaml`, and the registry it configures (plugins started with
/// real `dlopen`, or in worker processes for `mode: process`).
struct PluginTestSite {
    let root: String

    init(yaml: String) throws {
        try self.init { _ in yaml }
    }

    /// A site whose YAML may name its own folder.
    init(yamlIn makeYAML: (_ root: String) -> String) throws {
        root =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("emporium-site-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try makeYAML(root).write(toFile: yamlPath, atomically: true, encoding: .utf8)
    }

    var yamlPath: String { root + "/emporium.yaml" }

    func configuration() throws -> EmporiumConfiguration {
        try ConfigurationLoader(yamlPath: yamlPath, secretsDirectory: nil, environment: [:]).load()
    }

    func registry() throws -> PluginRegistry {
        try PluginRegistry(
            try configuration().plugins,
            workerExecutable: PluginLibraries.directory.appendingPathComponent("emporium").path,
            logger: Logger(label: "test"))
    }

    /// The error that stops start-up, or nil when every plugin starts.
    func startupError() throws -> PluginLoadError? {
        do {
            try registry().shutdown()
            return nil
        } catch let error as PluginLoadError {
            return error
        }
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = root + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
