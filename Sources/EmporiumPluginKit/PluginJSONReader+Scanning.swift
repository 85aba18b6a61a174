// The byte-level scanning behind PluginJSONReader: whitespace, literals, strings and numbers.
extension PluginJSONReader {
    @inlinable @inline(__always) static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inlinable @inline(__always) mutating func skipWhitespace() {
        // Documents written by the engine and the kit have none: one comparison in the usual case.
        guard cursor < bytes.count, bytes[cursor] <= 0x20 else { return }
        skipWhitespaceRun()
    }

    @usableFromInline mutating func skipWhitespaceRun() {
        while cursor < bytes.count {
            switch bytes[cursor] {
            case 0x20, 0x09, 0x0A, 0x0D: cursor += 1
            default: return
            }
        }
    }

    /// Consumes `byte` if it is next.
    @inlinable @inline(__always) mutating func consume(_ byte: UInt8) throws(PluginJSONError) -> Bool {
        guard cursor < bytes.count else {
            throw PluginJSONError(.syntax, offset: cursor, "unexpected end of input")
        }
        guard bytes[cursor] == byte else { return false }
        cursor += 1
        return true
    }

    /// Fails unless the next value is of `kind`; records where it starts.
    @inlinable @inline(__always) mutating func expect(_ kind: Kind, _ what: StaticString) throws(PluginJSONError) {
        skipWhitespace()
        valueStart = cursor
        // The expected kind's first byte is checked alone (one comparison for a kind known where this
        // is inlined); only a mismatch classifies the byte, for the message.
        if cursor < bytes.count, Self.starts(kind, with: bytes[cursor]) { return }
        let found = try peek()
        throw mismatch(expected: what, found: found)
    }

    /// Whether a value of `kind` can start with `byte` (as ``peek()`` classifies it).
    @inlinable @inline(__always) static func starts(_ kind: Kind, with byte: UInt8) -> Bool {
        switch kind {
        case .object: byte == UInt8(ascii: "{")
        case .array: byte == UInt8(ascii: "[")
        case .string: byte == UInt8(ascii: "\"")
        case .number: byte == UInt8(ascii: "-") || isDigit(byte)
        case .bool: byte == UInt8(ascii: "t") || byte == UInt8(ascii: "f")
        case .null: byte == UInt8(ascii: "n")
        }
    }

    /// A syntax error at the cursor: `message`, then the byte at `position` when given (out of line,
    /// like the other errors below, so that the inlined reads stay small).
    @usableFromInline func syntaxError(_ message: StaticString, describing position: Int?) -> PluginJSONError {
        guard let position else { return PluginJSONError(.syntax, offset: cursor, "\(message)") }
        return PluginJSONError(.syntax, offset: cursor, "\(message) \(describe(position))")
    }

    @usableFromInline func colonExpected(after key: PluginJSONKey) -> PluginJSONError {
        PluginJSONError(.syntax, offset: cursor, "expected ':' after \"\(key.string.prefix(40))\"")
    }

    @usableFromInline func notAnInteger(fraction: Bool) -> PluginJSONError {
        fraction
            ? PluginJSONError(
                .notAnInteger, offset: valueStart, "expected an integer, found a number with a fraction or exponent")
            : PluginJSONError(.notAnInteger, offset: valueStart, "the integer does not fit in 64 bits")
    }

    /// The error for a value of another kind than expected (out of line).
    @usableFromInline func mismatch(expected what: StaticString, found: Kind) -> PluginJSONError {
        PluginJSONError(.typeMismatch, offset: cursor, "expected \(what), found \(Self.name(found))")
    }

    @inlinable @inline(__always) mutating func open(_ byte: UInt8, _ what: StaticString) throws(PluginJSONError) {
        try expect(byte == UInt8(ascii: "{") ? .object : .array, what)
        guard depth < maxDepth else {
            throw PluginJSONError(.tooDeep, offset: cursor, "the document nests deeper than \(maxDepth) levels")
        }
        depth += 1
        cursor += 1
    }

