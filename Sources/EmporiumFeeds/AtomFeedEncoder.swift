import EmporiumCore

/// The Google items as Atom 1.0: `<feed>` with one `<entry>` per variant; title, link and
/// description are Atom's own `title`, `link` and `summary`, the rest `g:` elements.
struct AtomFeedEncoder: FeedEncoder {
    let options: FeedOptions
    var builder: FeedItemBuilder?
    let profile = FeedProfile.google

    init(options: FeedOptions) {
        self.options = options
    }

    mutating func begin(snapshot: FeedCatalogSnapshot, writer: FeedWriter, report: inout FeedReport)
        throws(FeedError)
    {
        let channel = try EmporiumFeeds.channel(options.channel, in: snapshot)
        builder = FeedItemBuilder(profile: profile, options: options, channel: channel)
        let title = FeedText.clean(options.title, field: "title", report: &report)
        let base = FeedText.clean(channel.storefrontBaseURL, field: "link", report: &report)
        try writer.startDocument()
        try writer.startElement("feed")
        try writer.attribute("xmlns", "http://www.w3.org/2005/Atom")
        try writer.attribute("xmlns:g", googleNamespace)
        try writer.element("id", "urn:emporium:feed:\(channel.code):v\(snapshot.version)")
        try writer.element("title", title)
        try writer.startElement("link")
        try writer.attribute("rel", "alternate")
        try writer.attribute("href", base)
        try writer.endElement()
        try writer.element("updated", FeedTime.rfc3339(snapshot.changedAt))
        try writer.startElement("author")
        try writer.element("name", title)
        try writer.endElement()
    }

    mutating func write(_ product: FeedProduct, writer: FeedWriter, report: inout FeedReport) throws(FeedError) {
        guard builder != nil, !product.variants.isEmpty else { return }
        // `builder!` mutates the builder in place; a local copy would copy its buffers.
        let parts = builder!.parts(of: product)
        let updated = FeedTime.rfc3339(product.product.updatedAt)
        // Borrowed through the buffer: iterating the array would copy (retain) every variant.
        try product.variants.withUnsafeBufferPointer { variants throws(FeedError) in
            for index in variants.indices {
                guard let item = builder!.item(variants[index], of: parts, report: &report) else { continue }
                try writer.startElement("entry")
                try writer.element("id", builder!.link)
                try writer.element("title", builder!.title)
                try writer.startElement("link")
                try writer.attribute("href", builder!.link)
                try writer.endElement()
                if parts.description.isEmpty {
                    try writer.element("summary", builder!.title)
                } else {
                    try writer.element("summary", parts.description)
                }
                try writer.element("updated", updated)
                try writer.element("g:id", item.id)
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
