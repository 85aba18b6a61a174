import EmporiumPluginKit

// Reading the request document into the flat representation: one copy of the document as the
// request's text, ranges of it for the strings, one array each for lines, categories and codes.
extension PromotionsRequest {
    /// Reads a `pricing.adjust` request document in place. Plain-ASCII strings without escapes
    /// become ranges of the copy of the document kept as ``text``; any other string (escapes or
    /// non-ASCII characters) is decoded and added after it. A member that appears twice replaces
    /// what the first one read: the last value read wins, for lines and adjustments too.
    public init(json document: UnsafeRawBufferPointer) throws(PluginJSONError) {
        // The shape the engine writes is read straight through; anything else the general way.
        if let request = Self.readCanonical(document) {
            self = request
        } else {
            self = try Self.readGeneral(document)
        }
    }

    /// Any request document, member by member (see ``init(json:)-(UnsafeRawBufferPointer)``).
    static func readGeneral(_ document: UnsafeRawBufferPointer) throws(PluginJSONError) -> PromotionsRequest {
        var decoded: [UInt8] = []
        var currency: Text?
        var now: PluginTimestamp?
        var lines: [Line] = []
        lines.reserveCapacity(8)  // one allocation for a typical cart, not one per doubling
        var categories: [Text] = []
        categories.reserveCapacity(16)
        var codes: [Text] = []
        var redemptions: [Redemption] = []
        var lineDiscounts: [String: Int64] = [:]
        var orderDiscounts: Int64 = 0
        var total: Int64 = 0
        try PluginJSONReader.read(document) { reader throws(PluginJSONError) in
            try reader.readMembers { reader, key throws(PluginJSONError) in
                switch key {
                case "currency": currency = try Self.readText(&reader, document, &decoded)
                case "now": now = try reader.readTimestamp(field: "now")
                case "lines":
                    lines.removeAll(keepingCapacity: true)
                    categories.removeAll(keepingCapacity: true)
                    total = 0
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        lines.append(try Self.readLine(&reader, index, document, &decoded, &categories, &total))
                    }
                case "couponCodes":
                    codes.removeAll()
                    try reader.readArray { reader, _ throws(PluginJSONError) in
                        codes.append(try Self.readText(&reader, document, &decoded))
                    }
                case "couponRedemptions":
                    redemptions.removeAll()
                    try reader.readMembers { reader, code throws(PluginJSONError) in
                        let count = try reader.readInt64(in: 0...Int64.max, field: "couponRedemptions.\(code)")
                        redemptions.append(Redemption(code: code.string, count: count))
                    }
                case "adjustments":
                    lineDiscounts.removeAll()
                    orderDiscounts = 0
                    try Self.readAdjustments(&reader, lineDiscounts: &lineDiscounts, orderDiscounts: &orderDiscounts)
                default: break
                }
            }
        }
        guard let currency, let now else {
            throw PluginJSONError(.invalidValue, offset: 0, "the request needs currency and now")
        }
        return PromotionsRequest(
            document: document, decoded: decoded, currency: currency, now: now, lines: lines, categories: categories,
            firstCode: categories.count, codes: codes, redemptions: redemptions, lineDiscounts: lineDiscounts,
            orderDiscounts: orderDiscounts)
    }

    /// The request of what a document's reading found: the document and the decoded strings become
    /// ``text``, and each line's `remaining` loses the earlier rules' discounts on it.
    init(
        document: UnsafeRawBufferPointer, decoded: [UInt8], text: [UInt8] = [], currency: Text, now: PluginTimestamp,
        lines: [Line], categories: [Text], firstCode: Int, codes: [Text], redemptions: [Redemption],
        lineDiscounts: [String: Int64], orderDiscounts: Int64
    ) {
        // `text`: an empty array whose room is reused (see ``Buffers``).
        var text = text
        text.reserveCapacity(document.count + decoded.count)
        text.append(contentsOf: document)
        text.append(contentsOf: decoded)
        self.text = text
        self.currency = currency
        self.now = now
        self.lines = lines
        // One array for the categories and the codes: the canonical reading appends the codes to the
        // categories already (`codes` is then empty), the general one reads them apart.
        var texts = categories
        if !codes.isEmpty { texts.append(contentsOf: codes) }
        self.texts = texts
        self.couponCodes = texts[firstCode...]
        self.couponRedemptions = redemptions
        self.earlierOrderDiscounts = orderDiscounts
        if !lineDiscounts.isEmpty {
            for index in lines.indices {
                self.lines[index].remaining -= lineDiscounts[string(lines[index].id)] ?? 0
            }
        }
    }

    /// Reads a string as a ``Text``: in place when it is plain ASCII without escapes (its offset in
    /// the document is its offset in the request's text), otherwise decoded into `decoded`, which
    /// follows the document.
    @inline(__always)
    private static func readText(
        _ reader: inout PluginJSONReader, _ document: UnsafeRawBufferPointer, _ decoded: inout [UInt8]
    ) throws(PluginJSONError) -> Text {
        // The reader's offsets are offsets in the document, and so in the request's text.
        if let range = try reader.readPlainString() {
            return Text(offset: range.lowerBound, count: range.count, isASCII: true)
        }
        return try readDecodedText(&reader, document, &decoded)
    }

    /// A string with escapes or non-ASCII characters, decoded into `decoded` (rare: out of line).
    private static func readDecodedText(
        _ reader: inout PluginJSONReader, _ document: UnsafeRawBufferPointer, _ decoded: inout [UInt8]
    ) throws(PluginJSONError) -> Text {
        try reader.readStringBytes { content in
            let offset = document.count + decoded.count
            decoded.append(contentsOf: content)
            return Text(
                offset: offset, count: content.count, isASCII: Text.isASCII(content.assumingMemoryBound(to: UInt8.self))
            )
        }
    }

    /// Reads line `index`, its categories appended to `categories` and its amount added to `total`,
    /// the sum of the lines before it (refused when either does not fit in 64 bits).
    private static func readLine(
        _ reader: inout PluginJSONReader, _ index: Int, _ document: UnsafeRawBufferPointer, _ decoded: inout [UInt8],
        _ categories: inout [Text], _ total: inout Int64
    ) throws(PluginJSONError) -> Line {
        let start = reader.offset
        var id: Text?
        var sku: Text?
        var quantity: Int64?
        var unitPrice: Int64?
        let first = categories.count
        try reader.readMembers { reader, key throws(PluginJSONError) in
            switch key {
            case "id": id = try readText(&reader, document, &decoded)
            case "sku": sku = try readText(&reader, document, &decoded)
            case "quantity": quantity = try reader.readInt64(in: 1...1_000_000_000, field: "lines[\(index)].quantity")
            case "unitPrice":
                unitPrice = try reader.readInt64(in: 0...1_000_000_000_000, field: "lines[\(index)].unitPrice")
            case "categories":
                // A repeated member replaces the earlier list, as it did when each line had its own array.
                if categories.count > first { categories.removeSubrange(first...) }
                try reader.readArray { reader, _ throws(PluginJSONError) in
                    categories.append(try readText(&reader, document, &decoded))
                }
            default: break
            }
        }
        guard let id, let sku, let quantity, let unitPrice else {
            throw PluginJSONError(.invalidValue, offset: start, "lines[\(index)] needs id, sku, quantity and unitPrice")
        }
        // Both are in range, but their product, or the sum of the lines, may not fit.
        let gross = try lineAmount(
            index, unitPrice: unitPrice, quantity: quantity, remaining: nil, addingTo: &total, offset: start)
        return Line(
            id: id, sku: sku, quantity: quantity, unitPrice: unitPrice, remaining: gross,
            categories: first..<categories.count)
    }

    /// Reads the earlier rules' adjustments: the line discounts summed per line id, the order
    /// discounts summed, each sum refused when it does not fit in 64 bits.
    static func readAdjustments(
        _ reader: inout PluginJSONReader, lineDiscounts: inout [String: Int64], orderDiscounts: inout Int64
    ) throws(PluginJSONError) {
        try reader.readMembers { reader, key throws(PluginJSONError) in
            switch key {
            case "lineDiscounts":
                lineDiscounts.removeAll()
                try reader.readArray { reader, _ throws(PluginJSONError) in
                    var lineID = ""
                    var amount: Int64 = 0
                    try reader.readMembers { reader, key throws(PluginJSONError) in
                        if key == "lineId" { lineID = try reader.readString() }
                        if key == "amount" { amount = try reader.readInt64(in: 0...Int64.max, field: "amount") }
                    }
                    lineDiscounts[lineID] = try sum(lineDiscounts[lineID] ?? 0, amount, at: reader.offset)
                }
            case "orderDiscounts":
                orderDiscounts = 0
                try reader.readArray { reader, _ throws(PluginJSONError) in
                    try reader.readMembers { reader, key throws(PluginJSONError) in
                        if key == "amount" {
                            let amount = try reader.readInt64(in: 0...Int64.max, field: "amount")
                            orderDiscounts = try sum(orderDiscounts, amount, at: reader.offset)
                        }
                    }
                }
            default: break
            }
        }
    }

    /// `first + second`, refused (at `offset`) when the discounts add up to more than 64 bits hold.
    static func sum(_ first: Int64, _ second: Int64, at offset: Int) throws(PluginJSONError) -> Int64 {
        let (total, overflow) = first.addingReportingOverflow(second)
        guard !overflow else {
            throw PluginJSONError(.invalidValue, offset: offset, "adjustments add up to more than 64 bits hold")
        }
        return total
    }
}
