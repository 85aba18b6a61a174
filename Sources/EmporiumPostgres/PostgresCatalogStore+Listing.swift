import EmporiumCore
import Foundation
import PostgresNIO

/// Listings read `product_listings` (migration 0002): one row per active product priced in a
/// channel, holding the product, its attributes, media, variants, prices in that channel and
/// available units as arrays, kept exact by triggers. A page and everything a listing shows is one
/// index range scan, returned with the page as ``ListingDetails``.
extension PostgresCatalogStore {
    public func products(_ request: ProductListingRequest) async throws -> ProductPage {
        try await products(request, channelCode: request.channel)?.page
            ?? ProductPage(products: [], positions: [], hasNextPage: false, details: ListingDetails())
    }

    /// The channel and the page in one statement: one row for the channel, then the page's rows.
    /// No row at all means that there is no such channel.
    public func products(_ request: ProductListingRequest, channelCode: String?) async throws -> ChannelPage? {
        var request = request
        request.channel = channelCode ?? ""
        let rows: ListingRecords
        if request.filter == ProductFilter() && request.first < ListingStatements.rowCap {
            // The unfiltered listing is what storefronts ask for most: prepared once per connection
            // and sent through the pipelined reader.
            rows = .pipelined(
                try await database.pipelinedRows(
                    statement: ListingStatements.index(sort: request.sort, paged: request.after != nil),
                    parameters: Self.listingParameters(request, channelGiven: channelCode != nil)))
        } else {
            let statement = Self.listingStatement(request, channelGiven: channelCode != nil)
            rows = .cells(try await database.rows(statement.query))
        }
        // The channel's row, then the page's: PostgreSQL's Append returns each branch's rows as
        // that branch produces them (a Parallel Append, too, runs a branch with a `LIMIT` in one
        // process), and the second branch is ordered and limited inside its parentheses. No row at
        // all: the channel does not exist (and then neither do its listing rows).
        guard rows.count > 0 else { return nil }
        let channel = try rows.withRecord(0) { cells in
            // A first row of another shape would be a product taken for the channel: refused, not guessed.
            guard cells.fieldCount == Self.channelFields else { throw BinaryRowReader.Failure(column: 0) }
            return EmporiumCore.Channel(
                code: try cells.string(), name: try cells.string(), currency: try cells.string(),
                storefrontBaseURL: try cells.string())
        }
        let pageRows = rows.count - 1
        var products: [Product] = []
        var positions: [ListingPosition] = []
        var details = ListingDetails()
        products.reserveCapacity(pageRows)
        positions.reserveCapacity(pageRows)
        // Variants and media per product: a guess, so that the lists rarely grow.
        details.reserveCapacity(products: pageRows, variants: pageRows * 4, media: pageRows * 3)
        // The row after the page only says that there is a next page: it is not decoded.
        let hasNextPage = pageRows > max(request.first, 0)
        var arrays = PackedListingArrays()
        for index in 1..<(1 + min(pageRows, max(request.first, 0))) {
            let product = try rows.withRecord(index) { cells in
                try Self.decodeListingRow(
                    &cells, channel: channel.code, omit: request.omit, arrays: &arrays, into: &details)
            }
            products.append(product.product)
            positions.append(ListingPosition(sort: request.sort, key: product.key, id: product.product.id))
        }
        let page = ProductPage(products: products, positions: positions, hasNextPage: hasNextPage, details: details)
        return ChannelPage(channel: channel, page: page)
    }

    /// Fields of the channel's row in a listing: code, name, currency, storefront base URL. A
    /// product's row has more.
    static let channelFields = 4

