import EmporiumCore

/// Text built byte by byte and reused from item to item, so that per-item values (links, titles,
/// prices) cost no `String` allocation. Always NUL-terminated, for libxml2.
///
/// Only clean text goes in: strings that came out of ``FeedText`` (or another buffer), ASCII
/// literals, digits and percent-encoded bytes, so the contents stay valid UTF-8 without characters
/// XML 1.0 forbids. libxml2 still escapes the text when it is written.
struct FeedTextBuffer {
    /// The text's bytes followed by one NUL.
    private(set) var storage: [UInt8]

    init(capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(capacity)
        storage.append(0)
    }

    /// The number of bytes of text (without the NUL).
    var count: Int { storage.count - 1 }

    var isEmpty: Bool { storage.count == 1 }

    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        storage.append(0)
    }

    /// Appends clean text.
    mutating func append(_ text: String) {
        storage.removeLast()
        var text = text
        text.withUTF8 { storage.append(contentsOf: $0) }
        storage.append(0)
    }

    /// Appends the text of another buffer.
    mutating func append(_ other: FeedTextBuffer) {
        storage.removeLast()
        storage.append(contentsOf: other.storage[..<other.count])
        storage.append(0)
    }

    /// Appends an ASCII literal.
    mutating func append(ascii text: StaticString) {
        storage.removeLast()
        text.withUTF8Buffer { storage.append(contentsOf: $0) }
        storage.append(0)
    }

    /// Appends `text` with every byte but RFC 3986's unreserved characters as `%XX`.
    mutating func appendPercentEncoded(_ text: String) {
        storage.removeLast()
        var text = text
        text.withUTF8 { bytes in
            // Slugs and most SKUs need no encoding: one copy instead of a byte at a time.
            guard bytes.contains(where: { !Self.isUnreserved($0) }) else {
                storage.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                if Self.isUnreserved(byte) {
                    storage.append(byte)
                } else {
                    storage.append(UInt8(ascii: "%"))
                    storage.append(Self.hexDigits[Int(byte >> 4)])
                    storage.append(Self.hexDigits[Int(byte & 15)])
                }
            }
        }
        storage.append(0)
    }

    /// RFC 3986's unreserved characters.
    @inline(__always)
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// Appends `money` as `15.00 USD` (`Money.decimalString`, a space, the currency), with
    /// `exponent` decimal digits.
    mutating func appendPrice(_ money: Money, exponent: Int) {
        storage.removeLast()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Money.maximumDecimalLength) { digits in
            let length = money.writeDecimal(exponent: exponent, into: digits.baseAddress!)
            storage.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<length]))
        }
        storage.append(UInt8(ascii: " "))
        var currency = money.currency
        currency.withUTF8 { storage.append(contentsOf: $0) }
        storage.append(0)
    }

    /// The text as a `String` (for values that need character-level work, such as truncation).
    var string: String { String(decoding: storage[..<count], as: UTF8.self) }

    /// Calls `body` with the NUL-terminated text.
    func withCString<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { buffer in body(buffer.baseAddress!) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
