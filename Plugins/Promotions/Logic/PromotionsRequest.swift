import EmporiumPluginKit

/// The parts of a `pricing.adjust` request the promotions need, with the earlier rules' discounts
/// already subtracted from each line.
///
/// The request's strings are kept as ``Text`` ranges of one byte buffer, ``text``, and the lines'
/// categories and the coupon codes in one flat array, ``texts``: read from JSON, a request is four
/// arrays (text, lines, texts, redemptions) whatever the size of the cart, not a `String` per field
/// and an array per line (which cost more than reading the JSON).
/// Build one from Swift values with ``init(currency:now:lines:couponCodes:couponRedemptions:earlierOrderDiscounts:)``
/// or from the JSON document with ``init(json:)-(UnsafeRawBufferPointer)``.
public struct PromotionsRequest: Sendable {
    /// A string of the request: where its UTF-8 bytes lie in the request's ``PromotionsRequest/text``.
    /// Read from JSON, a plain-ASCII string without escapes points into the copy of the document
    /// itself, so reading it costs no copy of its own; any other string is decoded and added after
    /// the document. A `Text` belongs to the request it came from: the request's accessors refuse
    /// (trap on) one that reaches past their text rather than read another buffer's bytes.
    public struct Text: Sendable {
        /// The first byte's offset in the request's text.
        public let offset: Int
        /// The number of bytes.
        public let count: Int
        /// Whether every byte is ASCII: such texts are compared byte by byte.
        public let isASCII: Bool

        /// The bytes' range in the request's text.
        public var range: Range<Int> { offset..<(offset + count) }

        /// Whether `bytes` are all ASCII, eight at a time: the one ASCII check of the promotions.
        @inline(__always) static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress else { return true }
            var index = 0
            // Safe: each word loaded lies wholly below `bytes.count`.
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

        /// Whether the bytes of `bytes` are all ASCII.
        static func isASCII(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { isASCII($0) } }

        /// Whether the UTF-8 of `string` is all ASCII.
        static func isASCII(_ string: String) -> Bool {
            var string = string
            return string.withUTF8 { isASCII($0) }
        }
    }

    /// A cart line; its strings are ranges of the request's ``text``.
    public struct Line: Sendable {
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
        /// The line's category slugs: this range of the request's ``texts``.
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
        /// What is left of the line after earlier discounts, minor units; nil: `unitPrice × quantity`,
        /// computed (and refused when it does not fit in 64 bits) when the request is built.
        public var remaining: Int64?

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
            self.remaining = remaining
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
    public internal(set) var currency: Text
    /// The pricing instant.
    public var now: PluginTimestamp
    /// The lines.
    public internal(set) var lines: [Line]
    /// The category slugs of all lines, line after line (see ``Line/categories``), then the codes
    /// entered (``couponCodes``).
    public internal(set) var texts: [Text]
    /// Codes entered: the end of ``texts`` (a slice of the same storage, kept so that reading it
    /// makes no slice). Its indices are those of ``texts``, so they do not start at 0: iterate it,
    /// or use its `indices`.
    public internal(set) var couponCodes: ArraySlice<Text>
    /// Past redemptions per code; for a code listed twice, the last one counts.
    public internal(set) var couponRedemptions: [Redemption]
    /// The sum of earlier order-level discounts.
    public var earlierOrderDiscounts: Int64

