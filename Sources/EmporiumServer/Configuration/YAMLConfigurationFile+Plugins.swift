import EmporiumPluginHost
import Foundation
import Yams

extension YAMLConfigurationFile {
    /// The keys a `plugins:` entry may have.
    static let pluginKeys = [
        "id", "path", "sha256", "channels", "config", "mode", "timeoutMilliseconds", "deadline", "enabled",
    ]

    /// Reads the `plugins:` list: a list of mappings, in chain order, ids unique.
    static func plugins(_ body: Node, path: String) throws(ConfigurationError) -> [PluginConfiguration] {
        guard case .sequence(let list) = body else {
            throw .at(
                source(path, body.mark), key: "plugins", .invalidType,
                "expected a list of plugins (- id: …, path: …), got \(describe(body))")
        }
        var plugins: [PluginConfiguration] = []
        var indexByID: [String: Int] = [:]
        for (index, item) in list.enumerated() {
            let plugin = try plugin(item, index: index, path: path)
            if let earlier = indexByID[plugin.id] {
                throw .at(
                    plugin.source, key: "plugins[\(index)].id", .invalidValue,
                    "\"\(plugin.id)\" is already the id of plugins[\(earlier)]; each plugin is listed once")
            }
            indexByID[plugin.id] = index
            plugins.append(plugin)
        }
        return plugins
    }

    private static func plugin(_ item: Node, index: Int, path: String) throws(ConfigurationError)
        -> PluginConfiguration
    {
        let prefix = "plugins[\(index)]"
        guard case .mapping(let mapping) = item else {
            throw .at(
                source(path, item.mark), key: prefix, .invalidType,
                "expected a mapping with at least id and path, got \(describe(item))")
        }
        var values: [String: Node] = [:]
        var seen: Set<String> = []
        for (keyNode, valueNode) in mapping {
            let name = keyNode.scalar?.string ?? "<complex key>"
            guard pluginKeys.contains(name) else {
                let suggestion = KeySuggestion.closest(to: name, among: pluginKeys).map { "\(prefix).\($0)" }
                throw .unknownKey("\(prefix).\(name)", at: source(path, keyNode.mark), suggestion: suggestion)
            }
            guard seen.insert(name).inserted else {
                throw .at(source(path, keyNode.mark), key: "\(prefix).\(name)", .invalidYAML, "appears more than once")
            }
            if let scalar = valueNode.scalar, isNull(scalar) { continue }
            values[name] = valueNode
        }
        func required(_ name: String, _ what: String) throws(ConfigurationError) -> String {
            guard let node = values[name] else {
                throw .at(source(path, item.mark), key: "\(prefix).\(name)", .missingRequired, "required (\(what))")
            }
            return try text(node, "\(prefix).\(name)", expected: what, path: path)
        }

        let id = try required("id", "the plugin's id, as its manifest declares it")
        guard PluginConfiguration.isValidID(id) else {
            throw .at(
                source(path, values["id"]?.mark), key: "\(prefix).id", .invalidValue,
                "expected a kebab-case or reverse-DNS id (lower-case letters, digits, '-', '.'), got \(quoted(id))")
        }
        var plugin = PluginConfiguration(
            id: id, path: "", source: source(path, item.mark))
        let written = try required("path", "the path of the plugin's shared library")
        plugin.path = resolve(written, relativeTo: path)
        if let node = values["sha256"] {
            let digest = try text(node, "\(prefix).sha256", expected: "64 hexadecimal digits", path: path)
            guard PluginConfiguration.isSHA256(digest) else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).sha256", .invalidValue, "expected 64 hexadecimal digits")
            }
            plugin.sha256 = digest.lowercased()
        }
        if let node = values["channels"] {
            plugin.channels = try channels(node, key: "\(prefix).channels", path: path)
        }
        if let node = values["config"] {
            guard case .mapping(let settings) = node else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).config", .invalidType,
                    "expected a mapping of the plugin's settings, got \(describe(node))")
            }
            plugin.configJSON = try YAMLNodeJSON.text(node, key: "\(prefix).config", path: path)
            plugin.configKeyCount = settings.count
        }
        if let node = values["mode"] {
            let modes = PluginConfiguration.Mode.allCases.map(\.rawValue)
            let expected = "one of " + modes.joined(separator: ", ")
            let name = try text(node, "\(prefix).mode", expected: expected, path: path)
            guard let mode = PluginConfiguration.Mode(rawValue: name) else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).mode", .invalidValue,
                    "expected \(expected), got \(quoted(name))")
            }
            plugin.mode = mode
        }
        if let node = values["timeoutMilliseconds"] {
            let range = PluginConfiguration.timeoutRange
            let expected = "an integer from \(range.lowerBound) to \(range.upperBound)"
            guard node.tag == Tag(.int), let number = node.scalar.flatMap(Int.construct(from:)) else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).timeoutMilliseconds", .invalidType,
                    "expected \(expected), got \(describe(node))")
            }
            guard range.contains(number) else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).timeoutMilliseconds", .outOfRange,
                    "expected \(expected), got \(number)")
            }
            plugin.timeoutMilliseconds = number
        }
        if let node = values["deadline"] {
            let modes = PluginDeadlineMode.allCases.map(\.rawValue)
            let expected = "one of " + modes.joined(separator: ", ")
            let name = try text(node, "\(prefix).deadline", expected: expected, path: path)
            guard let deadline = PluginDeadlineMode(rawValue: name) else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).deadline", .invalidValue,
                    "expected \(expected), got \(quoted(name))")
            }
            plugin.deadline = deadline
            if plugin.mode == .process {
                throw .at(
                    source(path, node.mark), key: "\(prefix).deadline", .invalidValue,
                    PluginConfiguration.deadlineWithProcessMode(deadline))
            }
        }
        if let node = values["enabled"] {
            guard node.tag == Tag(.bool), let flag = node.scalar.flatMap(Bool.construct(from:)) else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).enabled", .invalidType,
                    "expected true or false, got \(describe(node))")
            }
            plugin.enabled = flag
        }
        return plugin
    }

    private static func text(_ node: Node, _ key: String, expected: String, path: String) throws(ConfigurationError)
        -> String
    {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            throw .at(source(path, node.mark), key: key, .invalidType, "expected \(expected), got \(describe(node))")
        }
        return scalar.string
    }

    private static func channels(_ node: Node, key: String, path: String) throws(ConfigurationError) -> [String] {
        let expected = "a list of channel names"
        guard case .sequence(let list) = node else {
            throw .at(source(path, node.mark), key: key, .invalidType, "expected \(expected), got \(describe(node))")
        }
        guard !list.isEmpty else {
            throw .at(
                source(path, node.mark), key: key, .invalidValue,
                "expected \(expected), got an empty list; leave channels out to run the plugin on every channel, "
                    + "or set enabled: false")
        }
        var names: [String] = []
        for (index, element) in list.enumerated() {
            names.append(try text(element, "\(key)[\(index)]", expected: "a channel name", path: path))
        }
        return names
    }

    /// A relative library path is relative to the YAML file's folder, not to the working directory.
    static func resolve(_ libraryPath: String, relativeTo yamlPath: String) -> String {
        if libraryPath.hasPrefix("/") { return libraryPath }
        return URL(fileURLWithPath: yamlPath).deletingLastPathComponent()
            .appendingPathComponent(libraryPath).standardizedFileURL.path
    }

    private static func quoted(_ text: String) -> String {
        ConfigurationKey.quoted(.text(text))
    }
}
