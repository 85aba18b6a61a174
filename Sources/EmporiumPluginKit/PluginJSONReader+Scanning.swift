// The byte-level scanning behind PluginJSONReader: whitespace, literals, strings and numbers.
extension PluginJSONReader {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) throws(PluginJSONError) -> Bool {
        guard offset < bytes.count else {
            throw PluginJSONError(.syntax, offset: offset, "unexpected end of input")
        }
        guard bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Fails unless the next value is of `kind`; records where it starts.
    mutating func expect(_ kind: Kind, _ what: String) throws(PluginJSONError) {
        let found = try peek()
        valueOffset = offset
        guard found == kind else {
            throw PluginJSONError(.typeMismatch, offset: offset, "expected \(what), found \(Self.name(found))")
        }
    }

    mutating func open(_ byte: UInt8, _ what: String) throws(PluginJSONError) {
        try expect(byte == UInt8(ascii: "{") ? .object : .array, what)
        guard depth < maxDepth else {
            throw PluginJSONError(.tooDeep, offset: offset, "the document nests deeper than \(maxDepth) levels")
        }
        depth += 1
        offset += 1
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let start = word.utf8Start
        for index in 0..<count where bytes[offset + index] != start[index] { return false }
        offset += count
        return true
    }

    static func name(_ kind: Kind) -> String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// The byte at `position`, for messages: `'x'`, `byte 0x07` or `end of input`.
    func describe(_ position: Int) -> String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    /// Reads a string whose opening quote is next.
    mutating func readStringBody() throws(PluginJSONError) -> String {
        let start = offset
        offset += 1
        let contentStart = offset
        // Fast path: no escapes.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<offset])
                offset += 1
                return try Self.validString(slice.assumingMemoryBound(to: UInt8.self), start: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else {
                throw PluginJSONError(
                    .syntax, offset: offset, "a control character (0x\(String(byte, radix: 16))) in a string")
            }
            offset += 1
        }
        guard offset < bytes.count else {
            throw PluginJSONError(.syntax, offset: start, "unterminated string")
        }
        var decoded = Array(UnsafeRawBufferPointer(rebasing: bytes[contentStart..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return try decoded.withUnsafeBufferPointer { buffer throws(PluginJSONError) in
                    try Self.validString(buffer, start: start)
                }
            case UInt8(ascii: "\\"):
                try readEscape(into: &decoded)
            case 0..<0x20:
                throw PluginJSONError(
                    .syntax, offset: offset, "a control character (0x\(String(byte, radix: 16))) in a string")
            default:
                decoded.append(byte)
                offset += 1
            }
        }
        throw PluginJSONError(.syntax, offset: start, "unterminated string")
    }

    /// The string of UTF-8 `bytes`, refused when they are not valid UTF-8. (`String(validating:)` is
    /// generic and cost more than the whole rest of a payload; decoding repairs invalid input with
    /// U+FFFD, so valid input is exactly input that comes back unchanged.)
    static func validString(_ bytes: UnsafeBufferPointer<UInt8>, start: Int) throws(PluginJSONError) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.allSatisfy({ $0 < 0x80 }) { return text }
        guard text.utf8.elementsEqual(bytes) else {
            throw PluginJSONError(.syntax, offset: start, "the string is not valid UTF-8")
        }
        return text
    }

    private mutating func readEscape(into decoded: inout [UInt8]) throws(PluginJSONError) {
        let escape = offset
        guard offset + 1 < bytes.count else {
            throw PluginJSONError(.syntax, offset: escape, "unterminated escape")
        }
        offset += 2
        switch bytes[escape + 1] {
        case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4(escape)
            if (0xD800...0xDBFF).contains(scalar) {
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                    bytes[offset + 1] == UInt8(ascii: "u")
                else {
                    throw PluginJSONError(
                        .syntax, offset: escape, "a high surrogate \\u escape without its low surrogate")
                }
                offset += 2
                let low = try readHex4(offset - 2)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw PluginJSONError(.syntax, offset: offset - 6, "expected a low surrogate \\u escape")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw PluginJSONError(.syntax, offset: escape, "a low surrogate \\u escape without a high surrogate")
            }
            decoded.append(contentsOf: Unicode.Scalar(scalar).map { Array(String($0).utf8) } ?? [])
        default:
            throw PluginJSONError(.syntax, offset: escape, "unknown escape \\\(describe(escape + 1))")
        }
    }

    /// Reads the four hex digits after `\u`; `escape` is where the backslash was.
    private mutating func readHex4(_ escape: Int) throws(PluginJSONError) -> UInt32 {
        guard offset + 4 <= bytes.count else {
            throw PluginJSONError(.syntax, offset: escape, "\\u needs four hex digits")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw PluginJSONError(.syntax, offset: escape, "\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Skips a number, checking JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func skipNumber() throws(PluginJSONError) {
        valueOffset = offset
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        try digits(leadingZeroAllowed: false)
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            try digits(leadingZeroAllowed: true)
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            try digits(leadingZeroAllowed: true)
        }
    }

    private mutating func digits(leadingZeroAllowed: Bool) throws(PluginJSONError) {
        let start = offset
        while offset < bytes.count, Self.isDigit(bytes[offset]) { offset += 1 }
        guard offset > start else {
            throw PluginJSONError(.syntax, offset: offset, "expected a digit, found \(describe(offset))")
        }
        if !leadingZeroAllowed, offset - start > 1, bytes[start] == UInt8(ascii: "0") {
            throw PluginJSONError(.syntax, offset: start, "a number may not start with 0")
        }
    }
}
