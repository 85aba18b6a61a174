/// A small, bounds-checked pull reader for hook payloads: no Foundation, no intermediate tree.
///
/// The caller walks the document in the order it arrives and reads each value as the type it
/// expects; anything else fails with a ``PluginJSONError`` that carries the byte offset. Members a
/// closure leaves unread are skipped, so a payload may gain properties without breaking readers.
///
/// ```swift
/// let quantity = try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in
///     var quantity: Int64 = 0
///     try reader.readObject { reader, key throws(PluginJSONError) in
///         if key == "quantity" { quantity = try reader.readInt64() }
///     }
///     return quantity
/// }
/// ```
///
/// The reader holds a pointer into the bytes it reads: use it only inside ``read(_:maxDepth:_:)``
/// or while the buffer given to ``init(_:maxDepth:)`` is alive.
public struct PluginJSONReader {
    /// The kinds of JSON values.
    public enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    /// The nesting allowed by default; hook payloads need a handful of levels.
    public static let defaultMaxDepth = 32

    // The reader is inlined into its callers (decoders of hook payloads): a call per byte or
    // member across the module boundary cost more than the scanning itself.
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var cursor = 0
    @usableFromInline var valueStart = 0
    @usableFromInline let maxDepth: Int
    @usableFromInline var depth = 0

    /// The position of the next byte to read.
    @inlinable public var offset: Int { cursor }
    /// The offset where the value read last (or being read) started, for error messages.
    @inlinable public var valueOffset: Int { valueStart }

