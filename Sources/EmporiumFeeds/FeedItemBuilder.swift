import EmporiumCore

/// Turns catalog rows into items under a ``FeedProfile``: cleans every string, applies the limits
/// (truncate, drop the value, or leave the item out) and counts each case.
///
/// What a product's variants share (images, description, brand, group id, category path, the
/// cleaned name) is worked out once per product as ``FeedProductParts``; the counts that work
/// produced are added for every item that gets as far as using them, so the report is the same as
/// when each item is cleaned on its own. Per-variant text (link, title, prices) is built in
/// reusable byte buffers: an item costs no `String` allocation when its text is already clean.
/// A struct mutated in place by its encoder (a class would pay a dynamic exclusivity check on
/// every buffer access); copying it would make the buffers copy on write, so encoders never do.
struct FeedItemBuilder {
    let profile: FeedProfile
    let options: FeedOptions
    let channel: Channel
    /// The link template split once into clean literal text and placeholders.
    private let linkParts: [LinkPart]
    /// The media base URL without trailing slashes, cleaned, and the counts of that cleaning
    /// (added for every relative image link, as when each link was cleaned whole).
    private let mediaBase: String?
    private let mediaBaseCounts: FeedReport
    /// `g:shipping`'s price text, the same for every item.
    let shippingPrice: FeedTextBuffer?

    /// The text of the item last returned by ``item(_:of:report:)``.
    private(set) var link = FeedTextBuffer()
    private(set) var title = FeedTextBuffer()
    private(set) var price = FeedTextBuffer(capacity: 32)
    private(set) var salePrice = FeedTextBuffer(capacity: 32)
    /// The image links of the product last given to ``parts(of:)``; its ``FeedProductParts/imageCount``
    /// first ones are valid: `g:image_link`, then the additional images.
    private(set) var images: [FeedTextBuffer] = []

    private var currency = ""
    private var exponent = 2
    private var lastCategoryPath: [String] = []
    private var lastProductType: String?
    private var lastProductTypeCounts = FeedReport()

    private enum LinkPart {
        case text(String)
        case slug
        case sku
    }

    init(profile: FeedProfile, options: FeedOptions, channel: Channel) {
        self.profile = profile
        self.options = options
        self.channel = channel
        var base = channel.storefrontBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        var parts: [LinkPart] = []
        var rest = Substring(options.linkTemplate)
        while let open = rest.firstIndex(of: "{") {
            parts.append(.text(String(rest[..<open])))
            let tail = rest[open...]
            if tail.hasPrefix("{storefront}") {
                parts.append(.text(base))
                rest = tail.dropFirst("{storefront}".count)
            } else if tail.hasPrefix("{slug}") {
                parts.append(.slug)
                rest = tail.dropFirst("{slug}".count)
            } else if tail.hasPrefix("{sku}") {
                parts.append(.sku)
                rest = tail.dropFirst("{sku}".count)
            } else {
                parts.append(.text("{"))
                rest = tail.dropFirst()
            }
        }
        parts.append(.text(String(rest)))
        // Percent-encoded values are ASCII, so cleaning the literal parts once cleans every link.
        linkParts = parts.compactMap { part in
            guard case .text(let text) = part else { return part }
            let cleaned = FeedText.clean(text)
            return cleaned.isEmpty ? nil : .text(cleaned)
        }
        var mediaBase = options.mediaBaseURL
        while mediaBase?.hasSuffix("/") == true { mediaBase?.removeLast() }
        var mediaBaseCounts = FeedReport()
        self.mediaBase = mediaBase.map { FeedText.clean($0, field: "g:image_link", report: &mediaBaseCounts) }
        self.mediaBaseCounts = mediaBaseCounts
        shippingPrice = options.shipping.map { shipping in
            var text = FeedTextBuffer(capacity: 32)
            let money = Money(minorUnits: shipping.amount, currency: channel.currency)
            text.appendPrice(money, exponent: Money.exponent(of: money.currency))
            return text
        }
    }

