import Foundation
import PostgresNIO

/// A parsed `postgres://user:password@host:port/database?sslmode=…` URL.
public struct DatabaseURL: Sendable, Hashable {
    /// Host name or address; `nil` with `unixSocketPath`.
    public var host: String?
    /// TCP port.
    public var port: Int
    /// Unix socket path, from the `host` query parameter when it starts with `/`.
    public var unixSocketPath: String?
    /// User name.
    public var user: String
    /// Password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// `disable`, `prefer` or `require`.
    public var sslMode: String

    /// Parses a URL; the error never repeats the password.
    public init(_ string: String) throws(DatabaseError) {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw DatabaseError(
                code: .invalidURL,
                message: "The database URL must look like postgres://user:password@host:5432/database.")
        }
        let items = components.queryItems ?? []
        let socketHost = items.first { $0.name == "host" }?.value
        host = components.host.flatMap { $0.isEmpty ? nil : $0 }
        if let socketHost, socketHost.hasPrefix("/") {
            unixSocketPath = socketHost + "/.s.PGSQL.\(components.port ?? 5432)"
        }
        guard host != nil || unixSocketPath != nil else {
            throw DatabaseError(code: .invalidURL, message: "The database URL has no host.")
        }
        port = components.port ?? 5432
        guard let user = components.user, !user.isEmpty else {
            throw DatabaseError(code: .invalidURL, message: "The database URL has no user name.")
        }
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let name = String(components.path.drop(while: { $0 == "/" }))
        guard !name.isEmpty else {
            throw DatabaseError(code: .invalidURL, message: "The database URL has no database name.")
        }
        database = name
        sslMode = items.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw DatabaseError(
                code: .invalidURL, message: "sslmode must be disable, prefer or require, not \(sslMode).")
        }
    }

    /// The URL with the password replaced by `***`, for logs and `config check`.
    public var redacted: String {
        let location = unixSocketPath ?? "\(host ?? ""):\(port)"
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(location)/\(database)?sslmode=\(sslMode)"
    }

    /// The PostgresNIO client configuration for this URL.
    public func clientConfiguration() -> PostgresClient.Configuration {
        if let unixSocketPath {
            return .init(unixSocketPath: unixSocketPath, username: user, password: password, database: database)
        }
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        return .init(
            host: host ?? "localhost", port: port, username: user, password: password, database: database, tls: tls)
    }
}
