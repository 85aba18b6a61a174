import GraphQL
import Testing

@testable import EmporiumGraphQL

/// GraphQLSwift has a `GraphQLRequest` of its own.
private typealias GraphQLRequest = EmporiumGraphQL.GraphQLRequest

/// `GraphQLEndpoint.prepare` end to end, without executing anything.
@Suite("GraphQLEndpoint.prepare")
struct GraphQLEndpointPrepareTests {
    private static let productsQuery = "{ products(first: 2) { nodes { id name } } }"
    /// `printf '%s' "$productsQuery" | sha256sum`
    private static let productsHash = "0d131e4c7994767e9fc6ca264f8dc0b781a0408259046d647404e510b889ec80"

    @Test("a valid query is prepared with its operation")
    func preparesValidQuery() throws {
        let endpoint = storefront()
        let prepared = try endpoint.prepare(GraphQLRequest(query: Self.productsQuery), transport: .post)
        #expect(prepared.operation.operation == .query)
        #expect(prepared.document.depth == 3)
        #expect(prepared.request.query == Self.productsQuery)
    }

    @Test(
        "a syntax error is 400 GRAPHQL_PARSE_FAILED",
        arguments: [
            "{ products(first: ) { nodes { id } } }", "query", "{ products { nodes { id } }", "{ p\" \\u)}", "",
        ])
    func parseError(_ query: String) {
        let failure = self.failure(storefront(), query)
        #expect(failure?.status == 400)
        #expect(failure.map(codes) == ["GRAPHQL_PARSE_FAILED"])
    }

    @Test("an unknown field is 400 GRAPHQL_VALIDATION_FAILED naming the field")
    func unknownField() {
        let failure = self.failure(storefront(), "{ products { nodes { id sku } } }")
        #expect(failure?.status == 400)
        #expect(failure.map(codes) == ["GRAPHQL_VALIDATION_FAILED"])
        #expect(failure?.errors.first?.message.contains("\"sku\"") == true)
        let wrongArgument = self.failure(storefront(), "{ products(first: \"ten\") { nodes { id } } }")
        #expect(wrongArgument.map(codes) == ["GRAPHQL_VALIDATION_FAILED"])
    }

    @Test("nesting deeper than maxDepth is DEPTH_LIMIT_EXCEEDED; exactly maxDepth passes")
    func depthLimit() throws {
        func nested(_ parents: Int) -> String {
            #"{ category(slug: "a") { "# + String(repeating: "parent { ", count: parents) + "id"
                + String(repeating: " }", count: parents) + " } }"
        }
        let endpoint = storefront()
        #expect(try endpoint.prepare(GraphQLRequest(query: nested(10)), transport: .post).document.depth == 12)
        let failure = self.failure(endpoint, nested(11))
        #expect(failure?.status == 400)
        #expect(failure.map(codes) == ["DEPTH_LIMIT_EXCEEDED"])
        #expect(failure?.errors.first?.message == "The query nests fields 13 levels deep; the limit is 12.")
        #expect(endpoint.cachedDocumentCount == 1)
    }

    @Test("a cost over the budget is COST_LIMIT_EXCEEDED, from literals and from variables")
    func costLimit() throws {
        let endpoint = storefront()
        // categories: 1 + 100 × (nodes: 1 + products: 1 + 100 × (nodes: 1 + id)) = 20,201
        let literal = "{ categories(first: 100) { nodes { products(first: 100) { nodes { id } } } } }"
        let failure = self.failure(endpoint, literal)
        #expect(failure?.status == 400)
        #expect(failure.map(codes) == ["COST_LIMIT_EXCEEDED"])
        #expect(failure?.errors.first?.message == "The query's estimated cost is 20201; the budget is 10000.")

        let variable = "query P($n: Int) { products(first: $n) { nodes { id name } } }"
        _ = try endpoint.prepare(
            GraphQLRequest(query: variable, variables: ["n": .number(Number(100))]), transport: .post)
        let expensive = self.failure(endpoint, variable, variables: ["n": .number(Number(5_000))])
        #expect(expensive.map(codes) == ["COST_LIMIT_EXCEEDED"])
        // Cost depends on variables, so documents are cached before pricing and priced per request.
        #expect(endpoint.cachedDocumentCount == 2)
    }

