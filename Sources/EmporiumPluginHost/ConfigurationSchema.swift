import Foundation

/// A plugin's configuration schema (JSON Schema, draft-07), checked when the library loads and
/// applied to the merchant's settings before the plugin's `init` runs, so that a wrong setting is
/// refused with the host's own precise message, whatever the plugin would have said.
///
/// Supported keywords: `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`,
/// `items`, `minItems`, `maxItems`, `uniqueItems`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `multipleOf` (integers), `minLength`, `maxLength`, `pattern`, `allOf`,
/// `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, and `$ref` to `#/definitions/…` or `#/$defs/…`. Annotations (`title`,
/// `description`, `default`, `examples`, `format`, `contentEncoding`, `contentMediaType`, `readOnly`,
/// `writeOnly`, `$schema`, `$id`, `$comment`) are accepted and ignored.
public struct ConfigurationSchema: Sendable {
    // Parsed JSON is immutable after init and only read: safe to share.
    nonisolated(unsafe) private let root: [String: Any]

    /// Keywords this validator understands; a schema using any other is refused at load, because
    /// ignoring a constraint the author wrote would accept settings the plugin does not.
    static let keywords: Set<String> = [
        "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "uniqueItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength",
        "maxLength", "pattern", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "definitions",
        "$defs", "title",
        "description", "default", "examples", "format", "$schema", "$id", "$comment", "contentEncoding",
        "contentMediaType", "readOnly", "writeOnly",
    ]

    /// Parses and checks a schema text; throws a message naming what is wrong.
    public init(_ text: String) throws(ConfigurationSchemaError) {
        guard let data = text.data(using: .utf8),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { throw ConfigurationSchemaError("the configuration schema is not a JSON object") }
        root = object
        try Self.checkKeywords(object, at: "#")
    }

    private static func checkKeywords(_ schema: Any, at path: String) throws(ConfigurationSchemaError) {
        if schema is Bool { return }
        guard let schema = schema as? [String: Any] else {
            throw ConfigurationSchemaError("\(path) is neither a schema object nor a boolean")
        }
        for key in schema.keys.sorted() where !keywords.contains(key) {
            throw ConfigurationSchemaError(
                "\(path) uses \"\(key)\", which the engine's schema checker does not support")
        }
        for key in ["properties", "definitions", "$defs"] {
            for (name, child) in (schema[key] as? [String: Any] ?? [:]) {
                try checkKeywords(child, at: "\(path)/\(key)/\(name)")
            }
        }
        for key in ["items", "additionalProperties", "not", "if", "then", "else"] {
            if let child = schema[key] { try checkKeywords(child, at: "\(path)/\(key)") }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for (index, child) in (schema[key] as? [Any] ?? []).enumerated() {
                try checkKeywords(child, at: "\(path)/\(key)/\(index)")
            }
        }
    }

    /// The violations of a configuration text, each as `config.path: what is wrong`; empty when it conforms.
    public func violations(of configJSON: String) -> [String] {
        guard let data = configJSON.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data)
        else { return ["config: is not valid JSON"] }
        var found: [String] = []
        validate(value, against: root, at: "config", into: &found)
        return found
    }

    func validate(_ value: Any, against schema: Any, at path: String, into found: inout [String]) {
        if let allowed = schema as? Bool {
            if !allowed { found.append("\(path): is not allowed") }
            return
        }
        guard var schema = schema as? [String: Any] else { return }
        if let reference = schema["$ref"] as? String {
            guard let target = resolve(reference) else {
                found.append("\(path): the schema's $ref \(reference) does not resolve")
                return
            }
            schema = target
        }
        if let expected = schema["type"], !Self.matches(value, type: expected) {
            found.append("\(path): expected \(Self.describe(expected)), got \(Self.typeName(value))")
            return
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) {
            found.append("\(path): must be one of \(options.map(Self.render).joined(separator: ", "))")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            found.append("\(path): must be \(Self.render(constant))")
        }
        if let number = Self.number(value) { checkNumber(number, schema, path, &found) }
        if let text = value as? String { checkString(text, schema, path, &found) }
        if let list = value as? [Any] { checkArray(list, schema, path, &found) }
        if let object = value as? [String: Any] { checkObject(object, schema, path, &found) }
        for part in schema["allOf"] as? [Any] ?? [] { validate(value, against: part, at: path, into: &found) }
        if let options = schema["anyOf"] as? [Any],
            !options.contains(where: { conforms(value, $0, path) })
        {
            found.append("\(path): matches none of the allowed forms")
        }
        if let options = schema["oneOf"] as? [Any] {
            let count = options.filter { conforms(value, $0, path) }.count
            if count != 1 { found.append("\(path): must match exactly one allowed form, matches \(count)") }
        }
        if let excluded = schema["not"], conforms(value, excluded, path) {
            found.append("\(path): has a form that is not allowed")
        }
        if let condition = schema["if"] {
            let branch = conforms(value, condition, path) ? schema["then"] : schema["else"]
            if let branch { validate(value, against: branch, at: path, into: &found) }
        }
    }

    private func conforms(_ value: Any, _ schema: Any, _ path: String) -> Bool {
        var found: [String] = []
        validate(value, against: schema, at: path, into: &found)
        return found.isEmpty
    }

    private func resolve(_ reference: String) -> [String: Any]? {
        for prefix in ["#/definitions/", "#/$defs/"] where reference.hasPrefix(prefix) {
            let name = String(reference.dropFirst(prefix.count))
            let table = root[prefix == "#/definitions/" ? "definitions" : "$defs"] as? [String: Any]
            return table?[name] as? [String: Any]
        }
        return reference == "#" ? root : nil
    }
}

/// A configuration schema that cannot be used; the message says why.
public struct ConfigurationSchemaError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
