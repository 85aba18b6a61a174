import Foundation
import GraphQL
import Testing

@testable import EmporiumGraphQL

/// GraphQLSwift has a `GraphQLRequest` of its own.
private typealias GraphQLRequest = EmporiumGraphQL.GraphQLRequest

@Suite("GraphQLRequest decoding")
struct GraphQLRequestTests {
    private static let hash = String(repeating: "0123456789abcdef", count: 4)

    @Test("decodes a body with query, operationName and no variables")
    func decodesMinimalBody() throws {
        let request = try decode(#"{"query": "query P { products { nodes { id } } }", "operationName": "P"}"#)
        #expect(request.query == "query P { products { nodes { id } } }")
        #expect(request.operationName == "P")
        #expect(request.variables.isEmpty)
        #expect(request.persistedQueryHash == nil)
    }

    @Test("null fields and an empty operationName count as absent")
    func nullsAreAbsent() throws {
        let request = try decode(
            #"{"query": "{ a }", "variables": null, "operationName": "", "extensions": null}"#)
        #expect(request.operationName == nil)
        #expect(request.variables.isEmpty)
        let unnamed = try decode(#"{"query": "{ a }", "operationName": null}"#)
        #expect(unnamed.operationName == nil)
    }

    @Test("maps variables of every JSON type, keeping booleans apart from numbers")
    func decodesEveryVariableType() throws {
        let request = try decode(
            #"""
            {"query": "{ a }", "variables": {
              "yes": true, "no": false, "one": 1, "zero": 0, "negative": -7, "big": 9007199254740991,
              "fraction": 2.5, "exponent": 1e3, "huge": 1e300, "text": "café", "empty": "", "nothing": null,
              "list": [1, "two", false, null, [3]], "object": {"b": 2, "a": {"c": true}}
            }}
            """#)
        let variables = request.variables
        #expect(variables["yes"] == .bool(true))
        #expect(variables["no"] == .bool(false))
        #expect(variables["one"] == .number(Number(1)))
        #expect(variables["one"]?.int == 1)
        #expect(variables["zero"] == .number(Number(0)))
        #expect(variables["zero"] != .bool(false))
        #expect(variables["one"] != .bool(true))
        #expect(variables["negative"]?.int == -7)
        #expect(variables["big"]?.int == 9_007_199_254_740_991)
        #expect(variables["fraction"]?.double == 2.5)
        #expect(variables["exponent"]?.int == 1_000)
        #expect(variables["huge"]?.double == 1e300)
        #expect(variables["text"] == .string("café"))
        #expect(variables["empty"] == .string(""))
        #expect(variables["nothing"] == .null)
        #expect(
            variables["list"]
                == .array([.number(Number(1)), .string("two"), .bool(false), .null, .array([.number(Number(3))])]))
        guard case .dictionary(let object)? = variables["object"] else {
            Issue.record("object variable is \(String(describing: variables["object"]))")
            return
        }
        #expect(Array(object.keys) == ["a", "b"])
        #expect(object["b"] == .number(Number(2)))
        #expect(object["a"] == .dictionary(["c": .bool(true)]))
    }

    @Test("accepts a well-formed persisted-query hash, with or without the query")
    func decodesPersistedQueryHash() throws {
        let withQuery = try decode(
            #"{"query": "{ a }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "\#(Self.hash)"}}}"#)
        #expect(withQuery.persistedQueryHash == Self.hash)
        #expect(withQuery.query == "{ a }")
        let hashOnly = try decode(#"{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "\#(Self.hash)"}}}"#)
        #expect(hashOnly.query == nil)
        #expect(hashOnly.persistedQueryHash == Self.hash)
        let otherExtensions = try decode(#"{"query": "{ a }", "extensions": {"tracing": true}}"#)
        #expect(otherExtensions.persistedQueryHash == nil)
    }

    @Test(
        "refuses malformed persisted-query hashes",
        arguments: [
            String(repeating: "A", count: 64), String(repeating: "a", count: 63), String(repeating: "a", count: 65),
            String(repeating: "g", count: 64), "", String(repeating: "a", count: 62) + "é",
        ])
    func refusesBadHashes(_ hash: String) {
        let body = #"{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "\#(hash)"}}}"#
        expectBadRequest(body, "\"extensions.persistedQuery.sha256Hash\" must be 64 lower-case hex digits.")
    }

    @Test("refuses a persistedQuery extension that is not an object or lacks a string hash")
    func refusesBadPersistedQueryShape() {
        let message = "\"extensions.persistedQuery.sha256Hash\" must be 64 lower-case hex digits."
        expectBadRequest(#"{"query": "{ a }", "extensions": {"persistedQuery": "abc"}}"#, message)
        expectBadRequest(#"{"query": "{ a }", "extensions": {"persistedQuery": {"version": 1}}}"#, message)
        expectBadRequest(#"{"query": "{ a }", "extensions": {"persistedQuery": {"sha256Hash": 5}}}"#, message)
    }

    @Test(
        "refuses every malformed body shape with BAD_REQUEST and a precise message",
        arguments: [
            ("[]", "The request body must be a JSON object with a \"query\" string."),
            (#"[{"query": "{ a }"}]"#, "The request body must be a JSON object with a \"query\" string."),
            (#""{ a }""#, "The request body must be a JSON object with a \"query\" string."),
            ("42", "The request body must be a JSON object with a \"query\" string."),
            ("null", "The request body must be a JSON object with a \"query\" string."),
            (#"{"query": 1}"#, "\"query\" must be a string."),
            (#"{"query": ["{ a }"]}"#, "\"query\" must be a string."),
            (#"{"query": {"text": "{ a }"}}"#, "\"query\" must be a string."),
            (#"{"query": true}"#, "\"query\" must be a string."),
            (#"{"query": "{ a }", "operationName": 3}"#, "\"operationName\" must be a string."),
            (#"{"query": "{ a }", "variables": []}"#, "\"variables\" must be a JSON object."),
            (#"{"query": "{ a }", "variables": "{}"}"#, "\"variables\" must be a JSON object."),
            (#"{"query": "{ a }", "variables": 1}"#, "\"variables\" must be a JSON object."),
            (#"{"query": "{ a }", "extensions": []}"#, "\"extensions\" must be a JSON object."),
            ("{}", "The request has no \"query\"."),
            (#"{"query": null}"#, "The request has no \"query\"."),
            (#"{"variables": {}}"#, "The request has no \"query\"."),
            ("", "The request body is not valid JSON."),
            ("{", "The request body is not valid JSON."),
            ("{'query': '{ a }'}", "The request body is not valid JSON."),
            (#"{"query": "{ a }"} trailing"#, "The request body is not valid JSON."),
            ("query { a }", "The request body is not valid JSON."),
        ] as [(String, String)])
    func refusesMalformedBodies(_ body: String, _ message: String) {
        expectBadRequest(body, message)
    }

    @Test("refuses bytes that are not UTF-8")
    func refusesInvalidUTF8() {
        let bytes: [UInt8] = Array(#"{"query": "{ a(b: ""#.utf8) + [0xFF, 0xFE] + Array(#"") }"}"#.utf8)
        #expect(throws: APIError(.badRequest, "The request body is not valid JSON.")) {
            try GraphQLRequest.decode(json: bytes)
        }
    }

    @Test("refuses JSON nested 600 deep without overflowing the stack")
    func refusesDeepNesting() {
        let deepVariables =
            #"{"query": "{ a }", "variables": {"v": "# + String(repeating: "[", count: 600)
            + String(repeating: "]", count: 600) + "}}"
        expectBadRequest(deepVariables, "The request body is not valid JSON.")
        let deepObject = String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)
        expectBadRequest(deepObject, "The request body is not valid JSON.")
        let deepAndHuge = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        expectBadRequest(deepAndHuge, "The request body is not valid JSON.")
    }

    @Test("decodes GET query parameters, reading variables and extensions as JSON text")
    func decodesQueryParameters() throws {
        let request = try GraphQLRequest.decode(queryParameters: [
            "query": "query P($n: Int) { products(first: $n) { nodes { id } } }",
            "variables": #"{"n": 3, "flag": true, "tags": ["a"]}"#,
            "operationName": "P",
        ])
        #expect(request.query == "query P($n: Int) { products(first: $n) { nodes { id } } }")
        #expect(request.operationName == "P")
        #expect(request.variables["n"]?.int == 3)
        #expect(request.variables["flag"] == .bool(true))
        #expect(request.variables["tags"] == .array([.string("a")]))

        let persisted = try GraphQLRequest.decode(queryParameters: [
            "extensions": #"{"persistedQuery": {"version": 1, "sha256Hash": "\#(Self.hash)"}}"#
        ])
        #expect(persisted.persistedQueryHash == Self.hash)
        #expect(persisted.query == nil)

        let noVariables = try GraphQLRequest.decode(queryParameters: ["query": "{ a }", "variables": "null"])
        #expect(noVariables.variables.isEmpty)
    }

    @Test("refuses malformed GET query parameters")
    func refusesMalformedQueryParameters() {
        #expect(throws: APIError(.badRequest, "\"variables\" is not valid JSON.")) {
            try GraphQLRequest.decode(queryParameters: ["query": "{ a }", "variables": "{n: 3}"])
        }
        #expect(throws: APIError(.badRequest, "\"variables\" must be a JSON object.")) {
            try GraphQLRequest.decode(queryParameters: ["query": "{ a }", "variables": "[1]"])
        }
        #expect(throws: APIError(.badRequest, "\"extensions\" is not valid JSON.")) {
            try GraphQLRequest.decode(queryParameters: ["query": "{ a }", "extensions": "{"])
        }
        #expect(throws: APIError(.badRequest, "The request has no \"query\".")) {
            try GraphQLRequest.decode(queryParameters: ["variables": "{}"])
        }
        #expect(throws: APIError(.badRequest, "The request has no \"query\".")) {
            try GraphQLRequest.decode(queryParameters: [:])
        }
    }

    private func decode(_ body: String) throws(APIError) -> GraphQLRequest {
        try GraphQLRequest.decode(json: Array(body.utf8))
    }

    private func expectBadRequest(
        _ body: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        do {
            let request = try decode(body)
            Issue.record("decoded \(request) from \(body.prefix(80))", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .badRequest, sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
    }
}
