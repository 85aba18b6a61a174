import EmporiumFeeds
import EmporiumServer
import EmporiumTesting
import Foundation
import Testing

@Suite("Feeds over HTTP")
struct FeedHTTPTests {
    static let token = "feed-token-0123456789abcdef"
    static let password = "feed-password-0123456789"

    static func withEngine(_ body: @Sendable (RunningEngine, Int) async throws -> Void) async throws {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: 12)
        try await RunningEngine.with(
            databaseURL: url,
            configure: { configuration in
                var partner = FeedPartnerConfiguration(name: "merchant-center", channel: "web-us")
                partner.token = token
                partner.username = "google"
                partner.password = password
                partner.formats = [.google, .googleAtom, .emporium]
                partner.shipping = FlatShippingConfiguration(country: "US", amount: 495)
                configuration.feeds = [partner]
            }
        ) { engine in
            let port = Int(engine.baseURL.split(separator: ":").last!)!
            try await body(engine, port)
        }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test("a URL token or HTTP Basic credentials are required; anything else is 401 with a Basic challenge")
    func authentication() async throws {
        try await Self.withEngine { _, port in
            let path = "/feeds/merchant-center/google.xml"
            let missing = try await RawHTTP.send("GET", path, port: port)
            #expect(missing.status == 401)
            #expect(missing.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true)
            #expect(try await RawHTTP.send("GET", path + "?token=wrong-token-0123456789", port: port).status == 401)
            #expect(
                try await RawHTTP.send(
                    "GET", path, port: port, headers: ["Authorization": Self.basic("google", "nope")]
                )
                .status == 401)
            #expect(
                try await RawHTTP.send(
                    "GET", path, port: port, headers: ["Authorization": Self.basic("bing", Self.password)]
                )
                .status == 401)
            #expect(
                try await RawHTTP.send("GET", "/feeds/somebody/google.xml?token=\(Self.token)", port: port).status
                    == 401)

            let byToken = try await RawHTTP.send("GET", path + "?token=\(Self.token)", port: port)
            #expect(byToken.status == 200)
            #expect(byToken.headers["content-type"]?.hasPrefix("application/rss+xml") == true)
            #expect(try FeedTestSupport.problems(byToken.body, format: .google) == [])
            #expect(FeedTestSupport.count("<g:shipping>", in: byToken.body) > 0)

            let byBasic = try await RawHTTP.send(
                "GET", path, port: port, headers: ["Authorization": Self.basic("google", Self.password)])
            #expect(byBasic.status == 200)
            #expect(byBasic.body == byToken.body)

            let notListed = try await RawHTTP.send(
                "GET", "/feeds/merchant-center/meta.xml?token=\(Self.token)", port: port)
            #expect(notListed.status == 404)
        }
    }

    @Test("ETag and Last-Modified give 304 without a body; HEAD has the headers only; Range gives 206")
    func conditionalRequests() async throws {
        try await Self.withEngine { _, port in
            let path = "/feeds/merchant-center/google-atom.xml?token=\(Self.token)"
            let first = try await RawHTTP.send("GET", path, port: port)
            #expect(first.status == 200)
            let etag = try #require(first.headers["etag"])
            let lastModified = try #require(first.headers["last-modified"])
            #expect(try FeedTestSupport.problems(first.body, format: .googleAtom) == [])

            let byTag = try await RawHTTP.send("GET", path, port: port, headers: ["If-None-Match": etag])
            #expect(byTag.status == 304)
            #expect(byTag.body.isEmpty)
            #expect(byTag.headers["etag"] == etag)
            let byDate = try await RawHTTP.send("GET", path, port: port, headers: ["If-Modified-Since": lastModified])
            #expect(byDate.status == 304)
            let stale = try await RawHTTP.send(
                "GET", path, port: port, headers: ["If-None-Match": "\"v0-google-atom\""])
            #expect(stale.status == 200)

            let head = try await RawHTTP.send("HEAD", path, port: port)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["content-length"] == String(first.body.count))
            #expect(head.headers["etag"] == etag)

            let range = try await RawHTTP.send("GET", path, port: port, headers: ["Range": "bytes=10-109"])
            #expect(range.status == 206)
            #expect(range.body == Array(first.body[10...109]))
            #expect(range.headers["content-range"] == "bytes 10-109/\(first.body.count)")
            let beyond = try await RawHTTP.send("GET", path, port: port, headers: ["Range": "bytes=99999999-"])
            #expect(beyond.status == 416)
        }
    }

    @Test("gzip is served when accepted, with its own ETag, and decompresses to the plain feed")
    func gzip() async throws {
        try await Self.withEngine { _, port in
            let path = "/feeds/merchant-center/emporium.xml?token=\(Self.token)"
            let plain = try await RawHTTP.send("GET", path, port: port)
            let packed = try await RawHTTP.send("GET", path, port: port, headers: ["Accept-Encoding": "br, gzip;q=0.8"])
            #expect(packed.status == 200)
            #expect(packed.headers["content-encoding"] == "gzip")
            #expect(packed.headers["vary"] == "Accept-Encoding")
            #expect(packed.headers["etag"] != plain.headers["etag"])
            #expect(packed.body.count < plain.body.count)
            #expect(Gunzip.decompress(packed.body) == plain.body)
            #expect(try FeedTestSupport.problems(plain.body, format: .emporium) == [])
            let refused = try await RawHTTP.send("GET", path, port: port, headers: ["Accept-Encoding": "gzip;q=0"])
            #expect(refused.headers["content-encoding"] == nil)
        }
    }

    @Test("a price change makes a new ETag and a new feed")
    func priceChange() async throws {
        try await Self.withEngine { engine, port in
            let path = "/feeds/merchant-center/google.xml?token=\(Self.token)"
            let before = try await RawHTTP.send("GET", path, port: port)
            let etag = try #require(before.headers["etag"])
            let text = String(decoding: before.body, as: UTF8.self)
            let sku = try #require(
                text.components(separatedBy: "<g:id>").dropFirst().first?.components(separatedBy: "</g:id>").first)
            let changed = try await engine.graphQL(
                #"mutation($sku: String!) { variantPriceSet(sku: $sku, channel: "web-us", amount: 123456) { userErrors { code } } }"#,
                variables: ["sku": sku], admin: true)
            #expect(changed.status == 200)
            let conditional = try await RawHTTP.send("GET", path, port: port, headers: ["If-None-Match": etag])
            #expect(conditional.status == 200)
            #expect(conditional.headers["etag"] != etag)
            #expect(String(decoding: conditional.body, as: UTF8.self).contains("1234.56 USD"))
            let metrics = try await RawHTTP.send("GET", "/metrics", port: port)
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("emporium_feed_generations_total"))
        }
    }
}
