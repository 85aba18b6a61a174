import EmporiumPluginKit

/// The parts of a `pricing.adjust` request the promotions need, with the earlier rules' discounts
/// already subtracted from each line.
///
/// The request's strings are kept as ``Text`` ranges of one byte buffer, ``text``, and the lines'
/// categories in one flat array: read from JSON, a request is five arrays (text, lines, categories,
/// codes, redemptions) whatever the size of the cart, not a `String` per field and an array per line
/// (which cost more than reading the JSON).
/// Build one from Swift values with ``init(currency:now:lines:couponCodes:couponRedemptions:earlierOrderDiscounts:)``
/// or from the JSON document with ``init(json:)-(UnsafeRawBufferPointer)``.
public struct PromotionsRequest: Sendable {
    /// A string of the request: where its UTF-8 bytes lie in the request's ``PromotionsRequest/text``.
    /// Read from JSON, a string without escapes points into the copy of the document itself, so
    /// reading it costs no copy of its own.
    public struct Text: Sendable, Hashable {
        /// The first byte's offset in the request's text.
        public let offset: Int
        /// The number of bytes.
        public let count: Int
        /// Whether every byte is ASCII: such texts are compared byte by byte.
        public let isASCII: Bool

        /// The bytes' range in the request's text.
        public var range: Range<Int> { offset..<(offset + count) }

        /// Whether `bytes` are all ASCII, eight at a time.
        @inline(__always) static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress else { return true }
            var index = 0
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                index += 8
            }
            while index < bytes.count {
                if bytes[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
    }

    /// A cart line; its strings are ranges of the request's ``text``.
    public struct Line: Sendable, Hashable {
        /// Line id.
        public var id: Text
        /// SKU.
        public var sku: Text
        /// Units.
        public var quantity: Int64
        /// Price of one unit, minor units.
        public var unitPrice: Int64
        /// What is left of the line after earlier discounts, minor units.
        public var remaining: Int64
        /// The line's category slugs: this range of the request's ``categoryTexts``.
        public var categories: Range<Int>
    }

    /// A cart line given as Swift values.
    public struct LineValues: Sendable, Hashable {
        /// Line id.
        public var id: String
        /// SKU.
        public var sku: String
        /// Units.
        public var quantity: Int64
        /// Price of one unit, minor units.
        public var unitPrice: Int64
        /// Category slugs.
        public var categories: [String]
        /// What is left of the line after earlier discounts, minor units.
        public var remaining: Int64

        /// Creates a line; `remaining` defaults to `unitPrice × quantity`.
        public init(
            id: String, sku: String, quantity: Int64, unitPrice: Int64, categories: [String] = [],
            remaining: Int64? = nil
        ) {
            self.id = id
            self.sku = sku
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.categories = categories
            self.remaining = remaining ?? unitPrice * quantity
        }
    }

    /// Past redemptions of one coupon code.
    public struct Redemption: Sendable, Hashable {
        /// The code.
        public var code: String
        /// How often it was redeemed.
        public var count: Int64
    }

    /// The UTF-8 bytes every ``Text`` of the request points into.
    public internal(set) var text: [UInt8]
    /// The cart's currency.
    public var currency: Text
    /// The pricing instant.
    public var now: PluginTimestamp
    /// The lines.
    public internal(set) var lines: [Line]
    /// The category slugs of all lines, line after line (see ``Line/categories``).
    public internal(set) var categoryTexts: [Text]
    /// Codes entered.
    public internal(set) var couponCodes: [Text]
    /// Past redemptions per code; for a code listed twice, the last one counts.
    public internal(set) var couponRedemptions: [Redemption]
    /// The sum of earlier order-level discounts.
    public var earlierOrderDiscounts: Int64

    /// Creates a request from Swift values.
    public init(
        currency: String, now: PluginTimestamp, lines: [LineValues], couponCodes: [String] = [],
        couponRedemptions: [String: Int64] = [:], earlierOrderDiscounts: Int64 = 0
    ) {
        text = []
        categoryTexts = []
        self.currency = Text(offset: 0, count: 0, isASCII: true)
        self.now = now
        self.lines = []
        self.couponCodes = []
        self.couponRedemptions = couponRedemptions.map { Redemption(code: $0.key, count: $0.value) }
        self.earlierOrderDiscounts = earlierOrderDiscounts
        self.currency = append(currency)
        for line in lines {
            let id = append(line.id)
            let sku = append(line.sku)
            let first = categoryTexts.count
            for category in line.categories { categoryTexts.append(append(category)) }
            self.lines.append(
                Line(
                    id: id, sku: sku, quantity: line.quantity, unitPrice: line.unitPrice, remaining: line.remaining,
                    categories: first..<categoryTexts.count))
        }
        for code in couponCodes { self.couponCodes.append(append(code)) }
    }

    /// Reads a `pricing.adjust` request document.
    public init(json bytes: [UInt8]) throws(PluginJSONError) {
        let result: Result<Self, PluginJSONError> = bytes.withUnsafeBytes { buffer in
            do throws(PluginJSONError) {
                return .success(try Self(json: buffer))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Adds `string`'s bytes to ``text``.
    private mutating func append(_ string: String) -> Text {
        let offset = text.count
        text.append(contentsOf: string.utf8)
        return Text(offset: offset, count: text.count - offset, isASCII: string.utf8.allSatisfy { $0 < 0x80 })
    }

    /// `text` as a `String`.
    public func string(_ text: Text) -> String {
        self.text.withUnsafeBufferPointer { String(decoding: $0[text.range], as: UTF8.self) }
    }

    /// The category slugs of `line`.
    public func categories(of line: Line) -> ArraySlice<Text> { categoryTexts[line.categories] }

    /// Whether `text` is `string`, as `String`'s `==` decides (canonical equivalence): compared
    /// byte by byte when both are ASCII, where the two agree, and as strings otherwise.
    public func text(_ text: Text, equals string: String) -> Bool {
        var string = string
        return string.withUTF8 { other in
            self.text.withUnsafeBufferPointer { bytes in
                let mine = UnsafeBufferPointer(rebasing: bytes[text.range])
                if text.isASCII && Text.isASCII(other) { return mine.elementsEqual(other) }
                return String(decoding: mine, as: UTF8.self) == String(decoding: other, as: UTF8.self)
            }
        }
    }

    /// Whether two texts of the request are equal strings (canonical equivalence, as `==`).
    public func text(_ text: Text, equals other: Text) -> Bool {
        self.text.withUnsafeBufferPointer { bytes in
            let first = UnsafeBufferPointer(rebasing: bytes[text.range])
            let second = UnsafeBufferPointer(rebasing: bytes[other.range])
            if first.elementsEqual(second) { return true }
            if text.isASCII && other.isASCII { return false }
            return String(decoding: first, as: UTF8.self) == String(decoding: second, as: UTF8.self)
        }
    }

    /// The past redemptions of `code` (0 when the request lists none).
    public func redemptions(of code: String) -> Int64 {
        couponRedemptions.last { $0.code == code }?.count ?? 0
    }
}
