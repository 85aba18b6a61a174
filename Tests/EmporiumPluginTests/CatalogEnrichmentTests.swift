import EmporiumCore
import EmporiumServer
import EmporiumTesting
import Foundation
import Testing

@Suite("CatalogEnrichment: catalog.decorate from emporium.yaml, applied when the read model loads")
struct CatalogEnrichmentTests {
    static let config = """
        {"brands": {"Trailhead": "Trailhead Outdoor Co."}, "defaultAttributes": {"warranty": "2 years", "returnDays": 30},
         "descriptionSuffix": "Free returns within 30 days."}
        """
    static let query = """
        { products(first: 50) { edges { node { slug brand description attributes { key value } } } } }
        """

    @Test("storefront products are decorated, once per product and catalog version, not per request")
    func decoratedOnce() async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 12)
        let plugin = PluginConfiguration(
            id: "catalog-enrichment", path: PluginLibraries.path("CatalogEnrichment"), configJSON: Self.config)
        var partner = FeedPartnerConfiguration(name: "merchant-center", channel: "web-us")
        partner.token = "feed-token-0123456789abcdef"
        partner.formats = [.google]
        let configure: (inout EmporiumConfiguration) -> Void = {
            $0.plugins = [plugin]
            $0.feeds = [partner]
        }
        try await RunningEngine.with(databaseURL: url, configure: configure) { engine in
            let watcher = try #require(engine.engine.catalogVersionWatcher)
            let deadline = ContinuousClock.now + .seconds(10)
            while !CatalogVersion.isKnown(watcher.current), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let first = try await engine.graphQL(Self.query)
            #expect(first.status == 200)
            let edges = try #require(
                ((first.json["data"] as? [String: Any])?["products"] as? [String: Any])?["edges"] as? [[String: Any]])
            let nodes = edges.compactMap { $0["node"] as? [String: Any] }
            #expect(nodes.count == 12)
            for node in nodes {
                #expect((node["description"] as? String)?.hasSuffix(" Free returns within 30 days.") == true)
                #expect((node["brand"] as? String) != "Trailhead")
                let keys = (node["attributes"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
                #expect(keys.contains("warranty") && keys.contains("returnDays"), "\(keys)")
            }
            let calls = Self.decorateCalls(engine)
            #expect(calls >= 1)
            for _ in 0..<3 { _ = try await engine.graphQL(Self.query) }
            #expect(Self.decorateCalls(engine) == calls)

            // Partners see what shoppers see: the feed is decorated too.
            let feed = try await engine.request(
                "GET", "/feeds/merchant-center/google.xml?token=feed-token-0123456789abcdef")
            #expect(feed.status == 200)
            let xml = String(decoding: feed.body, as: UTF8.self)
            #expect(xml.contains("<g:brand>Trailhead Outdoor Co.</g:brand>"))
            #expect(!xml.contains("<g:brand>Trailhead</g:brand>"))
            #expect(xml.contains("Free returns within 30 days."))
        }
    }

    static func decorateCalls(_ engine: RunningEngine) -> Int {
        var buffer: [UInt8] = []
        engine.engine.metrics.registry.emit(into: &buffer)
        let prefix = #"emporium_plugin_calls_total{plugin="catalog-enrichment",hook="catalog.decorate",outcome="ok"} "#
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix(prefix) }
        return line.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
    }
}
