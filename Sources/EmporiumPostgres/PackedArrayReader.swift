/// Reads PostgreSQL binary arrays straight from their bytes: one array field, or arrays that
/// follow one another in one value (`array_send` of each, back to back: `product_listings.listing_head`
/// and `listing_tail`).
///
/// Reading them through `ByteBuffer` cost an exclusivity check, a bounds check and an index update
/// for every integer (a length per element, a header per array), which was half of decoding a
/// listing row; here each is one unaligned load from memory that stays put for the whole read
/// (``BinaryRowReader/withPackedValue(_:)`` lends it).
struct PackedArrayReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0
    /// The value's column, for failures.
    let column: Int

    init(_ bytes: UnsafeRawBufferPointer, column: Int) {
        self.bytes = bytes
        self.column = column
    }

    /// Whether every byte has been read.
    var atEnd: Bool { offset == bytes.count }

    @inline(__always)
    private mutating func integer<Value: FixedWidthInteger>(_: Value.Type) throws(BinaryRowReader.Failure) -> Value {
        let size = MemoryLayout<Value>.size
        guard let base = bytes.baseAddress, bytes.count - offset >= size else {
            throw BinaryRowReader.Failure(column: column)
        }
        let value = Value(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: Value.self))
        offset += size
        return value
    }

    /// Calls `body` with each element's bytes (nil for NULL) of the next array.
    @inline(__always)
    private mutating func forEachElement(
        _ body: (UnsafeRawBufferPointer?) throws(BinaryRowReader.Failure) -> Void
    ) throws(BinaryRowReader.Failure) {
        let dimensions = try integer(Int32.self)
        _ = try integer(Int32.self)  // has NULLs
        _ = try integer(UInt32.self)  // element type
        if dimensions == 0 { return }
        guard dimensions == 1 else { throw BinaryRowReader.Failure(column: column) }
        let count = try integer(Int32.self)
        _ = try integer(Int32.self)  // lower bound
        guard count >= 0 else { throw BinaryRowReader.Failure(column: column) }
        for _ in 0..<count {
            let length = try integer(Int32.self)
            if length < 0 {
                try body(nil)
                continue
            }
            guard Int(length) <= bytes.count - offset else { throw BinaryRowReader.Failure(column: column) }
            try body(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)]))
            offset += Int(length)
        }
    }

    /// The number of elements the next array declares, for reserving room: at most what the bytes
    /// left can hold (each element takes at least its 4-byte length after the 20-byte header), so
    /// a corrupt count fails as a read, not as a huge allocation.
    private func declaredCount() -> Int {
        guard let base = bytes.baseAddress, bytes.count - offset >= 20,
            Int32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: Int32.self)) == 1
        else { return 0 }
        let declared = Int(Int32(bigEndian: base.loadUnaligned(fromByteOffset: offset + 12, as: Int32.self)))
        return min(max(0, declared), (bytes.count - offset - 20) / 4)
    }

    /// Passes over the next array.
    mutating func skipArray() throws(BinaryRowReader.Failure) {
        try forEachElement { _ throws(BinaryRowReader.Failure) in }
    }

    /// Replaces `result`'s contents (keeping its storage) with the next array's elements.
    @inline(__always)
    private mutating func elements<Element>(
        into result: inout [Element], _ read: (UnsafeRawBufferPointer) -> Element?
    ) throws(BinaryRowReader.Failure) {
        result.removeAll(keepingCapacity: true)
        result.reserveCapacity(declaredCount())
        let column = self.column
        try forEachElement { element throws(BinaryRowReader.Failure) in
            guard let element, let value = read(element) else { throw BinaryRowReader.Failure(column: column) }
            result.append(value)
        }
    }

    @inline(__always)
    private mutating func nullableElements<Element>(
        into result: inout [Element?], _ read: (UnsafeRawBufferPointer) -> Element?
    ) throws(BinaryRowReader.Failure) {
        result.removeAll(keepingCapacity: true)
        result.reserveCapacity(declaredCount())
        let column = self.column
        try forEachElement { element throws(BinaryRowReader.Failure) in
            guard let element else { return result.append(nil) }
            guard let value = read(element) else { throw BinaryRowReader.Failure(column: column) }
            result.append(value)
        }
    }

    private static func string(_ element: UnsafeRawBufferPointer) -> String? {
        String(decoding: element, as: UTF8.self)
    }

    private static func integer<Value: FixedWidthInteger>(_ element: UnsafeRawBufferPointer, as: Value.Type) -> Value? {
        guard element.count == MemoryLayout<Value>.size, let base = element.baseAddress else { return nil }
        return Value(bigEndian: base.loadUnaligned(as: Value.self))
    }

    /// The next array: text, no NULL elements.
    mutating func strings() throws(BinaryRowReader.Failure) -> [String] {
        var result: [String] = []
        try strings(into: &result)
        return result
    }

    /// The next array: bigint, no NULL elements.
    mutating func int64s() throws(BinaryRowReader.Failure) -> [Int64] {
        var result: [Int64] = []
        try int64s(into: &result)
        return result
    }

    // Each `into:` reader replaces the contents of `result` and keeps its storage, so that one set
    // of arrays serves every row of a page.

    /// The next array: text, no NULL elements.
    mutating func strings(into result: inout [String]) throws(BinaryRowReader.Failure) {
        try elements(into: &result, Self.string)
    }

    /// The next array: text, NULL elements allowed.
    mutating func optionalStrings(into result: inout [String?]) throws(BinaryRowReader.Failure) {
        try nullableElements(into: &result, Self.string)
    }

    /// The next array: bigint, no NULL elements.
    mutating func int64s(into result: inout [Int64]) throws(BinaryRowReader.Failure) {
        try elements(into: &result) { Self.integer($0, as: Int64.self) }
    }

    /// The next array: bigint, NULL elements allowed.
    mutating func optionalInt64s(into result: inout [Int64?]) throws(BinaryRowReader.Failure) {
        try nullableElements(into: &result) { Self.integer($0, as: Int64.self) }
    }

    /// The next array: integer, no NULL elements.
    mutating func int32s(into result: inout [Int32]) throws(BinaryRowReader.Failure) {
        try elements(into: &result) { Self.integer($0, as: Int32.self) }
    }

    /// The next array: integer, NULL elements allowed.
    mutating func optionalInt32s(into result: inout [Int32?]) throws(BinaryRowReader.Failure) {
        try nullableElements(into: &result) { Self.integer($0, as: Int32.self) }
    }
}
