import Foundation

/// One request of the differential corpus: what is sent, to which endpoint, and what the oracle must answer
/// (so a case that silently stopped testing what its name says — a typo turning it into a validation
/// error — fails instead of passing trivially).
struct DifferentialCase: Sendable {
    /// What GraphQLSwift's executor is expected to answer.
    enum Expectation: Sendable, CustomStringConvertible {
        /// 200, `data`, no `errors`.
        case data
        /// 200, non-null `data` with `errors` (nulls propagated to a nullable field).
        case partial
        /// 200 with `errors` and no `data` member: a null propagated to the root, and GraphQLSwift's
        /// `GraphQLResult` leaves `data` out rather than writing `"data":null`.
        case nullData
        /// 400 before or at the start of execution: syntax, validation, limits, variable coercion.
        case rejected

        var description: String {
            switch self {
            case .data: "200 with data"
            case .partial: "200 with data and errors"
            case .nullData: "200 with errors and no data"
            case .rejected: "400"
            }
        }
    }

    let name: String
    let query: String
    /// The `variables` object as JSON text.
    let variables: String
    let operationName: String?
    let admin: Bool
    let expectation: Expectation
    /// GraphQLSwift reports whichever sibling's error it meets first: when a null propagates through a
    /// list to the root, only one error survives and its list index varies from run to run.
    let racyErrorPaths: Bool

    init(
        _ name: String, _ query: String, variables: String = "{}", operationName: String? = nil, admin: Bool = false,
        expect expectation: Expectation = .data, racyErrorPaths: Bool = false
    ) {
        self.racyErrorPaths = racyErrorPaths
        self.name = name
        self.query = query
        self.variables = variables
        self.operationName = operationName
        self.admin = admin
        self.expectation = expectation
    }

    /// The request as an HTTP client would post it.
    var body: Data {
        let quoted = { (text: String) in String(decoding: try! JSONEncoder().encode(text), as: UTF8.self) }
        var json = #"{"query":\#(quoted(query)),"variables":\#(variables)"#
        if let operationName { json += #","operationName":\#(quoted(operationName))"# }
        return Data((json + "}").utf8)
    }
}

/// What the corpus needs to know about the seeded database, learned by querying it first: real slugs,
/// node ids and cursors (cursors are opaque, so they cannot be written by hand).
struct CorpusFacts: Sendable {
    /// Product slugs in name order.
    var slugs: [String]
    /// Product node ids in name order.
    var productIDs: [String]
    /// Every SKU.
    var skus: [String]
    /// Edge cursors of the whole catalog, by `ProductSort` value.
    var cursors: [String: [String]]
    /// The cursor of the second category.
    var categoryCursor: String
    /// The node id of a category.
    var categoryID: String

    func cursor(_ sort: String, _ index: Int) -> String { cursors[sort]![index] }
}

/// The hand-written corpus. Storefront cases run against one shared seeded database; admin mutation
/// cases run in order against a pair of fresh databases, one per executor, so both see the same state.
enum DifferentialCorpus {
    static let sorts = ["NAME_ASC", "NAME_DESC", "PRICE_ASC", "PRICE_DESC", "NEWEST"]
    static let money = "{ amount currencyCode minorUnits }"
    static let productScalars = "id slug name description brand createdAt updatedAt available"
    static let variantFields =
        "id sku name options { name value } gtin mpn weightGrams condition price \(money) compareAtPrice \(money) available quantityAvailable"
    static let productFields = """
        \(productScalars) attributes { key type value } category { id slug name path position }
        media { url alt position } variants { \(variantFields) }
        priceRange { minVariantPrice \(money) maxVariantPrice \(money) }
        """
    static let pageInfo = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"

    /// Every hand-written storefront case.
    static func storefront(_ facts: CorpusFacts) -> [DifferentialCase] {
        listings() + filters() + pagination(facts) + products(facts) + categories(facts) + shapes(facts)
            + variables(facts) + failures() + introspection()
    }

    static func listings() -> [DifferentialCase] {
        var cases: [DifferentialCase] = [
            .init("products: totalCount with default arguments", "{ products { totalCount } }"),
            .init("products: every scalar of five products", "{ products(first: 5) { nodes { \(productScalars) } } }"),
            .init(
                "products: every field of every product",
                "{ products(first: 30) { totalCount nodes { \(productFields) } } }"),
            .init(
                "products: edges, cursors and pageInfo",
                "{ products(first: 4) { edges { cursor node { slug } } \(pageInfo) } }"),
            .init(
                "products: first 0 gives empty lists and null cursors",
                "{ products(first: 0) { totalCount edges { cursor } nodes { slug } \(pageInfo) } }"),
            .init("products: first 100, the cap", "{ products(first: 100) { totalCount nodes { slug name } } }"),
            .init("products: first 1", "{ products(first: 1) { nodes { slug } \(pageInfo) } }"),
            .init(
                "products: web-eu prices",
                "{ products(first: 6, channel: \"web-eu\") { nodes { slug priceRange { minVariantPrice \(money) maxVariantPrice \(money) } variants { price \(money) compareAtPrice \(money) } } } }"
            ),
            .init(
                "products: web-us named explicitly",
                "{ products(first: 6, channel: \"web-us\") { nodes { slug variants { sku price { amount } } } } }"),
            .init(
                "products: channel given as null literal",
                "{ products(first: 3, channel: null) { nodes { slug priceRange { minVariantPrice { currencyCode } } } } }"
            ),
            .init(
                "products: default sort equals NAME_ASC",
                "{ implicit: products(first: 5) { nodes { slug } } explicit: products(first: 5, sortBy: NAME_ASC) { nodes { slug } } }"
            ),
            .init(
                "products: variants with options, identifiers and stock",
                "{ products(first: 10) { nodes { variants { sku name options { name value } gtin mpn weightGrams condition available quantityAvailable } } } }"
            ),
            .init(
                "products: media urls contain slashes",
                "{ products(first: 8) { nodes { media { url alt position } } } }"),
            .init(
                "products: attributes of every type",
                "{ products(first: 30) { nodes { attributes { key type value } } } }"),
            .init(
                "products: category with path, through the product",
                "{ products(first: 10) { nodes { category { id slug name path position parent { slug path } } } } }"),
        ]
        for sort in sorts {
            cases.append(
                .init(
                    "products: sortBy \(sort)",
                    "{ products(first: 12, sortBy: \(sort)) { edges { cursor node { slug name createdAt priceRange { minVariantPrice { minorUnits amount } } } } pageInfo { endCursor hasNextPage } } }"
                ))
        }
        return cases
    }

