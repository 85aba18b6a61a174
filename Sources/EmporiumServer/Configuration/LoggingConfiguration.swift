/// Log level and output format.
public struct LoggingConfiguration: Sendable, Hashable {
    /// The least severe level that is logged (`logging.level`). Default ``Level/info``.
    public var level: Level
    /// How log lines are written (`logging.format`). Default ``Format/text``.
    public var format: Format

    /// The built-in defaults.
    public init() {
        self.level = .info
        self.format = .text
    }

    /// A log level; the raw values are those of swift-log's `Logger.Level`, so
    /// `Logger.Level(rawValue: level.rawValue)` converts.
    public enum Level: String, Sendable, Hashable, CaseIterable {
        /// Everything, including per-request tracing.
        case trace
        /// Diagnostics for developers.
        case debug
        /// Normal operation.
        case info
        /// Normal but significant events.
        case notice
        /// Something unexpected the engine recovered from.
        case warning
        /// An operation failed.
        case error
        /// The engine cannot go on.
        case critical
    }

    /// A log output format.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Human-readable lines.
        case text
        /// One JSON object per line, for log collectors.
        case json
    }
}