    /// What every item of `product` shares.
    mutating func parts(of product: FeedProduct) -> FeedProductParts {
        var parts = FeedProductParts(slug: product.product.slug)
        parts.availability = product.attribute("availability")
        if let date = product.attribute("availability_date") { parts.availabilityDate = FeedText.clean(date) }
        for media in product.media {
            if images.count == parts.imageCount { images.append(FeedTextBuffer()) }
            if writeImageLink(media.url, into: parts.imageCount, report: &parts.imageCounts) { parts.imageCount += 1 }
        }
        parts.name = FeedText.clean(product.product.name, field: "g:title", report: &parts.textCounts)
        var description = FeedText.clean(
            product.product.description, field: "g:description", report: &parts.textCounts)
        if profile.plainTextDescriptions {
            description = FeedText.plainText(description, field: "g:description", report: &parts.textCounts)
        }
        parts.description = limited(
            description, profile.descriptionLimit, field: "g:description", report: &parts.textCounts)
        parts.brand = product.product.brand.map { brand in
            limited(
                FeedText.clean(brand, field: "g:brand", report: &parts.textCounts), profile.brandLimit,
                field: "g:brand", report: &parts.textCounts)
        }
        let group = FeedText.clean(product.product.slug, field: "g:item_group_id", report: &parts.textCounts)
        if FeedText.fits(group, profile.itemGroupLimit) {
            parts.itemGroupID = group
        } else {
            parts.textCounts.count(.valueDropped, field: "g:item_group_id")
        }
        if !product.categoryPath.isEmpty {
            // Neighbouring products often share a category: its path is joined and cleaned once.
            if product.categoryPath != lastCategoryPath {
                var counts = FeedReport()
                lastProductType = limited(
                    FeedText.clean(
                        product.categoryPath.joined(separator: " > "), field: "g:product_type", report: &counts),
                    profile.productTypeLimit, field: "g:product_type", report: &counts)
                lastProductTypeCounts = counts
                lastCategoryPath = product.categoryPath
            }
            parts.productType = lastProductType
            parts.textCounts.add(lastProductTypeCounts)
        }
        return parts
    }

    /// The item for `variant` of the product `parts` describe, or `nil` when it is left out
    /// (counted in `report`). Its link, title and price texts are in ``link``, ``title``,
    /// ``price`` and ``salePrice`` until the next call.
    mutating func item(_ variant: FeedVariant, of parts: FeedProductParts, report: inout FeedReport) -> FeedItem? {
        let sku = FeedText.clean(variant.variant.sku, field: "g:id", report: &report)
        guard FeedText.fits(sku, profile.idLimit) else {
            report.count(.itemOmitted, field: "g:id")
            return nil
        }
        guard let channelPrice = variant.price(in: channel.code) else {
            report.count(.itemOmitted, field: "g:price")
            return nil
        }
        let availability = availability(of: variant, attribute: parts.availability)
        if options.inStockOnly, availability == .outOfStock {
            report.count(.filtered, field: "g:availability")
            return nil
        }
        var availabilityDate: String?
        if availability == .preorder {
            guard let date = parts.availabilityDate, !date.isEmpty else {
                report.count(.itemOmitted, field: "g:availability_date")
                return nil
            }
            availabilityDate = date
        }
        writeLink(slug: parts.slug, sku: variant.variant.sku)
        guard link.count <= profile.urlLimit else {
            report.count(.itemOmitted, field: "g:link")
            return nil
        }
        report.add(parts.imageCounts)
        guard parts.imageCount > 0 else {
            report.count(.itemOmitted, field: "g:image_link")
            return nil
        }
        if parts.imageCount - 1 > profile.additionalImageLimit {
            report.count(
                .valueDropped, field: "g:additional_image_link",
                by: parts.imageCount - 1 - profile.additionalImageLimit)
        }
        report.add(parts.textCounts)
        writeTitle(name: parts.name, options: variant.variant.options, report: &report)

        let regular: Money
        var sale: Money?
        if let compareAt = channelPrice.compareAtPrice, compareAt.minorUnits > channelPrice.price.minorUnits {
            regular = compareAt
            sale = channelPrice.price
        } else {
            regular = channelPrice.price
        }
        price.removeAll()
        price.appendPrice(regular, exponent: exponent(of: regular.currency))
        salePrice.removeAll()
        if let sale { salePrice.appendPrice(sale, exponent: exponent(of: sale.currency)) }
        return FeedItem(
            id: sku, availability: availability, availabilityDate: availabilityDate, hasSalePrice: sale != nil,
            gtin: variant.variant.gtin.map { FeedText.clean($0) },
            mpn: variant.variant.mpn.flatMap { mpn in
                let cleaned = FeedText.clean(mpn, field: "g:mpn", report: &report)
                guard FeedText.fits(cleaned, profile.mpnLimit), !cleaned.isEmpty else {
                    report.count(.valueDropped, field: "g:mpn")
                    return nil
                }
                return cleaned
            },
            condition: variant.variant.condition)
    }

