import EmporiumCore
import EmporiumGraphQL
import EmporiumPostgres
import EmporiumTesting
import Foundation
import GraphQL
import Logging
import OrderedCollections
import Testing

/// Runs every corpus case through two endpoints that differ only in their executor — GraphQLSwift's (the
/// oracle) and ``executorUnderTest()`` — over the same data, and requires the same status and the same
/// body bytes. See ``ResponseComparison`` for the one tolerated difference.
@Suite("Differential: compiled executor vs GraphQLSwift")
struct DifferentialTests {
    @Test("hand-written storefront queries")
    func storefront() async throws {
        let catalog = try await SharedCatalog.shared.prepared()
        let cases = DifferentialCorpus.storefront(catalog.facts)
        #expect(cases.count >= 120)
        try await withStore(url: catalog.url) { store in
            let runner = DifferentialRunner(candidate: executorUnderTest())
            for testCase in cases { try await runner.check(testCase, oracleStore: store, candidateStore: store) }
        }
    }

    @Test("generated storefront queries")
    func generated() async throws {
        let catalog = try await SharedCatalog.shared.prepared()
        let cases = DifferentialRunner.generatedCases(facts: catalog.facts)
        #expect(cases.count >= 100)
        try await withStore(url: catalog.url) { store in
            let runner = DifferentialRunner(candidate: executorUnderTest())
            for testCase in cases { try await runner.check(testCase, oracleStore: store, candidateStore: store) }
        }
    }

    @Test("admin queries")
    func adminQueries() async throws {
        let catalog = try await SharedCatalog.shared.prepared()
        try await withStore(url: catalog.url) { store in
            let runner = DifferentialRunner(candidate: executorUnderTest())
            for testCase in DifferentialCorpus.adminQueries() {
                try await runner.check(testCase, oracleStore: store, candidateStore: store)
            }
        }
    }

    @Test("admin mutations and read-backs, in order, on one fresh database per executor")
    func mutations() async throws {
        let oracleURL = try await TestCluster.shared.makeDatabase(seedProducts: 5)
        let candidateURL = try await TestCluster.shared.makeDatabase(seedProducts: 5)
        try await withStore(url: oracleURL) { oracleStore in
            try await withStore(url: candidateURL) { candidateStore in
                let runner = DifferentialRunner(candidate: executorUnderTest())
                for testCase in DifferentialCorpus.mutations() {
                    try await runner.check(testCase, oracleStore: oracleStore, candidateStore: candidateStore)
                }
            }
        }
    }

    @Test("pages whose products are not in their details' order are written from lookups by id")
    func reorderedPages() async throws {
        let catalog = try await SharedCatalog.shared.prepared()
        let cases = DifferentialCorpus.listings() + DifferentialCorpus.categories(catalog.facts)
        try await withStore(url: catalog.url) { store in
            // The store lists each page backwards but keeps its details in the page's own order, as
            // a store (or a wrapper of one) may: the compiled executor must not pair them by position.
            let reversed = ReversedPagesStore(source: store)
            let runner = DifferentialRunner(candidate: executorUnderTest())
            let probe = DifferentialCase("probe", "{ products(first: 4) { nodes { slug variants { sku } } } }")
            let (straight, _) = try await runner.responses(probe, oracleStore: store, candidateStore: store)
            let (backwards, _) = try await runner.responses(probe, oracleStore: reversed, candidateStore: reversed)
            #expect(straight.body != backwards.body, "the wrapper must change the pages")
            for testCase in cases {
                try await runner.check(testCase, oracleStore: reversed, candidateStore: reversed)
            }
        }
    }

    @Test("the generator is deterministic by seed")
    func generatorIsDeterministic() async throws {
        let facts = try await SharedCatalog.shared.prepared().facts
        let first = DifferentialRunner.generatedCases(facts: facts).map(\.query)
        let second = DifferentialRunner.generatedCases(facts: facts).map(\.query)
        #expect(first == second)
        #expect(Set(first).count == first.count)
    }

    @Test("the harness notices a wrong executor", arguments: MutilatingExecutor.Mutilation.allCases)
    func noticesWrongExecutor(mutilation: MutilatingExecutor.Mutilation) async throws {
        let catalog = try await SharedCatalog.shared.prepared()
        try await withStore(url: catalog.url) { store in
            let runner = DifferentialRunner(candidate: MutilatingExecutor(mutilation: mutilation))
            let testCase = DifferentialCase(
                "self-test", "{ products(first: 3) { totalCount nodes { slug name createdAt } } }")
            let (oracle, candidate) = try await runner.responses(testCase, oracleStore: store, candidateStore: store)
            #expect(ResponseComparison.difference(oracle: oracle, candidate: candidate) != nil)
        }
    }

