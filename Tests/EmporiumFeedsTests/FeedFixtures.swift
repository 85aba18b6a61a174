import EmporiumCore
import EmporiumFeeds
import Foundation

/// A small catalog covering the cases the formats treat differently: a sale, a product without
/// GTIN or MPN, a preorder, markup and characters that need escaping or removal.
enum FeedFixtures {
    static let updated: Int64 = 1_795_000_000

    static let snapshot = FeedCatalogSnapshot(
        version: 42, changedAt: updated,
        channels: [
            Channel(code: "web-eu", name: "Web EU", currency: "EUR", storefrontBaseURL: "https://shop.example.com/eu"),
            Channel(code: "web-us", name: "Web US", currency: "USD", storefrontBaseURL: "https://shop.example.com/us/"),
        ])

    static let options = FeedOptions(
        channel: "web-us", mediaBaseURL: "https://cdn.example.com",
        shipping: FlatShipping(country: "US", service: "Standard", amount: 495),
        title: "Emporium Demo")

    static func product(
        id: Int64, slug: String, name: String, description: String, brand: String?, attributes: [ProductAttribute] = [],
        category: [String] = ["Apparel", "Shirts"], media: [String] = ["/media/placeholder/a-1.svg"],
        variants: [FeedVariant]
    ) -> FeedProduct {
        FeedProduct(
            product: Product(
                id: id, slug: slug, name: name, description: description, brand: brand, status: .active,
                categoryID: category.isEmpty ? nil : 1, attributes: attributes, createdAt: updated, updatedAt: updated),
            categoryPath: category, categorySlugs: category.map { $0.lowercased() }, variants: variants,
            media: media.enumerated().map { Media(productID: id, url: $1, alt: "view \($0 + 1)", position: $0) })
    }

    static func variant(
        id: Int64, productID: Int64, sku: String, options: [(String, String)] = [], gtin: String? = nil,
        mpn: String? = nil, usd: Int64? = 1500, compareAt: Int64? = nil, onHand: Int = 5
    ) -> FeedVariant {
        let selected = options.map { SelectedOption(name: $0.0, value: $0.1) }
        var prices: [VariantPrice] = [
            VariantPrice(
                variantID: id, channel: "web-eu", price: Money(minorUnits: 1400, currency: "EUR"), compareAtPrice: nil)
        ]
        if let usd {
            prices.append(
                VariantPrice(
                    variantID: id, channel: "web-us", price: Money(minorUnits: usd, currency: "USD"),
                    compareAtPrice: compareAt.map { Money(minorUnits: $0, currency: "USD") }))
        }
        return FeedVariant(
            variant: ProductVariant(
                id: id, productID: productID, sku: sku, name: selected.map(\.value).joined(separator: " / "),
                options: selected, gtin: gtin, mpn: mpn, weightGrams: 250, condition: .new, position: Int(id % 10)),
            prices: prices,
            stock: [
                StockLevel(variantID: id, location: "east", onHand: 0, reserved: 0),
                StockLevel(variantID: id, location: "main", onHand: onHand, reserved: onHand > 1 ? 1 : 0),
            ])
    }

    static let products: [FeedProduct] = [
        product(
            id: 1, slug: "linen-shirt", name: "Linen Shirt & Tie <Deluxe>",
            description: "<p>Breathable <b>linen</b> &amp; \"cotton\" blend.</p> It's ☀️ ready.", brand: "Acme",
            attributes: [ProductAttribute(key: "material", value: .text("linen"))],
            media: ["/media/placeholder/linen-shirt-1.svg", "https://img.example.com/linen-2.jpg"],
            variants: [
                variant(
                    id: 11, productID: 1, sku: "LS-M-BLUE", options: [("Size", "M"), ("Colour", "Blue")],
                    gtin: "04006381333931", usd: 2500, compareAt: 3000),
                variant(
                    id: 12, productID: 1, sku: "LS-L-BLUE", options: [("Size", "L"), ("Colour", "Blue")],
                    mpn: "ACME-LS-L", usd: 2500, onHand: 1),
            ]),
        product(
            id: 2, slug: "bell-mug", name: "Bell\u{7} Mug 🔔", description: "Rings when\u{0}empty.\tTab kept.",
            brand: nil, category: ["Home"], media: ["/media/placeholder/bell-mug-1.svg"],
            variants: [variant(id: 21, productID: 2, sku: "MUG-1", onHand: 0)]),
        product(
            id: 3, slug: "future-lamp", name: "Future Lamp", description: "Ships next month.", brand: "Lumen",
            attributes: [
                ProductAttribute(key: "availability", value: .text("preorder")),
                ProductAttribute(key: "availability_date", value: .text("2027-01-15T00:00:00Z")),
            ],
            category: [], media: ["https://img.example.com/lamp.jpg"],
            variants: [variant(id: 31, productID: 3, sku: "LAMP-1", mpn: "LMP-1", usd: 9900, onHand: 0)]),
    ]

    /// The folder of the checked-in XSDs.
    static var schemaDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/feeds")
    }

    static func schema(for format: FeedFormat) throws -> FeedSchemaValidator {
        try FeedSchemaValidator(schemaPath: schemaDirectory.appendingPathComponent(format.schemaFile).path)
    }

    static func generate(
        _ format: FeedFormat, products: [FeedProduct] = products, options: FeedOptions = options
    ) throws -> (text: String, bytes: [UInt8], report: FeedReport) {
        let sink = BufferSink()
        let report = try FeedGenerator(format: format, options: options).generate(
            snapshot: snapshot, products: products, to: sink)
        return (sink.text, sink.bytes, report)
    }
}
