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

    /// Every prepared listing, in the order of their indexes in the pipelined reader.
    static let all: [any ListingStatement.Type] = [
        NameAscending.self, NameAscendingAfter.self, NameDescending.self, NameDescendingAfter.self,
        PriceAscending.self, PriceAscendingAfter.self, PriceDescending.self, PriceDescendingAfter.self,
        Newest.self, NewestAfter.self,
    ]

    /// The pipelined reader's statements: every prepared listing.
    static var pipelined: [PipelinedReader.Statement] {
        all.map { type in
            PipelinedReader.Statement(
                name: type.name, sql: type.sql, parameterTypes: type.bindingDataTypes.map(\.rawValue))
        }
    }

    /// The index in ``all`` of the listing for `sort`, first page or a later one.
    static func index(sort: ProductSort, paged: Bool) -> Int {
        let first =
            switch sort {
            case .nameAscending: 0
            case .nameDescending: 2
            case .priceAscending: 4
            case .priceDescending: 6
            case .newest: 8
            }
        return first + (paged ? 1 : 0)
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
