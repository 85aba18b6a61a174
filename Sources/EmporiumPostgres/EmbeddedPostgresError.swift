/// An error from ``EmbeddedPostgres``.
///
/// `description` says what failed and what to do, and is safe to show; `debugDescription` adds the
/// output of the failing command or the tail of the server log. Neither ever holds the password.
public struct EmbeddedPostgresError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong; extensible, so switch over it with a `default` case.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case binariesNotFound
            case serverUserNotFound
            case dataDirectoryNotAccessible
            case passwordFileMissing
            case initdbFailed
            case startFailed
            case createDatabaseFailed
            case stopFailed
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// initdb, pg_ctl, postgres or psql is missing: install PostgreSQL (`apt-get install postgresql`).
        public static let binariesNotFound = Code(.binariesNotFound)
        /// Running as root, but neither the `postgres` nor the `nobody` user exists, or neither setpriv nor runuser.
        public static let serverUserNotFound = Code(.serverUserNotFound)
        /// The unprivileged server user cannot reach the data directory (a parent folder is not searchable).
        public static let dataDirectoryNotAccessible = Code(.dataDirectoryNotAccessible)
        /// The data directory holds a cluster but its password file is gone.
        public static let passwordFileMissing = Code(.passwordFileMissing)
        /// `initdb` failed.
        public static let initdbFailed = Code(.initdbFailed)
        /// `pg_ctl start` failed or timed out.
        public static let startFailed = Code(.startFailed)
        /// The database could not be looked up or created.
        public static let createDatabaseFailed = Code(.createDatabaseFailed)
        /// `pg_ctl stop` failed or timed out.
        public static let stopFailed = Code(.stopFailed)

        /// The code's name.
        public var description: String {
            switch self.base {
            case .binariesNotFound: "binariesNotFound"
            case .serverUserNotFound: "serverUserNotFound"
            case .dataDirectoryNotAccessible: "dataDirectoryNotAccessible"
            case .passwordFileMissing: "passwordFileMissing"
            case .initdbFailed: "initdbFailed"
            case .startFailed: "startFailed"
            case .createDatabaseFailed: "createDatabaseFailed"
            case .stopFailed: "stopFailed"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// One or two sentences saying what failed and what to do about it.
    public var message: String
    /// The failing command's output or the server log's last lines, for logs and `debugDescription`.
    public var details: String?

    /// Creates an error.
    public init(code: Code, message: String, details: String? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// The message, without command output.
    public var description: String {
        "EmbeddedPostgresError.\(self.code): \(self.message)"
    }

    /// The message followed by the command output or server log tail.
    public var debugDescription: String {
        guard let details, !details.isEmpty else { return self.description }
        return "\(self.description)\n\(details)"
    }
}