    /// The listing's statement: the channel (a code, or `NULL` for the first channel by code),
    /// whether to send descriptions and whether to send the packed tail (``sendsTail(_:)``), the
    /// filters, the keyset position, then the limit, bound in that order. Each row is one record
    /// (one cell per row costs PostgresNIO one cell object, not thirteen, each retaining the shared
    /// receive buffer): first the channel's four values, then, through `UNION ALL`, one row per
    /// product; what the request omits is sent as NULL. The channel is looked up once per page, not
    /// joined to each of its rows, and an empty page still says which channel it is in.
    ///
    /// Pages of up to ``ListingStatements/rowCap`` rows are also capped by that constant inside
    /// the bound limit. PostgreSQL plans a prepared statement with a bound `LIMIT` as if it fetched
    /// a tenth of the table, finds its generic plan dearer than a custom one and so plans the
    /// statement again on every execution, which was a third of its time for a listing; with the
    /// constant cap the generic plan is costed right and is kept. The outer level repeats the
    /// order so that PostgreSQL knows the rows stay sorted and does not sort them again.
    static func listingStatement(_ request: ProductListingRequest, channelGiven: Bool = true) -> SQLStatement {
        var statement = SQLStatement()
        let (sortKey, order, comparison, keyText) = Self.sortSQL(request.sort)
        let channel = statement.bind(channelGiven ? request.channel : nil)
        let withDescription = statement.bind(!request.omit.contains(.description))
        let withTail = statement.bind(Self.sendsTail(request.omit))
        let channelCode = "coalesce(\(channel)::text, (SELECT min(code) FROM channels))"
        statement.append(
            """
            SELECT ROW(c.code, c.name, c.currency, c.storefront_base_url) FROM channels c
            WHERE c.code = \(channelCode)
            UNION ALL
            (SELECT ROW(l.product_id, l.slug, l.name, CASE WHEN \(withDescription) THEN l.description END, l.brand,
                   l.category_id, l.created_epoch, l.updated_epoch, \(keyText),
                   l.currency, l.listing_head, CASE WHEN \(withTail) THEN l.listing_tail END, l.available)
            FROM (SELECT l.*
            """)
        appendListingSource(to: &statement, channel: .expression(channelCode), filter: request.filter)
        if let after = request.after {
            let cast =
                switch request.sort {
                case .priceAscending, .priceDescending: "::bigint"
                case .newest: "::timestamptz"
                default: "::text"
                }
            let key = statement.bind(after.key)
            let id = statement.bind(after.id)
            statement.append(" AND (\(sortKey), l.product_id) \(comparison) (\(key)\(cast), \(id))")
        }
        let cap = request.first < ListingStatements.rowCap ? " LIMIT \(ListingStatements.rowCap)" : ""
        let limit = statement.bind(request.first + 1)
        statement.append(" ORDER BY \(order)\(cap)) l ORDER BY \(order) LIMIT \(limit))")
        return statement
    }

    /// The parameters of a prepared listing (``ListingStatements``) as text, in the order that
    /// ``listingStatement(_:channelGiven:)`` binds them.
    static func listingParameters(_ request: ProductListingRequest, channelGiven: Bool) -> [String?] {
        var parameters: [String?] = [
            channelGiven ? request.channel : nil, request.omit.contains(.description) ? "f" : "t",
            sendsTail(request.omit) ? "t" : "f",
        ]
        if let after = request.after {
            parameters.append(after.key)
            parameters.append(String(after.id))
        }
        parameters.append(String(request.first + 1))
        return parameters
    }

    public func countProducts(channel: String, filter: ProductFilter) async throws -> Int {
        var statement = SQLStatement("SELECT count(*)")
        Self.appendListingSource(to: &statement, channel: .bound(channel), filter: filter)
        let rows = try await database.rows(statement.query)
        return try rows.first.map { try Int($0.decode(Int64.self)) } ?? 0
    }

    /// Sort column, `ORDER BY`, keyset comparison and the key rendered as text, per sort.
    static func sortSQL(_ sort: ProductSort) -> (key: String, order: String, comparison: String, text: String) {
        switch sort {
        case .nameAscending: ("l.name", "l.name, l.product_id", ">", "l.name")
        case .nameDescending: ("l.name", "l.name DESC, l.product_id DESC", "<", "l.name")
        case .priceAscending: ("l.min_amount", "l.min_amount, l.product_id", ">", "l.min_amount::text")
        case .priceDescending: ("l.min_amount", "l.min_amount DESC, l.product_id DESC", "<", "l.min_amount::text")
        case .newest:
            (
                "l.created_at", "l.created_at DESC, l.product_id DESC", "<",
                "to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
            )
        }
    }

    /// How a listing names its channel: a code to bind, or an SQL expression over earlier binds.
    enum ListingChannel {
        case bound(String)
        case expression(String)
    }