    /// Creates a request from Swift values. A line whose `unitPrice × quantity`, or lines whose amounts
    /// together, do not fit in 64 bits are refused with the error (code ``PluginJSONError/Code/invalidValue``,
    /// offset 0) the same request read from JSON gets.
    public init(
        currency: String, now: PluginTimestamp, lines: [LineValues], couponCodes: [String] = [],
        couponRedemptions: [String: Int64] = [:], earlierOrderDiscounts: Int64 = 0
    ) throws(PluginJSONError) {
        text = []
        texts = []
        self.currency = Text(offset: 0, count: 0, isASCII: true)
        self.now = now
        self.lines = []
        self.couponCodes = []
        self.couponRedemptions = couponRedemptions.map { Redemption(code: $0.key, count: $0.value) }
        self.earlierOrderDiscounts = earlierOrderDiscounts
        // Room for a usual cart up front, rather than growing the arrays step by step.
        text.reserveCapacity(currency.utf8.count + lines.count * 32)
        self.lines.reserveCapacity(lines.count)
        texts.reserveCapacity(lines.count + couponCodes.count)
        self.currency = append(currency)
        var total: Int64 = 0
        for (index, line) in lines.enumerated() {
            let remaining = try Self.lineAmount(
                index, unitPrice: line.unitPrice, quantity: line.quantity, remaining: line.remaining,
                addingTo: &total, offset: 0)
            let id = append(line.id)
            let sku = append(line.sku)
            let first = texts.count
            for category in line.categories { texts.append(append(category)) }
            self.lines.append(
                Line(
                    id: id, sku: sku, quantity: line.quantity, unitPrice: line.unitPrice, remaining: remaining,
                    categories: first..<texts.count))
        }
        let firstCode = texts.count
        for code in couponCodes { texts.append(append(code)) }
        self.couponCodes = texts[firstCode...]
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

    /// What is left of line `index` (`remaining`, or `unitPrice × quantity` when nil), added to
    /// `total`, the sum of the lines before it: the one check of line amounts, for requests read from
    /// JSON and built from Swift values alike. A product or a sum that does not fit in 64 bits is
    /// refused (`offset`: where the line starts in the document) rather than trapping the process,
    /// so the calculator's sums of the lines cannot overflow either.
    static func lineAmount(
        _ index: Int, unitPrice: Int64, quantity: Int64, remaining: Int64?, addingTo total: inout Int64, offset: Int
    ) throws(PluginJSONError) -> Int64 {
        let (gross, overflow) = unitPrice.multipliedReportingOverflow(by: quantity)
        guard !overflow else {
            throw PluginJSONError(
                .invalidValue, offset: offset, "lines[\(index)] unitPrice × quantity does not fit in 64 bits")
        }
        let amount = remaining ?? gross
        let (sum, sumOverflow) = total.addingReportingOverflow(max(amount, 0))
        guard !sumOverflow else {
            throw PluginJSONError(
                .invalidValue, offset: offset, "lines[\(index)] takes the sum of the lines past 64 bits")
        }
        total = sum
        return amount
    }

    /// Adds `string`'s bytes to ``text``.
    private mutating func append(_ string: String) -> Text {
        let offset = text.count
        text.append(contentsOf: string.utf8)
        return Text(offset: offset, count: text.count - offset, isASCII: Text.isASCII(string))
    }

    /// Hands the bytes of `text` to `body`: the one way into ``text``. It checks that `text` lies
    /// within this request's bytes, so a `Text` of another request traps instead of reading past
    /// the buffer (slicing an unsafe buffer is not checked in optimised builds).
    func withBytes<Result>(of text: Text, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        precondition(text.range.upperBound <= self.text.count, "a Text of another PromotionsRequest")
        return self.text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[text.range])) }
    }

    /// `text` as a `String`.
    public func string(_ text: Text) -> String {
        withBytes(of: text) { String(decoding: $0, as: UTF8.self) }
    }

    /// The category slugs of `line`.
    public func categories(of line: Line) -> ArraySlice<Text> { texts[line.categories] }

    /// Whether `text` is `string`, as `String`'s `==` decides (canonical equivalence).
    public func text(_ text: Text, equals string: String) -> Bool {
        var string = string
        return string.withUTF8 { other in
            withBytes(of: text) { Self.equal($0, text.isASCII, other, Text.isASCII(other)) }
        }
    }

    /// Whether two texts of the request are equal strings (canonical equivalence, as `==`).
    public func text(_ text: Text, equals other: Text) -> Bool {
        withBytes(of: text) { first in
            withBytes(of: other) { Self.equal(first, text.isASCII, $0, other.isASCII) }
        }
    }

    /// Whether two UTF-8 strings are equal as `String`'s `==` decides: byte by byte when both are
    /// ASCII, where the two agree, and as strings otherwise (canonical equivalence).
    private static func equal(
        _ first: UnsafeBufferPointer<UInt8>, _ firstIsASCII: Bool, _ second: UnsafeBufferPointer<UInt8>,
        _ secondIsASCII: Bool
    ) -> Bool {
        if first.elementsEqual(second) { return true }
        if firstIsASCII && secondIsASCII { return false }
        return String(decoding: first, as: UTF8.self) == String(decoding: second, as: UTF8.self)
    }

    /// The past redemptions of `code` (0 when the request lists none).
    public func redemptions(of code: String) -> Int64 {
        couponRedemptions.last { $0.code == code }?.count ?? 0
    }
}