    static func filters() -> [DifferentialCase] {
        func listing(_ name: String, _ arguments: String, expect: DifferentialCase.Expectation = .data)
            -> DifferentialCase
        {
            .init(
                "filter: \(name)",
                "{ products(first: 30, \(arguments)) { totalCount nodes { slug name brand available priceRange { minVariantPrice { minorUnits } } } } }",
                expect: expect)
        }
        return [
            listing("search merino", #"filter: { search: "merino" }"#),
            listing("search is case-insensitive", #"filter: { search: "MERINO" }"#),
            listing("search without matches", #"filter: { search: "zzzz-no-such-thing" }"#),
            listing("search with quotes, escapes and non-ASCII", #"filter: { search: "\"caf\u00e9\" ünï \\ /" }"#),
            listing("empty search", #"filter: { search: "" }"#),
            listing("root category includes descendants", #"filter: { categorySlug: "apparel" }"#),
            listing("leaf category", #"filter: { categorySlug: "home-kitchen" }"#),
            listing("unknown category", #"filter: { categorySlug: "no-such-category" }"#),
            listing("minPrice", "filter: { minPrice: 10000 }"),
            listing("maxPrice", "filter: { maxPrice: 5000 }"),
            listing("price range", "filter: { minPrice: 5000, maxPrice: 20000 }"),
            listing("empty price range", "filter: { minPrice: 20000, maxPrice: 100 }"),
            listing("in stock", "filter: { inStock: true }"),
            listing("out of stock", "filter: { inStock: false }"),
            listing(
                "attribute with several values",
                #"filter: { attributes: [{ key: "material", values: ["merino", "linen", "cotton"] }] }"#),
            listing(
                "attribute value with a slash",
                #"filter: { attributes: [{ key: "season", values: ["spring/summer", "winter"] }] }"#),
            listing(
                "two attribute constraints",
                #"filter: { attributes: [{ key: "material", values: ["merino"] }, { key: "countryOfOrigin", values: ["Italy", "Portugal"] }] }"#
            ),
            listing("boolean attribute as text", #"filter: { attributes: [{ key: "organic", values: ["true"] }] }"#),
            listing("empty attribute list", "filter: { attributes: [] }"),
            listing(
                "single attribute object coerced to a list",
                #"filter: { attributes: { key: "material", values: "merino" } }"#),
            listing("empty filter object", "filter: {}"),
            listing("null filter", "filter: null"),
            listing(
                "null filter fields", "filter: { categorySlug: null, search: null, inStock: null, attributes: null }"),
            listing(
                "every filter, sorted, in web-eu",
                #"filter: { categorySlug: "apparel", search: "e", minPrice: 100, maxPrice: 90000, inStock: true, attributes: [{ key: "material", values: ["merino", "linen", "cotton", "cashmere"] }] }, sortBy: PRICE_DESC, channel: "web-eu""#
            ),
            listing(
                "search longer than 200 characters", "filter: { search: \"\(String(repeating: "a", count: 201))\" }",
                expect: .nullData),
            listing(
                "more than 20 attribute constraints",
                "filter: { attributes: [\(Array(repeating: #"{ key: "material", values: ["x"] }"#, count: 21).joined(separator: ", "))] }",
                expect: .nullData),
        ]
    }

    static func pagination(_ facts: CorpusFacts) -> [DifferentialCase] {
        var cases = sorts.map { sort in
            DifferentialCase(
                "pagination: second page by \(sort)",
                "{ products(first: 5, sortBy: \(sort), after: \"\(facts.cursor(sort, 4))\") { edges { cursor node { slug } } \(pageInfo) } }"
            )
        }
        let last = facts.cursors["NAME_ASC"]!.last!
        cases += [
            .init(
                "pagination: after the last cursor",
                "{ products(first: 5, after: \"\(last)\") { totalCount edges { cursor } \(pageInfo) } }"),
            .init(
                "pagination: cursor in a variable",
                "query Page($after: String) { products(first: 7, after: $after) { edges { cursor node { name } } \(pageInfo) } }",
                variables: #"{"after":"\#(facts.cursor("NAME_ASC", 9))"}"#),
            .init(
                "pagination: cursor with a filter",
                "{ products(first: 5, after: \"\(facts.cursor("NAME_ASC", 2))\", filter: { inStock: true }) { totalCount nodes { slug } \(pageInfo) } }"
            ),
            .init(
                "pagination: null after", "{ products(first: 3, after: null) { nodes { slug } \(pageInfo) } }"),
            .init(
                "pagination: only pageInfo after a cursor",
                "{ products(first: 2, sortBy: NEWEST, after: \"\(facts.cursor("NEWEST", 0))\") { \(pageInfo) } }"),
            .init(
                "pagination: first 0 after a cursor",
                "{ products(first: 0, after: \"\(facts.cursor("NAME_ASC", 3))\") { edges { cursor } \(pageInfo) } }"),
            .init(
                "pagination: cursor of another sort order",
                "{ products(first: 5, after: \"\(facts.cursor("NAME_DESC", 3))\") { nodes { slug } } }",
                expect: .nullData),
            .init(
                "pagination: garbage cursor", #"{ products(first: 5, after: "not a cursor!") { nodes { slug } } }"#,
                expect: .nullData),
            .init(
                "pagination: base64 that is no cursor",
                #"{ products(first: 5, after: "Zm9vYmFy") { nodes { slug } } }"#,
                expect: .nullData),
            .init(
                "pagination: category cursor on products",
                "{ products(first: 5, after: \"\(facts.categoryCursor)\") { nodes { slug } } }", expect: .nullData),
            .init(
                "pagination: echoed cursor with non-ASCII, control characters, quotes and slashes",
                #"{ products(after: "é∑😀\u0001\u001f\t\"</x>\\") { totalCount } }"#, expect: .nullData),
            .init(
                "pagination: echoed channel with escapes",
                #"{ products(channel: "a/b\\c\"d\u00e9\u2028\r\n") { totalCount } }"#, expect: .nullData),
            .init(
                "pagination: bad cursor next to a good field",
                #"{ channels { code } products(after: "%%%") { totalCount } }"#, expect: .nullData),
        ]
        return cases
    }

    static func products(_ facts: CorpusFacts) -> [DifferentialCase] {
        let slug = facts.slugs[3]
        let id = facts.productIDs[5]
        return [
            .init("product: by slug, every field", "{ product(slug: \"\(slug)\") { \(productFields) } }"),
            .init(
                "product: by slug in web-eu",
                "{ product(slug: \"\(slug)\", channel: \"web-eu\") { slug variants { price \(money) } priceRange { maxVariantPrice \(money) } } }"
            ),
            .init("product: by id", "{ product(id: \"\(id)\") { id slug name } }"),
            .init("product: id of a category is null", "{ product(id: \"\(facts.categoryID)\") { id } }"),
            .init("product: malformed id is null", #"{ product(id: "@@@") { id } }"#),
            .init("product: unknown id is null", #"{ product(id: "UHJvZHVjdDo5OTk5OTk") { id } }"#),
            .init("product: unknown slug is null", #"{ product(slug: "no-such-product") { id name } }"#),
            .init(
                "product: slug in a variable", "query P($slug: String) { product(slug: $slug) { slug name brand } }",
                variables: #"{"slug":"\#(facts.slugs[7])"}"#),
            .init(
                "product: id in a variable", "query P($id: ID) { product(id: $id) { id slug } }",
                variables: #"{"id":"\#(facts.productIDs[1])"}"#),
            .init("product: integer literal for an ID", "{ product(id: 5) { id } }"),
            .init(
                "product: JSON number for an ID variable", "query P($id: ID) { product(id: $id) { id } }",
                variables: #"{"id":7}"#),
            .init("product: null slug and a real id", "{ product(slug: null, id: \"\(id)\") { slug } }"),
            .init(
                "product: slug and id both given", "{ product(slug: \"\(slug)\", id: \"\(id)\") { slug } }",
                expect: .partial),
            .init("product: neither slug nor id", "{ product { slug } }", expect: .partial),
            .init(
                "product: unknown channel", "{ product(slug: \"\(slug)\", channel: \"mars\") { slug } }",
                expect: .partial),
            .init(
                "product: usd and eur side by side",
                "{ usd: product(slug: \"\(slug)\", channel: \"web-us\") { priceRange { minVariantPrice \(money) } } eur: product(slug: \"\(slug)\", channel: \"web-eu\") { priceRange { minVariantPrice \(money) } } }"
            ),
        ]
    }

    static func categories(_ facts: CorpusFacts) -> [DifferentialCase] {
        let categoryFields = "id slug name path position"
        return [
            .init("categories: every field", "{ categories { totalCount nodes { \(categoryFields) } } }"),
            .init(
                "categories: edges and pageInfo",
                "{ categories { edges { cursor node { slug parent { slug } } } \(pageInfo) } }"),
            .init("categories: first 3", "{ categories(first: 3) { totalCount nodes { slug } \(pageInfo) } }"),
            .init(
                "categories: after a cursor",
                "{ categories(first: 3, after: \"\(facts.categoryCursor)\") { edges { cursor node { slug } } \(pageInfo) } }"
            ),
            .init("categories: first 0", "{ categories(first: 0) { totalCount nodes { slug } \(pageInfo) } }"),
            .init(
                "categories: after the end",
                #"{ categories(after: "YzE6OTk") { totalCount nodes { slug } \#(pageInfo) } }"#),
            .init("categories: first 101", "{ categories(first: 101) { totalCount } }", expect: .nullData),
            .init("categories: negative first", "{ categories(first: -1) { totalCount } }", expect: .nullData),
            .init("categories: bad cursor", #"{ categories(after: "bad") { totalCount } }"#, expect: .nullData),
            .init(
                "category: three levels of children",
                #"{ category(slug: "apparel") { \#(categoryFields) children { slug position children { slug path children { slug } } } } }"#
            ),
            .init(
                "category: chain of parents",
                #"{ category(slug: "men-shirts") { slug parent { slug parent { slug parent { slug } } } } }"#),
            .init("category: unknown slug is null", #"{ category(slug: "no-such-category") { slug } }"#),
            .init(
                "category: products sorted by price",
                #"{ category(slug: "apparel") { products(first: 5, sortBy: PRICE_ASC) { totalCount nodes { slug priceRange { minVariantPrice { minorUnits } } } } } }"#
            ),
            .init(
                "category: its slug wins over the filter's",
                #"{ category(slug: "apparel") { products(first: 5, filter: { categorySlug: "home" }) { totalCount nodes { category { slug } } } } }"#
            ),
            .init(
                "category: products after a cursor",
                "{ category(slug: \"home\") { products(first: 4, sortBy: PRICE_ASC, after: \"\(facts.cursor("PRICE_ASC", 1))\") { edges { cursor } \(pageInfo) } } }"
            ),
            .init(
                "category: totalCount of every root",
                #"{ a: category(slug: "apparel") { products { totalCount } } h: category(slug: "home") { products { totalCount } } e: category(slug: "electronics") { products { totalCount } } o: category(slug: "outdoor") { products { totalCount } } }"#
            ),
            .init(
                "categories: nested product connections",
                "{ categories(first: 8) { nodes { slug products(first: 2) { totalCount nodes { slug category { slug } } } } } }"
            ),
            .init(
                "product → category → products → category",
                "{ products(first: 3) { nodes { slug category { slug products(first: 2, sortBy: NEWEST) { nodes { slug category { path } } } } } } }"
            ),
            .init(
                "category: slug in a non-null variable",
                "query C($slug: String!) { category(slug: $slug) { slug name } }",
                variables: #"{"slug":"outdoor"}"#),
            .init("channels: every field", "{ channels { code name currencyCode storefrontUrl } }"),
            .init("channels: with __typename", "{ channels { __typename code } }"),
        ]
    }

    /// `__typename`, aliases, fragments and directives.
    static func shapes(_ facts: CorpusFacts) -> [DifferentialCase] {
        let slug = facts.slugs[2]
        return [
            // Listings leave out of their decoding what no field of the operation shows; these mix
            // fields that show it with fields that do not, on the same products.
            .init(
                "omissions: a lean listing and a full listing of the same products",
                "{ lean: products(first: 4) { nodes { slug variants { sku } } } full: products(first: 4) { nodes { slug description attributes { key type value } variants { sku name options { name value } gtin mpn weightGrams condition } } } }"
            ),
            .init(
                "omissions: a lean listing, then the same product by slug with its details",
                "{ products(first: 3) { nodes { slug variants { sku price { amount } } } } product(slug: \"\(facts.slugs[0])\") { description attributes { key } variants { name options { name value } condition } } }"
            ),
            .init(
                "omissions: variant details only under a category's products",
                "{ products(first: 2) { nodes { name } } categories(first: 2) { nodes { products(first: 2) { nodes { name variants { name gtin } } } } } }"
            ),
            .init("typename: root", "{ __typename }"),
            .init(
                "typename: everywhere in a listing",
                "{ __typename products(first: 3) { __typename edges { __typename node { __typename category { __typename } media { __typename } attributes { __typename } variants { __typename options { __typename } price { __typename } } priceRange { __typename minVariantPrice { __typename } } } } pageInfo { __typename } } }"
            ),
            .init(
                "typename: aliased", "{ t: __typename products(first: 1) { kind: __typename nodes { k: __typename } } }"
            ),
            .init(
                "typename: categories connection",
                "{ categories(first: 2) { __typename edges { __typename node { __typename } } } }"),
            .init(
                "alias: one field twice with different arguments",
                "{ asc: products(first: 3, sortBy: NAME_ASC) { nodes { slug } } desc: products(first: 3, sortBy: NAME_DESC) { nodes { slug } } }"
            ),
            .init(
                "alias: fields swap names", "{ products(first: 3) { nodes { name: slug slug: name id: brand } } }"),
            .init(
                "alias: keys named data and errors",
                "{ data: channels { code } errors: products(first: 1) { totalCount } }"),
            .init(
                "alias: repeated fields merge",
                "{ products(first: 2) { nodes { slug slug name } nodes { brand slug } totalCount } }"),
            .init(
                "alias: inside variants and money",
                "{ products(first: 3) { nodes { v: variants { s: sku p: price { a: amount c: currencyCode } } } } }"),
            .init(
                "alias: many totals with different filters",
                #"{ all: products { totalCount } stocked: products(filter: { inStock: true }) { totalCount } none: products(filter: { inStock: false }) { totalCount } cheap: products(filter: { maxPrice: 3000 }) { totalCount } eu: products(channel: "web-eu") { totalCount } }"#
            ),
            .init(
                "fragment: named, on Product",
                "{ products(first: 4) { nodes { ...Card } } } fragment Card on Product { slug name brand available }"),
            .init(
                "fragment: nested fragments",
                """
                query { products(first: 4) { nodes { ...Card } } }
                fragment Card on Product { slug ...Prices variants { ...Variant } }
                fragment Prices on Product { priceRange { minVariantPrice { ...Money } maxVariantPrice { ...Money } } }
                fragment Variant on ProductVariant { sku price { ...Money } }
                fragment Money on Money { amount currencyCode }
                """),
            .init(
                "fragment: on Query",
                "{ ...Root } fragment Root on Query { channels { code } categories(first: 2) { totalCount } }"),
            .init(
                "fragment: on ProductConnection",
                "{ products(first: 3) { ...Page } } fragment Page on ProductConnection { totalCount \(pageInfo) nodes { slug } }"
            ),
            .init(
                "fragment: inline with a type condition",
                "{ products(first: 3) { nodes { ... on Product { slug name } } } }"),
            .init(
                "fragment: inline without a type condition", "{ products(first: 3) { nodes { ... { slug } brand } } }"),
            .init(
                "fragment: spread twice in different places",
                "{ a: product(slug: \"\(slug)\") { ...Card } products(first: 2) { nodes { ...Card } } } fragment Card on Product { slug name }"
            ),
            .init(
                "fragment: sub-selections merge across fragment and field",
                "{ products(first: 3) { nodes { variants { sku } ...V } } } fragment V on Product { variants { price { amount } sku name } }"
            ),
            .init(
                "fragment: field order follows first occurrence",
                "{ products(first: 3) { nodes { brand ...F slug } } } fragment F on Product { slug name brand }"),
            .init(
                "fragment: inline on Category children",
                #"{ category(slug: "home") { children { ... on Category { slug position } } } }"#),
            .init(
                "fragment: defined before the operation",
                "fragment S on Product { slug } query Named { products(first: 2) { nodes { ...S } } }"),
            .init(
                "fragment: using operation variables",
                "query($n: Int) { ...Root } fragment Root on Query { products(first: $n) { nodes { slug } } }",
                variables: #"{"n":2}"#),
            .init(
                "directive: include true and false",
                "{ products(first: 2) { nodes { slug @include(if: true) name @include(if: false) } } }"),
            .init(
                "directive: skip true and false",
                "{ products(first: 2) { nodes { slug @skip(if: true) name @skip(if: false) } } }"),
            .init(
                "directive: skip and include on one field",
                "{ products(first: 2) { nodes { a: slug @skip(if: false) @include(if: true) b: slug @skip(if: true) @include(if: true) c: slug @skip(if: false) @include(if: false) } } }"
            ),
            .init(
                "directive: from variables",
                "query($yes: Boolean!, $no: Boolean!) { products(first: 2) { totalCount @include(if: $yes) nodes @skip(if: $no) { slug brand @include(if: $no) } } }",
                variables: #"{"yes":true,"no":false}"#),
            .init(
                "directive: on a fragment spread",
                "{ products(first: 2) { nodes { ...A @include(if: false) ...B @include(if: true) } } } fragment A on Product { name } fragment B on Product { slug }"
            ),
            .init(
                "directive: on an inline fragment",
                "{ products(first: 2) { nodes { ... @skip(if: true) { name } ... on Product @skip(if: false) { slug } } } }"
            ),
            .init(
                "directive: variable default",
                "query($show: Boolean = true) { channels { code @include(if: $show) name @skip(if: $show) } }"),
            .init("directive: everything skipped", "{ products @skip(if: true) { totalCount } }"),
            .init(
                "directive: skipped and plain occurrences of one field",
                "{ products(first: 2) { nodes { slug @skip(if: true) slug name @include(if: false) } } }"),
        ]
    }

    static func variables(_ facts: CorpusFacts) -> [DifferentialCase] {
        let listing =
            "products(first: $first, sortBy: $sort) { nodes { slug priceRange { minVariantPrice { minorUnits } } } }"
        let filtered =
            "query($filter: ProductFilter) { products(first: 30, filter: $filter) { totalCount nodes { slug } } }"
        return [
            .init("variables: defaults", "query($first: Int = 3, $sort: ProductSort = PRICE_DESC) { \(listing) }"),
            .init(
                "variables: defaults overridden",
                "query($first: Int = 3, $sort: ProductSort = PRICE_DESC) { \(listing) }",
                variables: #"{"first":5,"sort":"NEWEST"}"#),
            .init(
                "variables: explicit null replaces a default",
                "query($first: Int = 3, $sort: ProductSort = PRICE_DESC) { \(listing) }",
                variables: #"{"first":null,"sort":null}"#),
            .init(
                "variables: filter object", filtered,
                variables: #"{"filter":{"inStock":true,"minPrice":2000,"search":"a"}}"#),
            .init(
                "variables: list from a single value",
                #"query($values: [String!]!) { products(filter: { attributes: [{ key: "material", values: $values }] }) { totalCount } }"#,
                variables: #"{"values":"merino"}"#),
            .init(
                "variables: object list from a single object", filtered,
                variables: #"{"filter":{"attributes":{"key":"material","values":"merino"}}}"#),
            .init(
                "variables: inside an object literal",
                "query($q: String, $stock: Boolean) { products(filter: { search: $q, inStock: $stock }) { totalCount } }",
                variables: #"{"q":"wool","stock":null}"#),
            .init(
                "variables: enum", "query($sort: ProductSort) { products(first: 4, sortBy: $sort) { nodes { slug } } }",
                variables: #"{"sort":"PRICE_ASC"}"#),
            .init(
                "variables: 10.0 is an Int", "query($first: Int) { products(first: $first) { nodes { slug } } }",
                variables: #"{"first":10.0}"#),
            .init(
                "variables: unused extras are ignored", "query($first: Int) { products(first: $first) { totalCount } }",
                variables: #"{"first":1,"other":[1,{"x":null}]}"#),
            .init(
                "variables: missing non-null", "query($slug: String!) { category(slug: $slug) { slug } }",
                expect: .rejected),
            .init(
                "variables: null for non-null", "query($slug: String!) { category(slug: $slug) { slug } }",
                variables: #"{"slug":null}"#, expect: .rejected),
            .init(
                "variables: string for Int", "query($first: Int) { products(first: $first) { totalCount } }",
                variables: #"{"first":"ten"}"#, expect: .rejected),
            .init(
                "variables: unknown enum value", "query($sort: ProductSort) { products(sortBy: $sort) { totalCount } }",
                variables: #"{"sort":"CHEAPEST"}"#, expect: .rejected),
            .init(
                "variables: Int beyond 32 bits", "query($first: Int) { products(first: $first) { totalCount } }",
                variables: #"{"first":1099511627776}"#, expect: .rejected),
            .init(
                "variables: fraction for Int (GraphQLSwift accepts it)",
                "query($first: Int) { products(first: $first) { nodes { slug } } }", variables: #"{"first":1.5}"#),
            .init(
                "variables: negative fraction for Int",
                "query($first: Int) { products(first: $first) { nodes { slug } } }", variables: #"{"first":-0.5}"#),
            .init(
                "variables: unknown input field", filtered, variables: #"{"filter":{"colour":"red"}}"#,
                expect: .rejected),
            .init(
                "variables: string for Boolean", filtered, variables: #"{"filter":{"inStock":"yes"}}"#,
                expect: .rejected),
            .init(
                "variables: null inside a non-null list",
                #"query($values: [String!]!) { products(filter: { attributes: [{ key: "material", values: $values }] }) { totalCount } }"#,
                variables: #"{"values":["merino",null]}"#, expect: .rejected),
            .init(
                "variables: wrong type in one of several",
                "query($a: Int, $b: Int) { x: products(first: $a) { totalCount } y: products(first: $b) { totalCount } }",
                variables: #"{"a":1,"b":true}"#, expect: .rejected),
        ]
    }

    /// Resolver errors with null propagation, and requests refused before execution.
    static func failures() -> [DifferentialCase] {
        [
            .init("error: first above the cap", "{ products(first: 101) { totalCount } }", expect: .nullData),
            .init("error: negative first", "{ products(first: -1) { totalCount } }", expect: .nullData),
            .init(
                "reject: a huge first exceeds the cost budget", "{ products(first: 1000000) { nodes { slug } } }",
                expect: .rejected),
            .init("error: first far above the cap", "{ products(first: 9000) { totalCount } }", expect: .nullData),
            .init("error: unknown channel", #"{ products(channel: "mars") { totalCount } }"#, expect: .nullData),
            .init(
                "error: partial data next to a failed product",
                #"{ ok: products(first: 2) { totalCount nodes { slug } } bad: product(slug: "x", id: "y") { name } }"#,
                expect: .partial),
            .init(
                "error: two failing fields",
                #"{ a: product(slug: "x", id: "y") { name } b: product(slug: "x", channel: "nope") { name } c: products(first: 1) { totalCount } }"#,
                expect: .partial),
            .init(
                "error: null propagates to a nullable category",
                #"{ category(slug: "apparel") { slug products(first: 101) { totalCount } } }"#, expect: .partial),
            .init(
                "error: null propagates through a non-null list to the root",
                "{ categories(first: 4) { nodes { slug products(first: -1) { totalCount } } } }", expect: .nullData,
                racyErrorPaths: true),
            .init(
                "error: one error per product, each nulling its category",
                "{ products(first: 4) { nodes { slug category { slug products(first: 500) { totalCount } } } } }",
                expect: .partial),
            .init(
                "error: aliased failures among successes",
                #"{ p1: product(slug: "a", id: "b") { slug } p2: product(slug: "no-such-product") { slug } p3: products(first: 1) { nodes { slug } } p4: category(slug: "home") { products(channel: "mars") { totalCount } } }"#,
                expect: .partial),
            .init("reject: syntax error", "{ products(first: 2) { nodes { slug } }", expect: .rejected),
            .init("reject: unknown field", "{ products { nodes { colour } } }", expect: .rejected),
            .init("reject: missing required argument", "{ category { slug } }", expect: .rejected),
            .init(
                "reject: literal of the wrong type", #"{ products(first: "ten") { totalCount } }"#, expect: .rejected),
            .init("reject: unknown fragment", "{ products { ...Nope } }", expect: .rejected),
            .init("reject: unused variable", "query($x: Int) { __typename }", expect: .rejected),
            .init("reject: mutation on the storefront", "mutation { stockSet }", expect: .rejected),
            .init(
                "reject: too deep",
                #"{ category(slug: "men-shirts") { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { slug } } } } } } } } } } } } } }"#,
                expect: .rejected),
            .init(
                "reject: too expensive", "{ products(first: 100) { nodes { \(productFields) } } }", expect: .rejected),
            .init(
                "operationName: the first of two",
                "query A { channels { code } } query B { categories { totalCount } }",
                operationName: "A"),
            .init(
                "operationName: the second of two",
                "query A { channels { code } } query B { categories { totalCount } }",
                operationName: "B"),
            .init(
                "operationName: missing with two operations",
                "query A { channels { code } } query B { categories { totalCount } }", expect: .rejected),
            .init(
                "operationName: unknown", "query A { channels { code } }", operationName: "Z", expect: .rejected),
        ]
    }

    static func introspection() -> [DifferentialCase] {
        [
            .init(
                "introspection: root types",
                "{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }"),
            .init(
                "introspection: Product fields",
                #"{ __type(name: "Product") { name kind fields { name description args { name defaultValue } type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } }"#
            ),
            .init(
                "introspection: sort values with descriptions",
                #"{ __type(name: "ProductSort") { kind enumValues { name description isDeprecated } } }"#),
            .init(
                "introspection: filter input fields",
                #"{ __type(name: "ProductFilter") { inputFields { name description defaultValue type { name kind } } } }"#
            ),
            .init(
                "introspection: descriptions with quotes and backquotes",
                #"{ __type(name: "Money") { description fields { name description } } }"#),
            .init("introspection: unknown type is null", #"{ __type(name: "Nope") { name } }"#),
            .init("introspection: every type", "{ __schema { types { name kind } directives { name locations } } }"),
        ]
    }

    /// Admin cases that do not write.
    static func adminQueries() -> [DifferentialCase] {
        [
            .init("admin: catalogVersion", "{ catalogVersion }", admin: true),
            .init("admin: channels", "{ channels { code name currencyCode } }", admin: true),
            .init("admin: __typename", "{ __typename catalogVersion channels { __typename code } }", admin: true),
            .init(
                "admin: aliases", "{ v1: catalogVersion v2: catalogVersion list: channels { c: code } }", admin: true),
            .init(
                "admin: fragment on Channel", "{ channels { ...C } } fragment C on Channel { name code }", admin: true),
            .init(
                "admin: skip", "{ catalogVersion @skip(if: true) channels { code @include(if: false) name } }",
                admin: true),
            .init(
                "admin: mutation type introspection",
                "{ __schema { mutationType { fields { name args { name type { kind name ofType { name } } } } } } }",
                admin: true),
            .init("admin: unknown field", "{ products { totalCount } }", admin: true, expect: .rejected),
            .init(
                "admin: the query of a query-and-mutation document",
                #"query Read { catalogVersion } mutation Write { stockSet(sku: "SKU-000001-01", onHand: 1) { userErrors { code } } }"#,
                operationName: "Read", admin: true),
        ]
    }

    /// Admin writes and storefront reads, in this order, on twin fresh databases.
    static func mutations() -> [DifferentialCase] {
        let payload = "{ variant { id sku name } userErrors { code field message } }"
        let sku = "SKU-000001-01"
        let readBack =
            "{ products(first: 5, channel: CHANNEL) { nodes { slug available variants { sku available quantityAvailable price \(money) } } } }"
        return [
            .init("mutation: catalogVersion before", "{ catalogVersion }", admin: true),
            .init("mutation: stockSet", #"mutation { stockSet(sku: "\#(sku)", onHand: 7) \#(payload) }"#, admin: true),
            .init(
                "mutation: stockSet at a location",
                #"mutation { stockSet(sku: "\#(sku)", location: "east", onHand: 3) \#(payload) }"#, admin: true),
            .init(
                "mutation: stockSet with a null location",
                #"mutation { stockSet(sku: "SKU-000002-01", location: null, onHand: 0) \#(payload) }"#, admin: true),
            .init(
                "mutation: stockSet unknown SKU", #"mutation { stockSet(sku: "NOPE", onHand: 1) \#(payload) }"#,
                admin: true),
            .init(
                "mutation: stockSet unknown location",
                #"mutation { stockSet(sku: "\#(sku)", location: "mars", onHand: 1) \#(payload) }"#, admin: true),
            .init(
                "mutation: stockSet negative", #"mutation { stockSet(sku: "\#(sku)", onHand: -5) \#(payload) }"#,
                admin: true),
            .init(
                "mutation: variantPriceSet",
                #"mutation { variantPriceSet(sku: "\#(sku)", channel: "web-us", amount: 1234) \#(payload) }"#,
                admin: true),
            .init(
                "mutation: variantPriceSet in EUR",
                #"mutation { variantPriceSet(sku: "SKU-000002-01", channel: "web-eu", amount: 99) \#(payload) }"#,
                admin: true),
            .init(
                "mutation: variantPriceSet zero",
                #"mutation { variantPriceSet(sku: "SKU-000003-01", channel: "web-us", amount: 0) \#(payload) }"#,
                admin: true),
            .init(
                "mutation: variantPriceSet unknown channel",
                #"mutation { variantPriceSet(sku: "\#(sku)", channel: "web-xx", amount: 5) \#(payload) }"#, admin: true),
            .init(
                "mutation: variantPriceSet negative",
                #"mutation { variantPriceSet(sku: "\#(sku)", channel: "web-us", amount: -1) \#(payload) }"#,
                admin: true),
            .init(
                "mutation: variables",
                "mutation Set($sku: String!, $n: Int!) { stockSet(sku: $sku, onHand: $n) \(payload) }",
                variables: #"{"sku":"SKU-000004-01","n":11}"#, operationName: "Set", admin: true),
            .init(
                "mutation: three in one request, run in order",
                #"mutation { a: stockSet(sku: "\#(sku)", onHand: 20) { variant { sku } } b: variantPriceSet(sku: "\#(sku)", channel: "web-us", amount: 4321) { variant { sku } userErrors { code } } c: stockSet(sku: "\#(sku)", onHand: 0) { userErrors { code } } }"#,
                admin: true),
            .init(
                "mutation: fragments and __typename",
                #"mutation { stockSet(sku: "SKU-000005-01", onHand: 2) { __typename ...P } } fragment P on VariantPayload { variant { __typename sku } userErrors { __typename code } }"#,
                admin: true),
            .init(
                "mutation: skipped field does not run",
                #"mutation { stockSet(sku: "\#(sku)", onHand: 99) @skip(if: true) { userErrors { code } } }"#,
                admin: true),
            .init(
                "mutation: the mutation of a query-and-mutation document",
                #"query Read { catalogVersion } mutation Write { stockSet(sku: "SKU-000003-01", onHand: 1) { variant { sku } } }"#,
                operationName: "Write", admin: true),
            .init(
                "mutation: missing required variable",
                "mutation($n: Int!) { stockSet(sku: \"\(sku)\", onHand: $n) { variant { sku } } }",
                admin: true, expect: .rejected),
            .init("mutation: read back in USD", readBack.replacingOccurrences(of: "CHANNEL", with: "\"web-us\"")),
            .init("mutation: read back in EUR", readBack.replacingOccurrences(of: "CHANNEL", with: "\"web-eu\"")),
            .init("mutation: catalogVersion after", "{ catalogVersion }", admin: true),
        ]
    }
}

/// Composes random valid storefront queries over the schema: random subsets of fields, aliases (also the
/// same field twice with different arguments), named and inline fragments (nested when extraction happens
/// at several levels), directives, arguments from a small valid pool, sometimes passed as variables.
/// The same seed gives the same queries.
struct GeneratedQueries {
    private struct Field {
        let name: String
        /// `nil` for a leaf.
        let type: String?
        let arguments: Arguments
        /// Size the cost analysis assumes for this list field (1 for non-lists).
        let fanOut: Int

        init(_ name: String, _ type: String? = nil, _ arguments: Arguments = .none, fanOut: Int = 1) {
            self.name = name
            self.type = type
            self.arguments = arguments
            self.fanOut = fanOut
        }
    }

    private enum Arguments { case none, productList, product, categoryList, category }

    private static let money = [Field("amount"), Field("currencyCode"), Field("minorUnits")]
    private static let types: [String: [Field]] = [
        "Query": [
            Field("products", "ProductConnection", .productList), Field("product", "Product", .product),
            Field("categories", "CategoryConnection", .categoryList), Field("category", "Category", .category),
            Field("channels", "Channel", fanOut: 4),
        ],
        "ProductConnection": [
            Field("edges", "ProductEdge"), Field("nodes", "Product"), Field("pageInfo", "PageInfo"),
            Field("totalCount"),
        ],
        "ProductEdge": [Field("cursor"), Field("node", "Product")],
        "Product": [
            Field("id"), Field("slug"), Field("name"), Field("description"), Field("brand"), Field("createdAt"),
            Field("updatedAt"), Field("available"), Field("attributes", "ProductAttribute", fanOut: 6),
            Field("category", "Category"), Field("media", "Media", fanOut: 4),
            Field("variants", "ProductVariant", fanOut: 6), Field("priceRange", "PriceRange"),
        ],
        "ProductVariant": [
            Field("id"), Field("sku"), Field("name"), Field("options", "SelectedOption"), Field("gtin"), Field("mpn"),
            Field("weightGrams"), Field("condition"), Field("price", "Money"), Field("compareAtPrice", "Money"),
            Field("available"), Field("quantityAvailable"),
        ],
        "PriceRange": [Field("minVariantPrice", "Money"), Field("maxVariantPrice", "Money")],
        "Money": money,
        "Category": [
            Field("id"), Field("slug"), Field("name"), Field("path"), Field("position"), Field("parent", "Category"),
            Field("children", "Category", fanOut: 10), Field("products", "ProductConnection", .productList),
        ],
        "CategoryConnection": [
            Field("edges", "CategoryEdge"), Field("nodes", "Category"), Field("pageInfo", "PageInfo"),
            Field("totalCount"),
        ],
        "CategoryEdge": [Field("cursor"), Field("node", "Category")],
        "Channel": [Field("code"), Field("name"), Field("currencyCode"), Field("storefrontUrl")],
        "Media": [Field("url"), Field("alt"), Field("position")],
        "SelectedOption": [Field("name"), Field("value")],
        "ProductAttribute": [Field("key"), Field("type"), Field("value")],
        "PageInfo": [Field("hasNextPage"), Field("hasPreviousPage"), Field("startCursor"), Field("endCursor")],
    ]

    /// Filters as GraphQL literals and as JSON variable values.
    private static let filters: [(literal: String, json: String)] = [
        ("{ inStock: true }", #"{"inStock":true}"#),
        (#"{ search: "merino" }"#, #"{"search":"merino"}"#),
        ("{ minPrice: 5000, maxPrice: 30000 }", #"{"minPrice":5000,"maxPrice":30000}"#),
        (#"{ categorySlug: "apparel" }"#, #"{"categorySlug":"apparel"}"#),
        (
            #"{ attributes: [{ key: "material", values: ["merino", "linen", "cotton"] }] }"#,
            #"{"attributes":[{"key":"material","values":["merino","linen","cotton"]}]}"#
        ),
        (#"{ categorySlug: "home", inStock: false }"#, #"{"categorySlug":"home","inStock":false}"#),
    ]
    private static let categorySlugs = [
        "apparel", "apparel-men", "men-shirts", "home", "home-kitchen", "electronics", "audio-headphones", "outdoor",
        "outdoor-hiking", "no-such-category",
    ]
    private static let directives = [
        "@include(if: true)", "@skip(if: false)", "@skip(if: true)", "@include(if: false)",
    ]

    private var random: SplitMix64
    private let facts: CorpusFacts
    private var fragments: [String] = []
    private var definitions: [String] = []
    private var values: [String] = []
    private var counter = 0

    init(seed: UInt64, facts: CorpusFacts) {
        random = SplitMix64(seed: seed)
        self.facts = facts
    }

    /// `count` queries; `accept` filters out any the endpoint's limits would refuse (the caller checks cost).
    mutating func make(count: Int, accept: (String, String) -> Bool) -> [DifferentialCase] {
        var cases: [DifferentialCase] = []
        while cases.count < count {
            let (query, variables, operationName) = makeOne(number: cases.count)
            guard accept(query, variables) else { continue }
            cases.append(
                DifferentialCase(
                    "generated #\(cases.count)", query, variables: variables, operationName: operationName))
        }
        return cases
    }

    private mutating func makeOne(number: Int) -> (String, String, String?) {
        fragments = []
        definitions = []
        values = []
        counter = 0
        let root = selectionSet(of: "Query", depth: 0, fanOut: 1)
        let named = random.chance(30)
        var head = named ? "query G\(number)" : (definitions.isEmpty ? "" : "query")
        if !definitions.isEmpty { head += "(" + definitions.joined(separator: ", ") + ")" }
        let query = ([head + (head.isEmpty ? "" : " ") + root] + fragments).joined(separator: "\n")
        let operationName = named && random.chance(50) ? "G\(number)" : nil
        return (query, "{" + values.joined(separator: ",") + "}", operationName)
    }

    private mutating func nextName(_ prefix: String) -> String {
        counter += 1
        return prefix + String(counter)
    }

    private mutating func selectionSet(of type: String, depth: Int, fanOut: Int) -> String {
        let fields = Self.types[type]!
        let deepEnough = depth >= 5 || fanOut > 60
        let candidates = fields.filter { $0.type == nil || !deepEnough }
        let pool = candidates.isEmpty ? fields.filter { $0.type == nil } : candidates
        var chosen = random.shuffled(pool)
        chosen = Array(chosen.prefix(1 + random.below(min(pool.count, 5))))
        var items: [String] = []
        for field in chosen {
            items.append(render(field, depth: depth, fanOut: fanOut))
            if field.arguments != .none && random.chance(30) {
                items.append(render(field, depth: depth, fanOut: fanOut, forceAlias: true))
            }
        }
        if random.chance(15) { items.insert(random.chance(50) ? "__typename" : "\(nextName("t")): __typename", at: 0) }
        if items.count > 1 && random.chance(25) {
            let start = random.below(items.count)
            let length = 1 + random.below(items.count - start)
            let name = nextName("F")
            fragments.append(
                "fragment \(name) on \(type) { " + items[start..<start + length].joined(separator: " ") + " }")
            items.replaceSubrange(start..<start + length, with: ["...\(name)"])
        } else if items.count > 1 && random.chance(20) {
            let start = random.below(items.count)
            let condition = random.chance(50) ? " on \(type)" : ""
            items[start] = "...\(condition) { \(items[start]) }"
        }
        return "{ " + items.joined(separator: " ") + " }"
    }

    private mutating func render(_ field: Field, depth: Int, fanOut: Int, forceAlias: Bool = false) -> String {
        var text = forceAlias || random.chance(20) ? "\(nextName("k")): \(field.name)" : field.name
        var multiplier = field.fanOut
        switch field.arguments {
        case .none: break
        case .productList:
            let (arguments, first) = productListArguments(nested: fanOut > 1 || depth > 0)
            multiplier = first
            if !arguments.isEmpty { text += "(" + arguments.joined(separator: ", ") + ")" }
        case .product:
            var arguments: [String] = []
            switch random.below(4) {
            case 0: arguments.append(argument("id", type: "ID", value: quoted(random.pick(facts.productIDs))))
            case 1: arguments.append(argument("slug", type: "String", value: quoted("no-such-product")))
            default: arguments.append(argument("slug", type: "String", value: quoted(random.pick(facts.slugs))))
            }
            if random.chance(30) { arguments.append(argument("channel", type: "String", value: quoted(channel()))) }
            text += "(" + arguments.joined(separator: ", ") + ")"
        case .categoryList:
            let first = 1 + random.below(4)
            multiplier = first
            var arguments = [argument("first", type: "Int", value: String(first))]
            if random.chance(25) {
                arguments.append(argument("after", type: "String", value: quoted(facts.categoryCursor)))
            }
            text += "(" + arguments.joined(separator: ", ") + ")"
        case .category:
            text += "(" + argument("slug", type: "String!", value: quoted(random.pick(Self.categorySlugs))) + ")"
        }
        if random.chance(8) { text += " " + random.pick(Self.directives) }
        if let type = field.type {
            text += " " + selectionSet(of: type, depth: depth + 1, fanOut: fanOut * multiplier)
        }
        return text
    }

    private mutating func productListArguments(nested: Bool) -> ([String], Int) {
        let first = nested ? 1 + random.below(3) : 1 + random.below(8)
        var arguments = [argument("first", type: "Int", value: String(first))]
        var sort = "NAME_ASC"
        if random.chance(60) {
            sort = random.pick(DifferentialCorpus.sorts)
            arguments.append(argument("sortBy", type: "ProductSort", value: sort))
        }
        if random.chance(35) { arguments.append(argument("channel", type: "String", value: quoted(channel()))) }
        if random.chance(30) {
            let filter = random.pick(Self.filters)
            arguments.append(argument("filter", type: "ProductFilter", value: filter.literal, json: filter.json))
        }
        if random.chance(15) {
            let cursors = facts.cursors[sort]!
            arguments.append(argument("after", type: "String", value: quoted(cursors[random.below(cursors.count)])))
        }
        return (random.shuffled(arguments), first)
    }

    private mutating func channel() -> String { random.chance(50) ? "web-us" : "web-eu" }

    private func quoted(_ text: String) -> String { "\"" + text + "\"" }

    /// `name: value`, or — sometimes — `name: $vN` with the value in the variables or as the variable's default.
    private mutating func argument(_ name: String, type: String, value: String, json: String? = nil) -> String {
        guard random.chance(30) else { return "\(name): \(value)" }
        let variable = nextName("v")
        let jsonValue = json ?? value
        if !type.hasSuffix("!") && random.chance(30) {
            definitions.append("$\(variable): \(type) = \(value)")
        } else {
            definitions.append("$\(variable): \(type)")
            values.append("\"\(variable)\":" + (type == "ProductSort" ? quoted(jsonValue) : jsonValue))
        }
        return "\(name): $\(variable)"
    }
}

/// SplitMix64 with its own bounded draws, so the corpus is the same on every platform.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<Element>(_ elements: [Element]) -> Element { elements[below(elements.count)] }

    mutating func shuffled<Element>(_ elements: [Element]) -> [Element] {
        var result = elements
        for index in result.indices.dropLast() {
            result.swapAt(index, index + below(result.count - index))
        }
        return result
    }
}
