import EmporiumCore

/// Writes JSON straight into a byte buffer, byte-for-byte as GraphQLSwift's `GraphQLJSONEncoder`
/// does with its default options (so `/` is written `\/`, control characters as `\u00XX` with
/// lower-case hex, and `\b \f \n \r \t` by name).
///
/// The buffer is memory of its own rather than an `[UInt8]`: every value of a response goes
/// through here, and an array's uniqueness checks and reference counting on each append were a
/// large part of rendering a listing.
struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0
    /// Reused for the raw text of cursors before they are encoded.
    private var scratch: [UInt8] = []

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// What was written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Drops what was written after `mark` (a nullable value that failed is replaced by `null`).
    mutating func truncate(to mark: Int) {
        precondition(mark >= 0 && mark <= count)
        count = mark
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, buffer.count > 0 else { return }
        reserve(buffer.count)
        (base + count).initialize(from: source, count: buffer.count)
        count += buffer.count
    }

    mutating func raw(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func null() { raw("null") }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    mutating func int(_ value: Int) {
        if value < 0 { raw(UInt8(ascii: "-")) }
        decimal(UInt64(value.magnitude))
    }

    /// A key followed by `:`; keys in a plan are pre-escaped once with ``escaped(_:)``.
    mutating func key(_ escapedKey: [UInt8]) {
        escapedKey.withUnsafeBufferPointer { append($0) }
        raw(UInt8(ascii: ":"))
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { escapedString($0) }
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// A node id (`"UHJvZHVjdDo0Mg"`), as ``OpaqueIdentifier/nodeID(type:id:)`` spells it,
    /// written without making a string.
    mutating func nodeID(type: StaticString, id: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: type.utf8CodeUnitCount + 22) { text in
            var length = 0
            type.withUTF8Buffer { name in
                for byte in name {
                    text[length] = byte
                    length += 1
                }
            }
            text[length] = UInt8(ascii: ":")
            length += 1
            if id < 0 {
                text[length] = UInt8(ascii: "-")
                length += 1
            }
            length += Self.digits(UInt64(id.magnitude), into: text.baseAddress! + length)
            quotedBase64URL(UnsafeBufferPointer(start: text.baseAddress!, count: length))
        }
    }

    /// A listing cursor, as ``OpaqueIdentifier/cursor(_:)`` spells it.
    mutating func cursor(_ position: ListingPosition) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: [UInt8(ascii: "v"), UInt8(ascii: "1"), 0x1F])
        scratch.append(contentsOf: position.sort.rawValue.utf8)
        scratch.append(0x1F)
        scratch.append(contentsOf: String(position.id).utf8)
        scratch.append(0x1F)
        scratch.append(contentsOf: position.key.utf8)
        let text = scratch
        text.withUnsafeBufferPointer { quotedBase64URL($0) }
    }

    /// An amount as a decimal string (`"15.00"`), as ``Money/decimalString`` spells it.
    mutating func decimal(_ money: Money) {
        let digits = Money.exponent(of: money.currency)
        raw(UInt8(ascii: "\""))
        if money.minorUnits < 0 { raw(UInt8(ascii: "-")) }
        let magnitude = money.minorUnits.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        decimal(magnitude / divisor)
        if digits > 0 {
            reserve(digits + 1)
            base[count] = UInt8(ascii: ".")
            var fraction = magnitude % divisor
            for place in stride(from: digits, through: 1, by: -1) {
                base[count + place] = UInt8(ascii: "0") + UInt8(fraction % 10)
                fraction /= 10
            }
            count += digits + 1
        }
        raw(UInt8(ascii: "\""))
    }

    /// The decimal digits of `value`.
    private mutating func decimal(_ value: UInt64) {
        reserve(20)
        count += Self.digits(value, into: base + count)
    }

    /// Writes the decimal digits of `value` at `output` (room for 20) and returns how many.
    @inline(__always)
    private static func digits(_ value: UInt64, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 1
        var rest = value / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        var remaining = value
        for place in stride(from: length - 1, through: 0, by: -1) {
            output[place] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
        return length
    }

    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `"…"` around the unpadded base64url of `bytes` (as ``OpaqueIdentifier/base64URL(_:)``).
    private mutating func quotedBase64URL(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve((bytes.count + 2) / 3 * 4 + 2)
        Self.alphabet.withUnsafeBufferPointer { alphabet in
            var output = base + count
            output.pointee = UInt8(ascii: "\"")
            output += 1
            var index = 0
            while index + 3 <= bytes.count {
                let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output[0] = alphabet[Int(chunk >> 18 & 63)]
                output[1] = alphabet[Int(chunk >> 12 & 63)]
                output[2] = alphabet[Int(chunk >> 6 & 63)]
                output[3] = alphabet[Int(chunk & 63)]
                output += 4
                index += 3
            }
            let rest = bytes.count - index
            if rest > 0 {
                let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                output[0] = alphabet[Int(chunk >> 18 & 63)]
                output[1] = alphabet[Int(chunk >> 12 & 63)]
                output += 2
                if rest == 2 {
                    output.pointee = alphabet[Int(chunk >> 6 & 63)]
                    output += 1
                }
            }
            output.pointee = UInt8(ascii: "\"")
            output += 1
            count = output - base
        }
    }

    /// `"text"` escaped, as bytes (for keys computed once per plan).
    static func escaped(_ text: String) -> [UInt8] {
        var writer = JSONWriter(capacity: text.utf8.count + 16)
        writer.string(text)
        return writer.bytes
    }

    private mutating func escapedString(_ utf8: UnsafeBufferPointer<UInt8>) {
        raw(UInt8(ascii: "\""))
        var copyStart = 0
        var index = 0
        let length = utf8.count
        while index < length {
            let byte = utf8[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "/") {
                index += 1
                continue
            }
            append(UnsafeBufferPointer(rebasing: utf8[copyStart..<index]))
            raw(0x5C)
            switch byte {
            case UInt8(ascii: "\""): raw(0x22)
            case UInt8(ascii: "\\"): raw(0x5C)
            case UInt8(ascii: "/"): raw(0x2F)
            case 0x08: raw(UInt8(ascii: "b"))
            case 0x0C: raw(UInt8(ascii: "f"))
            case 0x0A: raw(UInt8(ascii: "n"))
            case 0x0D: raw(UInt8(ascii: "r"))
            case 0x09: raw(UInt8(ascii: "t"))
            default:
                let hex: StaticString = "0123456789abcdef"
                raw("u00")
                hex.withUTF8Buffer { digits in
                    raw(digits[Int(byte / 16)])
                    raw(digits[Int(byte % 16)])
                }
            }
            index += 1
            copyStart = index
        }
        append(UnsafeBufferPointer(rebasing: utf8[copyStart..<length]))
        raw(UInt8(ascii: "\""))
    }
}
