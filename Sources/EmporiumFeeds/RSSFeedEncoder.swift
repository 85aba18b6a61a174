import EmporiumCore

/// Google Merchant Center RSS 2.0 (and Meta's profile of it): `<rss><channel>` with one
/// `<item>` of `g:` elements per variant.
struct RSSFeedEncoder: FeedEncoder {
    let profile: FeedProfile
    let options: FeedOptions
    var builder: FeedItemBuilder?

    init(profile: FeedProfile, options: FeedOptions) {
        self.profile = profile
        self.options = options
    }

    mutating func begin(snapshot: FeedCatalogSnapshot, writer: FeedWriter, report: inout FeedReport)
        throws(FeedError)
    {
        let channel = try EmporiumFeeds.channel(options.channel, in: snapshot)
        builder = FeedItemBuilder(profile: profile, options: options, channel: channel)
        try writer.startDocument()
        try writer.startElement("rss")
        try writer.attribute("version", "2.0")
        try writer.attribute("xmlns:g", googleNamespace)
        try writer.startElement("channel")
        try writer.element("title", FeedText.clean(options.title, field: "title", report: &report))
        try writer.element("link", FeedText.clean(channel.storefrontBaseURL, field: "link", report: &report))
        try writer.element(
            "description",
            FeedText.clean("\(options.title) products, \(channel.name)", field: "description", report: &report))
        try writer.element("lastBuildDate", FeedTime.rfc822(snapshot.changedAt))
    }

    mutating func write(_ product: FeedProduct, writer: FeedWriter, report: inout FeedReport) throws(FeedError) {
        guard builder != nil, !product.variants.isEmpty else { return }
        // `builder!` mutates the builder in place; a local copy would copy its buffers.
        let parts = builder!.parts(of: product)
        // Borrowed through the buffer: iterating the array would copy (retain) every variant.
        try product.variants.withUnsafeBufferPointer { variants throws(FeedError) in
            for index in variants.indices {
                guard let item = builder!.item(variants[index], of: parts, report: &report) else { continue }
                try writer.startElement("item")
                try writer.element("g:id", item.id)
                try writer.element("g:title", builder!.title)
                if parts.description.isEmpty {
                    try writer.element("g:description", builder!.title)
                } else {
                    try writer.element("g:description", parts.description)
                }
                try writer.element("g:link", builder!.link)
                try builder!.writeGoogleAttributes(item, of: parts, writer: writer)
                try writer.endElement()
                report.itemsWritten += 1
            }
        }
    }

    mutating func end(writer: FeedWriter) throws(FeedError) {
        try writer.endDocument()
    }
}