    @Test("the comparison is byte-exact except for the order of errors")
    func comparisonIsByteExact() {
        func differ(_ left: String, _ right: String, status: Int = 200) -> Bool {
            ResponseComparison.difference(
                oracle: .init(status: 200, body: Data(left.utf8)),
                candidate: .init(status: status, body: Data(right.utf8)))
                != nil
        }
        #expect(!differ(#"{"data":{"a":1}}"#, #"{"data":{"a":1}}"#))
        #expect(differ(#"{"data":{"a":1}}"#, #"{"data":{"a":1}}"#, status: 400))
        #expect(differ(#"{"data":{"u":"\/a"}}"#, #"{"data":{"u":"/a"}}"#))
        #expect(differ(#"{"data":{"a":1,"b":2}}"#, #"{"data":{"b":2,"a":1}}"#))
        #expect(differ(#"{"data":{"a":1}}"#, #"{"data":{"a":1.0}}"#))
        let first = #"{"message":"A","locations":[{"line":1,"column":3}],"path":["a"]}"#
        let second = #"{"message":"B","locations":[{"line":1,"column":9}],"path":["b"]}"#
        #expect(
            !differ(
                #"{"data":{"a":null,"b":null},"errors":[\#(first),\#(second)]}"#,
                #"{"data":{"a":null,"b":null},"errors":[\#(second),\#(first)]}"#))
        #expect(
            differ(#"{"data":null,"errors":[\#(first),\#(first)]}"#, #"{"data":null,"errors":[\#(first),\#(second)]}"#))
        let racy = { (index: Int) in
            #"{"errors":[{"message":"M","locations":[{"line":1,"column":39}],"path":["c","nodes",\#(index),"p"]}]}"#
        }
        #expect(differ(racy(0), racy(1)))
        #expect(
            ResponseComparison.difference(
                oracle: .init(status: 200, body: Data(racy(0).utf8)),
                candidate: .init(status: 200, body: Data(racy(1).utf8)),
                racyErrorPaths: true) == nil)
        #expect(
            differ(
                #"{"data":{"a":null,"b":1},"errors":[\#(first)]}"#, #"{"data":{"b":1,"a":null},"errors":[\#(first)]}"#))
    }
}

/// A status and body as the endpoint produced them.
struct DifferentialResponse: Sendable {
    let status: Int
    let body: Data
}

/// The two endpoints per schema and the checks of one case.
struct DifferentialRunner: Sendable {
    let oracleStorefront: GraphQLEndpoint
    let candidateStorefront: GraphQLEndpoint
    let oracleAdmin: GraphQLEndpoint
    let candidateAdmin: GraphQLEndpoint
    static let options = GraphQLEndpointOptions()
    static let maxPageSize = 100

    init(candidate: any OperationExecutor) {
        let options = Self.options
        oracleStorefront = GraphQLEndpoint(
            schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: options,
            executor: GraphQLSwiftExecutor())
        candidateStorefront = GraphQLEndpoint(
            schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: options,
            executor: candidate)
        oracleAdmin = GraphQLEndpoint(
            schema: AdminSchema.schema, listFields: AdminSchema.listFields, options: options,
            executor: GraphQLSwiftExecutor())
        candidateAdmin = GraphQLEndpoint(
            schema: AdminSchema.schema, listFields: AdminSchema.listFields, options: options, executor: candidate)
    }

    /// The generated corpus: 120 queries from a fixed seed, each within the endpoint's depth and cost limits.
    static func generatedCases(facts: CorpusFacts) -> [DifferentialCase] {
        let limits = GraphQLEndpoint(
            schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: options)
        var generator = GeneratedQueries(seed: 0x5EED_0003, facts: facts)
        return generator.make(count: 120) { query, variables in
            let probe = DifferentialCase("probe", query, variables: variables)
            guard let request = try? EmporiumGraphQL.GraphQLRequest.decode(json: probe.body) else { return false }
            return (try? limits.prepare(request, transport: .post)) != nil
        }
    }

    /// Both responses to a case: the oracle's over `oracleStore`, the candidate's over `candidateStore`.
    func responses(
        _ testCase: DifferentialCase, oracleStore: any CatalogStore, candidateStore: any CatalogStore
    ) async throws -> (oracle: DifferentialResponse, candidate: DifferentialResponse) {
        let request = try EmporiumGraphQL.GraphQLRequest.decode(json: testCase.body)
        let oracle = try await handle(request, admin: testCase.admin, candidate: false, store: oracleStore)
        let candidate = try await handle(request, admin: testCase.admin, candidate: true, store: candidateStore)
        return (oracle, candidate)
    }

    /// Runs a case and records an issue when the oracle misses the case's expectation or the executors differ.
    func check(
        _ testCase: DifferentialCase, oracleStore: any CatalogStore, candidateStore: any CatalogStore
    ) async throws {
        let (oracle, candidate) = try await responses(
            testCase, oracleStore: oracleStore, candidateStore: candidateStore)
        if !Self.satisfies(oracle, testCase.expectation) {
            Issue.record(
                Comment(
                    rawValue: """
                        Case "\(testCase.name)": GraphQLSwift answered \(oracle.status), expected \(testCase.expectation).
                        \(Self.describe(testCase))
                        oracle: \(Self.excerpt(oracle.body))
                        """))
        }
        if let difference = ResponseComparison.difference(
            oracle: oracle, candidate: candidate, racyErrorPaths: testCase.racyErrorPaths)
        {
            Issue.record(
                Comment(
                    rawValue: """
                        Case "\(testCase.name)": \(difference).
                        \(Self.describe(testCase))
                        oracle (\(oracle.status)): \(Self.excerpt(oracle.body))
                        candidate (\(candidate.status)): \(Self.excerpt(candidate.body))
                        """))
        }
    }

    private func handle(
        _ request: EmporiumGraphQL.GraphQLRequest, admin: Bool, candidate: Bool, store: any CatalogStore
    )
        async
        throws -> DifferentialResponse
    {
        let endpoint =
            admin ? (candidate ? candidateAdmin : oracleAdmin) : (candidate ? candidateStorefront : oracleStorefront)
        let context: any Sendable
        if admin {
            let catalog = try #require(store as? any CatalogAdministration, "admin cases need a store that administers")
            context = AdminContext(catalog: catalog, store: store)
        } else {
            context = StorefrontContext(store: store, defaultChannel: nil, maxPageSize: Self.maxPageSize)
        }
        let response = await endpoint.handle(request, transport: .post, context: context, logger: differentialLogger)
        return DifferentialResponse(status: response.status, body: response.body)
    }

    static func satisfies(_ response: DifferentialResponse, _ expectation: DifferentialCase.Expectation) -> Bool {
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        let hasErrors = json["errors"] != nil
        switch expectation {
        case .data: return response.status == 200 && !hasErrors && json["data"] is [String: Any]
        case .partial: return response.status == 200 && hasErrors && json["data"] is [String: Any]
        case .nullData: return response.status == 200 && hasErrors && (json["data"] == nil || json["data"] is NSNull)
        case .rejected: return response.status == 400
        }
    }

    static func describe(_ testCase: DifferentialCase) -> String {
        "query: \(testCase.query)\nvariables: \(testCase.variables)"
            + (testCase.operationName.map { "\noperationName: \($0)" } ?? "")
    }

    static func excerpt(_ body: Data) -> String {
        let limit = 2048
        let text = String(decoding: body.prefix(limit), as: UTF8.self)
        return body.count > limit ? text + "… (\(body.count) bytes in all)" : text
    }
}

/// Decides whether two responses are the same.
///
/// Byte equality is required, with one exception: when a response has several errors, their order in
/// `errors` may differ. GraphQLSwift resolves sibling fields and list items concurrently (a task group
/// per selection set) and appends each error as it happens, so its own order varies from run to run;
/// demanding one order would make the suite flaky against the oracle itself. Every other member
/// (`data` in particular) must match byte for byte, and the errors must match as a multiset of exact bytes.
enum ResponseComparison {
    /// `nil` when the responses are the same, else what differs. With `racyErrorPaths`, list indices in
    /// error paths are ignored too (see ``DifferentialCase/racyErrorPaths``).
    static func difference(oracle: DifferentialResponse, candidate: DifferentialResponse, racyErrorPaths: Bool = false)
        -> String?
    {
        if oracle.status != candidate.status { return "status \(oracle.status) ≠ \(candidate.status)" }
        if oracle.body == candidate.body
            || equalUpToErrorOrder(Array(oracle.body), Array(candidate.body), maskingListIndices: racyErrorPaths)
        {
            return nil
        }
        let offset = zip(oracle.body, candidate.body).prefix { $0 == $1 }.count
        return "the bodies differ from byte \(offset)"
    }

    static func equalUpToErrorOrder(_ left: [UInt8], _ right: [UInt8], maskingListIndices: Bool) -> Bool {
        guard let leftMembers = members(left[...]), let rightMembers = members(right[...]),
            leftMembers.count == rightMembers.count
        else { return false }
        let errorsKey = Array(#""errors":"#.utf8)
        for (leftMember, rightMember) in zip(leftMembers, rightMembers) where !leftMember.elementsEqual(rightMember) {
            guard leftMember.starts(with: errorsKey), rightMember.starts(with: errorsKey),
                let leftErrors = members(leftMember.dropFirst(errorsKey.count)),
                let rightErrors = members(rightMember.dropFirst(errorsKey.count))
            else { return false }
            let sort = { (errors: [ArraySlice<UInt8>]) in
                errors.map { maskingListIndices ? masked(Array($0)) : Array($0) }
                    .sorted { $0.lexicographicallyPrecedes($1) }
            }
            guard sort(leftErrors) == sort(rightErrors) else { return false }
        }
        return true
    }

    /// An error with the list indices of its `path` replaced by `#`.
    static func masked(_ error: [UInt8]) -> [UInt8] {
        var text = String(decoding: error, as: UTF8.self)
        guard let range = text.range(of: #""path":\[[^\]]*\]"#, options: .regularExpression) else { return error }
        let path = text[range].replacingOccurrences(
            of: #"(?<=[\[,])[0-9]+(?=[,\]])"#, with: "#", options: .regularExpression)
        text.replaceSubrange(range, with: path)
        return Array(text.utf8)
    }

    /// The exact bytes of each member of a JSON object or element of an array (no whitespace expected).
    static func members(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
        guard let open = bytes.first, open == UInt8(ascii: "{") || open == UInt8(ascii: "[") else { return nil }
        var result: [ArraySlice<UInt8>] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start = bytes.startIndex + 1
        for index in bytes.indices {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    if index > start { result.append(bytes[start..<index]) }
                    return index == bytes.index(before: bytes.endIndex) ? result : nil
                }
            case UInt8(ascii: ",") where depth == 1:
                result.append(bytes[start..<index])
                start = index + 1
            default: break
            }
        }
        return nil
    }
}

/// GraphQLSwift's executor with one deliberate fault, to prove that the harness notices faults.
struct MutilatingExecutor: OperationExecutor {
    enum Mutilation: String, CaseIterable, Sendable {
        case dropField, changeValue, reorderKeys, extraError
    }

    let mutilation: Mutilation

    func execute(_ request: GraphQLEndpoint.PreparedRequest, schema: GraphQLSchema, context: any Sendable)
        async throws -> ExecutionOutcome
    {
        guard
            case .result(var result) = try await GraphQLSwiftExecutor().execute(
                request, schema: schema, context: context)
        else { preconditionFailure("GraphQLSwift's executor returns results, not bytes") }
        if mutilation == .extraError {
            result.errors.append(GraphQLError(message: "An error the oracle did not raise."))
            return .result(result)
        }
        var done = false
        result.data = result.data.map { mutilate($0, done: &done) }
        return .result(result)
    }

    private func mutilate(_ map: Map, done: inout Bool) -> Map {
        guard !done else { return map }
        switch map {
        case .dictionary(var fields):
            if fields.count >= 2 && mutilation == .dropField {
                fields.removeLast()
                done = true
                return .dictionary(fields)
            }
            if fields.count >= 2 && mutilation == .reorderKeys {
                done = true
                return .dictionary(
                    OrderedDictionary(uniqueKeysWithValues: fields.reversed().map { ($0.key, $0.value) }))
            }
            for key in fields.keys { fields[key] = mutilate(fields[key]!, done: &done) }
            return .dictionary(fields)
        case .array(let elements):
            return .array(elements.map { mutilate($0, done: &done) })
        case .string(let text) where mutilation == .changeValue:
            done = true
            return .string(text + "!")
        default:
            return map
        }
    }
}

/// The database all read-only cases share, seeded once per test process, and the facts learned from it.
actor SharedCatalog {
    static let shared = SharedCatalog()

    struct Prepared: Sendable {
        let url: String
        let facts: CorpusFacts
    }

    private var preparation: Task<Prepared, any Error>?

    func prepared() async throws -> Prepared {
        if let preparation { return try await preparation.value }
        // A task, not a direct call, so that tests arriving while the database is being seeded wait for it.
        let preparation = Task { try await Self.prepare() }
        self.preparation = preparation
        return try await preparation.value
    }

    private static func prepare() async throws -> Prepared {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 30)
        let facts = try await withStore(url: url) { store in try await learnFacts(store) }
        return Prepared(url: url, facts: facts)
    }

    /// Real slugs, ids, SKUs and cursors, read through the oracle.
    private static func learnFacts(_ store: PostgresCatalogStore) async throws -> CorpusFacts {
        let endpoint = GraphQLEndpoint(
            schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: .init())
        func data(_ query: String) async throws -> [String: Any] {
            let context = StorefrontContext(store: store, defaultChannel: nil, maxPageSize: 100)
            let response = await endpoint.handle(
                EmporiumGraphQL.GraphQLRequest(query: query), transport: .post, context: context,
                logger: differentialLogger)
            let json = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            return try #require(json?["data"] as? [String: Any], "\(String(decoding: response.body, as: UTF8.self))")
        }
        var facts = CorpusFacts(slugs: [], productIDs: [], skus: [], cursors: [:], categoryCursor: "", categoryID: "")
        for sort in DifferentialCorpus.sorts {
            let listing = try await data(
                "{ products(first: 100, sortBy: \(sort)) { edges { cursor node { id slug variants { sku } } } } }")
            let edges = try #require((listing["products"] as? [String: Any])?["edges"] as? [[String: Any]])
            facts.cursors[sort] = edges.compactMap { $0["cursor"] as? String }
            guard sort == "NAME_ASC" else { continue }
            let nodes = edges.compactMap { $0["node"] as? [String: Any] }
            facts.slugs = nodes.compactMap { $0["slug"] as? String }
            facts.productIDs = nodes.compactMap { $0["id"] as? String }
            facts.skus = nodes.flatMap {
                ($0["variants"] as? [[String: Any]] ?? []).compactMap { $0["sku"] as? String }
            }
        }
        let categories = try await data(
            #"{ categories(first: 2) { pageInfo { endCursor } } category(slug: "apparel") { id } }"#)
        facts.categoryCursor = try #require(
            ((categories["categories"] as? [String: Any])?["pageInfo"] as? [String: Any])?["endCursor"] as? String)
        facts.categoryID = try #require((categories["category"] as? [String: Any])?["id"] as? String)
        try #require(facts.slugs.count == 30 && facts.cursors.values.allSatisfy { $0.count == 30 })
        return facts
    }
}

let differentialLogger: Logger = {
    var logger = Logger(label: "emporium.tests.differential")
    logger.logLevel = ProcessInfo.processInfo.environment["EMPORIUM_TEST_LOG"] == nil ? .critical : .debug
    return logger
}()

/// Runs `body` with a catalog store over `url`, the connection pool running meanwhile.
func withStore<Result: Sendable>(url: String, _ body: (PostgresCatalogStore) async throws -> Result) async throws
    -> Result
{
    let database = Database(
        url: try DatabaseURL(url), options: .init(poolSize: 4, queryTimeout: .seconds(60)), logger: differentialLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await database.client.run() }
        defer { group.cancelAll() }
        return try await body(PostgresCatalogStore(database: database))
    }
}

/// Forwards to a store, but lists every page's products (and their positions) in reverse order,
/// leaving the page's ``ListingDetails`` in the order the source read them.
struct ReversedPagesStore: CatalogStore {
    let source: PostgresCatalogStore

