import EmporiumCore

/// Turns catalog rows into ``FeedItem``s under a ``FeedProfile``: cleans every string, applies
/// the limits (truncate, drop the value, or leave the item out) and counts each case.
struct FeedItemBuilder {
    let profile: FeedProfile
    let options: FeedOptions
    let channel: Channel
    /// The link template split once into literal text and placeholders.
    private let linkParts: [LinkPart]

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
        linkParts = parts
    }

    /// The item for `variant` of `product`, or `nil` when it is left out (counted in `report`).
    func item(_ variant: FeedVariant, of product: FeedProduct, report: inout FeedReport) -> FeedItem? {
        let sku = FeedText.clean(variant.variant.sku, field: "g:id", report: &report)
        guard FeedText.fits(sku, profile.idLimit) else {
            report.count(.itemOmitted, field: "g:id")
            return nil
        }
        guard let price = variant.price(in: channel.code) else {
            report.count(.itemOmitted, field: "g:price")
            return nil
        }
        let availability = availability(of: variant, product: product)
        if options.inStockOnly, availability == .outOfStock {
            report.count(.filtered, field: "g:availability")
            return nil
        }
        var availabilityDate: String?
        if availability == .preorder {
            guard let date = product.attribute("availability_date").map({ FeedText.clean($0) }), !date.isEmpty else {
                report.count(.itemOmitted, field: "g:availability_date")
                return nil
            }
            availabilityDate = date
        }
        let link = self.link(product: product.product, sku: variant.variant.sku)
        guard link.utf8.count <= profile.urlLimit else {
            report.count(.itemOmitted, field: "g:link")
            return nil
        }
        var images: [String] = []
        for media in product.media {
            guard let url = mediaURL(media.url, report: &report) else { continue }
            images.append(url)
        }
        guard let imageLink = images.first else {
            report.count(.itemOmitted, field: "g:image_link")
            return nil
        }
        var additional = Array(images.dropFirst())
        if additional.count > profile.additionalImageLimit {
            report.count(
                .valueDropped, field: "g:additional_image_link", by: additional.count - profile.additionalImageLimit)
            additional.removeLast(additional.count - profile.additionalImageLimit)
        }

        let product = product
        var title = FeedText.clean(product.product.name, field: "g:title", report: &report)
        let options = variant.variant.options.map(\.value).joined(separator: " / ")
        if !options.isEmpty { title += " - " + FeedText.clean(options, field: "g:title", report: &report) }
        title = limited(title, profile.titleLimit, field: "g:title", report: &report)
        var description = FeedText.clean(product.product.description, field: "g:description", report: &report)
        if profile.plainTextDescriptions {
            description = FeedText.plainText(description, field: "g:description", report: &report)
        }
        description = limited(description, profile.descriptionLimit, field: "g:description", report: &report)
        if description.isEmpty { description = title }

        let regular: Money
        var sale: Money?
        if let compareAt = price.compareAtPrice, compareAt.minorUnits > price.price.minorUnits {
            regular = compareAt
            sale = price.price
        } else {
            regular = price.price
        }
        return FeedItem(
            id: sku, title: title, description: description, link: link, imageLink: imageLink,
            additionalImageLinks: additional, availability: availability, availabilityDate: availabilityDate,
            price: regular, salePrice: sale,
            brand: product.product.brand.map { brand in
                limited(
                    FeedText.clean(brand, field: "g:brand", report: &report), profile.brandLimit, field: "g:brand",
                    report: &report)
            },
            gtin: variant.variant.gtin.map { FeedText.clean($0) },
            mpn: variant.variant.mpn.flatMap { mpn in
                let cleaned = FeedText.clean(mpn, field: "g:mpn", report: &report)
                guard FeedText.fits(cleaned, profile.mpnLimit), !cleaned.isEmpty else {
                    report.count(.valueDropped, field: "g:mpn")
                    return nil
                }
                return cleaned
            },
            condition: variant.variant.condition,
            itemGroupID: itemGroupID(product.product, report: &report),
            productType: product.categoryPath.isEmpty
                ? nil
                : limited(
                    FeedText.clean(
                        product.categoryPath.joined(separator: " > "), field: "g:product_type",
                        report: &report), profile.productTypeLimit, field: "g:product_type", report: &report),
            updatedAt: product.product.updatedAt)
    }

    func availability(of variant: FeedVariant, product: FeedProduct) -> FeedAvailability {
        if variant.available > 0 { return .inStock }
        switch product.attribute("availability") {
        case "preorder": return .preorder
        case "backorder": return .backorder
        default: return .outOfStock
        }
    }

    private func itemGroupID(_ product: Product, report: inout FeedReport) -> String? {
        let group = FeedText.clean(product.slug, field: "g:item_group_id", report: &report)
        guard FeedText.fits(group, profile.itemGroupLimit) else {
            report.count(.valueDropped, field: "g:item_group_id")
            return nil
        }
        return group
    }

    private func limited(_ text: String, _ limit: Int, field: String, report: inout FeedReport) -> String {
        guard let cut = FeedText.truncated(text, to: limit) else { return text }
        report.count(.truncated, field: field)
        return cut
    }

    func link(product: Product, sku: String) -> String {
        var link = ""
        for part in linkParts {
            switch part {
            case .text(let text): link += text
            case .slug: link += Self.percentEncoded(product.slug)
            case .sku: link += Self.percentEncoded(sku)
            }
        }
        return FeedText.clean(link)
    }

    func mediaURL(_ url: String, report: inout FeedReport) -> String? {
        let absolute: String
        if url.hasPrefix("https://") || url.hasPrefix("http://") {
            absolute = url
        } else if var base = options.mediaBaseURL {
            while base.hasSuffix("/") { base.removeLast() }
            absolute = base + (url.hasPrefix("/") ? url : "/" + url)
        } else {
            report.count(.valueDropped, field: "g:image_link")
            return nil
        }
        let cleaned = FeedText.clean(absolute, field: "g:image_link", report: &report)
        guard cleaned.utf8.count <= profile.urlLimit else {
            report.count(.valueDropped, field: "g:image_link")
            return nil
        }
        return cleaned
    }

    /// RFC 3986 unreserved characters pass; every other byte is `%XX`.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
