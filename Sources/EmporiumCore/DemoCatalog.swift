/// Builds a realistic demo catalog: two channels, two stock locations, a three-level category tree
/// and any number of products with variants, prices, stock, attributes and placeholder images.
///
/// The result depends only on the arguments. Each product is drawn from its own random stream, so the
/// catalog for `n` products is the first `n` products of any larger catalog with the same seed.
///
/// ```swift
/// let catalog = DemoCatalog.make(productCount: 500)
/// print(catalog.products[0].name, catalog.products[0].variants[0].sku)
/// ```
public enum DemoCatalog {
    /// The fixed "now" of the demo catalog, 2026-01-01T00:00:00Z; products were created in the two years before.
    public static let epoch: Int64 = 1_767_225_600

    /// Generates `productCount` products (negative counts give none) from `seed`.
    ///
    /// Product `n` (counting from 1) has the slug `<name>-<n>` and the SKUs `SKU-<n, 6 digits>-<variant, 2 digits>`,
    /// so slugs and SKUs are unique at any size.
    public static func make(productCount: Int, seed: UInt64 = 42) -> CatalogSeed {
        let count = max(0, productCount)
        var products: [SeedProduct] = []
        products.reserveCapacity(count)
        for number in stride(from: 1, through: count, by: 1) {
            products.append(product(number: number, seed: seed))
        }
        return CatalogSeed(
            channels: [
                Channel(
                    code: "web-us", name: "Web US", currency: "USD", storefrontBaseURL: "https://shop.example.com/us"),
                Channel(
                    code: "web-eu", name: "Web EU", currency: "EUR", storefrontBaseURL: "https://shop.example.com/eu"),
            ],
            stockLocations: ["main", "east"],
            categories: categories,
            products: products
        )
    }

    /// The category tree, parents before children; products go into the leaves.
    static let categories: [SeedCategory] = {
        let tree: [(String, String, [(String, String, [(String, String)])])] = [
            (
                "apparel", "Apparel",
                [
                    ("apparel-men", "Men", [("men-shirts", "Shirts"), ("men-knitwear", "Knitwear")]),
                    ("apparel-women", "Women", [("women-dresses", "Dresses"), ("women-knitwear", "Knitwear")]),
                ]
            ),
            (
                "home", "Home",
                [
                    ("home-kitchen", "Kitchen", []), ("home-bedding", "Bedding", []),
                    ("home-bath", "Bath", []), ("home-decor", "Decor", []),
                ]
            ),
            (
                "electronics", "Electronics",
                [
                    (
                        "electronics-audio", "Audio",
                        [("audio-headphones", "Headphones"), ("audio-speakers", "Speakers")]
                    ),
                    ("electronics-accessories", "Accessories", []),
                ]
            ),
            ("outdoor", "Outdoor", [("outdoor-camping", "Camping", []), ("outdoor-hiking", "Hiking", [])]),
        ]
        var result: [SeedCategory] = []
        for (rootPosition, root) in tree.enumerated() {
            result.append(SeedCategory(slug: root.0, name: root.1, parentSlug: nil, position: rootPosition))
            for (position, child) in root.2.enumerated() {
                result.append(SeedCategory(slug: child.0, name: child.1, parentSlug: root.0, position: position))
                for (leafPosition, leaf) in child.2.enumerated() {
                    result.append(SeedCategory(slug: leaf.0, name: leaf.1, parentSlug: child.0, position: leafPosition))
                }
            }
        }
        return result
    }()

    private static let variantCounts = [1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6]
    private static let mediaCounts = [1, 2, 2, 3, 3, 4]
    private static let views = ["front view", "detail", "side view", "in use"]
    private static let openers = [
        "Classic", "Versatile", "Hard-wearing", "Thoughtfully made", "Understated", "Refined",
    ]
    private static let origins = [
        "Portugal", "Italy", "Japan", "Vietnam", "United States", "Germany", "India", "Turkey",
    ]
    private static let gs1Prefixes = ["400", "500", "690", "760", "890", "301"]
    private static let discounts: [Int64] = [10, 15, 20, 25, 30, 40]
    /// Cents taken off a whole price: mostly `.99`, some `.00`, a few `.95`.
    private static let priceEndings: [Int64] = [1, 1, 1, 0, 0, 5]

