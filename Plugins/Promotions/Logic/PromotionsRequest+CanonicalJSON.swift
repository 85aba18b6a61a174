import EmporiumPluginKit

// Reading the request the way the engine writes it: its members in one order, no whitespace, plain
// strings. Straight through, with the punctuation and names between two values compared as one
// literal each (`PluginJSONReader.consume`), and no closure or member lookup per member.
extension PromotionsRequest {
    /// The request in `document` when the document has exactly the engine's shape (see
    /// `PricingPayload` in the host); nil when anything differs, for ``init(json:)-(UnsafeRawBufferPointer)``
    /// to read it the general way. Nil also for a document the general reading refuses, so that the
    /// refusal is the general one. Values are read and checked by the same readers as there;
    /// members the promotions do not need are skipped as there.
    static func readCanonical(_ document: UnsafeRawBufferPointer) -> PromotionsRequest? {
        var buffers = Buffers()
        return readCanonical(document, reusing: &buffers)
    }

    /// ``readCanonical(_:)`` filling the arrays of `buffers` (taken from it) rather than new ones.
    static func readCanonical(_ document: UnsafeRawBufferPointer, reusing buffers: inout Buffers) -> PromotionsRequest?
    {
        // The top-level object is opened by a literal: one level less for the values read inside it,
        // which leaves them the room the general reading leaves them.
        var reader = PluginJSONReader(document, maxDepth: PluginJSONReader.defaultMaxDepth - 1)
        guard reader.consume("{") else { return nil }
        if reader.consume("\"channel\":") {
            guard plainText(&reader) != nil, reader.consume(",") else { return nil }
        }
        guard reader.consume("\"currency\":"), let currency = plainText(&reader),
            reader.consume(",\"pricesIncludeTax\":false,\"now\":")
                || reader.consume(",\"pricesIncludeTax\":true,\"now\":"),
            let now = try? reader.readTimestamp(field: "now"), reader.consume(",")
        else { return nil }
        if reader.consume("\"customer\":{") {
            // The engine writes an id, an e-mail address, both or neither.
            let id = reader.consume("\"id\":")
            guard !id || plainText(&reader) != nil else { return nil }
            if id ? reader.consume(",\"email\":") : reader.consume("\"email\":") {
                guard plainText(&reader) != nil else { return nil }
            }
            guard reader.consume("},") else { return nil }
        }
        guard reader.consume("\"lines\":[") else { return nil }
        var lines = Buffers.take(&buffers.lines, minimumCapacity: 8)
        var categories = Buffers.take(&buffers.texts, minimumCapacity: 16)
        var total: Int64 = 0
        if !reader.consume("]") {
            repeat {
                guard let line = readLine(&reader, lines.count, &categories, &total) else { return nil }
                lines.append(line)
            } while reader.consume(",")
            guard reader.consume("]") else { return nil }
        }
        // The codes follow the categories in the request's one array of texts.
        let firstCode = categories.count
        guard reader.consume(",\"subtotal\":"), (try? reader.readInt64()) != nil, reader.consume(",\"couponCodes\":["),
            readTexts(&reader, into: &categories), reader.consume(",\"couponRedemptions\":")
        else { return nil }
        var redemptions = Buffers.take(&buffers.redemptions, minimumCapacity: 0)
        var lineDiscounts: [String: Int64] = [:]
        var orderDiscounts: Int64 = 0
        do throws(PluginJSONError) {
            guard reader.consume("{") else { return nil }
            if !reader.consume("}") {
                repeat {
                    // A code is a member name: read as a plain string, then its colon.
                    guard let code = try reader.readPlainString(), reader.consume(":") else { return nil }
                    // Out of range: the general reading refuses it with its message.
                    let count = try reader.readInt64()
                    guard count >= 0 else { return nil }
                    redemptions.append(
                        Redemption(code: String(decoding: reader.bytes(in: code), as: UTF8.self), count: count))
                } while reader.consume(",")
                guard reader.consume("}") else { return nil }
            }
            // Before the first rule of a chain there are no adjustments: one literal.
            if !reader.consume(",\"adjustments\":{\"lineDiscounts\":[],\"orderDiscounts\":[],\"rejectedCoupons\":[]}") {
                guard reader.consume(",\"adjustments\":") else { return nil }
                try readAdjustments(&reader, lineDiscounts: &lineDiscounts, orderDiscounts: &orderDiscounts)
            }
            guard reader.consume(",\"total\":") else { return nil }
            _ = try reader.readInt64()
            guard reader.consume("}") else { return nil }
            try reader.finish()
        } catch {
            return nil
        }
        return PromotionsRequest(
            document: document, decoded: [], text: Buffers.take(&buffers.text, minimumCapacity: 0), currency: currency,
            now: now, lines: consume lines,
            categories: consume categories, firstCode: firstCode, codes: [], redemptions: consume redemptions,
            lineDiscounts: consume lineDiscounts, orderDiscounts: orderDiscounts)
    }

    /// A line, `{"id":…}` with its members in the engine's order, its categories appended to
    /// `categories` and its amount added to `total`.
    @inline(__always)
    private static func readLine(
        _ reader: inout PluginJSONReader, _ index: Int, _ categories: inout [Text], _ total: inout Int64
    ) -> Line? {
        // `productId` is not needed, but must be a plain string here: a value nested deeper would
        // meet another depth limit than in the general reading, where the line is three levels down.
        guard reader.consume("{\"id\":"), let id = plainText(&reader), reader.consume(",\"sku\":"),
            let sku = plainText(&reader), reader.consume(",\"productId\":"), plainText(&reader) != nil,
            reader.consume(",\"quantity\":"),
            let quantity = try? reader.readInt64(), (1...1_000_000_000).contains(quantity),
            reader.consume(",\"unitPrice\":"),
            let unitPrice = try? reader.readInt64(), (0...1_000_000_000_000).contains(unitPrice),
            reader.consume(",\"categories\":[")
        else { return nil }
        let first = categories.count
        guard readTexts(&reader, into: &categories), reader.consume("}"),
            let gross = try? lineAmount(
                index, unitPrice: unitPrice, quantity: quantity, remaining: nil, addingTo: &total, offset: 0)
        else { return nil }
        return Line(
            id: id, sku: sku, quantity: quantity, unitPrice: unitPrice, remaining: gross,
            categories: first..<categories.count)
    }

    /// The plain strings of an array whose `[` was consumed, through its `]`, appended to `texts`;
    /// false when the array is anything else.
    @inline(__always)
    private static func readTexts(_ reader: inout PluginJSONReader, into texts: inout [Text]) -> Bool {
        if reader.consume("]") { return true }
        repeat {
            guard let text = plainText(&reader) else { return false }
            texts.append(text)
        } while reader.consume(",")
        return reader.consume("]")
    }

    /// A plain-ASCII string without escapes as a ``Text`` of the document; nil for anything else.
    @inline(__always)
    private static func plainText(_ reader: inout PluginJSONReader) -> Text? {
        guard let range = try? reader.readPlainString() else { return nil }
        return Text(offset: range.lowerBound, count: range.count, isASCII: true)
    }
}