    @Test("costs kept per document are per operation, and the same on every request")
    func costPerOperation() throws {
        let endpoint = storefront()
        let document = """
            query Cheap { products(first: 2) { nodes { id } } }
            query Dear { categories(first: 100) { nodes { products(first: 100) { nodes { id } } } } }
            """
        for _ in 0..<3 {
            let cheap = try endpoint.prepare(GraphQLRequest(query: document, operationName: "Cheap"), transport: .post)
            #expect(cheap.operation.name?.value == "Cheap")
            let dear = failure(endpoint, document, operationName: "Dear")
            #expect(dear.map(codes) == ["COST_LIMIT_EXCEEDED"])
            #expect(dear?.errors.first?.message == "The query's estimated cost is 20201; the budget is 10000.")
        }
    }

    @Test("a mutation over GET is 405 on the admin schema; over POST it is prepared")
    func mutationOverGet() throws {
        let endpoint = GraphQLEndpoint(
            schema: AdminSchema.schema, listFields: AdminSchema.listFields, options: GraphQLEndpointOptions())
        let mutation = #"mutation { stockSet(sku: "SKU-1", onHand: 3) { userErrors { code } } }"#
        let failure = self.failure(endpoint, mutation, transport: .get)
        #expect(failure?.status == 405)
        #expect(failure.map(codes) == ["METHOD_NOT_ALLOWED"])
        #expect(
            try endpoint.prepare(GraphQLRequest(query: mutation), transport: .post).operation.operation == .mutation)
        #expect(
            try endpoint.prepare(GraphQLRequest(query: "{ channels { code } }"), transport: .get).operation.operation
                == .query)
    }

    @Test("automatic persisted queries: unknown hash, register, reuse, mismatch")
    func persistedQueries() throws {
        let endpoint = storefront()
        let unknown = self.failure(endpoint, nil, hash: Self.productsHash)
        #expect(unknown?.status == 200)
        #expect(unknown.map(codes) == ["PERSISTED_QUERY_NOT_FOUND"])

        let registered = try endpoint.prepare(
            GraphQLRequest(query: Self.productsQuery, persistedQueryHash: Self.productsHash), transport: .post)
        #expect(registered.request.query == Self.productsQuery)

        let reused = try endpoint.prepare(
            GraphQLRequest(query: nil, persistedQueryHash: Self.productsHash), transport: .get)
        #expect(reused.operation.operation == .query)
        #expect(endpoint.cachedDocumentCount == 1)

        let wrongHash = String(Self.productsHash.reversed())
        let mismatch = self.failure(endpoint, Self.productsQuery, hash: wrongHash)
        #expect(mismatch?.status == 400)
        #expect(mismatch.map(codes) == ["PERSISTED_QUERY_HASH_MISMATCH"])
        // A mismatched pair registers nothing.
        #expect(self.failure(endpoint, nil, hash: wrongHash).map(codes) == ["PERSISTED_QUERY_NOT_FOUND"])
    }

    @Test("with introspection disabled, __schema and __type are refused but __typename is not")
    func introspectionDisabled() throws {
        var options = GraphQLEndpointOptions()
        options.introspection = false
        let closed = storefront(options)
        for query in ["{ __schema { types { name } } }", #"{ __type(name: "Product") { name } }"#] {
            let failure = self.failure(closed, query)
            #expect(failure?.status == 400)
            #expect(failure.map(codes)?.isEmpty == false)
            #expect(failure.map(codes)?.allSatisfy { $0 == "GRAPHQL_VALIDATION_FAILED" } == true)
            #expect(failure?.errors.first?.message.contains("introspection") == true)
        }
        _ = try closed.prepare(GraphQLRequest(query: "{ __typename }"), transport: .post)
        _ = try storefront().prepare(GraphQLRequest(query: "{ __schema { types { name } } }"), transport: .post)
    }

    @Test("the document cache keeps one entry per distinct valid text")
    func documentCache() throws {
        let endpoint = storefront()
        _ = try endpoint.prepare(GraphQLRequest(query: Self.productsQuery), transport: .post)
        _ = try endpoint.prepare(GraphQLRequest(query: Self.productsQuery), transport: .post)
        #expect(endpoint.cachedDocumentCount == 1)
        _ = self.failure(endpoint, "{ products { nodes { nope } } }")
        _ = self.failure(endpoint, "{ products(first: ) }")
        #expect(endpoint.cachedDocumentCount == 1)
        _ = try endpoint.prepare(GraphQLRequest(query: "{ channels { code } }"), transport: .post)
        #expect(endpoint.cachedDocumentCount == 2)
    }

    @Test("several operations need an operationName that names one of them")
    func operationSelection() throws {
        let endpoint = storefront()
        let document = "query A { channels { code } } query B { products { nodes { id } } }"
        let failure = self.failure(endpoint, document)
        #expect(failure?.status == 400)
        #expect(failure.map(codes) == ["BAD_REQUEST"])
        #expect(
            failure?.errors.first?.message
                == "The document contains several operations; name one with \"operationName\".")
        let chosen = try endpoint.prepare(GraphQLRequest(query: document, operationName: "B"), transport: .post)
        #expect(chosen.operation.name?.value == "B")
        let unknown = self.failure(endpoint, document, operationName: "C")
        #expect(unknown?.errors.first?.message == "Unknown operation named \"C\".")
        let fragmentsOnly = self.failure(endpoint, "fragment F on Query { channels { code } }")
        #expect(fragmentsOnly.map(codes) == ["GRAPHQL_VALIDATION_FAILED"])
    }

    /// Found by libFuzzer (`crash-duplicate-*` in FuzzCorpus): GraphQLSwift 4.3.0 hashes operation
    /// and fragment definitions by identity but compares them by structure, so its validator trapped
    /// ("Duplicate keys of type 'OperationDefinition'") on an 11-byte request, killing the process.
    @Test(
        "identical operations or fragments are refused, not a crash",
        arguments: [
            ("{ a } { a }", "This anonymous operation must be the only defined operation."),
            (
                "{ channels { code } } { channels { code } }",
                "This anonymous operation must be the only defined operation."
            ),
            (
                "query A { channels { code } } query A { channels { code } }",
                "There can be only one operation named \"A\"."
            ),
            (
                "{ ...F } fragment F on Query { channels { code } } fragment F on Query { channels { code } }",
                "There can be only one fragment named \"F\"."
            ),
        ] as [(String, String)])
    func duplicateDefinitions(_ query: String, _ message: String) {
        for _ in 0..<20 {
            let failure = failure(storefront(), query)
            #expect(failure?.status == 400)
            #expect(failure.map(codes) == ["GRAPHQL_VALIDATION_FAILED"])
            #expect(failure?.errors.first?.message == message)
        }
    }

    @Test("distinct operations sharing a fragment, or with equal selections, still validate")
    func equalSelectionsInDistinctOperations() throws {
        let endpoint = storefront()
        let document = """
            query A { ...F } query B { ...F } query C { channels { code } } query D { channels { code } }
            fragment F on Query { channels { code } }
            """
        for name in ["A", "B", "C", "D"] {
            let prepared = try endpoint.prepare(GraphQLRequest(query: document, operationName: name), transport: .post)
            #expect(prepared.operation.name?.value == name)
        }
    }

    private func storefront(_ options: GraphQLEndpointOptions = GraphQLEndpointOptions()) -> GraphQLEndpoint {
        GraphQLEndpoint(schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: options)
    }

    private func failure(
        _ endpoint: GraphQLEndpoint, _ query: String?, variables: [String: Map] = [:], operationName: String? = nil,
        hash: String? = nil, transport: GraphQLTransport = .post,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> GraphQLRequestFailure? {
        let request = GraphQLRequest(
            query: query, variables: variables, operationName: operationName, persistedQueryHash: hash)
        do {
            _ = try endpoint.prepare(request, transport: transport)
            Issue.record("prepared \(query ?? hash ?? "")", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    private func codes(_ failure: GraphQLRequestFailure) -> [String] {
        failure.errors.map { $0.extensions["code"]?.string ?? "<none>" }
    }
}
