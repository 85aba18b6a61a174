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
        guard let builder else { return }
        for variant in product.variants {
            guard let item = builder.item(variant, of: product, report: &report) else { continue }
            try writer.startElement("item")
            try writer.element("g:id", item.id)
            try writer.element("g:title", item.title)
            try writer.element("g:description", item.description)
            try writer.element("g:link", item.link)
            try writeGoogleAttributes(
                item, profile: profile, shipping: options.shipping, currency: builder.channel.currency, writer: writer)
            try writer.endElement()
            report.itemsWritten += 1
        }
    }

    mutating func end(writer: FeedWriter) throws(FeedError) {
        try writer.endDocument()
    }
}