    /// In stock with available units; otherwise the product's `availability` attribute decides.
    func availability(of variant: FeedVariant, attribute: String?) -> FeedAvailability {
        if variant.available > 0 { return .inStock }
        switch attribute {
        case "preorder": return .preorder
        case "backorder": return .backorder
        default: return .outOfStock
        }
    }

    /// `title`: the cleaned name, then ` - ` and the option values joined by ` / `, cut to the limit.
    private mutating func writeTitle(name: String, options: [SelectedOption], report: inout FeedReport) {
        title.removeAll()
        title.append(name)
        if options.count > 1 || (options.count == 1 && !options[0].value.isEmpty) {
            title.append(ascii: " - ")
            for (index, option) in options.enumerated() {
                if index > 0 { title.append(ascii: " / ") }
                title.append(FeedText.clean(option.value, field: "g:title", report: &report))
            }
        }
        guard title.count > profile.titleLimit else { return }
        let text = title.string
        guard let cut = FeedText.truncated(text, to: profile.titleLimit) else { return }
        report.count(.truncated, field: "g:title")
        title.removeAll()
        title.append(cut)
    }

    private mutating func writeLink(slug: String, sku: String) {
        link.removeAll()
        for part in linkParts {
            switch part {
            case .text(let text): link.append(text)
            case .slug: link.appendPercentEncoded(slug)
            case .sku: link.appendPercentEncoded(sku)
            }
        }
    }

    private mutating func exponent(of currency: String) -> Int {
        if currency != self.currency {
            self.currency = currency
            exponent = Money.exponent(of: currency)
        }
        return exponent
    }

    private func limited(_ text: String, _ limit: Int, field: String, report: inout FeedReport) -> String {
        guard let cut = FeedText.truncated(text, to: limit) else { return text }
        report.count(.truncated, field: field)
        return cut
    }

    /// Writes the absolute, clean link of the media `url` into `images[index]`; false when the
    /// image is dropped (relative without a media base URL, or too long).
    private mutating func writeImageLink(_ url: String, into index: Int, report: inout FeedReport) -> Bool {
        images[index].removeAll()
        if url.hasPrefix("https://") || url.hasPrefix("http://") {
            images[index].append(FeedText.clean(url, field: "g:image_link", report: &report))
        } else if let mediaBase {
            report.add(mediaBaseCounts)
            images[index].append(mediaBase)
            if !url.hasPrefix("/") { images[index].append(ascii: "/") }
            images[index].append(FeedText.clean(url, field: "g:image_link", report: &report))
        } else {
            report.count(.valueDropped, field: "g:image_link")
            return false
        }
        guard images[index].count <= profile.urlLimit else {
            report.count(.valueDropped, field: "g:image_link")
            return false
        }
        return true
    }
}

/// What the items of one product share, cleaned and limited once, with the counts that work made.
struct FeedProductParts {
    /// The product's slug, for links.
    let slug: String
    /// The product's `availability` attribute (`preorder`, `backorder`).
    var availability: String?
    /// The product's `availability_date` attribute, cleaned.
    var availabilityDate: String?
    /// How many of the builder's ``FeedItemBuilder/images`` are this product's image links.
    var imageCount = 0
    /// Counts from the images, added to each item that reaches them.
    var imageCounts = FeedReport()
    /// The cleaned name, the start of every title.
    var name = ""
    /// Plain, limited description; empty means "use the title".
    var description = ""
    var brand: String?
    var itemGroupID: String?
    var productType: String?
    /// Counts from the name, description, brand, group id and product type, added to each item
    /// that reaches them.
    var textCounts = FeedReport()

    init(slug: String) {
        self.slug = slug
    }
}
