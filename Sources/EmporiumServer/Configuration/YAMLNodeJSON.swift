import Foundation
import Yams

/// Turns a YAML node into JSON text, for the settings handed to a plugin. Types follow YAML's
/// resolution: `499` stays an integer, `true` a boolean, `~` null, `"499"` and `USD` strings.
/// Mappings keep their order; their keys become strings.
enum YAMLNodeJSON {
    /// The JSON text of `node`; `key` and `path` place errors, such as `plugins[0].config.rate`.
    static func text(_ node: Node, key: String, path: String) throws(ConfigurationError) -> String {
        var output = ""
        try write(node, key: key, path: path, into: &output)
        return output
    }

    private static func write(_ node: Node, key: String, path: String, into output: inout String)
        throws(ConfigurationError)
    {
        switch node {
        case .mapping(let mapping):
            output += "{"
            var seen: Set<String> = []
            for (index, (keyNode, valueNode)) in mapping.enumerated() {
                guard case .scalar(let name) = keyNode else {
                    throw .at(
                        YAMLConfigurationFile.source(path, keyNode.mark), key: key, .invalidType,
                        "expected text or number keys, got \(YAMLConfigurationFile.describe(keyNode)) as a key")
                }
                guard seen.insert(name.string).inserted else {
                    throw .at(
                        YAMLConfigurationFile.source(path, keyNode.mark), key: "\(key).\(name.string)", .invalidYAML,
                        "appears more than once")
                }
                if index > 0 { output += "," }
                output += quoted(name.string) + ":"
                try write(valueNode, key: "\(key).\(name.string)", path: path, into: &output)
            }
            output += "}"
        case .sequence(let sequence):
            output += "["
            for (index, element) in sequence.enumerated() {
                if index > 0 { output += "," }
                try write(element, key: "\(key)[\(index)]", path: path, into: &output)
            }
            output += "]"
        case .scalar(let scalar):
            output += try scalarText(node, scalar, key: key, path: path)
        }
    }

    private static func scalarText(_ node: Node, _ scalar: Node.Scalar, key: String, path: String)
        throws(ConfigurationError) -> String
    {
        switch node.tag {
        case Tag(.null):
            return "null"
        case Tag(.bool):
            if let flag = Bool.construct(from: scalar) { return flag ? "true" : "false" }
        case Tag(.int):
            if let number = Int.construct(from: scalar) { return String(number) }
            throw .at(
                YAMLConfigurationFile.source(path, node.mark), key: key, .outOfRange,
                "expected an integer from \(Int.min) to \(Int.max); quote it to pass it as text")
        case Tag(.float):
            // Swift's shortest round-trip form ("4.99", "1e+20") is also a JSON number.
            if let number = Double.construct(from: scalar), number.isFinite { return String(number) }
            throw .at(
                YAMLConfigurationFile.source(path, node.mark), key: key, .invalidValue,
                "JSON has no infinity or NaN; quote it to pass it as text")
        default:
            break
        }
        return quoted(scalar.string)
    }

    /// A JSON string literal (RFC 8259); the same escaping as the JSON log lines.
    static func quoted(_ text: String) -> String { JSONLogHandler.quoted(text) }
}