    /// Product `number` (from 1) of every catalog made with `seed`.
    static func product(number: Int, seed: UInt64) -> SeedProduct {
        var random = DemoRandom(seed: seed, stream: UInt64(number))
        let family = ProductFamily.all[random.below(ProductFamily.all.count)]
        let template = family.templates[random.below(family.templates.count)]
        let material = random.pick(template.materials)
        var name = family.materialInName ? material + " " : ""
        if !template.styles.isEmpty && (!family.materialInName || random.chance(65)) {
            name += random.pick(template.styles) + " "
        }
        name += template.noun
        let brandIndex = random.chance(94) ? random.below(family.brands.count) : nil
        let brand = brandIndex.map { family.brands[$0] }
        let slug = slugged(name) + "-" + String(number)

        var description = random.pick(openers) + " " + name + ", " + random.pick(family.uses) + "."
        let featureCount = random.below(3) - (brand == nil ? 0 : 1)
        if featureCount > 0 {
            let first = random.below(family.features.count)
            for offset in 0..<featureCount {
                description += " " + family.features[(first + offset) % family.features.count]
            }
        }
        if let brand { description += " Designed by " + brand + "." }

        var attributes = [ProductAttribute(key: "material", value: .text(material.lowercased()))]
        for kind in family.attributes {
            attributes.append(kind.attribute(material: material, random: &random))
        }
        attributes.append(ProductAttribute(key: "countryOfOrigin", value: .text(random.pick(origins))))

        let mediaCount = random.pick(mediaCounts)
        var media: [SeedMedia] = []
        media.reserveCapacity(mediaCount)
        for index in 1...mediaCount {
            let url = "/media/placeholder/" + slug + "-" + String(index) + ".svg"
            media.append(SeedMedia(url: url, alt: name + ", " + views[(index - 1) % views.count]))
        }

        let variants = variants(
            number: number, template: template, axes: template.axes ?? family.axes,
            brandIndex: brandIndex, brand: brand, random: &random
        )
        let createdAt = epoch - Int64(random.below(2 * 365 * 86_400))
        return SeedProduct(
            slug: slug, name: name, description: description, brand: brand, categorySlug: family.category,
            attributes: attributes, media: media, variants: variants, createdAt: createdAt
        )
    }

    private static func variants(
        number: Int, template: ProductTemplate, axes: [OptionAxis], brandIndex: Int?, brand: String?,
        random: inout DemoRandom
    ) -> [SeedVariant] {
        let combinations = optionCombinations(axes: axes, wanted: random.pick(variantCounts), random: &random)
        let basePrice = Int64(random.int(in: template.dollars)) * 100
        let ending = random.pick(priceEndings)
        let discount: Int64? = random.chance(15) ? random.pick(discounts) : nil
        let baseWeight = random.int(in: template.grams)
        let identifiers = random.below(100)
        let gs1Prefix = gs1Prefixes[(brandIndex ?? 0) % gs1Prefixes.count]
        let mpnPrefix = brand.map(partNumberPrefix) ?? "GEN"
        let condition: ItemCondition =
            switch random.below(100) {
            case 0: .used
            case 1, 2: .refurbished
            default: .new
            }

        var variants: [SeedVariant] = []
        variants.reserveCapacity(combinations.count)
        for (index, combination) in combinations.enumerated() {
            let usd = retailPrice(basePrice * Int64(100 + combination.stepPercent) / 100, ending: ending)
            let eur = retailPrice(usd * 92 / 100, ending: ending == 0 ? 0 : 1)
            let serial = number * 10 + index
            let gtin = identifiers < 85 ? gtin13(gs1Prefix + padded(serial, width: 9)) : nil
            let mpn =
                identifiers >= 96 || (identifiers < 85 && identifiers % 2 == 0)
                ? nil : mpnPrefix + "-" + String(100_000 + number) + "-" + String(index + 1)
            let weight = random.chance(97) ? baseWeight * (100 + combination.stepPercent / 2) / 100 : nil
            var stock = [SeedStock(location: "main", onHand: 0)]
            if !random.chance(10) {
                stock[0].onHand = random.int(in: 0...200)
                if random.chance(70) { stock.append(SeedStock(location: "east", onHand: random.int(in: 0...200))) }
            }
            variants.append(
                SeedVariant(
                    sku: "SKU-" + padded(number, width: 6) + "-" + padded(index + 1, width: 2),
                    name: combination.name, options: combination.options, gtin: gtin, mpn: mpn, weightGrams: weight,
                    condition: condition,
                    prices: [
                        SeedPrice(channel: "web-us", amount: usd, compareAtAmount: compareAt(usd, discount: discount)),
                        SeedPrice(channel: "web-eu", amount: eur, compareAtAmount: compareAt(eur, discount: discount)),
                    ],
                    stock: stock
                )
            )
        }
        return variants
    }

