import CLibXML2
import EmporiumCore
import EmporiumFeeds
import EmporiumTesting
import Foundation
import Testing

@Suite("Feed writer")
struct FeedWriterTests {
    @Test("the writer escapes markup characters in text and attributes; the result parses back")
    func escaping() throws {
        let sink = BufferSink()
        let writer = try FeedWriter(sink: sink, indent: false)
        try writer.startDocument()
        try writer.startElement("root")
        try writer.attribute("a", "x & \"y\" <'z'>")
        try writer.element("t", "Fish & Chips <b> \"q\" 'a' ]]> 🐟")
        try writer.endDocument()
        let text = sink.text
        #expect(text.contains("a=\"x &amp; &quot;y&quot; &lt;'z'&gt;\""))
        #expect(text.contains("<t>Fish &amp; Chips &lt;b&gt; &quot;q&quot; 'a' ]]&gt; 🐟</t>"))
        let validator = try FeedFixtures.schema(for: .google)
        // Well-formed: the parser accepts it (schema errors are expected for a foreign root).
        #expect(try validator.errors(in: sink.bytes).allSatisfy { !$0.contains("parser") })
    }

    @Test("hostile product text still yields a valid feed: control characters, invalid UTF-8, very long text")
    func hostileText() throws {
        var report = FeedReport()
        let garbage = FeedText.clean(
            utf8: [0x53, 0x68, 0x6F, 0x65, 0xFF, 0xFE, 0x01, 0x08], field: "name", report: &report)
        let long = String(repeating: "Ä & 🙂 ", count: 2000)
        let product = FeedFixtures.product(
            id: 9, slug: "hostile", name: garbage + "\u{1}" + long, description: "\u{0}" + long + long + long,
            brand: String(repeating: "B", count: 100),
            variants: [FeedFixtures.variant(id: 91, productID: 9, sku: "H-1", gtin: "12345678")])
        for format in FeedFormat.allCases {
            let generated = try FeedFixtures.generate(format, products: [product])
            #expect(try FeedFixtures.schema(for: format).errors(in: generated.bytes) == [], "\(format)")
            #expect(try FeedRules.violations(in: generated.bytes, format: format) == [])
            if format == .google {
                #expect(generated.report.count(of: .truncated, field: "g:title") == 1)
                #expect(generated.report.count(of: .truncated, field: "g:description") == 1)
                #expect(generated.report.count(of: .truncated, field: "g:brand") == 1)
                #expect(generated.report.count(of: .charactersRemoved, field: "g:title") == 1)
                #expect(generated.report.count(of: .charactersRemoved, field: "g:description") == 1)
            }
        }
    }

    @Test("items that cannot meet the partner's rules are left out and counted")
    func omitted() throws {
        let products = [
            FeedFixtures.product(
                id: 1, slug: "a", name: "A", description: "", brand: nil,
                variants: [
                    FeedFixtures.variant(id: 1, productID: 1, sku: String(repeating: "S", count: 51)),
                    FeedFixtures.variant(id: 2, productID: 1, sku: "NO-PRICE", usd: nil),
                    FeedFixtures.variant(id: 3, productID: 1, sku: "OK"),
                ]),
            FeedFixtures.product(
                id: 2, slug: "b", name: "B", description: "d", brand: nil, media: [],
                variants: [FeedFixtures.variant(id: 4, productID: 2, sku: "NO-IMAGE")]),
            FeedFixtures.product(
                id: 3, slug: "c", name: "C", description: "d", brand: nil,
                attributes: [ProductAttribute(key: "availability", value: .text("preorder"))],
                variants: [FeedFixtures.variant(id: 5, productID: 3, sku: "NO-DATE", onHand: 0)]),
        ]
        let generated = try FeedFixtures.generate(.google, products: products)
        #expect(generated.report.itemsWritten == 1)
        #expect(generated.report.count(of: .itemOmitted, field: "g:id") == 1)
        #expect(generated.report.count(of: .itemOmitted, field: "g:price") == 1)
        #expect(generated.report.count(of: .itemOmitted, field: "g:image_link") == 1)
        #expect(generated.report.count(of: .itemOmitted, field: "g:availability_date") == 1)
        #expect(generated.report.summary.contains("item_omitted.g:id=1"))
        #expect(generated.text.contains("<g:id>OK</g:id>"))
        // Meta allows ids up to 100 characters.
        #expect(try FeedFixtures.generate(.meta, products: products).report.itemsWritten == 2)
    }

    @Test("the rule pass finds what XSD cannot say")
    func rules() throws {
        let document = """
            <?xml version="1.0"?>
            <rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>
            <item><g:id>A</g:id><g:price>10.00 USD</g:price><g:sale_price>12.00 USD</g:sale_price><g:gtin>12345678</g:gtin></item>
            <item><g:id>A</g:id><g:price>10 dollars</g:price><g:availability>preorder</g:availability></item>
            </channel></rss>
            """
        let violations = try FeedRules.violations(in: Array(document.utf8), format: .google)
        #expect(violations.contains("item 1 (A): g:sale_price is not below g:price"))
        #expect(violations.contains("item 2 (A): g:id is not unique"))
        #expect(violations.contains("item 2 (A): g:price is not like 15.00 USD"))
        #expect(violations.contains("item 2 (A): preorder without g:availability_date"))
        #expect(violations.contains("item 2 (A): needs g:gtin, g:mpn or g:identifier_exists no"))
        #expect(throws: FeedError.self) { try FeedRules.violations(in: Array("<rss><".utf8), format: .google) }
        #expect(throws: FeedError.self) {
            try FeedRules.violations(in: Array("<!DOCTYPE rss [<!ENTITY a \"b\">]><rss/>".utf8), format: .google)
        }
    }

    @Test("gzip output decompresses to the same bytes")
    func gzip() throws {
        let plain = BufferSink()
        let compressed = BufferSink()
        let tee = TeeSink([plain, try GzipSink(next: compressed)])
        var products: [FeedProduct] = []
        for index in 0..<200 {
            let id = Int64(index + 1)
            let variant = FeedFixtures.variant(id: id, productID: id, sku: "SKU-\(index)")
            products.append(
                FeedFixtures.product(
                    id: id, slug: "p-\(index)", name: "Product \(index)", description: "Text \(index)", brand: "Acme",
                    variants: [variant]))
        }
        _ = try FeedGenerator(format: .google, options: FeedFixtures.options).generate(
            snapshot: FeedFixtures.snapshot, products: products, to: tee)
        #expect(compressed.bytes.starts(with: [0x1F, 0x8B]))
        #expect(compressed.bytes.count < plain.bytes.count / 4)
        #expect(Gunzip.decompress(compressed.bytes) == plain.bytes)
    }

    @Test("a failing output surfaces as an output error")
    func failingSink() throws {
        final class FullDisk: FeedSink {
            func write(_ bytes: UnsafeRawBufferPointer) throws(FeedError) {
                throw FeedError(code: .output, message: "disk full")
            }
            func finish() throws(FeedError) {}
        }
        do {
            _ = try FeedFixtures.generate(.google)
            _ = try FeedGenerator(format: .google, options: FeedFixtures.options).generate(
                snapshot: FeedFixtures.snapshot, products: FeedFixtures.products, to: FullDisk())
            Issue.record("expected an error")
        } catch let error as FeedError {
            #expect(error.code == .output)
        }
    }
}
