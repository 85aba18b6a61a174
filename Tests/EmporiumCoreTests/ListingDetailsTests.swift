import EmporiumCore
import Testing

@Suite("ListingDetails: a page's variants, media, prices and stock by position, and by id")
struct ListingDetailsTests {
    static func variant(_ id: Int64, of product: Int64, position: Int = 0) -> ProductVariant {
        ProductVariant(
            id: id, productID: product, sku: "SKU-\(id)", name: "", options: [], gtin: nil, mpn: nil, weightGrams: nil,
            condition: .new, position: position)
    }

    static func price(_ variant: Int64, _ amount: Int64) -> VariantPrice {
        VariantPrice(
            variantID: variant, channel: "web-eu", price: Money(minorUnits: amount, currency: "EUR"),
            compareAtPrice: nil)
    }

    static func media(_ product: Int64, _ position: Int) -> Media {
        Media(productID: product, url: "/m/\(product)-\(position).svg", alt: "", position: position)
    }

    /// Product 30 with two variants (one unpriced) and a picture, product 10 with nothing, product
    /// 20 with one variant and two pictures, in that page order.
    static func page() -> ListingDetails {
        var details = ListingDetails()
        details.reserveCapacity(products: 3, variants: 3, media: 3)
        details.appendProduct(30)
        details.appendVariant(variant(31, of: 30), price: price(31, 500), units: 2)
        details.appendVariant(variant(32, of: 30, position: 1), price: nil, units: 0)
        details.appendMedia(media(30, 0))
        details.appendProduct(10)
        details.appendProduct(20)
        details.appendMedia(media(20, 0))
        details.appendVariant(variant(21, of: 20), price: price(21, 900), units: 7)
        details.appendMedia(media(20, 1))
        return details
    }

    @Test("each product owns its range of the flat lists, in page order, empty ranges included")
    func positions() {
        let details = Self.page()
        #expect(details.productIDs == [30, 10, 20])
        #expect(details.variantRange(ofProductAt: 0) == 0..<2)
        #expect(details.variantRange(ofProductAt: 1) == 2..<2)
        #expect(details.variantRange(ofProductAt: 2) == 2..<3)
        #expect(details.mediaRange(ofProductAt: 0) == 0..<1)
        #expect(details.mediaRange(ofProductAt: 1) == 1..<1)
        #expect(details.mediaRange(ofProductAt: 2) == 1..<3)
        #expect(details.variantList.map(\.id) == [31, 32, 21])
        #expect(details.variantPrices.map { $0?.price.minorUnits } == [500, nil, 900])
        #expect(details.variantUnits == [2, 0, 7])
        #expect(details.mediaList.map(\.url) == ["/m/30-0.svg", "/m/20-0.svg", "/m/20-1.svg"])
    }

    @Test("the lookups by id: every product and variant has an entry, an unpriced variant has no price")
    func lookups() {
        let details = Self.page()
        #expect(
            details.variants == [
                30: [Self.variant(31, of: 30), Self.variant(32, of: 30, position: 1)], 10: [],
                20: [Self.variant(21, of: 20)],
            ])
        #expect(details.media == [30: [Self.media(30, 0)], 10: [], 20: [Self.media(20, 0), Self.media(20, 1)]])
        #expect(details.prices == [31: Self.price(31, 500), 21: Self.price(21, 900)])
        #expect(details.stock == [31: 2, 32: 0, 21: 7])
    }

    @Test("details built from lookups equal the same details built by position, whatever the order")
    func equality() {
        let byPosition = Self.page()
        let byID = ListingDetails(
            variants: byPosition.variants, media: byPosition.media, prices: byPosition.prices, stock: byPosition.stock)
        #expect(byID == byPosition)
        #expect(byID.hashValue == byPosition.hashValue)
        #expect(byID.productIDs == [10, 20, 30])
        var changed = Self.page()
        changed.appendVariant(Self.variant(22, of: 20), price: nil, units: 1)
        #expect(changed != byPosition)
        #expect(ListingDetails() == ListingDetails(variants: [:]))
    }

    @Test("whether the details describe a list of products, one for one and in order")
    func describes() {
        let details = Self.page()
        func products(_ ids: [Int64]) -> [Product] {
            ids.map {
                Product(
                    id: $0, slug: "p\($0)", name: "P", description: "", brand: nil, status: .active, categoryID: nil,
                    attributes: [], createdAt: 0, updatedAt: 0)
            }
        }
        #expect(details.describes(products([30, 10, 20])))
        #expect(!details.describes(products([20, 10, 30])))
        #expect(!details.describes(products([30, 10])))
        #expect(!details.describes(products([30, 10, 20, 40])))
        #expect(ListingDetails().describes([]))
    }
}
