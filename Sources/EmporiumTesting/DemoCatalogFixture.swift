import EmporiumCore

/// The demo catalog as tests use it.
public enum DemoCatalogFixture {
    /// The first `productCount` products of the demo catalog (seed 42), as `emporium seed --demo` inserts them.
    public static func make(productCount: Int) -> CatalogSeed {
        DemoCatalog.make(productCount: productCount)
    }
}
