import EmporiumCore

/// A client-facing error raised while handling a GraphQL request. It becomes an entry of the
/// response's `errors` with `extensions.code`. Its message is always safe to show.
public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable, documented codes (see `docs/api/errors.md`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        /// Creates a code; use the predefined ones where they fit.
        public init(_ value: String) { self.value = value }
        /// The body is not valid JSON or not a GraphQL-over-HTTP request object.
        public static let badRequest = Code("BAD_REQUEST")
        /// The query could not be parsed (or was refused by the pre-parse guard).
        public static let parseFailed = Code("GRAPHQL_PARSE_FAILED")
        /// The query does not validate against the schema.
        public static let validationFailed = Code("GRAPHQL_VALIDATION_FAILED")
        /// An argument or variable has a value the API does not accept.
        public static let badUserInput = Code("BAD_USER_INPUT")
        /// A pagination cursor is malformed or from another listing.
        public static let badCursor = Code("BAD_CURSOR")
        /// The query nests fields deeper than allowed.
        public static let depthLimitExceeded = Code("DEPTH_LIMIT_EXCEEDED")
        /// The query's estimated cost is above the budget.
        public static let costLimitExceeded = Code("COST_LIMIT_EXCEEDED")
        /// The body is larger than the configured limit.
        public static let payloadTooLarge = Code("PAYLOAD_TOO_LARGE")
        /// An automatic persisted query hash is unknown: resend with the query text.
        public static let persistedQueryNotFound = Code("PERSISTED_QUERY_NOT_FOUND")
        /// The persisted query hash does not match the query text.
        public static let persistedQueryHashMismatch = Code("PERSISTED_QUERY_HASH_MISMATCH")
        /// No or wrong credentials.
        public static let unauthenticated = Code("UNAUTHENTICATED")
        /// The operation is not allowed over this HTTP method (mutations need POST).
        public static let methodNotAllowed = Code("METHOD_NOT_ALLOWED")
        /// The database is unreachable or slow; retry later.
        public static let serviceUnavailable = Code("SERVICE_UNAVAILABLE")
        /// An unexpected failure; details are in the server log under the request id.
        public static let internalError = Code("INTERNAL_SERVER_ERROR")
        public var description: String { value }
    }

    /// The error's code.
    public var code: Code
    /// Message safe for clients.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension APIError: ClientFacingError {
    public var clientCode: String { code.description }
    public var clientMessage: String { message }
    public var isTransient: Bool { code == .serviceUnavailable }
}
