/// A feed format, as named in the URL `/feeds/{partner}/{format}.xml`.
public enum FeedFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Google Merchant Center RSS 2.0, one item per variant.
    case google
    /// The same items as Atom 1.0.
    case googleAtom = "google-atom"
    /// Meta's catalog profile of the RSS feed (its values and limits, no HTML).
    case meta
    /// Emporium's own catalog XML: products, variants, every attribute, prices per channel,
    /// stock per location, media. Schema: `docs/feeds/emporium-catalog.xsd`.
    case emporium

    /// The schema file under `docs/feeds/` that documents of this format validate against.
    public var schemaFile: String {
        switch self {
        case .google: "google-rss.xsd"
        case .googleAtom: "google-atom.xsd"
        case .meta: "meta-rss.xsd"
        case .emporium: "emporium-catalog.xsd"
        }
    }

    /// The response's media type.
    public var contentType: String {
        switch self {
        case .googleAtom: "application/atom+xml; charset=utf-8"
        case .google, .meta: "application/rss+xml; charset=utf-8"
        case .emporium: "application/xml; charset=utf-8"
        }
    }
}

/// A partner's vocabulary and limits for one item per variant.
public struct FeedProfile: Sendable, Hashable {
    /// Longest id (SKU); a longer id leaves the item out.
    public var idLimit: Int
    /// Longest title; longer titles are truncated.
    public var titleLimit: Int
    /// Longest description; longer descriptions are truncated.
    public var descriptionLimit: Int
    /// Longest brand; longer brands are truncated.
    public var brandLimit: Int
    /// Longest MPN; a longer MPN is dropped.
    public var mpnLimit: Int
    /// Longest product type (category path); longer paths are truncated.
    public var productTypeLimit: Int
    /// Longest item group id; a longer one is dropped.
    public var itemGroupLimit: Int
    /// Longest URL; a longer item link leaves the item out, a longer image link drops the image.
    public var urlLimit: Int
    /// Most additional images; the rest are dropped.
    public var additionalImageLimit: Int
    /// Whether descriptions must be plain text (HTML removed).
    public var plainTextDescriptions: Bool
    /// The availability values, in partner spelling.
    public var availability: [FeedAvailability: String] {
        didSet { availabilityTexts = FeedAvailability.allCases.map { availability[$0] ?? "out_of_stock" } }
    }
    private var availabilityTexts: [String]

    /// The partner's spelling of `value`.
    public func text(for value: FeedAvailability) -> String {
        switch value {
        case .inStock: availabilityTexts[0]
        case .outOfStock: availabilityTexts[1]
        case .preorder: availabilityTexts[2]
        case .backorder: availabilityTexts[3]
        }
    }

    /// Creates a profile.
    public init(
        idLimit: Int, titleLimit: Int, descriptionLimit: Int, brandLimit: Int, mpnLimit: Int, productTypeLimit: Int,
        itemGroupLimit: Int, urlLimit: Int, additionalImageLimit: Int, plainTextDescriptions: Bool,
        availability: [FeedAvailability: String]
    ) {
        self.idLimit = idLimit
        self.titleLimit = titleLimit
        self.descriptionLimit = descriptionLimit
        self.brandLimit = brandLimit
        self.mpnLimit = mpnLimit
        self.productTypeLimit = productTypeLimit
        self.itemGroupLimit = itemGroupLimit
        self.urlLimit = urlLimit
        self.additionalImageLimit = additionalImageLimit
        self.plainTextDescriptions = plainTextDescriptions
        self.availability = availability
        self.availabilityTexts = FeedAvailability.allCases.map { availability[$0] ?? "out_of_stock" }
    }

    /// Google Merchant Center's product data specification.
    public static let google = FeedProfile(
        idLimit: 50, titleLimit: 150, descriptionLimit: 5000, brandLimit: 70, mpnLimit: 70, productTypeLimit: 750,
        itemGroupLimit: 50, urlLimit: 2000, additionalImageLimit: 10, plainTextDescriptions: true,
        availability: [
            .inStock: "in_stock", .outOfStock: "out_of_stock", .preorder: "preorder", .backorder: "backorder",
        ])

    /// Meta's catalog specification.
    public static let meta = FeedProfile(
        idLimit: 100, titleLimit: 200, descriptionLimit: 9999, brandLimit: 100, mpnLimit: 100, productTypeLimit: 750,
        itemGroupLimit: 100, urlLimit: 2000, additionalImageLimit: 20, plainTextDescriptions: true,
        availability: [
            .inStock: "in stock", .outOfStock: "out of stock", .preorder: "preorder",
            .backorder: "available for order",
        ])
}

/// Whether an item can be bought now.
public enum FeedAvailability: String, Sendable, Hashable, CaseIterable {
    case inStock, outOfStock, preorder, backorder
}
