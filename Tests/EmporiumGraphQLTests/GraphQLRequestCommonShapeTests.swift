import Foundation
import Testing

@testable import EmporiumCore
@testable import EmporiumGraphQL

/// The common-shape reader must return exactly what the Foundation decoder returns, or stand aside.
@Suite("GraphQLRequest: the common body shape read without Foundation")
struct GraphQLRequestCommonShapeTests {
    static func fast(_ body: [UInt8]) -> GraphQLRequest? {
        body.withUnsafeBytes { GraphQLRequest.decodeCommonShape($0) }
    }

    static func expectSameAsFoundation(_ body: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let fast = fast(body) else { return }
        let general = try? GraphQLRequest.decodeWithFoundation(json: body)
        #expect(general != nil, "fast path accepted what Foundation refuses", sourceLocation: sourceLocation)
        #expect(fast.query == general?.query, sourceLocation: sourceLocation)
        #expect(fast.operationName == general?.operationName, sourceLocation: sourceLocation)
        #expect(fast.variables.isEmpty && general?.variables.isEmpty == true, sourceLocation: sourceLocation)
        #expect(fast.persistedQueryHash == nil && general?.persistedQueryHash == nil, sourceLocation: sourceLocation)
    }

    @Test(
        "the common shapes are read, as Foundation reads them",
        arguments: [
            #"{"query":"{ products(first: 20) { edges { node { name } } } }"}"#,
            #" { "query" : "{ a }" , "operationName" : "Listing" , "variables" : null } "#,
            #"{"operationName":null,"query":"query Q { a }","variables":{}}"#,
            #"{"query":"{ a }","operationName":""}"#,
            #"{"query":""}"#,
            "{\"query\":\"line\\nbreak \\\"quoted\\\" back\\\\slash \\/ tab\\t \\u00e9 \\u20AC \\u0000\"}",
            "{\"query\":\"é∑ literal UTF-8 😀\"}",
            "{\"qu\\u0065ry\":\"{ a }\"}",
            "\n\t{\r\n\"query\"\n:\n\"{ a }\"\n}\n",
        ])
    func commonShapes(_ body: String) throws {
        let bytes = Array(body.utf8)
        let fast = try #require(Self.fast(bytes))
        let general = try GraphQLRequest.decodeWithFoundation(json: bytes)
        #expect(fast.query == general.query)
        #expect(fast.operationName == general.operationName)
        #expect(fast.variables.isEmpty)
    }

    @Test(
        "everything else is left to Foundation",
        arguments: [
            "", "{", "}", "[]", "null", #""{ a }""#, "{}", #"{"query": null}"#, #"{"query": 3}"#,
            #"{"query": "{ a }", "variables": {"n": 1}}"#, #"{"query": "{ a }", "variables": []}"#,
            #"{"query": "{ a }", "extensions": {}}"#, #"{"query": "{ a }", "query": "{ b }"}"#,
            #"{"query": "{ a }", "operationName": 7}"#, #"{"query": "{ a }"} trailing"#, #"{"query": "{ a }",}"#,
            #"{"query": "\ud83d\ude00"}"#, #"{"query": "\x"}"#, #"{"query": "\u12"}"#, "{\"query\": \"tab\there\"}",
            #"{"query" "{ a }"}"#, #"{"query": "{ a }" "operationName": null}"#, #"{"variables": null}"#,
            "\u{FEFF}{\"query\": \"{ a }\"}",
        ])
    func leftToFoundation(_ body: String) {
        #expect(Self.fast(Array(body.utf8)) == nil)
    }

    @Test("invalid UTF-8 inside a string is left to Foundation (which refuses it)")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"query": "{ a(b: ""#.utf8) + [0xFF, 0xFE] + Array(#"") }"}"#.utf8)
        #expect(Self.fast(bytes) == nil)
        #expect(throws: APIError(.badRequest, "The request body is not valid JSON.")) {
            try GraphQLRequest.decode(json: bytes)
        }
    }

    @Test("random strings and random cuts: the fast path agrees with Foundation or stands aside")
    func randomBodies() {
        // Seeded, so that a failure can be reproduced.
        var generator = DemoRandom(seed: 0x5EED_CAFE, stream: 1)
        let alphabet: [String] = [
            "a", "{", "}", " ", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud800", "é", "😀", "\\/", "\t",
        ]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }.joined()
            let name = Bool.random(using: &generator) ? #","operationName":"\#(text)""# : ""
            let body = Array(#"{"query":"\#(text)"\#(name)}"#.utf8)
            Self.expectSameAsFoundation(body)
            Self.expectSameAsFoundation(Array(body.prefix(Int.random(in: 0...body.count, using: &generator))))
        }
    }
}

/// The demo catalog's SplitMix64, as a generator for these draws.
extension DemoRandom: RandomNumberGenerator {}
