import EmporiumPluginHost

/// Why a configured plugin could not be started. ``description`` names the entry (its place in
/// `plugins:`, its id and where it is written), the check that failed and what to do; it never
/// shows the plugin's settings, so it is safe to print and log.
public struct PluginLoadError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The failed check. New codes may be added; switch with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }
        /// A check of the plugin host failed; ``PluginLoadError/underlying`` says which.
        public static let hostRefused = Code("PLUGIN_REFUSED")
        /// The library declares another id than the configured one.
        public static let idMismatch = Code("PLUGIN_ID_MISMATCH")
        /// The configured `mode` cannot run here (process mode without a resolvable engine executable).
        public static let modeUnavailable = Code("PLUGIN_MODE_UNAVAILABLE")
        public var description: String { value }
    }

    /// The failed check.
    public var code: Code
    /// The entry's index in `plugins:` (0-based, as in `plugins[1]`).
    public var index: Int
    /// The configured id.
    public var id: String
    /// Where the entry is written.
    public var source: ConfigurationSource
    /// The host's error, for ``Code/hostRefused``.
    public var underlying: PluginError?
    /// What failed and what to do.
    public var message: String

    /// Creates an error.
    public init(
        _ code: Code, index: Int, id: String, source: ConfigurationSource = .defaults, underlying: PluginError? = nil,
        _ message: String
    ) {
        self.code = code
        self.index = index
        self.id = id
        self.source = source
        self.underlying = underlying
        self.message = message
    }

    /// Wraps a refusal of the host, adding what to change in `emporium.yaml`.
    init(refusal: PluginError, index: Int, plugin: PluginConfiguration) {
        let key = "plugins[\(index)]"
        let advice: String
        switch refusal.code {
        case .fileNotFound:
            advice = " Fix \(key).path (a relative path is resolved against the folder of the YAML file)."
        case .checksumMismatch:
            advice = " If the library was updated on purpose, put its SHA-256 in \(key).sha256."
        case .configRejected, .configInvalid:
            advice = " Fix \(key).config."
        default:
            advice = ""
        }
        self.init(
            .hostRefused, index: index, id: plugin.id, source: plugin.source, underlying: refusal,
            "\(refusal.message)\(advice.isEmpty || refusal.message.hasSuffix(".") ? "" : ".")\(advice) [\(refusal.code)]"
        )
    }

    /// `emporium.yaml:7:5: plugins[1] (quantity-limits): <what failed and what to do>`.
    public var description: String {
        let location = source == .defaults ? "" : "\(source): "
        return "\(location)plugins[\(index)] (\(id)): \(message)"
    }

    /// The description with the code.
    public var debugDescription: String { "PluginLoadError(code: \(code), \(description))" }
}
