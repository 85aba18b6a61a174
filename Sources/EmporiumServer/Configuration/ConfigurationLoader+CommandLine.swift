import Foundation

extension ConfigurationLoader {
    /// The file read when neither `--config` nor `EMPORIUM_CONFIG` names one, if it exists.
    public static let defaultYAMLPath = "emporium.yaml"

    /// The loader the commands use: the YAML file from `configFlag` (`--config`), else `EMPORIUM_CONFIG`,
    /// else `./emporium.yaml` when it exists; the secrets directory from `secretsDirectoryFlag`
    /// (`--secrets-dir`), else `EMPORIUM_SECRETS_DIR`. Add flag values with ``override(_:with:flag:)``.
    public init(
        configFlag: String?,
        secretsDirectoryFlag: String?,
        environment: [String: String],
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) {
        let yamlPath =
            configFlag ?? environment["EMPORIUM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (fileExists(Self.defaultYAMLPath) ? Self.defaultYAMLPath : nil)
        let secretsDirectory =
            secretsDirectoryFlag ?? environment["EMPORIUM_SECRETS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(yamlPath: yamlPath, secretsDirectory: secretsDirectory, environment: environment)
    }
}