    private struct OptionCombination {
        var name: String
        var options: [SelectedOption]
        var stepPercent: Int
    }

    /// Up to `wanted` distinct combinations of the axes' values (at least one, even without axes).
    private static func optionCombinations(
        axes: [OptionAxis], wanted: Int, random: inout DemoRandom
    ) -> [OptionCombination] {
        guard let primary = axes.first else { return [OptionCombination(name: "Default", options: [], stepPercent: 0)] }
        let secondary = axes.dropFirst().first
        let secondaryCount = secondary.map { random.int(in: 1...min(3, wanted, $0.values.count)) } ?? 1
        let primaryCount = min(primary.values.count, (wanted + secondaryCount - 1) / secondaryCount)
        let primaryValues = primary.choose(primaryCount, random: &random)
        let secondaryValues = secondary?.choose(secondaryCount, random: &random) ?? []
        var result: [OptionCombination] = []
        result.reserveCapacity(wanted)
        for (rank, value) in primaryValues.enumerated() {
            let option = SelectedOption(name: primary.name, value: primary.values[value])
            let step = rank * primary.stepPercent
            guard let secondary else {
                result.append(OptionCombination(name: option.value, options: [option], stepPercent: step))
                continue
            }
            for other in secondaryValues where result.count < wanted {
                let second = SelectedOption(name: secondary.name, value: secondary.values[other])
                let name = option.value + " / " + second.value
                result.append(OptionCombination(name: name, options: [option, second], stepPercent: step))
            }
        }
        return result
    }

    /// Rounds minor units to whole units, then takes `ending` off: 1 gives `.99`, 5 gives `.95`, 0 gives `.00`.
    static func retailPrice(_ minorUnits: Int64, ending: Int64) -> Int64 {
        max(1, (minorUnits + 50) / 100) * 100 - ending
    }

    private static func compareAt(_ price: Int64, discount: Int64?) -> Int64? {
        guard let discount else { return nil }
        return max(price + 100, retailPrice(price * 100 / (100 - discount), ending: 0))
    }

    /// Appends the GS1 check digit to twelve digits.
    static func gtin13(_ twelveDigits: String) -> String {
        var sum = 0
        for (index, byte) in twelveDigits.utf8.enumerated() {
            sum += Int(byte - UInt8(ascii: "0")) * (index % 2 == 0 ? 1 : 3)
        }
        return twelveDigits + String((10 - sum % 10) % 10)
    }

    private static func partNumberPrefix(_ brand: String) -> String {
        var letters: [UInt8] = []
        for byte in brand.utf8 where letters.count < 3 {
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { letters.append(byte) }
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) { letters.append(byte - 32) }
        }
        return String(decoding: letters, as: UTF8.self)
    }

    /// Lower-case ASCII letters and digits joined by single hyphens; apostrophes vanish (`chefs-knife`).
    static func slugged(_ name: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        var pendingHyphen = false
        for byte in name.utf8 {
            var lower = byte
            switch byte {
            case UInt8(ascii: "'"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): lower = byte + 32
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): break
            default:
                pendingHyphen = true
                continue
            }
            if pendingHyphen && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
            pendingHyphen = false
            bytes.append(lower)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        let missing = width - digits.utf8.count
        return missing > 0 ? String(repeating: "0", count: missing) + digits : digits
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014) with bounded draws of its own: the same numbers on every
/// platform and toolchain, which neither `SystemRandomNumberGenerator` nor `Int.random(in:using:)` promises.
struct DemoRandom {
    private var state: UInt64

