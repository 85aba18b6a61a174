import EmporiumCore

/// Emporium's own catalog XML (`urn:emporium:catalog:1`, `docs/feeds/emporium-catalog.xsd`):
/// every product with its attributes, media and variants, each variant with its prices in every
/// channel and its stock per location. No partner limits apply; text is cleaned only.
struct CatalogFeedEncoder: FeedEncoder {
    static let namespace = "urn:emporium:catalog:1"
    let options: FeedOptions

    mutating func begin(snapshot: FeedCatalogSnapshot, writer: FeedWriter, report: inout FeedReport)
        throws(FeedError)
    {
        _ = try EmporiumFeeds.channel(options.channel, in: snapshot)
        try writer.startDocument()
        try writer.startElement("catalog")
        try writer.attribute("xmlns", Self.namespace)
        try writer.attribute("version", String(snapshot.version))
        try writer.attribute("updated", FeedTime.rfc3339(snapshot.changedAt))
        try writer.startElement("channels")
        for channel in snapshot.channels {
            try writer.startElement("channel")
            try writer.attribute("code", channel.code)
            try writer.attribute("currency", channel.currency)
            try writer.attribute(
                "storefront", FeedText.clean(channel.storefrontBaseURL, field: "channel", report: &report))
            try writer.text(FeedText.clean(channel.name, field: "channel", report: &report))
            try writer.endElement()
        }
        try writer.endElement()
    }

    mutating func write(_ product: FeedProduct, writer: FeedWriter, report: inout FeedReport) throws(FeedError) {
        let variants = product.variants.filter { variant in
            guard options.inStockOnly, variant.available == 0 else { return true }
            report.count(.filtered, field: "variant")
            return false
        }
        guard !variants.isEmpty else { return }
        let base = product.product
        try writer.startElement("product")
        try writer.attribute("id", String(base.id))
        try writer.attribute("slug", FeedText.clean(base.slug, field: "slug", report: &report))
        try writer.attribute("status", base.status.rawValue)
        try writer.attribute("updated", FeedTime.rfc3339(base.updatedAt))
        try writer.element("name", FeedText.clean(base.name, field: "name", report: &report))
        try writer.element("description", FeedText.clean(base.description, field: "description", report: &report))
        if let brand = base.brand {
            try writer.element("brand", FeedText.clean(brand, field: "brand", report: &report))
        }
        if !product.categoryPath.isEmpty {
            try writer.startElement("category")
            try writer.attribute("path", FeedText.clean(product.categorySlugs.joined(separator: "/")))
            try writer.text(
                FeedText.clean(product.categoryPath.joined(separator: " > "), field: "category", report: &report))
            try writer.endElement()
        }
        for attribute in base.attributes {
            try writer.startElement("attribute")
            try writer.attribute("key", FeedText.clean(attribute.key, field: "attribute", report: &report))
            try writer.attribute("type", attribute.value.typeName)
            try writer.text(FeedText.clean(attribute.value.stringValue, field: "attribute", report: &report))
            try writer.endElement()
        }
        for media in product.media {
            try writer.startElement("media")
            try writer.attribute("position", String(media.position))
            try writer.attribute("url", FeedText.clean(media.url, field: "media", report: &report))
            try writer.text(FeedText.clean(media.alt, field: "media", report: &report))
            try writer.endElement()
        }
        for variant in variants { try write(variant, writer: writer, report: &report) }
        try writer.endElement()
        report.itemsWritten += 1
    }

    private func write(_ entry: FeedVariant, writer: FeedWriter, report: inout FeedReport) throws(FeedError) {
        let variant = entry.variant
        try writer.startElement("variant")
        try writer.attribute("id", String(variant.id))
        try writer.attribute("sku", FeedText.clean(variant.sku, field: "sku", report: &report))
        try writer.attribute("condition", variant.condition.rawValue)
        try writer.attribute("position", String(variant.position))
        try writer.element("name", FeedText.clean(variant.name, field: "variant", report: &report))
        for option in variant.options {
            try writer.startElement("option")
            try writer.attribute("name", FeedText.clean(option.name, field: "option", report: &report))
            try writer.text(FeedText.clean(option.value, field: "option", report: &report))
            try writer.endElement()
        }
        if let gtin = variant.gtin { try writer.element("gtin", FeedText.clean(gtin)) }
        if let mpn = variant.mpn { try writer.element("mpn", FeedText.clean(mpn, field: "mpn", report: &report)) }
        if let weight = variant.weightGrams { try writer.element("weightGrams", String(weight)) }
        for price in entry.prices {
            try writer.startElement("price")
            try writer.attribute("channel", price.channel)
            try writer.attribute("currency", price.price.currency)
            try writer.attribute("minorUnits", String(price.price.minorUnits))
            if let compareAt = price.compareAtPrice {
                try writer.attribute("compareAtMinorUnits", String(compareAt.minorUnits))
            }
            try writer.text(price.price.decimalString)
            try writer.endElement()
        }
        for level in entry.stock {
            try writer.startElement("stock")
            try writer.attribute("location", level.location)
            try writer.attribute("onHand", String(level.onHand))
            try writer.attribute("reserved", String(level.reserved))
            try writer.attribute("available", String(level.available))
            try writer.endElement()
        }
        try writer.endElement()
    }

    mutating func end(writer: FeedWriter) throws(FeedError) {
        try writer.endDocument()
    }
}
