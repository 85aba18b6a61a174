import EmporiumCore
import EmporiumFeeds
import Testing

/// Item text is built in reused byte buffers and shared per product; these pin what that text
/// and the report must be, independently of how they are built.
@Suite("Feed item text")
struct FeedItemTextTests {
    @Test("a disallowed character is found at every position, in every word of the scan")
    func cleanAtEveryOffset() {
        for length in 1...40 {
            for position in 0..<length {
                for bad in ["\u{0}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{8}"] {
                    var characters = Array(repeating: "a", count: length)
                    characters[position] = bad
                    var report = FeedReport()
                    let cleaned = FeedText.clean(characters.joined(), field: "f", report: &report)
                    #expect(cleaned == String(repeating: "a", count: length - 1), "\(length) \(position)")
                    #expect(report.count(of: .charactersRemoved, field: "f") == 1)
                }
                // Allowed neighbours of the disallowed ranges stay: tab, newline, return, space,
                // U+FFFD and characters whose UTF-8 has 0xEF as a lead byte but are allowed.
                for good in ["\t", "\n", "\r", " ", "\u{FFFD}", "\u{F000}", "ｱ"] {
                    var characters = Array(repeating: "a", count: length)
                    characters[position] = good
                    var report = FeedReport()
                    let text = characters.joined()
                    #expect(FeedText.clean(text, field: "f", report: &report) == text)
                    #expect(report.counts.isEmpty)
                }
            }
        }
    }

    static func item(_ element: String, in text: String) -> [String] {
        text.components(separatedBy: "<\(element)>").dropFirst().map { $0.components(separatedBy: "</")[0] }
    }

    @Test(
        "prices are the decimal string of their minor units and the currency's digits",
        arguments: [("USD", 2), ("JPY", 0), ("KWD", 3)])
    func prices(currency: String, digits: Int) throws {
        let amounts: [Int64] = [0, 1, 5, 99, 100, 1001, 123_456, 9_999_999_999]
        let products = amounts.enumerated().map { index, amount in
            FeedFixtures.product(
                id: Int64(index + 1), slug: "p\(index)", name: "P", description: "d", brand: nil,
                variants: [
                    FeedVariant(
                        variant: ProductVariant(
                            id: Int64(index + 1), productID: Int64(index + 1), sku: "S\(index)", name: "",
                            options: [], gtin: "12345678", mpn: nil, weightGrams: nil, condition: .new, position: 0),
                        prices: [
                            VariantPrice(
                                variantID: Int64(index + 1), channel: "web-x",
                                price: Money(minorUnits: amount, currency: currency),
                                compareAtPrice: Money(minorUnits: amount * 2 + 1, currency: currency))
                        ],
                        stock: [StockLevel(variantID: Int64(index + 1), location: "main", onHand: 1, reserved: 0)])
                ])
        }
        var snapshot = FeedFixtures.snapshot
        snapshot.channels.append(
            Channel(code: "web-x", name: "X", currency: currency, storefrontBaseURL: "https://x.example.com"))
        var options = FeedFixtures.options
        options.channel = "web-x"
        let sink = BufferSink()
        _ = try FeedGenerator(format: .google, options: options).generate(
            snapshot: snapshot, products: products, to: sink)
        let expectedSale = amounts.map { Money(minorUnits: $0, currency: currency).decimalString + " " + currency }
        let expectedPrice = amounts.map {
            Money(minorUnits: $0 * 2 + 1, currency: currency).decimalString + " " + currency
        }
        #expect(Self.item("g:sale_price", in: sink.text) == expectedSale)
        // The shipping price (495 minor units) follows each item's own price.
        let prices = Self.item("g:price", in: sink.text)
        #expect(stride(from: 0, to: prices.count, by: 2).map { prices[$0] } == expectedPrice)
        #expect(prices[1] == Money(minorUnits: 495, currency: currency).decimalString + " " + currency)
        #expect(Money.exponent(of: currency) == digits)
    }

    @Test("links percent-encode every byte of the slug and SKU but RFC 3986's unreserved characters")
    func links() throws {
        let product = FeedFixtures.product(
            id: 1, slug: "caf-1", name: "Café", description: "d", brand: nil,
            variants: [FeedFixtures.variant(id: 1, productID: 1, sku: "A B/ü&?~._-9", gtin: "12345678")])
        var options = FeedFixtures.options
        options.linkTemplate = "{storefront}/p/{slug}?v={sku}&x=\u{7}{unknown}"
        let generated = try FeedFixtures.generate(.google, products: [product], options: options)
        #expect(
            Self.item("g:link", in: generated.text) == [
                "https://shop.example.com/us/p/caf-1?v=A%20B%2F%C3%BC%26%3F~._-9&amp;x={unknown}"
            ])
    }

    @Test("what a product's variants share is counted once per item that uses it")
    func sharedCounts() throws {
        let variants = (1...3).map { FeedFixtures.variant(id: $0, productID: 1, sku: "V\($0)", gtin: "12345678") }
        let product = FeedFixtures.product(
            id: 1, slug: "shared", name: "Bell\u{7}", description: "<b>Bold</b> " + String(repeating: "x", count: 6000),
            brand: "B\u{1}", category: ["Home\u{2}"], media: ["/m/\u{3}1.svg", "/m/2.svg"],
            variants: variants + [FeedFixtures.variant(id: 4, productID: 1, sku: "NO-PRICE", usd: nil)])
        let report = try FeedFixtures.generate(.google, products: [product]).report
        #expect(report.itemsWritten == 3)
        #expect(report.count(of: .itemOmitted, field: "g:price") == 1)
        #expect(report.count(of: .charactersRemoved, field: "g:title") == 3)
        #expect(report.count(of: .charactersRemoved, field: "g:brand") == 3)
        #expect(report.count(of: .charactersRemoved, field: "g:product_type") == 3)
        #expect(report.count(of: .charactersRemoved, field: "g:image_link") == 3)
        #expect(report.count(of: .htmlRemoved, field: "g:description") == 3)
        #expect(report.count(of: .truncated, field: "g:description") == 3)
    }
}
