import EmporiumCore
import EmporiumFeeds
import Foundation
import Testing

/// Every format against its golden file, its XSD and the rule pass.
///
/// Regenerate the golden files after an intended change with `EMPORIUM_UPDATE_GOLDEN=1 swift test
/// --filter FeedGoldenTests` and review the diff.
@Suite("Feed formats")
struct FeedGoldenTests {
    static var goldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    @Test("each format matches its golden file", arguments: FeedFormat.allCases)
    func golden(format: FeedFormat) throws {
        let generated = try FeedFixtures.generate(format)
        let file = Self.goldenDirectory.appendingPathComponent("\(format.rawValue).xml")
        if ProcessInfo.processInfo.environment["EMPORIUM_UPDATE_GOLDEN"] != nil {
            try generated.text.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(generated.text == expected)
    }

    @Test("each format validates against its XSD and follows the rules", arguments: FeedFormat.allCases)
    func validates(format: FeedFormat) throws {
        let generated = try FeedFixtures.generate(format)
        let errors = try FeedFixtures.schema(for: format).errors(in: generated.bytes)
        #expect(errors == [], "\(generated.text)")
        #expect(try FeedRules.violations(in: generated.bytes, format: format) == [])
    }

    @Test("partner items carry the issue's field rules")
    func googleFields() throws {
        let text = try FeedFixtures.generate(.google).text
        #expect(text.contains("<g:price>30.00 USD</g:price>"))
        #expect(text.contains("<g:sale_price>25.00 USD</g:sale_price>"))
        #expect(text.contains("<g:title>Linen Shirt &amp; Tie &lt;Deluxe&gt; - M / Blue</g:title>"))
        #expect(text.contains("<g:link>https://shop.example.com/us/products/linen-shirt?variant=LS-M-BLUE</g:link>"))
        #expect(
            text.contains("<g:image_link>https://cdn.example.com/media/placeholder/linen-shirt-1.svg</g:image_link>"))
        #expect(text.contains("<g:additional_image_link>https://img.example.com/linen-2.jpg</g:additional_image_link>"))
        #expect(text.contains("<g:identifier_exists>no</g:identifier_exists>"))
        #expect(text.contains("<g:item_group_id>linen-shirt</g:item_group_id>"))
        #expect(text.contains("<g:product_type>Apparel &gt; Shirts</g:product_type>"))
        #expect(text.contains("<g:availability>out_of_stock</g:availability>"))
        #expect(text.contains("<g:availability>preorder</g:availability>"))
        #expect(text.contains("<g:availability_date>2027-01-15T00:00:00Z</g:availability_date>"))
        #expect(text.contains("<g:shipping>"))
        #expect(!text.contains("<b>"))
    }

    @Test("Meta's profile uses Meta's availability values")
    func metaValues() throws {
        let text = try FeedFixtures.generate(.meta).text
        #expect(text.contains("<g:availability>in stock</g:availability>"))
        #expect(text.contains("<g:availability>out of stock</g:availability>"))
        #expect(!text.contains("in_stock"))
    }

    @Test("in-stock-only and the channel's prices decide which items appear")
    func filters() throws {
        var options = FeedFixtures.options
        options.inStockOnly = true
        let inStock = try FeedFixtures.generate(.google, options: options)
        #expect(!inStock.text.contains("MUG-1"))
        #expect(inStock.text.contains("LAMP-1"))
        #expect(inStock.report.count(of: .filtered, field: "g:availability") == 1)

        options = FeedFixtures.options
        options.channel = "web-eu"
        let euro = try FeedFixtures.generate(.google, options: options)
        #expect(euro.text.contains("<g:price>14.00 EUR</g:price>"))
        #expect(euro.report.itemsWritten == 4)

        options.channel = "web-mars"
        #expect(throws: FeedError.self) { try FeedFixtures.generate(.google, options: options) }
    }
}
