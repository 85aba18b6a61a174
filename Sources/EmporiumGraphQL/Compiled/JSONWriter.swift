import EmporiumCore

/// Writes JSON straight into a byte buffer, byte-for-byte as GraphQLSwift's `GraphQLJSONEncoder`
/// does with its default options (so `/` is written `\/`, control characters as `\u00XX` with
/// lower-case hex, and `\b \f \n \r \t` by name).
struct JSONWriter {
    var bytes: [UInt8] = []
    /// Reused for the raw text of ids and cursors before they are encoded.
    private var scratch: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func null() { raw("null") }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    mutating func int(_ value: Int) { Self.appendDecimal(value, to: &bytes) }

    /// A key followed by `:`; keys in a plan are pre-escaped once with ``escaped(_:)``.
    mutating func key(_ escapedKey: [UInt8]) {
        bytes.append(contentsOf: escapedKey)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { Self.appendEscaped($0, to: &bytes) }
    }

    /// A node id (`"UHJvZHVjdDo0Mg"`), as ``OpaqueIdentifier/nodeID(type:id:)`` spells it,
    /// written without making a string.
    mutating func nodeID(type: StaticString, id: Int64) {
        scratch.removeAll(keepingCapacity: true)
        type.withUTF8Buffer { scratch.append(contentsOf: $0) }
        scratch.append(UInt8(ascii: ":"))
        Self.appendDecimal(Int(id), to: &scratch)
        quotedBase64URL()
    }

    /// A listing cursor, as ``OpaqueIdentifier/cursor(_:)`` spells it.
    mutating func cursor(_ position: ListingPosition) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: [UInt8(ascii: "v"), UInt8(ascii: "1"), 0x1F])
        scratch.append(contentsOf: position.sort.rawValue.utf8)
        scratch.append(0x1F)
        Self.appendDecimal(Int(position.id), to: &scratch)
        scratch.append(0x1F)
        scratch.append(contentsOf: position.key.utf8)
        quotedBase64URL()
    }

    /// An amount as a decimal string (`"15.00"`), as ``Money/decimalString`` spells it.
    mutating func decimal(_ money: Money) {
        let digits = Money.exponent(of: money.currency)
        bytes.append(UInt8(ascii: "\""))
        if money.minorUnits < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = money.minorUnits.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        Self.appendDecimal(magnitude / divisor, to: &bytes)
        if digits > 0 {
            bytes.append(UInt8(ascii: "."))
            var fraction = magnitude % divisor
            let start = bytes.count
            for _ in 0..<digits {
                bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
                fraction /= 10
            }
            bytes[start...].reverse()
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func quotedBase64URL() {
        bytes.append(UInt8(ascii: "\""))
        OpaqueIdentifier.appendBase64URL(scratch, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendDecimal<Value: BinaryInteger>(_ value: Value, to output: inout [UInt8]) {
        guard value != 0 else { return output.append(UInt8(ascii: "0")) }
        var magnitude = value.magnitude
        if value < 0 { output.append(UInt8(ascii: "-")) }
        let start = output.count
        while magnitude > 0 {
            output.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        }
        output[start...].reverse()
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// `"text"` escaped, as bytes (for keys computed once per plan).
    static func escaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
        return out
    }

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var copyStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "/") {
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copyStart..<index]))
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case UInt8(ascii: "/"): bytes.append(contentsOf: [0x5C, 0x2F])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hex[Int(byte / 16)])
                bytes.append(hex[Int(byte % 16)])
            }
            index += 1
            copyStart = index
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copyStart..<count]))
        bytes.append(UInt8(ascii: "\""))
    }
}
