import EmporiumTesting
import Foundation
import Testing

@Suite("Client mistakes get clear errors, never a 500, and never kill the engine")
struct ErrorHandlingTests {
    func post(_ engine: RunningEngine, _ body: String, contentType: String = "application/json") async throws
        -> RunningEngine.HTTPResult
    {
        try await engine.request("POST", "/graphql", body: Data(body.utf8), headers: ["Content-Type": contentType])
    }

    @Test("malformed requests")
    func malformed() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 3)
        try await RunningEngine.with(databaseURL: url) { engine in
            let cases: [(body: String, status: Int, code: String)] = [
                ("{not json", 400, "BAD_REQUEST"),
                ("[1, 2]", 400, "BAD_REQUEST"),
                (#"{"query": 42}"#, 400, "BAD_REQUEST"),
                (#"{"variables": {}}"#, 400, "BAD_REQUEST"),
                (#"{"query": "{ products { totalCount } }", "variables": [1]}"#, 400, "BAD_REQUEST"),
                (#"{"query": "{ products { totalCount "}"#, 400, "GRAPHQL_PARSE_FAILED"),
                (#"{"query": "{ p\" \\u)}"}"#, 400, "GRAPHQL_PARSE_FAILED"),
                (#"{"query": "{ noSuchField }"}"#, 400, "GRAPHQL_VALIDATION_FAILED"),
                (
                    #"{"query": "query($n: Int) { products(first: $n) { totalCount } }", "variables": {"n": "ten"}}"#,
                    400, "BAD_USER_INPUT"
                ),
                (#"{"query": "{ products(first: 101) { totalCount } }"}"#, 200, "BAD_USER_INPUT"),
                (#"{"query": "{ products(after: \"garbage\") { totalCount } }"}"#, 200, "BAD_CURSOR"),
                (
                    #"{"query": "{ a: products { totalCount } } { b: products { totalCount } }"}"#, 400,
                    "GRAPHQL_VALIDATION_FAILED"
                ),
            ]
            for testCase in cases {
                let result = try await post(engine, testCase.body)
                #expect(result.status == testCase.status, "\(testCase.body): \(result.status)")
                #expect(
                    result.firstErrorCode == testCase.code,
                    "\(testCase.body): \(String(decoding: result.body, as: UTF8.self))")
            }
            let wrongType = try await post(
                engine, #"{"query":"{ products { totalCount } }"}"#, contentType: "text/plain")
            #expect(wrongType.status == 415)
            let alive = try await post(engine, #"{"query":"{ products(first: 1) { totalCount } }"}"#)
            #expect(alive.status == 200)
        }
    }

    @Test("hostile documents: deep nesting, huge bodies, alias floods, cost and depth limits")
    func hostile() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 3)
        try await RunningEngine.with(databaseURL: url, configure: { $0.server.maxBodyBytes = 64 * 1024 }) { engine in
            let nested = String(repeating: "{a", count: 5000) + String(repeating: "}", count: 5000)
            let deep = try await post(engine, #"{"query":"\#(nested)"}"#)
            #expect(deep.status == 400)
            #expect(deep.firstErrorCode == "GRAPHQL_PARSE_FAILED")

            let huge = try await post(
                engine, #"{"query":"{ products { totalCount } }","pad":"\#(String(repeating: "x", count: 100_000))"}"#)
            #expect(huge.status == 413)
            #expect(huge.firstErrorCode == "PAYLOAD_TOO_LARGE")

            let aliases = (0..<500).map { "a\($0): products { totalCount }" }.joined(separator: " ")
            let flood = try await post(engine, #"{"query":"{ \#(aliases) }"}"#)
            #expect(flood.status == 400)

            let tooDeep = try await post(
                engine,
                #"{"query":"{ category(slug: \"x\") { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { slug } } } } } } } } } } } } } }"}"#
            )
            #expect(tooDeep.status == 400)
            #expect(tooDeep.firstErrorCode == "DEPTH_LIMIT_EXCEEDED")

            let expensive = try await post(
                engine,
                #"{"query":"{ categories(first: 100) { edges { node { products(first: 100) { edges { node { variants { sku price { amount } } } } } } } } }"}"#
            )
            #expect(expensive.status == 400)
            #expect(expensive.firstErrorCode == "COST_LIMIT_EXCEEDED")

            let mutationOverGet = try await engine.request("GET", "/graphql?query=mutation%7B__typename%7D")
            #expect(mutationOverGet.status == 405 || mutationOverGet.status == 400)

            let alive = try await post(engine, #"{"query":"{ products(first: 1) { totalCount } }"}"#)
            #expect(alive.status == 200)
        }
    }

    @Test("automatic persisted queries")
    func persistedQueries() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 2)
        try await RunningEngine.with(databaseURL: url) { engine in
            let query = "{ products(first: 1) { totalCount } }"
            let hash = "b2c3f0c7b7a4de7c3c7c1e8b9b0a7f2d2a6b9d1f4e5c6a7b8c9d0e1f2a3b4c5d"
            let unknown = try await post(
                engine, #"{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"\#(hash)"}}}"#)
            #expect(unknown.firstErrorCode == "PERSISTED_QUERY_NOT_FOUND")
            let mismatch = try await post(
                engine, #"{"query":"\#(query)","extensions":{"persistedQuery":{"version":1,"sha256Hash":"\#(hash)"}}}"#)
            #expect(mismatch.firstErrorCode == "PERSISTED_QUERY_HASH_MISMATCH")
            let digest = SHA256Hex.of(query)
            let register = try await post(
                engine,
                #"{"query":"\#(query)","extensions":{"persistedQuery":{"version":1,"sha256Hash":"\#(digest)"}}}"#)
            #expect(register.status == 200)
            let byHash = try await post(
                engine, #"{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"\#(digest)"}}}"#)
            #expect(byHash.status == 200)
            #expect((byHash.data["products"] as? [String: Any])?["totalCount"] as? Int == 2)
        }
    }
}
