// The byte-level writing behind PluginJSONWriter: the buffer, string escaping, literals.
extension PluginJSONWriter {
    @inlinable @inline(__always) mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    /// Makes room for `extra` more bytes.
    @inlinable @inline(__always) mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toHold: count + extra) }
    }

    /// Moves the document into a buffer at least twice as large (rare: out of line).
    @usableFromInline mutating func grow(toHold needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inlinable @inline(__always) mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inlinable mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inlinable mutating func appendLiteral(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `value` quoted, escaping `"`, `\` and control characters (U+0000 to U+001F).
    @inlinable mutating func appendString(_ value: String) {
        put(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { appendEscaped($0) }
        put(UInt8(ascii: "\""))
    }

    /// Appends `source`: runs of plain bytes copied at once (found eight bytes at a time), the rest
    /// escaped.
    @inlinable mutating func appendEscaped(_ source: UnsafeBufferPointer<UInt8>) {
        let raw = UnsafeRawBufferPointer(source)
        var runStart = 0
        while true {
            let stop = PluginJSONWords.firstStop(in: raw, from: runStart, stopAtNonASCII: false)
            put(UnsafeBufferPointer(rebasing: source[runStart..<stop]))
            guard stop < source.count else { return }
            appendEscape(of: source[stop])
            runStart = stop + 1
        }
    }

    /// The escape of a byte that may not appear in a string as it is (rare: out of line).
    @usableFromInline mutating func appendEscape(of byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): appendLiteral("\\\"")
        case UInt8(ascii: "\\"): appendLiteral("\\\\")
        case 0x0A: appendLiteral("\\n")
        case 0x0D: appendLiteral("\\r")
        case 0x09: appendLiteral("\\t")
        default:
            let hex: StaticString = "0123456789abcdef"
            appendLiteral("\\u00")
            put(hex.utf8Start[Int(byte >> 4)])
            put(hex.utf8Start[Int(byte & 0xF)])
        }
    }
}
