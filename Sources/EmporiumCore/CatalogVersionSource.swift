/// Where a ``CachedCatalogStore`` learns the current catalog version without asking the database.
///
/// The database layer implements it by listening for change notifications; tests use a settable value.
public protocol CatalogVersionSource: Sendable {
    /// The catalog version known right now, or ``CatalogVersion/unknown`` when it cannot be known
    /// (the database is unreachable, or the source has not read it yet).
    var current: Int64 { get }
}

/// Values of the catalog version.
public enum CatalogVersion {
    /// The version is not known: caches must not serve anything and pass every call through.
    ///
    /// Real versions start at 1 and only grow, so every value below 1 means "unknown"; this is the
    /// one sources report.
    public static let unknown: Int64 = -1

    /// Whether `version` is a real catalog version (at least 1).
    public static func isKnown(_ version: Int64) -> Bool { version >= 1 }
}
