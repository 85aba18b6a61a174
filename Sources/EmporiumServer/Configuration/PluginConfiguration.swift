import EmporiumPluginHost

/// One entry of the `plugins:` list in `emporium.yaml`: which library to load, how, and with what
/// settings. The list's order is the chain order of hooks that compose.
///
/// Plugins are configured in the YAML file only: the environment variables and secret files map
/// to single values and cannot express a list. See `docs/plugins/configuration.md`.
public struct PluginConfiguration: Sendable, Hashable {
    /// How a plugin is hosted.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Loaded into the engine's process with `dlopen`: fastest; a crash in the plugin stops the engine.
        case inProcess = "in-process"
        /// Hosted by a child process of the engine. Accepted in configuration; not available in this
        /// build, so loading refuses it.
        case process
    }

    /// The lowest and highest allowed per-call deadline, in milliseconds.
    public static let timeoutRange = 1...60_000

    /// The plugin's id; must equal the id its manifest declares.
    public var id: String
    /// The shared library, absolute (a relative `path` in the YAML file is resolved against the file's folder).
    public var path: String
    /// The expected SHA-256 of the file, 64 lower-case hexadecimal digits, or nil to skip the check.
    public var sha256: String?
    /// The channels the plugin runs for, or nil for every channel.
    public var channels: [String]?
    /// The plugin's settings as a JSON object text, handed to its `init`. May hold secrets: never log it.
    public var configJSON: String
    /// How many top-level keys the settings have; what the redacted dump shows instead of them.
    public var configKeyCount: Int
    /// How the plugin is hosted. Default: `in-process`.
    public var mode: Mode
    /// The deadline of each call, in milliseconds, from 1 to 60000. Default: 2000.
    public var timeoutMilliseconds: Int
    /// How an `in-process` plugin's deadline is kept (`measure` or `enforce`), or nil for the
    /// default: `measure`. Refused with `mode: process`, whose deadline is always enforced.
    public var deadline: PluginDeadlineMode?
    /// Whether the plugin is loaded at all. Default: true.
    public var enabled: Bool
    /// Where the entry was written, for error messages.
    public var source: ConfigurationSource

    /// Creates an entry with the documented defaults.
    public init(
        id: String,
        path: String,
        sha256: String? = nil,
        channels: [String]? = nil,
        configJSON: String = "{}",
        configKeyCount: Int = 0,
        mode: Mode = .inProcess,
        timeoutMilliseconds: Int = 2000,
        deadline: PluginDeadlineMode? = nil,
        enabled: Bool = true,
        source: ConfigurationSource = .defaults
    ) {
        self.id = id
        self.path = path
        self.sha256 = sha256
        self.channels = channels
        self.configJSON = configJSON
        self.configKeyCount = configKeyCount
        self.mode = mode
        self.timeoutMilliseconds = timeoutMilliseconds
        self.deadline = deadline
        self.enabled = enabled
        self.source = source
    }

    /// Whether the plugin runs for `channel`. A plugin limited to some channels does not run for
    /// work that belongs to no channel (`channel` nil).
    public func runs(forChannel channel: String?) -> Bool {
        guard let channels else { return true }
        guard let channel else { return false }
        return channels.contains(channel)
    }

    /// The per-call deadline.
    public var timeout: Duration { .milliseconds(timeoutMilliseconds) }

    /// How an in-process instance keeps its deadline: the configured mode, or `measure`.
    public var deadlineMode: PluginDeadlineMode { deadline ?? .measure }

    /// Why `deadline` cannot be set with `mode: process`.
    static func deadlineWithProcessMode(_ deadline: PluginDeadlineMode) -> String {
        "\"\(deadline.rawValue)\" applies to in-process plugins only; a plugin in mode process always has its "
            + "deadline enforced (its worker is stopped): remove deadline, or set mode to in-process"
    }

    /// Whether `id` is kebab-case (`flat-rate-shipping`) or reverse-DNS (`com.example.tax`), as the
    /// plugin host requires of manifests.
    static func isValidID(_ id: String) -> Bool {
        guard (1...128).contains(id.utf8.count), let first = id.utf8.first, (97...122).contains(first) else {
            return false
        }
        return id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 46 }
    }

    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0 | 0x20) }
    }
}

extension PluginConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The entry with its settings shown only as a number of keys; safe to log.
    public var description: String {
        "PluginConfiguration(id: \(id), path: \(path), mode: \(mode.rawValue), enabled: \(enabled), "
            + "channels: \(channels?.joined(separator: ",") ?? "all"), config: <\(configKeyCount) keys>)"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror without the settings, so `dump(_:)` and test failures show no secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "id": id, "path": path, "sha256": sha256 as Any, "channels": channels as Any,
                "config": "<\(configKeyCount) keys>", "mode": mode, "timeoutMilliseconds": timeoutMilliseconds,
                "deadline": deadline as Any, "enabled": enabled,
            ],
            displayStyle: .struct
        )
    }
}
