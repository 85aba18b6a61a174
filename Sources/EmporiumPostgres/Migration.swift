import Crypto
import Foundation

/// One versioned SQL migration shipped with the engine (`Migrations/NNNN_name.sql`).
public struct Migration: Sendable, Hashable {
    /// Version number, from the file name's leading digits.
    public var version: Int
    /// Name, from the rest of the file name.
    public var name: String
    /// The SQL text, run as one simple-protocol query inside a transaction.
    public var sql: String

    /// SHA-256 of the SQL, hex; recorded so that an edited, already-applied migration is detected.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The migrations bundled with this module, in version order.
    public static func bundled() throws(DatabaseError) -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw DatabaseError(code: .migrationFailed, message: "The bundled migrations are missing from the install.")
        }
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        } catch {
            throw DatabaseError(code: .migrationFailed, message: "The bundled migrations cannot be read.")
        }
        var migrations: [Migration] = []
        for file in files where file.pathExtension == "sql" {
            let base = file.deletingPathExtension().lastPathComponent
            let parts = base.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let version = Int(parts[0]),
                let sql = try? String(contentsOf: file, encoding: .utf8)
            else {
                throw DatabaseError(code: .migrationFailed, message: "Malformed migration file name \(base).sql.")
            }
            migrations.append(Migration(version: version, name: String(parts[1]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        return migrations
    }
}
