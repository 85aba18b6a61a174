import EmporiumPostgres
import EmporiumTesting
import Foundation
import Logging
import Testing

@Suite("Operations: health, readiness, metrics, batching, database outages")
struct OperationsTests {
    @Test("healthz, readyz and metrics")
    func probes() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 2)
        try await RunningEngine.with(databaseURL: url) { engine in
            #expect(try await engine.request("GET", "/healthz").status == 200)
            let ready = try await engine.request("GET", "/readyz")
            #expect(ready.status == 200)
            #expect(ready.json["status"] as? String == "ready")
            _ = try await engine.graphQL("query Listing { products(first: 1) { totalCount } }")
            let metrics = String(decoding: try await engine.request("GET", "/metrics").body, as: UTF8.self)
            #expect(
                metrics.contains(#"emporium_http_requests_total{route="/graphql",operation="Listing",status="200"} 1"#))
            #expect(metrics.contains("emporium_http_request_duration_seconds_bucket"))
            #expect(metrics.contains("emporium_database_pool_size 8"))
            let requestID = try await engine.request("GET", "/healthz", headers: ["X-Request-Id": "abc-123"])
            #expect(requestID.headers["x-request-id"] == "abc-123")
        }
    }

    @Test("readiness fails while migrations are pending")
    func readinessNeedsMigrations() async throws {
        let base = try await TestCluster.shared.connection()
        let logger = Logger(label: "test")
        let admin = Database(
            url: try DatabaseURL(base.url), options: .init(poolSize: 1, queryTimeout: .seconds(60)), logger: logger)
        let name = "unmigrated_\(getpid())"
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.client.run() }
            defer { group.cancelAll() }
            try await admin.execute(.init(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        let url = base.url.replacingOccurrences(of: "/\(base.database)?", with: "/\(name)?")
        try await RunningEngine.with(databaseURL: url) { engine in
            let ready = try await engine.request("GET", "/readyz")
            #expect(ready.status == 503)
            #expect((ready.json["reason"] as? String)?.contains("migrations pending") == true)
        }
    }

    @Test("a page of 20 products with variants, prices, stock and media costs as many statements as a page of 5")
    func noNPlusOne() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 40)
        // This measures database batching, so the in-memory read model (which would serve repeats) is off.
        try await RunningEngine.with(databaseURL: url, configure: { $0.graphql.readModel = false }) { engine in
            let query = """
                query($first: Int) { products(first: $first) { edges { node { name brand
                  category { slug } media { url } priceRange { minVariantPrice { amount } }
                  variants { sku available quantityAvailable price { amount } compareAtPrice { amount } } } } } }
                """
            func statements(first: Int) async throws -> Int {
                let before = engine.engine.database.statementCount
                let result = try await engine.graphQL(query, variables: ["first": first])
                #expect(result.status == 200)
                let edges = (result.data["products"] as? [String: Any])?["edges"] as? [[String: Any]] ?? []
                #expect(edges.count == first)
                return engine.engine.database.statementCount - before
            }
            let five = try await statements(first: 5)
            let twenty = try await statements(first: 20)
            #expect(five == twenty)
            #expect(twenty <= 9)
        }
    }

    @Test("database outage: requests fail fast with 503, and the engine recovers by itself")
    func databaseOutage() async throws {
        let (postgres, connection) = try await PrivateCluster.start(seedProducts: 3, name: "outage")
        defer { postgres.destroy() }
        let query = "{ products(first: 3) { totalCount edges { node { name } } } }"
        try await RunningEngine.with(
            databaseURL: connection.url,
            configure: {
                $0.database.queryTimeoutMilliseconds = 1000
                $0.database.connectTimeoutMilliseconds = 500
                // This tests the database path; with the read model a repeat may be answered from memory
                // during the outage (ReadModelTests covers that case).
                $0.graphql.readModel = false
            }
        ) { engine in
            // The first connection may take longer than the short deadlines while other suites load
            // the two cores; wait until the engine serves before taking the database away.
            var serving = false
            for _ in 0..<40 where !serving {
                serving = try await engine.graphQL(query).status == 200
                if !serving { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(serving)
            try postgres.stop()
            let started = ContinuousClock.now
            let down = try await engine.graphQL(query)
            #expect(down.status == 503)
            #expect(down.firstErrorCode == "SERVICE_UNAVAILABLE")
            #expect(down.headers["retry-after"] == "1")
            let body = String(decoding: down.body, as: UTF8.self)
            #expect(!body.contains("PSQL") && !body.contains("connection refused") && !body.contains("5432"))
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(try await engine.request("GET", "/readyz").status == 503)
            #expect(try await engine.request("GET", "/healthz").status == 200)

            _ = try postgres.start()
            var recovered = false
            for _ in 0..<40 where !recovered {
                try await Task.sleep(for: .milliseconds(250))
                recovered = try await engine.graphQL(query).status == 200
            }
            #expect(recovered)
        }
    }
}
