import Logging
import PostgresNIO

/// Applies the bundled migrations under a PostgreSQL advisory lock, each in its own transaction,
/// and records them in `schema_migrations`. Running it again applies nothing.
public struct Migrator: Sendable {
    /// Advisory lock key shared by every engine process ("EMPO" in ASCII).
    static let lockKey: Int64 = 0x454D_504F
    let database: Database
    let migrations: [Migration]
    let logger: Logger

    /// Creates a migrator for the given migrations (the bundled ones by default).
    public init(database: Database, migrations: [Migration]? = nil, logger: Logger) throws(DatabaseError) {
        self.database = database
        if let migrations {
            self.migrations = migrations
        } else {
            self.migrations = try Migration.bundled()
        }
        self.logger = logger
    }

    /// The state of the database relative to the shipped migrations.
    public struct Status: Sendable, Hashable {
        /// Versions recorded as applied.
        public var applied: [Int]
        /// Versions shipped but not applied.
        public var pending: [Int]
        /// Whether every shipped migration is applied.
        public var isCurrent: Bool { pending.isEmpty }
    }

    /// Applies pending migrations; returns the versions it applied.
    @discardableResult
    public func migrate() async throws(DatabaseError) -> [Int] {
        let migrations = self.migrations
        let logger = self.logger
        return try await database.withConnection { connection in
            _ = try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let applied = try await Self.ensureTableAndReadApplied(connection, logger: logger)
                var done: [Int] = []
                for migration in migrations {
                    if let checksum = applied[migration.version] {
                        guard checksum == migration.checksum else {
                            throw DatabaseError(
                                code: .migrationFailed,
                                message:
                                    "Migration \(migration.version) (\(migration.name)) was changed after it was applied."
                            )
                        }
                        continue
                    }
                    logger.info(
                        "applying migration",
                        metadata: ["migration.version": "\(migration.version)", "migration.name": "\(migration.name)"])
                    try await connection.withTransaction(logger: logger) { connection in
                        for statement in SQLScript.statements(in: migration.sql) {
                            _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        _ = try await connection.query(
                            """
                            INSERT INTO schema_migrations (version, name, checksum)
                            VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                            """, logger: logger)
                    }
                    done.append(migration.version)
                }
                _ = try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return done
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    /// Reports applied and pending versions without changing anything.
    public func status() async throws(DatabaseError) -> Status {
        let exists = try await database.rows("SELECT to_regclass('schema_migrations') IS NOT NULL")
        var applied: [Int] = []
        guard (try? exists.first?.decode(Bool.self)) == true else {
            return Status(applied: [], pending: migrations.map(\.version))
        }
        let rows = try await database.rows("SELECT version FROM schema_migrations ORDER BY version")
        for row in rows {
            if let version = try? row.decode(Int.self) { applied.append(version) }
        }
        return Status(applied: applied, pending: migrations.map(\.version).filter { !applied.contains($0) })
    }

    private static func ensureTableAndReadApplied(
        _ connection: PostgresConnection, logger: Logger
    ) async throws -> [Int: String] {
        _ = try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        var applied: [Int: String] = [:]
        for try await (version, checksum) in try await connection.query(
            "SELECT version, checksum FROM schema_migrations", logger: logger
        ).decode((Int, String).self) {
            applied[version] = checksum
        }
        return applied
    }
}
