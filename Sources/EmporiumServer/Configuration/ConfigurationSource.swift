/// Where a configuration value came from, lowest precedence first.
public enum ConfigurationSource: Sendable, Hashable, CustomStringConvertible {
    /// The built-in defaults, or values set in code.
    case defaults
    /// The YAML file at `path`, at a 1-based line and column when known.
    case yamlFile(path: String, line: Int?, column: Int?)
    /// A file in the secrets directory.
    case secretFile(path: String)
    /// An environment variable.
    case environmentVariable(name: String)
    /// A command-line flag, such as `--port`.
    case commandLine(flag: String)

    /// `emporium.yaml:3:9`, `secret file /run/secrets/database-url`,
    /// `environment variable EMPORIUM_SERVER_PORT`, `command-line flag --port` or `defaults`.
    public var description: String {
        switch self {
        case .defaults:
            return "defaults"
        case .yamlFile(let path, let line?, let column?):
            return "\(path):\(line):\(column)"
        case .yamlFile(let path, let line?, nil):
            return "\(path):\(line)"
        case .yamlFile(let path, _, _):
            return path
        case .secretFile(let path):
            return "secret file \(path)"
        case .environmentVariable(let name):
            return "environment variable \(name)"
        case .commandLine(let flag):
            return "command-line flag \(flag)"
        }
    }
}
