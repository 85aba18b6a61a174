#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The byte-level writing behind PluginJSONWriter: the buffer, string escaping, literals.
extension PluginJSONWriter {
    /// The buffer comes from `malloc`, so that a plugin's answer can be handed to the engine as it
    /// is and released by the table's `free`.
    @usableFromInline static func allocate(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        guard let memory = malloc(capacity) else { fatalError("out of memory for a JSON document") }
        return memory.assumingMemoryBound(to: UInt8.self)
    }

    @usableFromInline static func release(_ buffer: UnsafeMutablePointer<UInt8>) {
        free(buffer)
    }

    /// Whether a literal member name can be written as it is.
    @usableFromInline static func needsNoEscaping(_ name: StaticString) -> Bool {
        let bytes = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return PluginJSONWords.firstStop(in: bytes, from: 0, stopAtNonASCII: false) == bytes.count
    }

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
        guard let moved = realloc(base, larger) else { fatalError("out of memory for a JSON document") }
        base = moved.assumingMemoryBound(to: UInt8.self)
        capacity = larger
    }

    /// Copies `count` bytes to the end of the document (room already reserved).
    @inlinable @inline(__always) mutating func copy(_ source: UnsafePointer<UInt8>, count length: Int) {
        Self.copy(source, count: length, to: base + count)
        count += length
    }

    /// Copies `length` bytes from `source` to `target`. Names and values are mostly a few bytes long:
    /// copied with at most two overlapping word moves rather than a call to `memmove` per value,
    /// which cost more than the bytes.
    @inlinable @inline(__always) static func copy(
        _ source: UnsafePointer<UInt8>, count length: Int, to target: UnsafeMutablePointer<UInt8>
    ) {
        let to = UnsafeMutableRawPointer(target)
        let from = UnsafeRawPointer(source)
        if length >= 8 && length <= 16 {
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: length - 8, as: UInt64.self)
        } else if length >= 4 && length < 8 {
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: length - 4, as: UInt32.self)
        } else if length < 4 {
            for index in 0..<length { target[index] = source[index] }
        } else if length <= 32 {
            // Two words from the start, two ending at the end (overlapping when shorter than 32).
            let first = from.loadUnaligned(as: UInt64.self)
            let second = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let third = from.loadUnaligned(fromByteOffset: length - 16, as: UInt64.self)
            let fourth = from.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            to.storeBytes(of: first, as: UInt64.self)
            to.storeBytes(of: second, toByteOffset: 8, as: UInt64.self)
            to.storeBytes(of: third, toByteOffset: length - 16, as: UInt64.self)
            to.storeBytes(of: fourth, toByteOffset: length - 8, as: UInt64.self)
        } else {
            target.update(from: source, count: length)
        }
    }

    @inlinable @inline(__always) mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inlinable mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        copy(source, count: bytes.count)
    }

    @inlinable mutating func appendLiteral(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `value` quoted, escaping `"`, `\` and control characters (U+0000 to U+001F), after a
    /// comma when one is due. Text with nothing to escape (the usual case) is copied at once.
    @inlinable @inline(__always) mutating func appendString(_ value: String) {
        // Native and small strings are read where they are; only a bridged one is copied first.
        if value.utf8.withContiguousStorageIfAvailable({ appendQuoted($0) }) == nil { appendCopied(value) }
    }

    /// A string without contiguous UTF-8 (bridged): copied first (rare: out of line).
    @usableFromInline mutating func appendCopied(_ value: String) {
        var copy = value
        copy.withUTF8 { appendQuoted($0) }
    }

    /// `utf8` quoted and escaped (see ``appendString(_:)``). The comma, the quotes and plain text
    /// share one capacity check and are written through one local index; text with a byte to
    /// escape is written out of line.
    @inlinable @inline(__always) mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        let length = utf8.count
        guard let source = utf8.baseAddress, !PluginJSONWords.containsByteToEscape(UnsafeRawBufferPointer(utf8))
        else { return appendQuotedEscaping(utf8) }
        reserve(length + 3)
        let target = base
        var at = count
        if needsComma {
            target[at] = UInt8(ascii: ",")
            at += 1
        }
        target[at] = UInt8(ascii: "\"")
        Self.copy(source, count: length, to: target + at + 1)
        target[at + length + 1] = UInt8(ascii: "\"")
        count = at + length + 2
    }

    /// `utf8` quoted with its escapes (rare: out of line).
    @usableFromInline mutating func appendQuotedEscaping(_ utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        put(UInt8(ascii: "\""))
        appendEscaped(utf8)
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
