/// Writes a JSON document into one growing byte buffer: no Foundation, no intermediate tree, commas
/// placed for you. Keys keep the order they are written in.
///
/// ```swift
/// var writer = PluginJSONWriter()
/// writer.beginObject()
/// writer.field("currency", "EUR")
/// writer.key("lines")
/// writer.beginArray()
/// writer.beginObject(); writer.field("amount", 250 as Int64); writer.endObject()
/// writer.endArray()
/// writer.endObject()
/// let bytes = writer.bytes   // {"currency":"EUR","lines":[{"amount":250}]}
/// ```
///
/// The writer trusts its caller for structure (balanced begin/end, a key before each member) and for
/// member names given as literals (`StaticString`, copied as they are: no quote, backslash or control
/// character; debug builds check); `String`s are always escaped correctly, so untrusted text cannot
/// break out of them.
///
/// A writer owns its buffer and cannot be copied (pass it `inout`); ``removeAll()`` empties it for
/// the next document without giving the memory back.
public struct PluginJSONWriter: ~Copyable, @unchecked Sendable {
    // @unchecked: the buffer is owned by this one noncopyable value and freed by its deinit; nothing
    // else holds the pointer beyond a `withBytes` call.
    //
    // The writer is inlined into its callers (encoders of hook payloads) and writes through a pointer:
    // appending to an array (a uniqueness and a capacity check per byte of punctuation, across the
    // module boundary) cost more than the bytes themselves.
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    @usableFromInline var needsComma = false

    /// An empty writer; `capacity` bytes are reserved up front (the buffer grows as needed).
    @inlinable public init(capacity: Int = 256) {
        self.capacity = max(capacity, 32)
        base = Self.allocate(self.capacity)
    }

    deinit { Self.release(base) }

    /// Gives up the buffer, which holds the document: the caller frees it with `free` (a plugin's
    /// answer is handed to the engine this way, without a copy).
    @usableFromInline consuming func handOver() -> (bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        let buffer = (bytes: base, count: count)
        discard self
        return buffer
    }

    /// The document so far, copied.
    @inlinable public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the document so far, without copying it.
    @inlinable public func withBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Empties the writer and keeps its memory, to write the next document into the same buffer.
    @inlinable public mutating func removeAll() {
        count = 0
        needsComma = false
    }

    /// Opens an object.
    @inlinable public mutating func beginObject() {
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Closes the innermost object.
    @inlinable public mutating func endObject() {
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Opens an array.
    @inlinable public mutating func beginArray() {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
    }

    /// Closes the innermost array.
    @inlinable public mutating func endArray() {
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member name given as a literal; the next value written is its value. The literal's
    /// bytes are copied as they are (no escaping): a name with a quote, a backslash or a control
    /// character must be passed as a `String`.
    @inlinable @inline(__always) public mutating func key(_ name: StaticString) {
        assert(Self.needsNoEscaping(name), "a literal member name with a character to escape")
        let length = name.utf8CodeUnitCount
        reserve(length + 4)
        let target = base
        var at = count
        if needsComma {
            target[at] = UInt8(ascii: ",")
            at += 1
        }
        target[at] = UInt8(ascii: "\"")
        Self.copy(name.utf8Start, count: length, to: target + at + 1)
        target[at + length + 1] = UInt8(ascii: "\"")
        target[at + length + 2] = UInt8(ascii: ":")
        count = at + length + 3
        needsComma = false
    }

    /// Writes a member name; the next value written is its value.
    @_disfavoredOverload @inlinable public mutating func key(_ name: String) {
        appendString(name)
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    @inlinable @inline(__always) public mutating func string(_ value: String) {
        appendString(value)
        needsComma = true
    }

    /// Writes an integer value.
    @inlinable @inline(__always) public mutating func int(_ value: Int64) {
        reserve(21)
        let target = base
        var at = count
        if needsComma {
            target[at] = UInt8(ascii: ",")
            at &+= 1
        }
        if value < 0 {
            target[at] = UInt8(ascii: "-")
            at &+= 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, magnitude >= limit {
            digits &+= 1
            limit = limit &* 10
        }
        // Two digits at a time from a table of "00" to "99", from the last digit back; the index
        // stays within the `digits` bytes reserved above.
        let pairs = UnsafeRawPointer(Self.digitPairs.utf8Start)
        var index = at &+ digits
        while magnitude >= 100 {
            let pair = Int(truncatingIfNeeded: magnitude % 100) &* 2
            magnitude /= 100
            index &-= 2
            UnsafeMutableRawPointer(target + index).storeBytes(
                of: pairs.loadUnaligned(fromByteOffset: pair, as: UInt16.self), as: UInt16.self)
        }
        if magnitude >= 10 {
            let pair = Int(truncatingIfNeeded: magnitude) &* 2
            UnsafeMutableRawPointer(target + (index &- 2)).storeBytes(
                of: pairs.loadUnaligned(fromByteOffset: pair, as: UInt16.self), as: UInt16.self)
        } else {
            target[index &- 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
        }
        count = at &+ digits
        needsComma = true
    }

    /// "00" to "99", back to back: digits written two at a time (integers, timestamps).
    @inlinable static var digitPairs: StaticString {
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
    }

    /// Writes `true` or `false`.
    @inlinable public mutating func bool(_ value: Bool) {
        separate()
        appendLiteral(value ? "true" : "false")
        needsComma = true
    }

    /// Writes `null`.
    @inlinable public mutating func null() {
        separate()
        appendLiteral("null")
        needsComma = true
    }

    /// Writes `"name": value`.
    @inlinable @inline(__always) public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// Writes `"name": value`.
    @_disfavoredOverload @inlinable public mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// Writes `"name": value`.
    @inlinable @inline(__always) public mutating func field(_ name: StaticString, _ value: Int64) {
        key(name)
        int(value)
    }

    /// Writes `"name": value`.
    @_disfavoredOverload @inlinable public mutating func field(_ name: String, _ value: Int64) {
        key(name)
        int(value)
    }

    /// Writes `"name": value`.
    @inlinable public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// Writes `"name": value`.
    @_disfavoredOverload @inlinable public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// Writes `"name": [values]`.
    @inlinable public mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// Writes `"name": [values]`.
    @_disfavoredOverload @inlinable public mutating func field(_ name: String, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// Writes `"name": value` when `value` is not nil.
    @inlinable @inline(__always) public mutating func field(_ name: StaticString, ifPresent value: String?) {
        if let value { field(name, value) }
    }

    /// Writes `"name": value` when `value` is not nil.
    @_disfavoredOverload @inlinable public mutating func field(_ name: String, ifPresent value: String?) {
        if let value { field(name, value) }
    }
}