    /// `FROM … WHERE …` of a listing: the channel's listing rows, filtered.
    static func appendListingSource(
        to statement: inout SQLStatement, channel: ListingChannel, filter: ProductFilter
    ) {
        switch channel {
        case .bound(let code):
            statement.append(" FROM product_listings l WHERE l.channel_code = \(statement.bind(code))")
        case .expression(let sql):
            statement.append(" FROM product_listings l WHERE l.channel_code = \(sql)")
        }
        if let slug = filter.categorySlug {
            let bind = statement.bind(slug)
            statement.append(
                """
                 AND l.category_id IN (SELECT c.id FROM categories c JOIN categories root ON root.slug = \(bind)
                     WHERE c.id = root.id OR c.path LIKE root.path || '/%')
                """)
        }
        if let search = filter.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let escaped = search.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let bind = statement.bind("%" + escaped + "%")
            statement.append(
                " AND (l.name ILIKE \(bind) OR l.brand ILIKE \(bind) OR l.description ILIKE \(bind))")
        }
        if let minPrice = filter.minPrice {
            statement.append(" AND l.min_amount >= \(statement.bind(minPrice))")
        }
        if let maxPrice = filter.maxPrice {
            statement.append(" AND l.min_amount <= \(statement.bind(maxPrice))")
        }
        if let inStock = filter.inStock {
            statement.append(inStock ? " AND l.available_total > 0" : " AND l.available_total = 0")
        }
        for constraint in filter.attributes {
            let key = statement.bind(constraint.key)
            let values = statement.bind(constraint.values)
            statement.append(
                """
                 AND EXISTS (SELECT 1 FROM product_attributes a
                     WHERE a.product_id = l.product_id AND a.key = \(key) AND a.value = ANY(\(values)))
                """)
        }
    }

    /// Whether a listing sends `listing_tail`: only when it shows attributes or variant details.
    static func sendsTail(_ omit: ListingOmissions) -> Bool {
        !PackedListingArrays.Parts(omitting: omit).isDisjoint(with: .tail)
    }

    /// Decodes one listing row (read by `cells`) into its product and sort key,
    /// adding its variants, media, prices and stock to `details`. The arrays are parallel;
    /// mismatched lengths are a decoding failure. What the request omits is passed over, not
    /// decoded, and left empty. `arrays` is working storage, reused from row to row.
    static func decodeListingRow(
        _ cells: inout BinaryRowReader, channel: String, omit: ListingOmissions = [],
        arrays: inout PackedListingArrays, into details: inout ListingDetails
    ) throws -> (product: Product, key: String) {
        var product = try cells.listedProduct(description: !omit.contains(.description))
        let id = product.id
        let key = try cells.string()
        let currency = try cells.string()
        let withVariantDetails = !omit.contains(.variantDetails)
        try arrays.read(&cells, reading: PackedListingArrays.Parts(omitting: omit))
        let variantCount = arrays.variantIDs.count

        product.attributes = arrays.attributes
        details.appendProduct(id)
        for index in 0..<arrays.mediaURLs.count {
            details.appendMedia(
                Media(
                    productID: id, url: arrays.mediaURLs[index], alt: arrays.mediaAlts[index],
                    position: Int(arrays.mediaPositions[index])))
        }
        let options = withVariantDetails ? arrays.options : []
        for index in 0..<variantCount {
            let variantID = arrays.variantIDs[index]
            let position = Int(arrays.variantPositions[index])
            let variant =
                withVariantDetails
                ? ProductVariant(
                    id: variantID, productID: id, sku: arrays.skus[index], name: arrays.variantNames[index],
                    options: options[index], gtin: arrays.gtins[index], mpn: arrays.mpns[index],
                    weightGrams: arrays.weights[index].map(Int.init),
                    condition: ItemCondition(rawValue: arrays.conditions[index]) ?? .new, position: position)
                : ProductVariant(
                    id: variantID, productID: id, sku: arrays.skus[index], name: "", options: [], gtin: nil,
                    mpn: nil, weightGrams: nil, condition: .new, position: position)
            let price = arrays.amounts[index].map { amount in
                VariantPrice(
                    variantID: variantID, channel: channel, price: Money(minorUnits: amount, currency: currency),
                    compareAtPrice: arrays.compareAts[index].map { Money(minorUnits: $0, currency: currency) })
            }
            details.appendVariant(variant, price: price, units: Int(arrays.available[index]))
        }
        return (product, key)
    }
}

/// A listing's rows: from the pipelined reader, or from PostgresNIO (filtered and large pages).
enum ListingRecords {
    case pipelined(PipelinedReader.Rows)
    case cells([PostgresRow])

    var count: Int {
        switch self {
        case .pipelined(let rows): rows.count
        case .cells(let rows): rows.count
        }
    }

    /// Lends `body` a reader of row `index`'s record.
    func withRecord<Value>(_ index: Int, _ body: (inout BinaryRowReader) throws -> Value) throws -> Value {
        switch self {
        case .pipelined(let rows): try rows.withRecord(index) { bytes in try BinaryRowReader.withRecord(bytes, body) }
        case .cells(let rows): try BinaryRowReader.withRecord(rows[index], body)
        }
    }
}