    /// A reader over `bytes`, which must stay alive while the reader is used.
    @inlinable public init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = PluginJSONReader.defaultMaxDepth) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Reads one document from `bytes` with `body`, then checks that nothing but whitespace follows.
    @inlinable
    public static func read<T>(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth,
        _ body: (inout PluginJSONReader) throws(PluginJSONError) -> T
    ) throws(PluginJSONError) -> T {
        var reader = PluginJSONReader(bytes, maxDepth: maxDepth)
        let value = try body(&reader)
        try reader.finish()
        return value
    }

    /// Reads one document from `bytes` with `body`, then checks that nothing but whitespace follows.
    @inlinable
    public static func read<T>(
        _ bytes: [UInt8], maxDepth: Int = defaultMaxDepth, _ body: (inout PluginJSONReader) throws(PluginJSONError) -> T
    ) throws(PluginJSONError) -> T {
        let result: Result<T, PluginJSONError> = bytes.withUnsafeBytes { buffer in
            var reader = PluginJSONReader(buffer, maxDepth: maxDepth)
            do throws(PluginJSONError) {
                let value = try body(&reader)
                try reader.finish()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Fails unless only whitespace is left.
    @inlinable public mutating func finish() throws(PluginJSONError) {
        skipWhitespace()
        guard cursor == bytes.count else {
            throw PluginJSONError(.syntax, offset: cursor, "unexpected \(describe(cursor)) after the document")
        }
    }

    /// An `invalidValue` error at the start of the value read last, for decoders' own checks.
    @inlinable public func invalid(_ message: String) -> PluginJSONError {
        PluginJSONError(.invalidValue, offset: valueStart, message)
    }

    /// The kind of the next value, without consuming it.
    @inlinable @inline(__always) public mutating func peek() throws(PluginJSONError) -> Kind {
        skipWhitespace()
        guard cursor < bytes.count else { throw noValue() }
        switch bytes[cursor] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw noValue()
        }
    }

    /// The error for a missing or unknown value at the cursor (out of line: the inlined reads stay small).
    @usableFromInline func noValue() -> PluginJSONError {
        guard cursor < bytes.count else {
            return PluginJSONError(.syntax, offset: cursor, "unexpected end of input, expected a value")
        }
        return PluginJSONError(.syntax, offset: cursor, "unexpected \(describe(cursor)), expected a value")
    }

    /// Reads an object, calling `member` with each key; a member the closure does not read is skipped.
    @inlinable public mutating func readObject(
        _ member: (inout PluginJSONReader, String) throws(PluginJSONError) -> Void
    ) throws(PluginJSONError) {
        try readMembers { reader, key throws(PluginJSONError) in try member(&reader, key.string) }
    }

    /// Reads an object like ``readObject(_:)``, handing over each name as a ``PluginJSONKey`` that
    /// compares with literals without making a `String`: the variant for hot paths.
    @inlinable public mutating func readMembers(
        _ member: (inout PluginJSONReader, PluginJSONKey) throws(PluginJSONError) -> Void
    ) throws(PluginJSONError) {
        try open(UInt8(ascii: "{"), "an object")
        defer { depth -= 1 }
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else {
                throw syntaxError("expected a member name, found", describing: cursor)
            }
            let key = try readKey()
            skipWhitespace()
            guard try consume(UInt8(ascii: ":")) else { throw colonExpected(after: key) }
            skipWhitespace()
            let start = cursor
            try member(&self, key)
            if cursor == start { try skipValue() }
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            if try consume(UInt8(ascii: "}")) { return }
            throw syntaxError("expected ',' or '}' after a member, found", describing: cursor)
        }
    }

    /// Reads a member name whose opening quote is next. A plain ASCII name (the usual case) is found
    /// by the word-at-a-time scan; any other is checked out of line.
    @inlinable @inline(__always) mutating func readKey() throws(PluginJSONError) -> PluginJSONKey {
        let start = cursor
        let stop = PluginJSONWords.firstStop(in: bytes, from: start + 1, stopAtNonASCII: true)
        guard stop < bytes.count, bytes[stop] == UInt8(ascii: "\"") else { return try readKeyNeedingDecoding() }
        cursor = stop + 1
        return PluginJSONKey(raw: UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<stop]), needsDecoding: false)
    }

    /// A name with escapes or non-ASCII characters: checked as a string (escapes, UTF-8) and handed
    /// over as written; the key decodes it when it is compared or read.
    @usableFromInline mutating func readKeyNeedingDecoding() throws(PluginJSONError) -> PluginJSONKey {
        let start = cursor
        _ = try readStringBody()
        return PluginJSONKey(
            raw: UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<(cursor - 1)]), needsDecoding: true)
    }

    /// Reads an array, calling `element` with each index; an element the closure does not read is skipped.
    @inlinable public mutating func readArray(
        _ element: (inout PluginJSONReader, Int) throws(PluginJSONError) -> Void
    ) throws(PluginJSONError) {
        try open(UInt8(ascii: "["), "an array")
        defer { depth -= 1 }
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) { return }
        var index = 0
        while true {
            skipWhitespace()
            let start = cursor
            try element(&self, index)
            if cursor == start { try skipValue() }
            index += 1
            skipWhitespace()
            if try consume(UInt8(ascii: ",")) { continue }
            if try consume(UInt8(ascii: "]")) { return }
            throw syntaxError("expected ',' or ']' after an element, found", describing: cursor)
        }
    }

    /// Reads an array of strings.
    @inlinable public mutating func readStringArray() throws(PluginJSONError) -> [String] {
        var values: [String] = []
        try readArray { reader, _ throws(PluginJSONError) in values.append(try reader.readString()) }
        return values
    }

    /// Reads a string (escapes decoded, UTF-8 validated).
    @inlinable public mutating func readString() throws(PluginJSONError) -> String {
        try expect(.string, "a string")
        return try readStringBody()
    }

    /// Reads an integer; a fraction, an exponent or a value outside `Int64` is refused.
    @inlinable public mutating func readInt64() throws(PluginJSONError) -> Int64 {
        try expect(.number, "an integer")
        var negative = false
        if bytes[cursor] == UInt8(ascii: "-") {
            negative = true
            cursor += 1
        }
        guard cursor < bytes.count, Self.isDigit(bytes[cursor]) else {
            throw syntaxError("expected a digit, found", describing: cursor)
        }
        if bytes[cursor] == UInt8(ascii: "0"), cursor + 1 < bytes.count, Self.isDigit(bytes[cursor + 1]) {
            throw syntaxError("a number may not start with 0", describing: nil)
        }
        // Accumulated as a negative number so that Int64.min fits. The first 18 digits cannot
        // overflow and are taken without the checks (amounts and quantities have a few digits).
        var value: Int64 = 0
        let fast = min(bytes.count, cursor + 18)
        while cursor < fast {
            let digit = bytes[cursor] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &- Int64(digit)
            cursor += 1
        }
        while cursor < bytes.count, Self.isDigit(bytes[cursor]) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times.subtractingReportingOverflow(Int64(bytes[cursor] &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw notAnInteger(fraction: false) }
            value = next
            cursor += 1
        }
        if cursor < bytes.count,
            bytes[cursor] == UInt8(ascii: ".") || bytes[cursor] == UInt8(ascii: "e")
                || bytes[cursor] == UInt8(ascii: "E")
        {
            throw notAnInteger(fraction: true)
        }
        if negative { return value }
        guard value != .min else { throw notAnInteger(fraction: false) }
        return -value
    }

    /// Reads an integer and checks it lies in `range`; the message names `field` (built only on failure).
    @inlinable public mutating func readInt64(
        in range: ClosedRange<Int64>, field: @autoclosure () -> String
    ) throws(PluginJSONError) -> Int64 {
        let value = try readInt64()
        guard range.contains(value) else { throw outOfRange(value, range, field: field()) }
        return value
    }

    /// The error for an integer outside `range` (out of line: the inlined reads stay small).
    @usableFromInline func outOfRange(_ value: Int64, _ range: ClosedRange<Int64>, field: String) -> PluginJSONError {
        invalid("\(field) must be an integer from \(range.lowerBound) to \(range.upperBound), not \(value)")
    }

    /// Reads `true` or `false`.
    @inlinable public mutating func readBool() throws(PluginJSONError) -> Bool {
        try expect(.bool, "true or false")
        if literal("true") { return true }
        if literal("false") { return false }
        throw PluginJSONError(.syntax, offset: cursor, "expected true or false")
    }

    /// Consumes `null` and returns true, or returns false and consumes nothing.
    @inlinable public mutating func readNull() throws(PluginJSONError) -> Bool {
        guard try peek() == .null else { return false }
        valueStart = cursor
        guard literal("null") else { throw PluginJSONError(.syntax, offset: cursor, "expected null") }
        return true
    }

    /// Skips the next value, whatever it is (still checking its syntax and the depth limit).
    @inlinable public mutating func skipValue() throws(PluginJSONError) {
        switch try peek() {
        case .object: try readMembers { _, _ throws(PluginJSONError) in }
        case .array: try readArray { _, _ throws(PluginJSONError) in }
        case .string:
            valueStart = cursor
            try skipString()
        case .bool: _ = try readBool()
        case .null: _ = try readNull()
        case .number: try skipNumber()
        }
    }
}
