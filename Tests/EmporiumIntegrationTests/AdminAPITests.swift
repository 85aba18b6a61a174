import EmporiumTesting
import Foundation
import Testing

@Suite("Admin API")
struct AdminAPITests {
    @Test("requires the staff token")
    func requiresToken() async throws {
        let url = try await TestCluster.shared.makeDatabase()
        try await RunningEngine.with(databaseURL: url) { engine in
            let body = Data(#"{"query":"{ catalogVersion }"}"#.utf8)
            let none = try await engine.request(
                "POST", "/admin/graphql", body: body, headers: ["Content-Type": "application/json"])
            #expect(none.status == 401)
            #expect(none.firstErrorCode == "UNAUTHENTICATED")
            let wrong = try await engine.request(
                "POST", "/admin/graphql", body: body,
                headers: ["Content-Type": "application/json", "Authorization": "Bearer not-the-token"])
            #expect(wrong.status == 401)
            let right = try await engine.graphQL("{ catalogVersion }", admin: true)
            #expect(right.status == 200)
            #expect(right.data["catalogVersion"] is String)
        }
    }

    @Test("stockSet and variantPriceSet change what the storefront shows, with userErrors for bad input")
    func stockAndPrice() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 3)
        try await RunningEngine.with(databaseURL: url) { engine in
            let listing = try await engine.graphQL(
                #"{ products(first: 1, channel: "web-us") { edges { node { slug variants { sku } } } } }"#)
            let node = try #require(
                ((listing.data["products"] as? [String: Any])?["edges"] as? [[String: Any]])?.first?["node"]
                    as? [String: Any])
            let sku = try #require((node["variants"] as? [[String: Any]])?.first?["sku"] as? String)
            let slug = node["slug"] as! String
            let before = try await engine.graphQL("{ catalogVersion }", admin: true).data["catalogVersion"] as? String

            let stock = try await engine.graphQL(
                "mutation($sku: String!) { stockSet(sku: $sku, onHand: 0) { variant { sku } userErrors { code } } }",
                variables: ["sku": sku], admin: true)
            #expect(((stock.data["stockSet"] as? [String: Any])?["userErrors"] as? [Any])?.isEmpty == true)
            let east = try await engine.graphQL(
                #"mutation($sku: String!) { stockSet(sku: $sku, location: "east", onHand: 0) { userErrors { code } } }"#,
                variables: ["sku": sku], admin: true)
            #expect(((east.data["stockSet"] as? [String: Any])?["userErrors"] as? [Any])?.isEmpty == true)
            let price = try await engine.graphQL(
                #"mutation($sku: String!) { variantPriceSet(sku: $sku, channel: "web-us", amount: 1234) { variant { sku } userErrors { code } } }"#,
                variables: ["sku": sku], admin: true)
            #expect(((price.data["variantPriceSet"] as? [String: Any])?["userErrors"] as? [Any])?.isEmpty == true)

            let after = try await engine.graphQL(
                #"query($s: String) { product(slug: $s, channel: "web-us") { variants { sku quantityAvailable available price { minorUnits amount } } } }"#,
                variables: ["s": slug])
            let variants = ((after.data["product"] as? [String: Any])?["variants"] as? [[String: Any]]) ?? []
            let changed = try #require(variants.first { $0["sku"] as? String == sku })
            #expect(changed["quantityAvailable"] as? Int == 0)
            #expect(changed["available"] as? Bool == false)
            #expect((changed["price"] as? [String: Any])?["minorUnits"] as? Int == 1234)
            #expect((changed["price"] as? [String: Any])?["amount"] as? String == "12.34")
            let later = try await engine.graphQL("{ catalogVersion }", admin: true).data["catalogVersion"] as? String
            #expect(before != later)

            let cases: [(String, String)] = [
                (#"mutation { stockSet(sku: "NOPE", onHand: 1) { userErrors { code field } } }"#, "UNKNOWN_SKU"),
                (
                    #"mutation { stockSet(sku: "\#(sku)", location: "mars", onHand: 1) { userErrors { code } } }"#,
                    "UNKNOWN_LOCATION"
                ),
                (#"mutation { stockSet(sku: "\#(sku)", onHand: -5) { userErrors { code } } }"#, "INVALID_QUANTITY"),
                (
                    #"mutation { variantPriceSet(sku: "\#(sku)", channel: "web-xx", amount: 5) { userErrors { code } } }"#,
                    "UNKNOWN_CHANNEL"
                ),
                (
                    #"mutation { variantPriceSet(sku: "\#(sku)", channel: "web-us", amount: -1) { userErrors { code } } }"#,
                    "INVALID_AMOUNT"
                ),
            ]
            for (mutation, code) in cases {
                let result = try await engine.graphQL(mutation, admin: true)
                #expect(result.status == 200)
                let payload = result.data.values.first as? [String: Any]
                let errors = payload?["userErrors"] as? [[String: Any]] ?? []
                #expect(errors.first?["code"] as? String == code, "\(mutation)")
            }
        }
    }
}
