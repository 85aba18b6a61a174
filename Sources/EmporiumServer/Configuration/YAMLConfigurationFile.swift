import Foundation
import Yams

/// Reads `emporium.yaml` into raw entries, in document order, rejecting unknown and repeated keys,
/// and its `plugins:` list (see `YAMLConfigurationFile+Plugins.swift`).
enum YAMLConfigurationFile {
    /// What the file holds: single values, and the plugin list, which only the file can express.
    struct Contents: Sendable, Hashable {
        var entries: [ConfigurationEntry] = []
        var plugins: [PluginConfiguration] = []
        var feeds: [FeedPartnerConfiguration] = []
    }

    /// The top-level keys that are not sections of single values.
    static let listSections = ["plugins", "feeds"]

    static func read(path: String) throws(ConfigurationError) -> Contents {
        let fileSource = ConfigurationSource.yamlFile(path: path, line: nil, column: nil)
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .at(
                fileSource,
                key: nil,
                .fileNotFound,
                exists ? "the configuration file cannot be read" : "no such configuration file"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .at(fileSource, key: nil, .invalidYAML, "the configuration file is not UTF-8 text")
        }
        return try contents(yaml: text, path: path)
    }

    static func contents(yaml: String, path: String) throws(ConfigurationError) -> Contents {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw syntaxError(error, path: path)
        }
        guard let root else { return Contents() }
        if let scalar = root.scalar, isNull(scalar) { return Contents() }
        guard case .mapping(let top) = root else {
            throw .at(
                source(path, root.mark),
                key: nil,
                .invalidType,
                "expected a mapping of sections (server, database, …) at the top level, got \(describe(root))"
            )
        }
        let allPaths = ConfigurationKey.allCases.map(\.path)
        var contents = Contents()
        var seenSections: Set<String> = []
        for (sectionNode, body) in top {
            let section = sectionNode.scalar?.string ?? "<complex key>"
            guard ConfigurationKey.sections.contains(section) || listSections.contains(section) else {
                let suggestion = KeySuggestion.closest(
                    to: section, among: ConfigurationKey.sections + listSections + allPaths)
                throw .unknownKey(section, at: source(path, sectionNode.mark), suggestion: suggestion)
            }
            guard seenSections.insert(section).inserted else {
                throw .at(source(path, sectionNode.mark), key: section, .invalidYAML, "appears more than once")
            }
            if body.scalar.map(isNull) == true { continue }
            if section == "plugins" {
                contents.plugins = try plugins(body, path: path)
                continue
            }
            if section == "feeds" {
                contents.feeds = try feeds(body, path: path)
                continue
            }
            guard case .mapping(let mapping) = body else {
                throw .at(
                    source(path, body.mark), key: section, .invalidType, "expected a mapping, got \(describe(body))")
            }
            var seenKeys: Set<String> = []
            for (nameNode, valueNode) in mapping {
                let dotted = "\(section).\(nameNode.scalar?.string ?? "<complex key>")"
                let keySource = source(path, nameNode.mark)
                guard let key = ConfigurationKey(rawValue: dotted) else {
                    let suggestion = KeySuggestion.closest(to: dotted, among: allPaths)
                    throw .unknownKey(dotted, at: keySource, suggestion: suggestion)
                }
                guard seenKeys.insert(dotted).inserted else {
                    throw .at(keySource, key: dotted, .invalidYAML, "appears more than once")
                }
                guard case .scalar(let scalar) = valueNode else {
                    let got = key.isSecret ? "" : ", got \(describe(valueNode))"
                    throw .at(
                        source(path, valueNode.mark), key: dotted, .invalidType, "expected \(key.expectation)\(got)")
                }
                if isNull(scalar) { continue }
                let raw = RawConfigurationValue.yamlScalar(
                    scalar.string,
                    integer: valueNode.tag == Tag(.int) ? Int.construct(from: scalar) : nil,
                    boolean: valueNode.tag == Tag(.bool) ? Bool.construct(from: scalar) : nil
                )
                contents.entries.append(
                    ConfigurationEntry(key: key, value: raw, source: source(path, valueNode.mark)))
            }
        }
        return contents
    }

    /// A plain `~`, `null` or empty value leaves the key at its lower-precedence value.
    static func isNull(_ scalar: Node.Scalar) -> Bool {
        Node.scalar(scalar).tag == Tag(.null)
    }

    static func source(_ path: String, _ mark: Mark?) -> ConfigurationSource {
        .yamlFile(path: path, line: mark?.line, column: mark?.column)
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar):
            ConfigurationKey.quoted(
                .yamlScalar(
                    scalar.string,
                    integer: node.tag == Tag(.int) ? 0 : nil,
                    boolean: node.tag == Tag(.bool) ? true : nil
                )
            )
        }
    }

    /// Yams' own description quotes the offending line, which could hold a secret; this keeps the
    /// position and the problem only.
    static func syntaxError(_ error: any Error, path: String) -> ConfigurationError {
        guard let yamlError = error as? YamlError else {
            return .at(.yamlFile(path: path, line: nil, column: nil), key: nil, .invalidYAML, "not valid YAML")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let contextText = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return .at(source(path, mark), key: nil, .invalidYAML, "not valid YAML: \(problem)\(contextText)")
        case .reader(let problem, _, _, _):
            return .at(source(path, nil), key: nil, .invalidYAML, "not valid YAML: \(problem)")
        default:
            return .at(source(path, nil), key: nil, .invalidYAML, "not valid YAML")
        }
    }
}
