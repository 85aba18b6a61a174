/// Writes JSON straight into a byte buffer, byte-for-byte as GraphQLSwift's `GraphQLJSONEncoder`
/// does with its default options (so `/` is written `\/`, control characters as `\u00XX` with
/// lower-case hex, and `\b \f \n \r \t` by name).
struct JSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func null() { raw("null") }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    mutating func int(_ value: Int) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        while magnitude > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        bytes[start...].reverse()
    }

    /// A key followed by `:`; keys in a plan are pre-escaped once with ``escaped(_:)``.
    mutating func key(_ escapedKey: [UInt8]) {
        bytes.append(contentsOf: escapedKey)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { Self.appendEscaped($0, to: &bytes) }
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
