import EmporiumCore

/// An error of the database layer. Its `description` is safe to show to a client; the underlying
/// driver error (which may name tables or values) is only in `debugDescription`.
public struct DatabaseError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as a stable machine-readable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }
        /// The database did not answer before the call's deadline.
        public static let timeout = Code("DATABASE_TIMEOUT")
        /// The database cannot be reached (down, refusing connections, or recently failing).
        public static let unavailable = Code("DATABASE_UNAVAILABLE")
        /// The database answered with an error: a bug or a violated constraint.
        public static let queryFailed = Code("DATABASE_QUERY_FAILED")
        /// A migration could not be applied or the applied ones do not match the shipped ones.
        public static let migrationFailed = Code("MIGRATION_FAILED")
        /// The database URL could not be understood.
        public static let invalidURL = Code("INVALID_DATABASE_URL")
        public var description: String { value }
    }

    /// The error's code.
    public var code: Code
    /// A message that names no table, value or credential.
    public var message: String
    /// Details for logs only.
    public var underlying: String?
    /// For `queryFailed`: the SQLSTATE the server sent, if any.
    public var sqlState: String?

    /// Creates an error.
    public init(code: Code, message: String, underlying: String? = nil, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.sqlState = sqlState
    }

    public var description: String { message }
    public var debugDescription: String {
        "\(code): \(message)" + (underlying.map { " (\($0))" } ?? "") + (sqlState.map { " [SQLSTATE \($0)]" } ?? "")
    }
}

extension DatabaseError {
    /// The call's deadline passed before the database answered.
    static let deadlinePassed = DatabaseError(
        code: .timeout, message: "The database did not answer in time; try again shortly.")

    /// The database cannot be reached; `underlying` says why, for logs.
    static func unreachable(_ underlying: String? = nil) -> DatabaseError {
        DatabaseError(
            code: .unavailable, message: "The database is unavailable; try again shortly.", underlying: underlying)
    }
}

extension DatabaseError: ClientFacingError {
    public var clientCode: String {
        switch code {
        case .timeout, .unavailable: "SERVICE_UNAVAILABLE"
        default: "INTERNAL_SERVER_ERROR"
        }
    }
    public var clientMessage: String {
        switch code {
        case .timeout, .unavailable: message
        default: "Internal error."
        }
    }
    public var isTransient: Bool { code == .timeout || code == .unavailable }
}
