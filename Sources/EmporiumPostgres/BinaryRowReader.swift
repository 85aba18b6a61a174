import NIOCore
import PostgresNIO

/// Reads the cells of one row in order, straight from PostgreSQL's binary format, for the hottest
/// row shape (the listing's 30 columns, most of them arrays). PostgresNIO's generic decoding of a
/// tuple that wide goes through unspecialised generic code and cost a quarter of a listing's CPU;
/// these readers are concrete. Arrays may hold NULL elements, which PostgresNIO's arrays refuse.
struct BinaryRowReader {
    private var cells: PostgresRow.Iterator

    /// Thrown when a cell does not have the expected shape.
    struct Failure: Error, CustomStringConvertible {
        let column: Int
        var description: String {
            column < 0
                ? "the parallel arrays of a catalog row differ in length"
                : "column \(column) of a catalog row has an unexpected binary shape"
        }
    }

    init(_ row: PostgresRow) {
        cells = row.makeIterator()
    }

    private var column = -1

    private mutating func cell() throws(Failure) -> ByteBuffer? {
        column += 1
        guard let cell = cells.next(), cell.format == .binary else { throw Failure(column: column) }
        return cell.bytes
    }

    /// Passes over `count` cells whatever they hold.
    mutating func skip(_ count: Int) throws(Failure) {
        for _ in 0..<count {
            column += 1
            guard cells.next() != nil else { throw Failure(column: column) }
        }
    }

    mutating func int64() throws(Failure) -> Int64 {
        guard let value = try optionalInt64() else { throw Failure(column: column) }
        return value
    }

    mutating func optionalInt64() throws(Failure) -> Int64? {
        guard var bytes = try cell() else { return nil }
        guard bytes.readableBytes == 8, let value = bytes.readInteger(endianness: .big, as: Int64.self) else {
            throw Failure(column: column)
        }
        return value
    }

    mutating func string() throws(Failure) -> String {
        guard let value = try optionalString() else { throw Failure(column: column) }
        return value
    }

    mutating func optionalString() throws(Failure) -> String? {
        guard var bytes = try cell() else { return nil }
        return bytes.readString(length: bytes.readableBytes)
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
        guard var bytes = try cell(),
            let (dimensions, _, _) = bytes.readMultipleIntegers(endianness: .big, as: (Int32, Int32, UInt32).self)
        else { throw Failure(column: column) }
        if dimensions == 0 { return }
        guard dimensions == 1,
            let (count, _) = bytes.readMultipleIntegers(endianness: .big, as: (Int32, Int32).self), count >= 0
        else { throw Failure(column: column) }
        for _ in 0..<count {
            guard let length = bytes.readInteger(endianness: .big, as: Int32.self) else {
                throw Failure(column: column)
            }
            if length < 0 {
                guard body(&bytes, nil) else { throw Failure(column: column) }
                continue
            }
            guard length <= bytes.readableBytes else { throw Failure(column: column) }
            let end = bytes.readerIndex + Int(length)
            guard body(&bytes, Int(length)), bytes.readerIndex == end else { throw Failure(column: column) }
        }
    }
}
