import NIOCore
import PostgresNIO

/// Reads the fields of a row's one record (a `ROW(…)` column) in order, straight from PostgreSQL's
/// binary format, for the hottest row shapes (listings and partner feeds, most of each row arrays
/// packed into one bytea). PostgresNIO's generic decoding of a tuple that wide goes through
/// unspecialised generic code and cost a quarter of a listing's CPU; these readers are concrete.
/// A record costs PostgresNIO one cell per row instead of one per value: each cell retains the
/// row's shared receive buffer and its column name, and that shared reference count was a tenth
/// of a feed's CPU. Arrays may hold NULL elements, which PostgresNIO's arrays refuse; they are read
/// by ``PackedArrayReader``.
struct BinaryRowReader {
    /// The record's fields not read yet.
    private var fieldsLeft = 0
    /// The record's fields in all.
    private(set) var fieldCount = 0
    /// The whole record, read up to ``end`` (the end of the current field).
    private var buffer = ByteBuffer()
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

    /// Reads the fields of the record in the row's first (only) cell, in order.
    init(record row: PostgresRow) throws(Failure) {
        var cells = row.makeIterator()
        guard let cell = cells.next(), cell.format == .binary, var bytes = cell.bytes,
            let count = bytes.readInteger(endianness: .big, as: Int32.self), count >= 0
        else { throw Failure(column: 0) }
        buffer = bytes
        fieldsLeft = Int(count)
        fieldCount = Int(count)
    }

    /// Moves to the next field: `false` for NULL; otherwise ``buffer`` is at its first byte and
    /// ``end`` just after its last.
    private mutating func nextValue() throws(Failure) -> Bool {
        column += 1
        guard fieldsLeft > 0, end <= buffer.writerIndex else { throw Failure(column: column) }
        buffer.moveReaderIndex(to: max(buffer.readerIndex, end))
        fieldsLeft -= 1
        guard let (_, length) = buffer.readMultipleIntegers(endianness: .big, as: (UInt32, Int32).self),
            length <= buffer.readableBytes
        else { throw Failure(column: column) }
        guard length >= 0 else {
            end = buffer.readerIndex
            return false
        }
        end = buffer.readerIndex + Int(length)
        return true
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
        let length = end - buffer.readerIndex
        let column = self.column
        let outcome: Result<Value, Failure> = buffer.withUnsafeReadableBytes { raw in
            var reader = PackedArrayReader(UnsafeRawBufferPointer(rebasing: raw[0..<length]), column: column)
            do throws(Failure) {
                let value = try body(&reader)
                return reader.atEnd ? .success(value) : .failure(Failure(column: column))
            } catch {
                return .failure(error)
            }
        }
        buffer.moveReaderIndex(to: end)
        return try outcome.get()
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
        guard end - buffer.readerIndex == 8, let value = buffer.readInteger(endianness: .big, as: Int64.self) else {
            throw Failure(column: column)
        }
        return value
    }

    mutating func string() throws(Failure) -> String {
        guard let value = try optionalString() else { throw Failure(column: column) }
        return value
    }

    mutating func optionalString() throws(Failure) -> String? {
        guard try nextValue() else { return nil }
        guard let value = buffer.readString(length: end - buffer.readerIndex) else { throw Failure(column: column) }
        return value
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
