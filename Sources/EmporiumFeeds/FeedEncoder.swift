import EmporiumCore

/// Writes one format: the document's head, then products batch after batch, then its end.
protocol FeedEncoder {
    /// Writes the XML declaration and everything before the first item.
    mutating func begin(snapshot: FeedCatalogSnapshot, writer: FeedWriter, report: inout FeedReport) throws(FeedError)
    /// Writes the items of one product.
    mutating func write(_ product: FeedProduct, writer: FeedWriter, report: inout FeedReport) throws(FeedError)
    /// Closes the document.
    mutating func end(writer: FeedWriter) throws(FeedError)
}

/// Google's namespace for product attributes.
let googleNamespace = "http://base.google.com/ns/1.0"

extension FeedItemBuilder {
    /// The `g:` elements shared by the RSS and Atom encodings, after the format's own title, link
    /// and description.
    func writeGoogleAttributes(_ item: FeedItem, of parts: FeedProductParts, writer: FeedWriter) throws(FeedError) {
        try writer.element("g:image_link", images[0])
        for index in 1..<min(parts.imageCount, profile.additionalImageLimit + 1) {
            try writer.element("g:additional_image_link", images[index])
        }
        try writer.element("g:availability", profile.text(for: item.availability))
        if let date = item.availabilityDate { try writer.element("g:availability_date", date) }
        try writer.element("g:price", price)
        if item.hasSalePrice { try writer.element("g:sale_price", salePrice) }
        if let brand = parts.brand { try writer.element("g:brand", brand) }
        if let gtin = item.gtin { try writer.element("g:gtin", gtin) }
        if let mpn = item.mpn { try writer.element("g:mpn", mpn) }
        if !item.identifierExists { try writer.element("g:identifier_exists", "no") }
        try writer.element("g:condition", item.condition.rawValue)
        if let group = parts.itemGroupID { try writer.element("g:item_group_id", group) }
        if let type = parts.productType { try writer.element("g:product_type", type) }
        if let shipping = options.shipping, let shippingPrice {
            try writer.startElement("g:shipping")
            try writer.element("g:country", shipping.country)
            try writer.element("g:service", shipping.service)
            try writer.element("g:price", shippingPrice)
            try writer.endElement()
        }
    }
}

/// Looks up the feed's channel in a snapshot.
func channel(_ code: String, in snapshot: FeedCatalogSnapshot) throws(FeedError) -> Channel {
    guard let channel = snapshot.channels.first(where: { $0.code == code }) else {
        throw FeedError(code: .unknownChannel, message: "The feed's channel \"\(code)\" does not exist.")
    }
    return channel
}
