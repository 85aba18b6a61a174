import EmporiumCore
import PostgresNIO

/// The unfiltered listing as prepared statements, one per sort and page kind: PostgreSQL parses and
/// plans each once per connection instead of once per request. Their text is built by
/// ``PostgresCatalogStore/listingStatement(_:)``, so it cannot drift from the unprepared form.
protocol ListingStatement: PostgresPreparedStatement where Row == PostgresRow {
    static var sort: ProductSort { get }
    static var paged: Bool { get }
    var bindings: PostgresBindings { get }
    init(bindings: PostgresBindings)
}

extension ListingStatement {
    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }

    /// Channel code (`NULL`: the first channel), whether to send descriptions and the packed tail,
    /// then (on later pages) the position's key as text and id, then the limit.
    static var bindingDataTypes: [PostgresDataType] {
        paged ? [.text, .bool, .bool, .text, .int8, .int8] : [.text, .bool, .bool, .int8]
    }

    static func makeSQL() -> String {
        let after = paged ? ListingPosition(sort: sort, key: "", id: 0) : nil
        return PostgresCatalogStore.listingStatement(
            ProductListingRequest(channel: "", first: 1, after: after, filter: ProductFilter(), sort: sort)
        ).sql
    }
}

enum ListingStatements {
    /// Largest number of rows (`first` + 1) a prepared listing returns: the default
    /// `graphql.maxPageSize` plus one. Larger pages use the unprepared form.
    static let rowCap = 101

    static func type(sort: ProductSort, paged: Bool) -> any ListingStatement.Type {
        switch (sort, paged) {
        case (.nameAscending, false): NameAscending.self
        case (.nameAscending, true): NameAscendingAfter.self
        case (.nameDescending, false): NameDescending.self
        case (.nameDescending, true): NameDescendingAfter.self
        case (.priceAscending, false): PriceAscending.self
        case (.priceAscending, true): PriceAscendingAfter.self
        case (.priceDescending, false): PriceDescending.self
        case (.priceDescending, true): PriceDescendingAfter.self
        case (.newest, false): Newest.self
        case (.newest, true): NewestAfter.self
        }
    }

    struct NameAscending: ListingStatement {
        static let sort = ProductSort.nameAscending, paged = false, name = "emporium_listing_name", sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct NameAscendingAfter: ListingStatement {
        static let sort = ProductSort.nameAscending, paged = true, name = "emporium_listing_name_after"
        static let sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct NameDescending: ListingStatement {
        static let sort = ProductSort.nameDescending, paged = false, name = "emporium_listing_name_desc"
        static let sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct NameDescendingAfter: ListingStatement {
        static let sort = ProductSort.nameDescending, paged = true, name = "emporium_listing_name_desc_after"
        static let sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct PriceAscending: ListingStatement {
        static let sort = ProductSort.priceAscending, paged = false, name = "emporium_listing_price"
        static let sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct PriceAscendingAfter: ListingStatement {
        static let sort = ProductSort.priceAscending, paged = true, name = "emporium_listing_price_after"
        static let sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct PriceDescending: ListingStatement {
        static let sort = ProductSort.priceDescending, paged = false, name = "emporium_listing_price_desc"
        static let sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct PriceDescendingAfter: ListingStatement {
        static let sort = ProductSort.priceDescending, paged = true, name = "emporium_listing_price_desc_after"
        static let sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct Newest: ListingStatement {
        static let sort = ProductSort.newest, paged = false, name = "emporium_listing_newest", sql = makeSQL()
        let bindings: PostgresBindings
    }
    struct NewestAfter: ListingStatement {
        static let sort = ProductSort.newest, paged = true, name = "emporium_listing_newest_after"
        static let sql = makeSQL()
        let bindings: PostgresBindings
    }
}

/// All channels, prepared: every storefront request resolves its channel.
struct ChannelsStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static let name = "emporium_channels"
    static let sql = "SELECT code, name, currency, storefront_base_url FROM channels ORDER BY code"
    func makeBindings() -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
