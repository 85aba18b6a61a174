import NIOCore
import PostgresNIO

/// Reads the cells of one row in order, straight from PostgreSQL's binary format, for the hottest
/// row shape (the listing's row, most of it arrays packed into one bytea). PostgresNIO's generic decoding of a
/// tuple that wide goes through unspecialised generic code and cost a quarter of a listing's CPU;
/// these readers are concrete. Arrays may hold NULL elements, which PostgresNIO's arrays refuse.
struct BinaryRowReader {
    /// Where the values come from: the row's cells, or the fields of one anonymous record (a
    /// `ROW(…)` column), read from a single buffer. A record costs PostgresNIO one cell per row
    /// instead of one per value: each cell retains the row's shared receive buffer and its column
    /// name, and that shared reference count was a tenth of a feed's CPU.
    /// The row's cells, when not reading a record.
    private var cells: PostgresRow.Iterator?
    /// The record's fields not read yet.
    private var fieldsLeft = 0
    /// The current value (cells) or the whole record (record), read up to ``end``.
    private var buffer = ByteBuffer()
    private var end = 0

    /// Thrown when a cell does not have the expected shape.
    struct Failure: Error, CustomStringConvertible {
        let column: Int
        var description: String {
            column < 0
                ? "the parallel arrays of a catalog row differ in length"
                : "column \(column) of a catalog row has an unexpected binary shape"
        }
    }

    /// Reads the row's cells in order.
    init(_ row: PostgresRow) {
        cells = row.makeIterator()
    }

    /// Reads the fields of the record in the row's first (only) cell, in order.
    init(record row: PostgresRow) throws(Failure) {
        var cells = row.makeIterator()
        guard let cell = cells.next(), cell.format == .binary, var bytes = cell.bytes,
            let count = bytes.readInteger(endianness: .big, as: Int32.self), count >= 0
        else { throw Failure(column: 0) }
        buffer = bytes
        fieldsLeft = Int(count)
    }

    private var column = -1

    /// Moves to the next value: `false` for NULL; otherwise ``buffer`` is at its first byte and
    /// ``end`` just after its last.
    private mutating func nextValue() throws(Failure) -> Bool {
        column += 1
        if cells != nil {
            guard let cell = cells!.next(), cell.format == .binary else { throw Failure(column: column) }
            guard let bytes = cell.bytes else { return false }
            buffer = bytes
            end = buffer.writerIndex
            return true
        }
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

    /// Whether the value just read used its bytes exactly.
    private var atEnd: Bool { buffer.readerIndex == end }

    /// Lends the next value's bytes, packed arrays one after the other, to `body` as a
    /// ``PackedArrayReader``; `body` must read every byte of them.
    mutating func withPackedValue<Value>(
        _ body: (inout PackedArrayReader) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard try nextValue() else { throw Failure(column: column) }
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

    /// Passes over `count` values whatever they hold.
    mutating func skip(_ count: Int) throws(Failure) {
        for _ in 0..<count { _ = try nextValue() }
    }

    /// Passes over one array without decoding its elements.
    mutating func skipArray() throws(Failure) {
        try forEachElement { buffer, length in
            guard let length else { return true }
            buffer.moveReaderIndex(forwardBy: length)
            return true
        }
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

    mutating func strings() throws(Failure) -> [String] {
        try elements { buffer, length in buffer.readString(length: length) }
    }

    mutating func optionalStrings() throws(Failure) -> [String?] {
        try nullableElements { buffer, length in buffer.readString(length: length) }
    }

    mutating func int64s() throws(Failure) -> [Int64] {
        try elements { buffer, length in length == 8 ? buffer.readInteger(endianness: .big, as: Int64.self) : nil }
    }

    mutating func optionalInt64s() throws(Failure) -> [Int64?] {
        try nullableElements { buffer, length in
            length == 8 ? buffer.readInteger(endianness: .big, as: Int64.self) : nil
        }
    }

    mutating func int32s() throws(Failure) -> [Int32] {
        try elements { buffer, length in length == 4 ? buffer.readInteger(endianness: .big, as: Int32.self) : nil }
    }

    mutating func optionalInt32s() throws(Failure) -> [Int32?] {
        try nullableElements { buffer, length in
            length == 4 ? buffer.readInteger(endianness: .big, as: Int32.self) : nil
        }
    }

    /// An array without NULL elements.
    @inline(__always)
    private mutating func elements<Element>(_ read: (inout ByteBuffer, Int) -> Element?) throws(Failure) -> [Element] {
        var result: [Element] = []
        try forEachElement { buffer, length in
            guard let length, let value = read(&buffer, length) else { return false }
            result.append(value)
            return true
        }
        return result
    }

    /// An array whose elements may be NULL.
    @inline(__always)
    private mutating func nullableElements<Element>(
        _ read: (inout ByteBuffer, Int) -> Element?
    ) throws(Failure) -> [Element?] {
        var result: [Element?] = []
        try forEachElement { buffer, length in
            guard let length else {
                result.append(nil)
                return true
            }
            guard let value = read(&buffer, length) else { return false }
            result.append(value)
            return true
        }
        return result
    }

    /// A one-dimensional array: header (dimensions, has-nulls flag, element type), then per
    /// dimension its size and lower bound, then each element as a length (-1 for NULL) and bytes.
    /// `body` gets the buffer at the element and its length (nil for NULL), must read exactly the
    /// element, and returns false when it cannot.
    @inline(__always)
    private mutating func forEachElement(_ body: (inout ByteBuffer, Int?) -> Bool) throws(Failure) {
        guard try nextValue() else { throw Failure(column: column) }
        guard let (dimensions, _, _) = buffer.readMultipleIntegers(endianness: .big, as: (Int32, Int32, UInt32).self),
            buffer.readerIndex <= end
        else { throw Failure(column: column) }
        if dimensions == 0 {
            guard atEnd else { throw Failure(column: column) }
            return
        }
        guard dimensions == 1,
            let (count, _) = buffer.readMultipleIntegers(endianness: .big, as: (Int32, Int32).self), count >= 0
        else { throw Failure(column: column) }
        for _ in 0..<count {
            guard let length = buffer.readInteger(endianness: .big, as: Int32.self) else {
                throw Failure(column: column)
            }
            if length < 0 {
                guard body(&buffer, nil) else { throw Failure(column: column) }
                continue
            }
            guard length <= end - buffer.readerIndex else { throw Failure(column: column) }
            let elementEnd = buffer.readerIndex + Int(length)
            guard body(&buffer, Int(length)), buffer.readerIndex == elementEnd else { throw Failure(column: column) }
        }
        guard atEnd else { throw Failure(column: column) }
    }
}
