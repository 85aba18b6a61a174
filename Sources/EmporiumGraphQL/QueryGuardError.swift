/// Why ``QueryGuard`` refused a GraphQL document before it reached the parser.
///
/// ``description`` (the same text as ``message``) is safe to return to the client: it names the
/// rule that was broken and where, and never echoes raw bytes of the document.
public struct QueryGuardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A machine-readable reason, stable across releases; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case queryTooLarge
            case nestingTooDeep
            case tooManyTokens
            case tooManyAliases
            case invalidString
            case invalidCharacter
            case unbalancedBrackets
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The document has more UTF-8 bytes than ``QueryGuard/Limits/maxBytes``.
        public static let queryTooLarge = Self(.queryTooLarge)
        /// `{`, `(` and `[` are nested deeper than ``QueryGuard/Limits/maxDepth``.
        public static let nestingTooDeep = Self(.nestingTooDeep)
        /// The document has more lexical tokens than ``QueryGuard/Limits/maxTokens``.
        public static let tooManyTokens = Self(.tooManyTokens)
        /// The document has more field aliases than ``QueryGuard/Limits/maxAliases``.
        public static let tooManyAliases = Self(.tooManyAliases)
        /// A string or block string is unterminated, holds a control character or a bad escape.
        public static let invalidString = Self(.invalidString)
        /// A character that GraphQL does not allow outside strings and comments, or a malformed number.
        public static let invalidCharacter = Self(.invalidCharacter)
        /// A closing bracket without its opening bracket, or an opening bracket never closed.
        public static let unbalancedBrackets = Self(.unbalancedBrackets)

        /// The code as a `SCREAMING_SNAKE_CASE` string, for GraphQL error `extensions.code`.
        public var description: String {
            switch base {
            case .queryTooLarge: "QUERY_TOO_LARGE"
            case .nestingTooDeep: "NESTING_TOO_DEEP"
            case .tooManyTokens: "TOO_MANY_TOKENS"
            case .tooManyAliases: "TOO_MANY_ALIASES"
            case .invalidString: "INVALID_STRING"
            case .invalidCharacter: "INVALID_CHARACTER"
            case .unbalancedBrackets: "UNBALANCED_BRACKETS"
            }
        }
    }

    /// The reason the document was refused.
    public var code: Code
    /// A precise explanation that is safe to show to the client.
    public var message: String

    /// Creates an error from a code and a client-safe message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The client-safe ``message``.
    public var description: String { message }
}
