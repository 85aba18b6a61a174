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
        let magnitude = money.minorUnits.magnitude
        if money.minorUnits < 0 { storage.append(UInt8(ascii: "-")) }
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        appendDigits(magnitude / divisor, minimumCount: 1)
        if exponent > 0 {
            storage.append(UInt8(ascii: "."))
            appendDigits(magnitude % divisor, minimumCount: exponent)
        }
        storage.append(UInt8(ascii: " "))
        var currency = money.currency
        currency.withUTF8 { storage.append(contentsOf: $0) }
        storage.append(0)
    }

    private mutating func appendDigits(_ value: UInt64, minimumCount: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for UInt64.max's 20 digits
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            while count < minimumCount, count < scratch.count {
                scratch[count] = UInt8(ascii: "0")
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { storage.append(scratch[index]) }
        }
    }

    /// The text as a `String` (for values that need character-level work, such as truncation).
    var string: String { String(decoding: storage[..<count], as: UTF8.self) }

    /// Calls `body` with the NUL-terminated text.
    func withCString<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { buffer in body(buffer.baseAddress!) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
