/// A promotion's SKUs, categories and coupon code prepared for comparing with a request's
/// ``PromotionsRequest/Text``s in place: no `String` made and none hashed per line. SKUs and
/// categories are kept sorted (by length, then bytes) and searched by halving.
///
/// Bytes decide only where they agree with `String`'s `==` (canonical equivalence): when both sides
/// are ASCII. Otherwise, say for a configured `"K"` (U+212A KELVIN SIGN), which `==` finds equal to
/// `"K"`, the text is made into a `String` and compared as before.
struct PromotionMatcher: Sendable {
    private let promotion: Promotion
    private let skus: [[UInt8]]
    private let categories: [[UInt8]]
    /// Whether every SKU and category of the promotion is ASCII.
    private let targetsAreASCII: Bool
    /// The coupon code's bytes when it is ASCII (codes are configured upper-case).
    private let asciiCoupon: [UInt8]?

    /// Prepares `promotion`.
    init(_ promotion: Promotion) {
        self.promotion = promotion
        let order: ([UInt8], [UInt8]) -> Bool = { first, second in
            second.withUnsafeBufferPointer { Self.compare(first, $0) < 0 }
        }
        skus = promotion.skus.map { Array($0.utf8) }.sorted(by: order)
        categories = promotion.categories.map { Array($0.utf8) }.sorted(by: order)
        targetsAreASCII = (skus + categories).allSatisfy(PromotionsRequest.Text.isASCII)
        asciiCoupon = promotion.couponCode.flatMap { PromotionsRequest.Text.isASCII($0) ? Array($0.utf8) : nil }
    }

    /// Whether `line` qualifies: its SKU or one of its categories is the promotion's.
    func matches(_ line: PromotionsRequest.Line, in request: PromotionsRequest) -> Bool {
        if !skus.isEmpty && contains(line.sku, skus, promotion.skus, request) { return true }
        guard !categories.isEmpty else { return false }
        for category in request.categories(of: line) where contains(category, categories, promotion.categories, request)
        {
            return true
        }
        return false
    }

    /// Whether the entered `code`, upper-cased, is the promotion's coupon code.
    func isCoupon(_ code: PromotionsRequest.Text, in request: PromotionsRequest) -> Bool {
        guard let coupon = promotion.couponCode else { return false }
        guard code.isASCII, let asciiCoupon else { return request.string(code).uppercased() == coupon }
        guard code.count == asciiCoupon.count else { return false }
        return request.withBytes(of: code) { bytes in
            for (byte, expected) in zip(bytes, asciiCoupon) {
                let upper = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte
                if upper != expected { return false }
            }
            return true
        }
    }

    /// Whether the request's currency is the promotion's (true when the promotion names none).
    func acceptsCurrency(of request: PromotionsRequest) -> Bool {
        guard let currency = promotion.currency else { return true }
        return request.text(request.currency, equals: currency)
    }

    /// Whether `text` is one of the promotion's `sorted` byte strings (or, when either side is not
    /// ASCII, of `strings`, compared as `String`s).
    private func contains(
        _ text: PromotionsRequest.Text, _ sorted: [[UInt8]], _ strings: Set<String>, _ request: PromotionsRequest
    ) -> Bool {
        guard text.isASCII && targetsAreASCII else { return strings.contains(request.string(text)) }
        return request.withBytes(of: text) { key in
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                let order = Self.compare(sorted[middle], key)
                if order == 0 { return true }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return false
        }
    }

    /// The order the lists are sorted in: shorter first, then by bytes.
    private static func compare(_ entry: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Int {
        if entry.count != key.count { return entry.count < key.count ? -1 : 1 }
        for index in 0..<key.count where entry[index] != key[index] {
            return entry[index] < key[index] ? -1 : 1
        }
        return 0
    }
}
