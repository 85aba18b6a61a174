/// A configuration that could not be loaded or is not fit to use.
///
/// ``description`` names the key, the source (file and line, environment variable, secret file or
/// command-line flag) and what was expected; it never contains a secret's value, so it is safe to
/// print and log.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible,
    CustomDebugStringConvertible
{
    /// What kind of mistake this is. New codes may be added; switch with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case fileNotFound, invalidYAML, unknownKey, invalidType, outOfRange, missingRequired, invalidValue
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The configuration file or secrets directory is missing or cannot be read.
        public static let fileNotFound = Code(.fileNotFound)
        /// The configuration file is not well-formed YAML, or repeats a key.
        public static let invalidYAML = Code(.invalidYAML)
        /// A key, environment variable or secret file name that Emporium does not know.
        public static let unknownKey = Code(.unknownKey)
        /// A value of the wrong type, such as text where an integer belongs.
        public static let invalidType = Code(.invalidType)
        /// A number outside its allowed range.
        public static let outOfRange = Code(.outOfRange)
        /// A value needed for the command is not set.
        public static let missingRequired = Code(.missingRequired)
        /// A value of the right type that is not acceptable, such as a malformed URL.
        public static let invalidValue = Code(.invalidValue)

        /// The code's name, such as `outOfRange`.
        public var description: String { base.rawValue }
    }

    /// What kind of mistake this is.
    public var code: Code
    /// The dotted key concerned, such as `server.port`, when there is one.
    public var key: String?
    /// Where the offending value came from, when known.
    public var source: ConfigurationSource?
    /// The closest known key, environment variable or secret file name, for ``Code/unknownKey``.
    public var suggestion: String?
    /// The full message, such as `emporium.yaml:3:9: server.port: expected an integer from 1 to 65535, got "80a"`.
    public var message: String

    /// Creates an error; `message` must not contain a secret's value.
    public init(
        code: Code,
        key: String? = nil,
        source: ConfigurationSource? = nil,
        suggestion: String? = nil,
        message: String
    ) {
        self.code = code
        self.key = key
        self.source = source
        self.suggestion = suggestion
        self.message = message
    }

    /// The message; safe to show.
    public var description: String { message }

    /// The message with the code, for logs.
    public var debugDescription: String { "ConfigurationError(code: \(code), message: \(message))" }
}

extension ConfigurationError {
    /// `<source>: <key>: <detail>`, leaving out what is not known.
    static func at(
        _ source: ConfigurationSource?,
        key: String?,
        _ code: Code,
        _ detail: String,
        suggestion: String? = nil
    ) -> ConfigurationError {
        var parts: [String] = []
        if let source { parts.append(source.description) }
        if let key { parts.append(key) }
        parts.append(detail)
        return ConfigurationError(
            code: code,
            key: key,
            source: source,
            suggestion: suggestion,
            message: parts.joined(separator: ": ")
        )
    }
}