    @inlinable mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard cursor + count <= bytes.count else { return false }
        let start = word.utf8Start
        for index in 0..<count where bytes[cursor + index] != start[index] { return false }
        cursor += count
        return true
    }

    @usableFromInline static func name(_ kind: Kind) -> String {
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
    @usableFromInline func describe(_ position: Int) -> String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    /// Reads a string whose opening quote is next.
    @inlinable mutating func readStringBody() throws(PluginJSONError) -> String {
        let start = cursor
        cursor += 1
        let contentStart = cursor
        // Fast path: plain ASCII up to the closing quote, made into a String without checking it again.
        let stop = PluginJSONWords.firstStop(in: bytes, from: contentStart, stopAtNonASCII: true)
        if stop < bytes.count, bytes[stop] == UInt8(ascii: "\"") {
            cursor = stop + 1
            return String(
                decoding: UnsafeRawBufferPointer(rebasing: bytes[contentStart..<stop]).assumingMemoryBound(
                    to: UInt8.self), as: UTF8.self)
        }
        // Non-ASCII text: find the end, then check that the bytes are UTF-8.
        cursor = PluginJSONWords.firstStop(in: bytes, from: stop, stopAtNonASCII: false)
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") {
            let slice = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<cursor])
            cursor += 1
            return try Self.validString(slice.assumingMemoryBound(to: UInt8.self), start: start)
        }
        if cursor < bytes.count, bytes[cursor] < 0x20 {
            throw PluginJSONError(
                .syntax, offset: cursor, "a control character (0x\(String(bytes[cursor], radix: 16))) in a string")
        }
        return try readEscapedString(start: start, contentStart: contentStart)
    }

    /// The rest of a string whose first escape (or end of input) is at the cursor: decoded into a
    /// buffer, out of line as escapes are rare in hook payloads.
    @usableFromInline mutating func readEscapedString(start: Int, contentStart: Int) throws(PluginJSONError) -> String {
        guard cursor < bytes.count else {
            throw PluginJSONError(.syntax, offset: start, "unterminated string")
        }
        var decoded = Array(UnsafeRawBufferPointer(rebasing: bytes[contentStart..<cursor]))
        while cursor < bytes.count {
            let byte = bytes[cursor]
            switch byte {
            case UInt8(ascii: "\""):
                cursor += 1
                return try decoded.withUnsafeBufferPointer { buffer throws(PluginJSONError) in
                    try Self.validString(buffer, start: start)
                }
            case UInt8(ascii: "\\"):
                try readEscape(into: &decoded)
            case 0..<0x20:
                throw PluginJSONError(
                    .syntax, offset: cursor, "a control character (0x\(String(byte, radix: 16))) in a string")
            default:
                decoded.append(byte)
                cursor += 1
            }
        }
        throw PluginJSONError(.syntax, offset: start, "unterminated string")
    }

    /// Skips a string whose opening quote is next, checking it as ``readStringBody()`` does but
    /// without making a `String` of plain ASCII text.
    @inlinable mutating func skipString() throws(PluginJSONError) {
        let stop = PluginJSONWords.firstStop(in: bytes, from: cursor + 1, stopAtNonASCII: true)
        if stop < bytes.count, bytes[stop] == UInt8(ascii: "\"") {
            cursor = stop + 1
            return
        }
        _ = try readStringBody()
    }

    /// The string of UTF-8 `bytes`, refused when they are not valid UTF-8. (`String(validating:)` is
    /// generic and cost more than the whole rest of a payload; decoding repairs invalid input with
    /// U+FFFD, so valid input is exactly input that comes back unchanged.)
    @inlinable static func validString(_ bytes: UnsafeBufferPointer<UInt8>, start: Int) throws(PluginJSONError)
        -> String
    {
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.allSatisfy({ $0 < 0x80 }) { return text }
        guard text.utf8.elementsEqual(bytes) else {
            throw PluginJSONError(.syntax, offset: start, "the string is not valid UTF-8")
        }
        return text
    }

    @usableFromInline mutating func readEscape(into decoded: inout [UInt8]) throws(PluginJSONError) {
        let escape = cursor
        guard cursor + 1 < bytes.count else {
            throw PluginJSONError(.syntax, offset: escape, "unterminated escape")
        }
        cursor += 2
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
                guard cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "\\"),
                    bytes[cursor + 1] == UInt8(ascii: "u")
                else {
                    throw PluginJSONError(
                        .syntax, offset: escape, "a high surrogate \\u escape without its low surrogate")
                }
                cursor += 2
                let low = try readHex4(cursor - 2)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw PluginJSONError(.syntax, offset: cursor - 6, "expected a low surrogate \\u escape")
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
    @usableFromInline mutating func readHex4(_ escape: Int) throws(PluginJSONError) -> UInt32 {
        guard cursor + 4 <= bytes.count else {
            throw PluginJSONError(.syntax, offset: escape, "\\u needs four hex digits")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[cursor]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw PluginJSONError(.syntax, offset: escape, "\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            cursor += 1
        }
        return value
    }

    /// Skips a number, checking JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    @inlinable mutating func skipNumber() throws(PluginJSONError) {
        valueStart = cursor
        if bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
        try digits(leadingZeroAllowed: false)
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            try digits(leadingZeroAllowed: true)
        }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "e") || bytes[cursor] == UInt8(ascii: "E") {
            cursor += 1
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                cursor += 1
            }
            try digits(leadingZeroAllowed: true)
        }
    }

    @inlinable mutating func digits(leadingZeroAllowed: Bool) throws(PluginJSONError) {
        let start = cursor
        while cursor < bytes.count, Self.isDigit(bytes[cursor]) { cursor += 1 }
        guard cursor > start else {
            throw PluginJSONError(.syntax, offset: cursor, "expected a digit, found \(describe(cursor))")
        }
        if !leadingZeroAllowed, cursor - start > 1, bytes[start] == UInt8(ascii: "0") {
            throw PluginJSONError(.syntax, offset: start, "a number may not start with 0")
        }
    }
}
