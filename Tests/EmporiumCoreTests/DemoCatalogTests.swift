import Testing

@testable import EmporiumCore

@Suite("DemoCatalog")
struct DemoCatalogTests {
    /// Shared by the tests that only read it; generating it once keeps the suite fast in debug builds.
    static let large = DemoCatalog.make(productCount: 20_000)
    static var largeVariants: [SeedVariant] { large.products.flatMap(\.variants) }

    @Test func sameArgumentsGiveTheSameCatalog() {
        #expect(DemoCatalog.make(productCount: 300, seed: 7) == DemoCatalog.make(productCount: 300, seed: 7))
        #expect(DemoCatalog.make(productCount: 300, seed: 7) != DemoCatalog.make(productCount: 300, seed: 8))
    }

    @Test func smallerCatalogIsAPrefixOfALargerOne() {
        let small = DemoCatalog.make(productCount: 50, seed: 3)
        let bigger = DemoCatalog.make(productCount: 200, seed: 3)
        #expect(small.products == Array(bigger.products.prefix(50)))
        #expect(small.categories == bigger.categories)
    }

    @Test(arguments: [0, -5])
    func emptyCatalogStillHasChannelsLocationsAndCategories(count: Int) {
        let catalog = DemoCatalog.make(productCount: count)
        #expect(catalog.products.isEmpty)
        #expect(catalog.channels.map(\.code) == ["web-us", "web-eu"])
        #expect(catalog.channels.map(\.currency) == ["USD", "EUR"])
        #expect(catalog.stockLocations == ["main", "east"])
        #expect(!catalog.categories.isEmpty)
    }

    @Test func slugsSKUsAndGTINsAreUnique() {
        let products = Self.large.products
        let variants = Self.largeVariants
        #expect(products.count == 20_000)
        #expect(Set(products.map(\.slug)).count == products.count)
        #expect(Set(variants.map(\.sku)).count == variants.count)
        let gtins = variants.compactMap(\.gtin)
        #expect(Set(gtins).count == gtins.count)
    }

    @Test func slugsAndSKUsAreWellFormed() {
        let product = Self.large.products[122]
        #expect(product.slug.hasSuffix("-123"))
        #expect(product.variants[0].sku == "SKU-000123-01")
        for product in Self.large.products {
            #expect(product.slug.utf8.allSatisfy { isSlugByte($0) }, "\(product.slug)")
        }
    }

