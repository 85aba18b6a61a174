import EmporiumCore
import EmporiumPostgres
import EmporiumTesting
import Foundation
import Logging
import Testing

@Suite("Read model: storefront reads from memory, invalidated by catalog notifications")
struct ReadModelTests {
    static let listing = """
        query($first: Int) { products(first: $first, channel: "web-us") { totalCount edges { cursor node { slug name
          category { slug } media { url } priceRange { minVariantPrice { amount } }
          variants { sku available quantityAvailable price { amount } } } } } }
        """
    static let product = """
        query($s: String) { product(slug: $s, channel: "web-us") {
          variants { sku quantityAvailable price { minorUnits } } } }
        """

    @Test("a repeated listing costs no database statements; with the read model off it does")
    func repeatedListingIsFree() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 20)
        try await RunningEngine.with(databaseURL: url) { engine in
            try await Self.waitUntilWatching(engine)
            let first = try await engine.graphQL(Self.listing, variables: ["first": 10])
            #expect(first.status == 200)
            let before = engine.engine.database.statementCount
            for _ in 0..<3 {
                let again = try await engine.graphQL(Self.listing, variables: ["first": 10])
                #expect(again.body == first.body)
            }
            #expect(engine.engine.database.statementCount == before)
        }
        try await RunningEngine.with(databaseURL: url, configure: { $0.graphql.readModel = false }) { engine in
            #expect(engine.engine.catalogVersionWatcher == nil)
            _ = try await engine.graphQL(Self.listing, variables: ["first": 10])
            let before = engine.engine.database.statementCount
            #expect(try await engine.graphQL(Self.listing, variables: ["first": 10]).status == 200)
            #expect(engine.engine.database.statementCount > before)
        }
    }

    @Test("stockSet and variantPriceSet show in the storefront within a bounded wait")
    func mutationsInvalidate() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 3)
        try await RunningEngine.with(databaseURL: url) { engine in
            try await Self.waitUntilWatching(engine)
            let (slug, sku) = try await Self.firstVariant(engine)
            let warm = try await Self.variant(engine, slug: slug, sku: sku)
            #expect(warm.quantity != 3 && warm.price != 4321)
            let statements = engine.engine.database.statementCount
            #expect(try await Self.variant(engine, slug: slug, sku: sku) == warm)
            #expect(engine.engine.database.statementCount == statements)

            try await Self.setStock(engine, sku: sku, onHand: 3)
            let price = try await engine.graphQL(
                """
                mutation($sku: String!) { variantPriceSet(sku: $sku, channel: "web-us", amount: 4321) {
                  userErrors { code } } }
                """,
                variables: ["sku": sku], admin: true)
            #expect(((price.data["variantPriceSet"] as? [String: Any])?["userErrors"] as? [Any])?.isEmpty == true)
            let seen = try await Self.eventually(within: .seconds(3)) {
                try await Self.variant(engine, slug: slug, sku: sku) == (3, 4321)
            }
            #expect(seen)
        }
    }

    @Test("the version watcher falls back to pass-through while the database is down and recovers after a restart")
    func watcherSurvivesRestart() async throws {
        let (postgres, connection) = try await PrivateCluster.start(seedProducts: 3, name: "readmodel")
        defer { postgres.destroy() }
        try await RunningEngine.with(
            databaseURL: connection.url,
            configure: {
                // Short enough that an outage shows quickly, long enough for a loaded CI machine.
                $0.database.queryTimeoutMilliseconds = 3000
                $0.database.connectTimeoutMilliseconds = 1000
            }
        ) { engine in
            let watcher = try #require(engine.engine.catalogVersionWatcher)
            try await Self.waitUntilWatching(engine)
            let (slug, sku) = try await Self.firstVariant(engine)
            _ = try await Self.variant(engine, slug: slug, sku: sku)

            try postgres.stop()
            #expect(try await Self.eventually(within: .seconds(10)) { !CatalogVersion.isKnown(watcher.current) })
            // Nothing stale is served while the version cannot be known.
            let down = try await engine.graphQL(Self.product, variables: ["s": slug])
            #expect(down.firstErrorCode == "SERVICE_UNAVAILABLE")

            _ = try postgres.start()
            #expect(try await Self.eventually(within: .seconds(15)) { CatalogVersion.isKnown(watcher.current) })
            #expect(watcher.connectionsEstablished >= 2)
            #expect(
                try await Self.eventually(within: .seconds(10)) {
                    let result = try await engine.graphQL(Self.product, variables: ["s": slug])
                    let admin = try await engine.graphQL("{ catalogVersion }", admin: true)
                    return result.firstErrorCode == nil && admin.firstErrorCode == nil && admin.status == 200
                })
            try await Self.setStock(engine, sku: sku, onHand: 2)
            let seen = try await Self.eventually(within: .seconds(3)) {
                try await Self.variant(engine, slug: slug, sku: sku).quantity == 2
            }
            #expect(seen)
        }
    }

    static func waitUntilWatching(_ engine: RunningEngine) async throws {
        let watcher = try #require(engine.engine.catalogVersionWatcher)
        let known = try await eventually(within: .seconds(10)) { CatalogVersion.isKnown(watcher.current) }
        try #require(known, "the catalog version watcher never read the version")
    }

    static func eventually(
        within limit: Duration, _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    static func firstVariant(_ engine: RunningEngine) async throws -> (slug: String, sku: String) {
        let listing = try await engine.graphQL(
            #"{ products(first: 1, channel: "web-us") { edges { node { slug variants { sku } } } } }"#)
        let node = try #require(
            ((listing.data["products"] as? [String: Any])?["edges"] as? [[String: Any]])?.first?["node"]
                as? [String: Any])
        let sku = try #require((node["variants"] as? [[String: Any]])?.first?["sku"] as? String)
        return (try #require(node["slug"] as? String), sku)
    }

    static func variant(_ engine: RunningEngine, slug: String, sku: String) async throws -> (
        quantity: Int?, price: Int?
    ) {
        let result = try await engine.graphQL(product, variables: ["s": slug])
        let variants = ((result.data["product"] as? [String: Any])?["variants"] as? [[String: Any]]) ?? []
        let variant = variants.first { $0["sku"] as? String == sku }
        return (variant?["quantityAvailable"] as? Int, (variant?["price"] as? [String: Any])?["minorUnits"] as? Int)
    }

    /// Puts `onHand` units at the default location and none at the other, so the available count is `onHand`.
    static func setStock(_ engine: RunningEngine, sku: String, onHand: Int) async throws {
        for (location, units) in [("main", onHand), ("east", 0)] {
            let stock = try await engine.graphQL(
                """
                mutation($sku: String!, $l: String, $n: Int!) { stockSet(sku: $sku, location: $l, onHand: $n) {
                  userErrors { code } } }
                """,
                variables: ["sku": sku, "l": location, "n": units], admin: true)
            #expect(stock.status == 200)
            #expect(((stock.data["stockSet"] as? [String: Any])?["userErrors"] as? [Any])?.isEmpty == true)
        }
    }
}
