/// Why a JSON document could not be read: what was expected, where (the byte offset from the start of
/// the document), and a stable code. `description` is safe to return to the other side of the boundary.
public struct PluginJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }
        /// The bytes are not JSON (unexpected character, unterminated string, bad escape, …).
        public static let syntax = Code("JSON_SYNTAX")
        /// Valid JSON, but not the type the reader asked for (a string where an integer belongs, …).
        public static let typeMismatch = Code("JSON_TYPE_MISMATCH")
        /// A number where an integer is required has a fraction or exponent, or does not fit in 64 bits.
        public static let notAnInteger = Code("JSON_NOT_AN_INTEGER")
        /// Objects and arrays nest deeper than the reader allows.
        public static let tooDeep = Code("JSON_TOO_DEEP")
        /// A document, string or collection is larger than the reader allows.
        public static let tooLarge = Code("JSON_TOO_LARGE")
        /// The document is valid JSON but its content breaks the hook's contract (set by decoders).
        public static let invalidValue = Code("JSON_INVALID_VALUE")
        public var description: String { value }
    }

    /// The code.
    public var code: Code
    /// Byte offset from the start of the document where the problem was found.
    public var offset: Int
    /// What was expected or found, e.g. `expected ',' or '}' after an object member`.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) (at byte \(offset)) [\(code)]" }
}