    @Test func millionthProductKeepsTheNumberingScheme() {
        let product = DemoCatalog.product(number: 1_000_000, seed: 42)
        #expect(product.slug.hasSuffix("-1000000"))
        #expect(product.variants[0].sku == "SKU-1000000-01")
        for gtin in product.variants.compactMap(\.gtin) { #expect(hasValidCheckDigit(gtin), "\(gtin)") }
    }

    @Test func everyProductHasOneToSixDistinctVariants() {
        for product in Self.large.products {
            #expect((1...6).contains(product.variants.count))
            #expect(Set(product.variants.map(\.options)).count == product.variants.count)
            #expect(Set(product.variants.map(\.name)).count == product.variants.count)
        }
        let counts = Set(Self.large.products.map(\.variants.count))
        #expect(counts == Set(1...6))
    }

    @Test func everyVariantIsPricedOnceInEachChannel() {
        let channels = Self.large.channels.map(\.code)
        for variant in Self.largeVariants {
            #expect(variant.prices.map(\.channel).sorted() == channels.sorted())
            for price in variant.prices { #expect(price.amount > 0) }
        }
    }

    @Test func euroPricesFollowDollarPricesAndEndInNinetyNineOrZero() {
        for variant in Self.largeVariants {
            let usd = variant.prices.first { $0.channel == "web-us" }!.amount
            let eur = variant.prices.first { $0.channel == "web-eu" }!.amount
            #expect([99, 0].contains(eur % 100), "\(eur)")
            #expect(abs(eur - usd * 92 / 100) <= 101, "\(usd) USD vs \(eur) EUR")
        }
    }

    @Test func compareAtPricesAreAboveThePriceOnAboutFifteenPercentOfVariants() {
        let variants = Self.largeVariants
        let prices = variants.flatMap(\.prices)
        for price in prices {
            if let compareAt = price.compareAtAmount { #expect(compareAt > price.amount) }
        }
        let discounted = variants.filter { $0.prices.contains { $0.compareAtAmount != nil } }.count
        let share = Double(discounted) / Double(variants.count)
        #expect((0.10...0.20).contains(share), "\(share)")
    }

    @Test func gtinsHaveValidCheckDigitsAndSomeVariantsUseOnlyAnMPNOrNeither() {
        let variants = Self.largeVariants
        for gtin in variants.compactMap(\.gtin) {
            #expect(gtin.utf8.count == 13 && hasValidCheckDigit(gtin), "\(gtin)")
        }
        let withGTIN = variants.filter { $0.gtin != nil }.count
        #expect(Double(withGTIN) / Double(variants.count) > 0.7)
        #expect(variants.contains { $0.gtin == nil && $0.mpn != nil })
        #expect(variants.contains { $0.gtin == nil && $0.mpn == nil })
    }

    @Test func categoriesFormATreeWithParentsFirstAndProductsInLeaves() {
        let categories = Self.large.categories
        #expect((15...25).contains(categories.count))
        var seen: [String: Int] = [:]
        for category in categories {
            #expect(seen[category.slug] == nil, "duplicate \(category.slug)")
            let depth = category.parentSlug.map { (seen[$0] ?? 99) + 1 } ?? 1
            #expect(depth <= 3, "\(category.slug) has no earlier parent or is too deep")
            seen[category.slug] = depth
        }
        #expect(seen.values.contains(3))
        let parents = Set(categories.compactMap(\.parentSlug))
        for product in Self.large.products {
            #expect(seen[product.categorySlug] != nil && !parents.contains(product.categorySlug))
        }
    }

    @Test func stockIsWithinRangeAndSomeVariantsAreSoldOutEverywhere() {
        let locations = Set(Self.large.stockLocations)
        let variants = Self.largeVariants
        for variant in variants {
            #expect(!variant.stock.isEmpty)
            for level in variant.stock {
                #expect(locations.contains(level.location))
                #expect((0...200).contains(level.onHand))
            }
        }
        let soldOut = variants.filter { $0.stock.allSatisfy { $0.onHand == 0 } }.count
        let share = Double(soldOut) / Double(variants.count)
        #expect((0.05...0.20).contains(share), "\(share)")
    }

    @Test func mediaPointAtParseablePlaceholders() {
        for product in Self.large.products.prefix(2_000) {
            #expect((1...4).contains(product.media.count))
            for (offset, media) in product.media.enumerated() {
                let prefix = "/media/placeholder/"
                #expect(media.url.hasPrefix(prefix))
                let parsed = PlaceholderImage.parse(path: String(media.url.dropFirst(prefix.count)))
                #expect(parsed?.slug == product.slug && parsed?.index == offset + 1, "\(media.url)")
                #expect(!media.alt.isEmpty)
            }
        }
    }

    @Test func productsLookPlausible() {
        let twoYears: Int64 = 2 * 365 * 86_400
        for product in Self.large.products {
            #expect(!product.name.isEmpty && !product.description.isEmpty)
            #expect(product.attributes.first?.key == "material")
            #expect(((DemoCatalog.epoch - twoYears)...DemoCatalog.epoch).contains(product.createdAt))
            for variant in product.variants { #expect(variant.weightGrams.map { $0 > 0 } ?? true) }
        }
        let conditions = Self.largeVariants.map(\.condition)
        #expect(conditions.filter { $0 == .new }.count > conditions.count * 9 / 10)
        #expect(Set(Self.large.products.map(\.categorySlug)).count >= 10)
        #expect(Self.large.products.contains { $0.brand == nil })
        let types = Set(Self.large.products.flatMap(\.attributes).map(\.value.typeName))
        #expect(types == ["TEXT", "INTEGER", "BOOLEAN"])
    }

    @Test func retailPricesEndAsRequested() {
        #expect(DemoCatalog.retailPrice(4_560, ending: 1) == 4_599)
        #expect(DemoCatalog.retailPrice(4_549, ending: 0) == 4_500)
        #expect(DemoCatalog.retailPrice(10, ending: 1) == 99)
        #expect(DemoCatalog.gtin13("400638133393") == "4006381333931")
    }

    private func isSlugByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }

    /// The GS1 rule, written independently of the generator: weights 3 and 1 from the right, check digit excluded.
    private func hasValidCheckDigit(_ gtin: String) -> Bool {
        let digits = gtin.compactMap(\.wholeNumberValue)
        guard digits.count == gtin.count, let check = digits.last else { return false }
        var sum = 0
        for (position, digit) in digits.dropLast().reversed().enumerated() {
            sum += digit * (position % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10 == check
    }
}