    func channels() async throws -> [Channel] { try await source.channels() }
    func products(_ request: ProductListingRequest) async throws -> ProductPage {
        Self.reversed(try await source.products(request))
    }
    func products(_ request: ProductListingRequest, channelCode: String?) async throws -> ChannelPage? {
        guard var page = try await source.products(request, channelCode: channelCode) else { return nil }
        page.page = Self.reversed(page.page)
        return page
    }
    func countProducts(channel: String, filter: ProductFilter) async throws -> Int {
        try await source.countProducts(channel: channel, filter: filter)
    }
    func product(slug: String) async throws -> Product? { try await source.product(slug: slug) }
    func product(id: Int64) async throws -> Product? { try await source.product(id: id) }
    func variants(productIDs: [Int64]) async throws -> [Int64: [ProductVariant]] {
        try await source.variants(productIDs: productIDs)
    }
    func media(productIDs: [Int64]) async throws -> [Int64: [Media]] { try await source.media(productIDs: productIDs) }
    func prices(variantIDs: [Int64], channel: String) async throws -> [Int64: VariantPrice] {
        try await source.prices(variantIDs: variantIDs, channel: channel)
    }
    func availableStock(variantIDs: [Int64]) async throws -> [Int64: Int] {
        try await source.availableStock(variantIDs: variantIDs)
    }
    func categories() async throws -> [EmporiumCore.Category] { try await source.categories() }
    func catalogVersion() async throws -> Int64 { try await source.catalogVersion() }

    static func reversed(_ page: ProductPage) -> ProductPage {
        var page = page
        page.products.reverse()
        page.positions.reverse()
        return page
    }
}
