import GraphQL
import Testing

@testable import EmporiumGraphQL

@Suite("OperationAnalysis")
struct OperationAnalysisTests {
    private static let listFields: [String: OperationAnalysis.ListField] = [
        "products": .init(sizeArgument: "first", defaultSize: 20),
        "variants": .init(sizeArgument: nil, defaultSize: 6),
    ]

    @Test("depth counts nested fields, through fragments and inline fragments")
    func depthThroughFragments() throws {
        #expect(try depth("{ shop }") == 1)
        #expect(try depth("{ products { nodes { id } } }") == 3)
        #expect(try depth("{ a b { c } d { e { f } } }") == 3)
        let fragments = """
            { products { ...Connection } }
            fragment Connection on ProductConnection { nodes { ... on Product { variants { ...Variant } } } }
            fragment Variant on ProductVariant { price { amount } }
            """
        #expect(try depth(fragments) == 5)
        // Fragments and inline fragments add no level of their own.
        #expect(try depth("{ ... { ... on Query { a { ... { b } } } } }") == 2)
        #expect(try depth("{ ...F ...F a { ...F } } fragment F on Query { x { y } }") == 3)
    }

    @Test("depth is the maximum over every operation of the document")
    func depthOverOperations() throws {
        #expect(try depth("query A { a } query B { a { b { c { d } } } } query C { a { b } }") == 4)
    }

    @Test("introspection fields add no depth or cost, __typename counts for depth only")
    func introspectionNotCounted() throws {
        let introspection = "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }"
        #expect(try depth(introspection) == 0)
        #expect(try cost(introspection) == 0)
        #expect(try depth(#"{ __type(name: "Product") { fields { name } } products { nodes { id } } }"#) == 3)
        #expect(try cost(#"{ __type(name: "Product") { fields { name } } }"#) == 0)
        #expect(try depth("{ __typename }") == 1)
        #expect(try cost("{ __typename a }") == 1)
    }

    @Test("every field costs 1 and a list field multiplies what it selects")
    func costOfPlainFieldsAndLists() throws {
        #expect(try cost("{ a b c }") == 3)
        #expect(try cost("{ a { b c } }") == 3)
        // products: 1 + 20 × (nodes: 1 + id + name)
        #expect(try cost("{ products { nodes { id name } } }") == 61)
        // variants has no size argument: 6 per product
        #expect(try cost("{ products(first: 10) { nodes { variants { id } } } }") == 81)
    }

    @Test("cost multiplies by a first literal", arguments: [(0, 1), (1, 4), (5, 16), (50, 151), (-5, 1)])
    func costWithFirstLiteral(_ first: Int, _ expected: Int) throws {
        #expect(try cost("{ products(first: \(first)) { nodes { id name } } }") == expected)
    }

    @Test("cost multiplies by the value of a first variable, or the default when it is absent or not an Int")
    func costWithFirstVariable() throws {
        let query = "query P($n: Int) { products(first: $n) { nodes { id name } } }"
        #expect(try cost(query, variables: ["n": .number(Number(5))]) == 16)
        #expect(try cost(query, variables: ["n": .number(Number(1_000))]) == 3_001)
        #expect(try cost(query) == 61)
        #expect(try cost(query, variables: ["n": .string("1000")]) == 61)
        #expect(try cost(query, variables: ["n": .null]) == 61)
    }

    @Test("an out-of-range first literal falls back to the default size")
    func costWithHugeLiteral() throws {
        #expect(try cost("{ products(first: 99999999999999999999999) { nodes { id name } } }") == 61)
    }

    @Test("fragments are measured once: 30 fragments each spreading the next twice")
    func fragmentFanOut() throws {
        let fragments = (0..<30).map { index in
            index == 29
                ? "fragment F29 on Query { products(first: 100) { nodes { id } } }"
                : "fragment F\(index) on Query { ...F\(index + 1) ...F\(index + 1) }"
        }
        let document = try parse(source: Source(body: "{ ...F0 }\n" + fragments.joined(separator: "\n")))
        var measured = 0
        var deepest = 0
        let elapsed = ContinuousClock().measure {
            var analysis = OperationAnalysis(document: document, listFields: Self.listFields)
            measured = analysis.cost(of: try! operation(of: document))
            deepest = OperationAnalysis.maxDepth(of: document)
        }
        // F29 costs 1 + 100 × 2 = 201, and each fragment above it doubles that: 2^29 × 201.
        #expect(measured == (1 << 29) * 201)
        #expect(deepest == 3)
        #expect(elapsed < .milliseconds(100))
    }

    @Test("costs that would overflow saturate at Int.max")
    func costSaturates() throws {
        let fragments = (0..<80).map { index in
            index == 79
                ? "fragment F79 on Query { a }" : "fragment F\(index) on Query { ...F\(index + 1) ...F\(index + 1) }"
        }
        #expect(try cost("{ ...F0 }\n" + fragments.joined(separator: "\n")) == Int.max)
        let nested =
            "{ " + String(repeating: "products(first: 2147483647) { nodes { ", count: 4) + "id"
            + String(repeating: " } }", count: 4) + " }"
        #expect(try cost(nested) == Int.max)
    }

    @Test("a fragment cycle, which validation rejects, does not hang the analysis")
    func fragmentCycle() throws {
        let cyclic = "{ ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }"
        #expect(try cost(cyclic) == 2)
        #expect(try depth(cyclic) == 1)
    }

    private func depth(_ query: String) throws -> Int {
        OperationAnalysis.maxDepth(of: try parse(source: Source(body: query)))
    }

    private func cost(_ query: String, variables: [String: Map] = [:]) throws -> Int {
        let document = try parse(source: Source(body: query))
        var analysis = OperationAnalysis(document: document, listFields: Self.listFields, variables: variables)
        return analysis.cost(of: try operation(of: document))
    }
}

private struct NoOperation: Error {}

private func operation(of document: Document) throws -> OperationDefinition {
    guard let operation = document.definitions.lazy.compactMap({ $0 as? OperationDefinition }).first else {
        throw NoOperation()
    }
    return operation
}

@Suite("OperationAnalysis variable defaults")
struct OperationAnalysisDefaultsTests {
    @Test("a variable's default value sizes the page when the request does not set it")
    func defaultValueCounts() throws {
        let document = try parse(source: Source(body: "query($n: Int = 100) { products(first: $n) { totalCount } }"))
        let operation = try #require(document.definitions.first as? OperationDefinition)
        var analysis = OperationAnalysis(document: document, listFields: StorefrontSchema.listFields)
        #expect(analysis.cost(of: operation) == 1 + 100 * 1)
        var withValue = OperationAnalysis(
            document: document, listFields: StorefrontSchema.listFields, variables: ["n": .number(3)])
        #expect(withValue.cost(of: operation) == 1 + 3 * 1)
    }
}
