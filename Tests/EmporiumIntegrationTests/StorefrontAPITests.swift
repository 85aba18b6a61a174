import EmporiumTesting
import Foundation
import Testing

@Suite("Storefront API over HTTP")
struct StorefrontAPITests {
    static let listing = """
        query Listing($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort, $channel: String) {
          products(first: $first, after: $after, filter: $filter, sortBy: $sort, channel: $channel) {
            totalCount
            pageInfo { hasNextPage hasPreviousPage endCursor }
            edges { cursor node { id slug name brand available
              category { slug path }
              priceRange { minVariantPrice { amount currencyCode minorUnits } }
              variants { sku available quantityAvailable price { minorUnits currencyCode amount } compareAtPrice { minorUnits } }
              media { url alt position }
              attributes { key type value } } }
          }
        }
        """

    @Test("pages through the whole catalog with cursors, each product exactly once, in name order")
    func paginatesWholeCatalog() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 45)
        try await RunningEngine.with(databaseURL: url) { engine in
            var seen: [String] = []
            var names: [String] = []
            var after: Any = NSNull()
            var total = -1
            for _ in 0..<10 {
                let result = try await engine.graphQL(Self.listing, variables: ["first": 10, "after": after])
                #expect(result.status == 200)
                let products = try #require(result.data["products"] as? [String: Any])
                total = products["totalCount"] as? Int ?? -1
                let edges = try #require(products["edges"] as? [[String: Any]])
                for edge in edges {
                    let node = try #require(edge["node"] as? [String: Any])
                    seen.append(node["slug"] as! String)
                    names.append(node["name"] as! String)
                }
                let pageInfo = try #require(products["pageInfo"] as? [String: Any])
                guard pageInfo["hasNextPage"] as? Bool == true else { break }
                after = pageInfo["endCursor"] as Any
            }
            #expect(total == 45)
            #expect(seen.count == 45)
            #expect(Set(seen).count == 45)
            // The private cluster is created with the C locale: byte order, which is Swift's order for these names.
            #expect(names == names.sorted())
        }
    }

    @Test("a product has variants priced in the channel's currency, stock and media")
    func productDetails() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 5)
        try await RunningEngine.with(databaseURL: url) { engine in
            let list = try await engine.graphQL(Self.listing, variables: ["first": 1, "channel": "web-eu"])
            let edges = try #require((list.data["products"] as? [String: Any])?["edges"] as? [[String: Any]])
            let node = try #require(edges.first?["node"] as? [String: Any])
            let slug = try #require(node["slug"] as? String)
            let variants = try #require(node["variants"] as? [[String: Any]])
            #expect((1...6).contains(variants.count))
            for variant in variants {
                let price = try #require(variant["price"] as? [String: Any])
                #expect(price["currencyCode"] as? String == "EUR")
                let minor = try #require(price["minorUnits"] as? Int)
                #expect(price["amount"] as? String == String(format: "%d.%02d", minor / 100, minor % 100))
                if let compareAt = variant["compareAtPrice"] as? [String: Any] {
                    #expect((compareAt["minorUnits"] as? Int ?? 0) > minor)
                }
                #expect((variant["available"] as? Bool) == ((variant["quantityAvailable"] as? Int ?? 0) > 0))
            }
            #expect(!(node["media"] as? [[String: Any]] ?? []).isEmpty)

            let bySlug = try await engine.graphQL(
                "query($s: String) { product(slug: $s) { id slug name } }", variables: ["s": slug])
            let product = try #require(bySlug.data["product"] as? [String: Any])
            #expect(product["slug"] as? String == slug)
            let byID = try await engine.graphQL(
                "query($id: ID) { product(id: $id) { slug } }", variables: ["id": product["id"] as! String])
            #expect((byID.data["product"] as? [String: Any])?["slug"] as? String == slug)
            let missing = try await engine.graphQL(#"{ product(slug: "no-such-product") { id } }"#)
            #expect(missing.status == 200)
            #expect(missing.data["product"] is NSNull)
        }
    }

    @Test("filters by category, search, price, stock and attributes; sorts by price")
    func filtersAndSorts() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 80)
        try await RunningEngine.with(databaseURL: url) { engine in
            func slugsAndPrices(_ filter: [String: Any], sort: String = "NAME_ASC") async throws -> [(
                String, Int, [String: Any]
            )] {
                let result = try await engine.graphQL(
                    Self.listing, variables: ["first": 80, "filter": filter, "sort": sort])
                #expect(result.status == 200, "\(String(decoding: result.body, as: UTF8.self))")
                let edges = (result.data["products"] as? [String: Any])?["edges"] as? [[String: Any]] ?? []
                return edges.compactMap { edge in
                    guard let node = edge["node"] as? [String: Any],
                        let range = node["priceRange"] as? [String: Any],
                        let min = range["minVariantPrice"] as? [String: Any]
                    else { return nil }
                    return (node["slug"] as! String, min["minorUnits"] as! Int, node)
                }
            }
            let all = try await slugsAndPrices([:])
            #expect(all.count == 80)

            let outdoor = try await slugsAndPrices(["categorySlug": "outdoor"])
            #expect(!outdoor.isEmpty && outdoor.count < 80)
            for (_, _, node) in outdoor {
                let path = (node["category"] as? [String: Any])?["path"] as? String ?? ""
                #expect(path == "outdoor" || path.hasPrefix("outdoor/"))
            }

            let cheap = try await slugsAndPrices(["maxPrice": 5000])
            #expect(cheap.allSatisfy { $0.1 <= 5000 })
            let dear = try await slugsAndPrices(["minPrice": 5001])
            #expect(dear.allSatisfy { $0.1 > 5000 })
            #expect(cheap.count + dear.count == 80)

            let inStock = try await slugsAndPrices(["inStock": true])
            let outOfStock = try await slugsAndPrices(["inStock": false])
            #expect(inStock.count + outOfStock.count == 80)
            #expect(inStock.allSatisfy { $0.2["available"] as? Bool == true })
            #expect(outOfStock.allSatisfy { $0.2["available"] as? Bool == false })

            let word = String(all[0].2["name"] as! String).split(separator: " ").last.map(String.init) ?? ""
            let found = try await slugsAndPrices(["search": word.lowercased()])
            #expect(found.contains { $0.0 == all[0].0 })

            let attribute = try #require((all[0].2["attributes"] as? [[String: Any]])?.first)
            let key = attribute["key"] as! String
            let value = attribute["value"] as! String
            let matching = try await slugsAndPrices(["attributes": [["key": key, "values": [value]]]])
            #expect(matching.contains { $0.0 == all[0].0 })
            for (_, _, node) in matching {
                let attributes = node["attributes"] as? [[String: Any]] ?? []
                #expect(attributes.contains { $0["key"] as? String == key && $0["value"] as? String == value })
            }

            let ascending = try await slugsAndPrices([:], sort: "PRICE_ASC").map(\.1)
            #expect(ascending == ascending.sorted())
            let descending = try await slugsAndPrices([:], sort: "PRICE_DESC").map(\.1)
            #expect(descending == ascending.sorted(by: >))
        }
    }

    @Test("price sort pages with keyset cursors stay ordered across pages")
    func priceSortPagination() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 30)
        try await RunningEngine.with(databaseURL: url) { engine in
            var prices: [Int] = []
            var slugs: Set<String> = []
            var after: Any = NSNull()
            for _ in 0..<10 {
                let result = try await engine.graphQL(
                    Self.listing, variables: ["first": 7, "after": after, "sort": "PRICE_ASC"])
                let products = try #require(result.data["products"] as? [String: Any])
                for edge in products["edges"] as? [[String: Any]] ?? [] {
                    let node = edge["node"] as! [String: Any]
                    slugs.insert(node["slug"] as! String)
                    let range = node["priceRange"] as! [String: Any]
                    prices.append((range["minVariantPrice"] as! [String: Any])["minorUnits"] as! Int)
                }
                let pageInfo = products["pageInfo"] as! [String: Any]
                guard pageInfo["hasNextPage"] as? Bool == true else { break }
                after = pageInfo["endCursor"] as Any
            }
            #expect(slugs.count == 30)
            #expect(prices == prices.sorted())
        }
    }

    @Test("categories form a tree with children and products")
    func categories() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 40)
        try await RunningEngine.with(databaseURL: url) { engine in
            let result = try await engine.graphQL(
                "{ categories(first: 100) { totalCount edges { node { slug path parent { slug } children { slug } } } } }"
            )
            let connection = try #require(result.data["categories"] as? [String: Any])
            let nodes = (connection["edges"] as? [[String: Any]] ?? []).compactMap { $0["node"] as? [String: Any] }
            #expect(nodes.count == connection["totalCount"] as? Int)
            #expect(nodes.count >= 10)
            for node in nodes {
                if let parent = node["parent"] as? [String: Any] {
                    let parentSlug = parent["slug"] as! String
                    let parentNode = nodes.first { $0["slug"] as? String == parentSlug }
                    let children = parentNode?["children"] as? [[String: Any]] ?? []
                    #expect(children.contains { $0["slug"] as? String == node["slug"] as? String })
                }
            }
            let root = try await engine.graphQL(
                #"{ category(slug: "apparel") { name children { slug } products(first: 5) { totalCount edges { node { category { path } } } } } }"#
            )
            let category = try #require(root.data["category"] as? [String: Any])
            let products = try #require(category["products"] as? [String: Any])
            for edge in products["edges"] as? [[String: Any]] ?? [] {
                let path = ((edge["node"] as? [String: Any])?["category"] as? [String: Any])?["path"] as? String ?? ""
                #expect(path.hasPrefix("apparel"))
            }
        }
    }

    @Test("GET /graphql runs queries; the media placeholder is served as SVG")
    func getAndMedia() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 3)
        try await RunningEngine.with(databaseURL: url) { engine in
            let query = "{ products(first: 1) { edges { node { media { url } } } } }"
                .addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let result = try await engine.request("GET", "/graphql?query=\(query)")
            #expect(result.status == 200)
            let edges = (result.data["products"] as? [String: Any])?["edges"] as? [[String: Any]] ?? []
            let media = ((edges.first?["node"] as? [String: Any])?["media"] as? [[String: Any]])?.first
            let mediaURL = try #require(media?["url"] as? String)
            let image = try await engine.request("GET", mediaURL)
            #expect(image.status == 200)
            #expect(image.headers["content-type"] == "image/svg+xml")
            #expect(String(decoding: image.body, as: UTF8.self).hasPrefix("<svg"))
            let traversal = try await engine.request("GET", "/media/placeholder/..%2F..%2Fetc%2Fpasswd")
            #expect(traversal.status == 404)
        }
    }
}