    /// A stream for one product: streams with different numbers are unrelated.
    init(seed: UInt64, stream: UInt64) {
        state = Self.mix(seed &+ Self.mix(stream &* 0x9E37_79B9_7F4A_7C15))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` by multiply-shift; the bias is far below anything a demo can notice.
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<Element>(_ elements: [Element]) -> Element { elements[below(elements.count)] }
}

// MARK: - Vocabulary

/// One option a product varies by (`Size`, `Colour`, `Capacity`) and the values it can take.
private struct OptionAxis: Sendable {
    var name: String
    var values: [String]
    /// Ordered axes (sizes, capacities) take a consecutive run of values; others take any values.
    var ordered: Bool
    /// Price increase per step along an ordered run, in percent.
    var stepPercent: Int

    /// Indexes of `count` distinct values, in display order.
    func choose(_ count: Int, random: inout DemoRandom) -> [Int] {
        if ordered {
            let start = random.below(values.count - count + 1)
            return Array(start..<start + count)
        }
        var indexes = Array(values.indices)
        for slot in 0..<count {
            indexes.swapAt(slot, slot + random.below(indexes.count - slot))
        }
        return Array(indexes[..<count])
    }

    static func sized(_ name: String, _ values: [String], step: Int = 0) -> OptionAxis {
        OptionAxis(name: name, values: values, ordered: true, stepPercent: step)
    }

    static func colours(_ values: [String]) -> OptionAxis {
        OptionAxis(name: "Colour", values: values, ordered: false, stepPercent: 0)
    }

    static let clothing = sized("Size", ["XS", "S", "M", "L", "XL", "XXL"])
    static let apparelColour = colours(["Navy", "Charcoal", "Oatmeal", "Forest", "Black", "White", "Burgundy", "Sky"])
    static let homeColour = colours(["White", "Sand", "Sage", "Slate", "Terracotta", "Charcoal", "Blush"])
    static let techColour = colours(["Black", "White", "Silver", "Midnight Blue", "Sand"])
    static let outdoorColour = colours(["Moss", "Black", "Rust", "Glacier Blue", "Stone"])
    static let bedSize = sized("Size", ["Twin", "Full", "Queen", "King", "California King"], step: 12)
    static let smallMediumLarge = sized("Size", ["Small", "Medium", "Large"], step: 25)
    static let shoeSize = sized(
        "Size", ["EU 38", "EU 39", "EU 40", "EU 41", "EU 42", "EU 43", "EU 44", "EU 45", "EU 46"])
}

/// A typed attribute a family of products carries besides `material` and `countryOfOrigin`.
private enum AttributeKind: Sendable {
    case season, coldSeason, organic, warranty, dishwasherSafe, threadCount, batteryLife, waterproof

    private static let seasons = ["all-season", "spring/summer", "autumn/winter", "summer", "winter"]
    private static let coldSeasons = ["autumn/winter", "winter", "all-season"]
    private static let warrantyMonths: [Int64] = [12, 24, 24, 36, 60]

    func attribute(material: String, random: inout DemoRandom) -> ProductAttribute {
        switch self {
        case .season:
            return ProductAttribute(key: "season", value: .text(random.pick(Self.seasons)))
        case .coldSeason:
            return ProductAttribute(key: "season", value: .text(random.pick(Self.coldSeasons)))
        case .organic:
            let organic = material.hasPrefix("Organic") || random.chance(10)
            return ProductAttribute(key: "organic", value: .boolean(organic))
        case .warranty:
            return ProductAttribute(key: "warrantyMonths", value: .integer(random.pick(Self.warrantyMonths)))
        case .dishwasherSafe:
            return ProductAttribute(key: "dishwasherSafe", value: .boolean(random.chance(60)))
        case .threadCount:
            return ProductAttribute(key: "threadCount", value: .integer(Int64(random.int(in: 4...12) * 50)))
        case .batteryLife:
            return ProductAttribute(key: "batteryLifeHours", value: .integer(Int64(random.int(in: 6...60))))
        case .waterproof:
            return ProductAttribute(key: "waterproof", value: .boolean(random.chance(55)))
        }
    }
}

/// A kind of product: "Chef's Knife" in walnut or carbon steel, $40 to $220, 180 to 320 grams.
private struct ProductTemplate: Sendable {
    var noun: String
    var materials: [String]
    var styles: [String]
    var dollars: ClosedRange<Int>
    var grams: ClosedRange<Int>
    /// Options when they differ from the family's.
    var axes: [OptionAxis]? = nil
}

/// The products of one leaf category and the words used to describe them.
private struct ProductFamily: Sendable {
    var category: String
    var templates: [ProductTemplate]
    var brands: [String]
    var axes: [OptionAxis]
    var attributes: [AttributeKind]
    /// Whether names start with the material ("Merino Crew Neck Sweater") or a style only ("Studio Earbuds").
    var materialInName = true
    var uses: [String]
    var features: [String]

    private static let apparelBrands = ["Northwind", "Fjell & Co.", "Alder Row", "Marlowe", "Kestrel"]
    private static let homeBrands = ["Hearth & Hollow", "Ostara", "Juniper Lane", "Stillwater"]
    private static let techBrands = ["Sonara", "Voltline", "Arcwave", "Pulse Audio"]
    private static let outdoorBrands = ["Ridgeback", "Trailhead", "Summit Supply", "Cairn"]
    private static let apparelUses = ["made for everyday wear", "cut for a relaxed fit", "built to last for years"]
    private static let apparelFeatures = [
        "Garment-washed for a soft, lived-in feel.", "Finished with reinforced seams.",
        "Pre-shrunk, so it keeps its shape wash after wash.", "Made in a family-run mill.",
    ]
    private static let knitFeatures = [
        "Knitted from responsibly sourced yarn.", "Ribbed cuffs and hem keep their shape.",
        "Warm without the bulk.", "Hand wash cold and dry flat.",
    ]

    static let all: [ProductFamily] = [
        ProductFamily(
            category: "men-shirts",
            templates: [
                ProductTemplate(
                    noun: "Oxford Shirt", materials: ["Cotton", "Organic Cotton"],
                    styles: ["Button-Down", "Slim Fit", "Relaxed"], dollars: 45...95, grams: 250...350),
                ProductTemplate(
                    noun: "Flannel Shirt", materials: ["Brushed Cotton", "Wool Blend"],
                    styles: ["Check", "Heavyweight"], dollars: 55...110, grams: 350...500),
                ProductTemplate(
                    noun: "Shirt", materials: ["Linen", "Organic Linen"],
                    styles: ["Camp Collar", "Long Sleeve"], dollars: 60...120, grams: 200...300),
                ProductTemplate(
                    noun: "T-Shirt", materials: ["Organic Cotton", "Supima Cotton", "Hemp"],
                    styles: ["Crew Neck", "V-Neck", "Pocket"], dollars: 20...45, grams: 150...220),
            ],
            brands: apparelBrands, axes: [.clothing, .apparelColour], attributes: [.season, .organic],
            uses: apparelUses, features: apparelFeatures
        ),
        ProductFamily(
            category: "men-knitwear",
            templates: [
                ProductTemplate(
                    noun: "Sweater", materials: ["Merino", "Cashmere", "Lambswool"],
                    styles: ["Crew Neck", "V-Neck", "Cable Knit", "Quarter-Zip"], dollars: 80...260,
                    grams: 300...600),
                ProductTemplate(
                    noun: "Cardigan", materials: ["Merino", "Organic Cotton", "Alpaca"],
                    styles: ["Shawl Collar", "Button"], dollars: 90...240, grams: 350...650),
            ],
            brands: apparelBrands, axes: [.clothing, .apparelColour], attributes: [.coldSeason, .organic],
            uses: apparelUses, features: knitFeatures
        ),
        ProductFamily(
            category: "women-dresses",
            templates: [
                ProductTemplate(
                    noun: "Midi Dress", materials: ["Linen", "Silk", "Viscose"],
                    styles: ["Wrap", "Slip", "Tiered"], dollars: 80...220, grams: 200...450),
                ProductTemplate(
                    noun: "Shirt Dress", materials: ["Cotton Poplin", "Organic Linen"],
                    styles: ["Belted", "Relaxed"], dollars: 70...160, grams: 250...400),
                ProductTemplate(
                    noun: "Knit Dress", materials: ["Merino", "Ribbed Cotton"],
                    styles: ["Turtleneck", "Sleeveless"], dollars: 90...200, grams: 350...600),
            ],
            brands: apparelBrands, axes: [.clothing, .apparelColour], attributes: [.season, .organic],
            uses: apparelUses, features: apparelFeatures
        ),
        ProductFamily(
            category: "women-knitwear",
            templates: [
                ProductTemplate(
                    noun: "Sweater", materials: ["Cashmere", "Merino", "Mohair Blend"],
                    styles: ["Crew Neck", "Turtleneck", "Oversized"], dollars: 85...280, grams: 280...550),
                ProductTemplate(
                    noun: "Cardigan", materials: ["Alpaca", "Organic Cotton"],
                    styles: ["Cropped", "Longline"], dollars: 90...230, grams: 300...600),
                ProductTemplate(
                    noun: "Knit Vest", materials: ["Merino", "Lambswool"], styles: ["V-Neck"],
                    dollars: 60...140, grams: 200...350),
            ],
            brands: apparelBrands, axes: [.clothing, .apparelColour], attributes: [.coldSeason, .organic],
            uses: apparelUses, features: knitFeatures
        ),
        ProductFamily(
            category: "home-kitchen",
            templates: [
                ProductTemplate(
                    noun: "Chef's Knife", materials: ["Walnut", "Carbon Steel", "Damascus"], styles: [],
                    dollars: 40...220, grams: 180...320,
                    axes: [.sized("Blade Length", ["15 cm", "18 cm", "20 cm", "24 cm"], step: 10)]),
                ProductTemplate(
                    noun: "Dutch Oven", materials: ["Cast Iron", "Enamelled Cast Iron"],
                    styles: ["Round", "Oval"], dollars: 90...380, grams: 4000...7000,
                    axes: [
                        .sized("Capacity", ["2.8 L", "3.8 L", "4.7 L", "6.7 L"], step: 15),
                        .homeColour,
                    ]),
                ProductTemplate(
                    noun: "Saucepan", materials: ["Stainless Steel", "Copper"], styles: ["Tri-Ply"],
                    dollars: 45...180, grams: 900...1800,
                    axes: [.sized("Capacity", ["1.4 L", "1.9 L", "2.8 L", "3.8 L"], step: 12)]),
                ProductTemplate(
                    noun: "French Press", materials: ["Borosilicate Glass", "Stainless Steel"],
                    styles: ["Double-Wall"], dollars: 25...80, grams: 500...900,
                    axes: [.sized("Capacity", ["3 cup", "8 cup", "12 cup"], step: 15)]),
                ProductTemplate(
                    noun: "Cutting Board", materials: ["Walnut", "Maple", "Acacia"], styles: ["End-Grain"],
                    dollars: 35...140, grams: 1200...3000, axes: [.smallMediumLarge]),
            ],
            brands: homeBrands, axes: [], attributes: [.warranty, .dishwasherSafe],
            uses: ["made for everyday cooking", "at home in any kitchen", "built for a lifetime of meals"],
            features: [
                "Balanced and comfortable in the hand.", "Backed by our no-quibble warranty.",
                "Oven-safe and induction-ready.", "Easy to care for.",
            ]
        ),
        ProductFamily(
            category: "home-bedding",
            templates: [
                ProductTemplate(
                    noun: "Duvet Cover", materials: ["Percale Cotton", "Sateen Cotton", "Linen"],
                    styles: ["Stonewashed", "Striped"], dollars: 80...260, grams: 1000...1800),
                ProductTemplate(
                    noun: "Sheet Set", materials: ["Percale Cotton", "Organic Cotton", "Linen"],
                    styles: ["Fitted", "Stonewashed"], dollars: 90...280, grams: 1200...2200),
                ProductTemplate(
                    noun: "Throw Blanket", materials: ["Wool", "Cotton Waffle", "Cashmere Blend"],
                    styles: ["Herringbone", "Fringed"], dollars: 60...250, grams: 800...1500,
                    axes: [.homeColour]),
            ],
            brands: homeBrands, axes: [.bedSize, .homeColour], attributes: [.organic, .threadCount],
            uses: ["for a better night's sleep", "made to soften with every wash"],
            features: ["OEKO-TEX certified.", "Breathable and cool in summer.", "Finished with French seams."]
        ),
        ProductFamily(
            category: "home-bath",
            templates: [
                ProductTemplate(
                    noun: "Bath Towel", materials: ["Turkish Cotton", "Organic Cotton", "Linen"],
                    styles: ["Waffle", "Ribbed"], dollars: 25...70, grams: 500...900),
                ProductTemplate(
                    noun: "Bath Mat", materials: ["Cotton", "Teak"], styles: [], dollars: 30...90,
                    grams: 600...1500),
                ProductTemplate(
                    noun: "Bathrobe", materials: ["Terry Cotton", "Waffle Cotton"],
                    styles: ["Hooded", "Shawl Collar"], dollars: 70...160, grams: 1000...1600,
                    axes: [.sized("Size", ["S", "M", "L", "XL"]), .homeColour]),
            ],
            brands: homeBrands, axes: [.homeColour], attributes: [.organic],
            uses: ["for slow mornings", "soft, absorbent and quick to dry"],
            features: ["Long-staple fibres for extra softness.", "Gets softer with every wash.", "Machine washable."]
        ),
        ProductFamily(
            category: "home-decor",
            templates: [
                ProductTemplate(
                    noun: "Table Lamp", materials: ["Ceramic", "Brass", "Rattan"], styles: ["Dome"],
                    dollars: 60...280, grams: 1500...4000),
                ProductTemplate(
                    noun: "Vase", materials: ["Stoneware", "Glass", "Terracotta"], styles: ["Ribbed", "Bud"],
                    dollars: 20...120, grams: 300...1500, axes: [.smallMediumLarge]),
                ProductTemplate(
                    noun: "Scented Candle", materials: ["Soy Wax", "Beeswax"],
                    styles: ["Cedar & Fig", "Sea Salt", "Amber"], dollars: 18...48, grams: 250...600,
                    axes: [.smallMediumLarge]),
                ProductTemplate(
                    noun: "Wall Mirror", materials: ["Oak", "Brass", "Iron"], styles: ["Round", "Arched"],
                    dollars: 80...320, grams: 3000...9000, axes: [.smallMediumLarge]),
            ],
            brands: homeBrands, axes: [.homeColour], attributes: [],
            uses: ["to bring warmth to any room", "made by independent makers"],
            features: ["Each piece is slightly different.", "Hand-finished in small batches.", "Ships ready to use."]
        ),
        ProductFamily(
            category: "audio-headphones",
            templates: [
                ProductTemplate(
                    noun: "Over-Ear Headphones", materials: ["Aluminium", "Recycled Plastic"],
                    styles: ["Studio", "Pro", "Air", "Max"], dollars: 79...399, grams: 220...320),
                ProductTemplate(
                    noun: "True Wireless Earbuds", materials: ["Recycled Plastic", "Ceramic"],
                    styles: ["Go", "Pro", "Sport", "Air"], dollars: 49...249, grams: 40...70),
                ProductTemplate(
                    noun: "On-Ear Headphones", materials: ["Aluminium", "Leather"],
                    styles: ["City", "Mini", "Studio"], dollars: 59...199, grams: 160...220),
            ],
            brands: techBrands, axes: [.techColour], attributes: [.warranty, .batteryLife], materialInName: false,
            uses: ["tuned for long listening sessions", "with active noise cancellation"],
            features: [
                "Pairs with two devices at once.", "Fast charging: ten minutes for three hours.",
                "Replaceable ear cushions.",
            ]
        ),
        ProductFamily(
            category: "audio-speakers",
            templates: [
                ProductTemplate(
                    noun: "Portable Speaker", materials: ["Fabric", "Recycled Plastic"],
                    styles: ["Mini", "Go", "Max"], dollars: 39...199, grams: 300...900),
                ProductTemplate(
                    noun: "Bookshelf Speakers", materials: ["Walnut Veneer", "MDF"], styles: ["Studio", "Home"],
                    dollars: 149...599, grams: 4000...9000),
                ProductTemplate(
                    noun: "Soundbar", materials: ["Aluminium", "Fabric"], styles: ["Home", "One", "Cinema"],
                    dollars: 199...799, grams: 2500...5000),
            ],
            brands: techBrands, axes: [.techColour], attributes: [.warranty], materialInName: false,
            uses: ["with room-filling sound", "made for music and movies"],
            features: ["Sets up in under a minute.", "Streams over Wi-Fi and Bluetooth.", "Splash-resistant design."]
        ),
        ProductFamily(
            category: "electronics-accessories",
            templates: [
                ProductTemplate(
                    noun: "USB-C Charger", materials: ["GaN"], styles: ["Compact", "Travel"], dollars: 19...79,
                    grams: 60...200, axes: [.sized("Power", ["20 W", "35 W", "65 W", "100 W"], step: 20)]),
                ProductTemplate(
                    noun: "Charging Cable", materials: ["Braided Nylon"], styles: ["Braided", "Fast"],
                    dollars: 9...29, grams: 20...80,
                    axes: [.sized("Length", ["0.5 m", "1 m", "2 m", "3 m"], step: 15), .techColour]),
                ProductTemplate(
                    noun: "Power Bank", materials: ["Aluminium"], styles: ["Slim", "Travel"],
                    dollars: 25...99, grams: 150...450,
                    axes: [.sized("Capacity", ["5000 mAh", "10000 mAh", "20000 mAh"], step: 30)]),
                ProductTemplate(
                    noun: "Laptop Sleeve", materials: ["Felt", "Recycled Polyester"], styles: ["Slim"],
                    dollars: 29...89, grams: 150...400,
                    axes: [.sized("Size", ["13 in", "14 in", "16 in"], step: 10), .techColour]),
            ],
            brands: techBrands, axes: [], attributes: [.warranty], materialInName: false,
            uses: ["for life on the move", "made to go everywhere you do"],
            features: ["Works with phones, tablets and laptops.", "Tested for 10,000 bends.", "Fits in any pocket."]
        ),
        ProductFamily(
            category: "outdoor-camping",
            templates: [
                ProductTemplate(
                    noun: "Tent", materials: ["Ripstop Nylon", "Polyester"], styles: ["Ultralight", "Dome"],
                    dollars: 120...650, grams: 1200...4500,
                    axes: [.sized("Capacity", ["1-person", "2-person", "3-person", "4-person"], step: 20)]),
                ProductTemplate(
                    noun: "Sleeping Bag", materials: ["Down", "Synthetic"], styles: ["Mummy", "Rectangular"],
                    dollars: 90...420, grams: 700...1800, axes: [.sized("Size", ["Regular", "Long"], step: 8)]),
                ProductTemplate(
                    noun: "Camping Stove", materials: ["Stainless Steel", "Titanium"], styles: ["Compact"],
                    dollars: 35...150, grams: 150...600, axes: []),
                ProductTemplate(
                    noun: "Insulated Bottle", materials: ["Stainless Steel"], styles: ["Vacuum"],
                    dollars: 20...50, grams: 300...500,
                    axes: [.sized("Capacity", ["500 ml", "750 ml", "1 L"], step: 15), .outdoorColour]),
            ],
            brands: outdoorBrands, axes: [.outdoorColour], attributes: [.season, .waterproof, .warranty],
            uses: ["for nights under the stars", "built for the backcountry"],
            features: ["Packs down small.", "Field-tested on three continents.", "Repairable, with spare parts."]
        ),
        ProductFamily(
            category: "outdoor-hiking",
            templates: [
                ProductTemplate(
                    noun: "Hiking Boots", materials: ["Leather", "Suede", "Synthetic"],
                    styles: ["Waterproof", "Mid", "Low"], dollars: 120...260, grams: 900...1400,
                    axes: [.shoeSize, .outdoorColour]),
                ProductTemplate(
                    noun: "Daypack", materials: ["Ripstop Nylon", "Recycled Polyester", "Waxed Canvas"],
                    styles: ["Roll-Top", "Hydration"], dollars: 60...200, grams: 600...1200,
                    axes: [.sized("Capacity", ["18 L", "24 L", "30 L"], step: 10), .outdoorColour]),
                ProductTemplate(
                    noun: "Rain Jacket", materials: ["Recycled Nylon", "3-Layer"],
                    styles: ["Packable", "Hooded"], dollars: 120...400, grams: 300...500),
                ProductTemplate(
                    noun: "Hiking Socks", materials: ["Merino"], styles: ["Cushioned", "Lightweight"],
                    dollars: 18...30, grams: 60...90, axes: [.sized("Size", ["S", "M", "L", "XL"])]),
            ],
            brands: outdoorBrands, axes: [.clothing, .outdoorColour], attributes: [.season, .waterproof],
            uses: ["made for long days on the trail", "ready for any weather"],
            features: [
                "Covered by a lifetime repair promise.", "Light enough to forget you are wearing it.",
                "Bluesign-approved materials.",
            ]
        ),
    ]
}
