import NIOCore
import PostgresNIO

/// Reads the fields of a row's one record (a `ROW(…)` column) in order, straight from PostgreSQL's
/// binary format, for the hottest row shapes (listings and partner feeds, most of each row arrays
/// packed into one bytea). PostgresNIO's generic decoding of a tuple that wide goes through
/// unspecialised generic code and cost a quarter of a listing's CPU; these readers are concrete.
/// A record costs PostgresNIO one cell per row instead of one per value: each cell retains the
/// row's shared receive buffer and its column name, and that shared reference count was a tenth
/// of a feed's CPU. Arrays may hold NULL elements, which PostgresNIO's arrays refuse; they are read
/// by ``PackedArrayReader``. A reader is lent over the record's bytes where they lie (a PostgresNIO
/// cell, or a libpq result of the ``PipelinedReader``), for the length of one call.
struct BinaryRowReader {
    /// The record's fields not read yet.
    private var fieldsLeft = 0
    /// The record's fields in all.
    private(set) var fieldCount = 0
    /// The whole record, read up to ``end`` (the end of the current field); valid while the reader is lent.
    private let bytes: UnsafeRawBufferPointer
    /// The first byte not read yet.
    private var offset = 0
    private var end = 0
    private var column = -1

    /// Thrown when a cell does not have the expected shape.
    struct Failure: Error, CustomStringConvertible {
        let column: Int
        var description: String {
            column < 0
                ? "the parallel arrays of a catalog row differ in length"
                : "column \(column) of a catalog row has an unexpected binary shape"
        }
    }

    /// Reads the fields of a record given as its binary bytes, which must stay valid while it reads.
    private init(record bytes: UnsafeRawBufferPointer) throws(Failure) {
        self.bytes = bytes
        guard let base = bytes.baseAddress, bytes.count >= 4 else { throw Failure(column: 0) }
        let count = Int32(bigEndian: base.loadUnaligned(as: Int32.self))
        offset = 4
        guard count >= 0 else { throw Failure(column: 0) }
        fieldsLeft = Int(count)
        fieldCount = Int(count)
    }

    /// Lends `body` a reader of the record in the row's first (only) cell.
    static func withRecord<Value>(
        _ row: PostgresRow, _ body: (inout BinaryRowReader) throws -> Value
    ) throws -> Value {
        try withRecord(recordBytes(row), body)
    }

    /// Lends `body` a reader of a record given as its binary bytes (a row's first cell).
    static func withRecord<Value>(
        _ record: ByteBuffer, _ body: (inout BinaryRowReader) throws -> Value
    ) throws -> Value {
        try record.withUnsafeReadableBytes { bytes in try withRecord(bytes, body) }
    }

    /// Lends `body` a reader of a record given as its binary bytes, valid for the call.
    static func withRecord<Value>(
        _ record: UnsafeRawBufferPointer, _ body: (inout BinaryRowReader) throws -> Value
    ) throws -> Value {
        var reader = try BinaryRowReader(record: record)
        return try body(&reader)
    }

    /// The binary bytes of the record in the row's first (only) cell.
    static func recordBytes(_ row: PostgresRow) throws(Failure) -> ByteBuffer {
        var cells = row.makeIterator()
        guard let cell = cells.next(), cell.format == .binary, let bytes = cell.bytes else { throw Failure(column: 0) }
        return bytes
    }

    @inline(__always)
    private mutating func integer<Value: FixedWidthInteger>(_: Value.Type) throws(Failure) -> Value {
        let size = MemoryLayout<Value>.size
        guard let base = bytes.baseAddress, bytes.count - offset >= size else { throw Failure(column: column) }
        let value = Value(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: Value.self))
        offset += size
        return value
    }

    /// Moves to the next field: `false` for NULL; otherwise ``offset`` is at its first byte and
    /// ``end`` just after its last.
    private mutating func nextValue() throws(Failure) -> Bool {
        column += 1
        guard fieldsLeft > 0, end <= bytes.count else { throw Failure(column: column) }
        offset = max(offset, end)
        fieldsLeft -= 1
        _ = try integer(UInt32.self)  // the field's type
        let length = try integer(Int32.self)
        guard length <= bytes.count - offset else { throw Failure(column: column) }
        guard length >= 0 else {
            end = offset
            return false
        }
        end = offset + Int(length)
        return true
    }

    /// The current field's bytes, which are then read.
    private mutating func fieldBytes() -> UnsafeRawBufferPointer {
        let field = UnsafeRawBufferPointer(rebasing: bytes[offset..<end])
        offset = end
        return field
    }

    /// Lends the next field's bytes to `body` as a ``PackedArrayReader`` (one array, or packed
    /// arrays one after the other); `body` must read every byte of them.
    mutating func withPackedValue<Value>(
        _ body: (inout PackedArrayReader) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard let value = try withOptionalPackedValue(body) else { throw Failure(column: column) }
        return value
    }

    /// ``withPackedValue(_:)`` for a field that may be NULL: `nil` for NULL, without calling `body`.
    mutating func withOptionalPackedValue<Value>(
        _ body: (inout PackedArrayReader) throws(Failure) -> Value
    ) throws(Failure) -> Value? {
        guard try nextValue() else { return nil }
        var reader = PackedArrayReader(fieldBytes(), column: column)
        let value = try body(&reader)
        guard reader.atEnd else { throw Failure(column: column) }
        return value
    }

    /// Passes over `count` fields whatever they hold.
    mutating func skip(_ count: Int) throws(Failure) {
        for _ in 0..<count { _ = try nextValue() }
    }

    mutating func int64() throws(Failure) -> Int64 {
        guard let value = try optionalInt64() else { throw Failure(column: column) }
        return value
    }

    mutating func optionalInt64() throws(Failure) -> Int64? {
        guard try nextValue() else { return nil }
        guard end - offset == 8 else { throw Failure(column: column) }
        return try integer(Int64.self)
    }

    mutating func string() throws(Failure) -> String {
        guard let value = try optionalString() else { throw Failure(column: column) }
        return value
    }

    mutating func optionalString() throws(Failure) -> String? {
        guard try nextValue() else { return nil }
        return String(decoding: fieldBytes(), as: UTF8.self)
    }

    /// A text array field without NULL elements.
    mutating func strings() throws(Failure) -> [String] {
        try withPackedValue { (array: inout PackedArrayReader) throws(Failure) in try array.strings() }
    }

    /// A bigint array field without NULL elements.
    mutating func int64s() throws(Failure) -> [Int64] {
        try withPackedValue { (array: inout PackedArrayReader) throws(Failure) in try array.int64s() }
    }
}
