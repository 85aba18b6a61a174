import Testing

@testable import EmporiumPostgres

/// `PackedArrayReader` reads PostgreSQL's binary array format from raw memory: well-formed arrays
/// read back, and damaged ones fail as a read (`BinaryRowReader.Failure`), never as a trap.
@Suite("PackedArrayReader")
struct PackedArrayReaderTests {
    /// `array_send` of a one-dimensional array; `nil` elements are NULL.
    static func array(_ elements: [[UInt8]?], elementType: UInt32 = 25, count: Int32? = nil) -> [UInt8] {
        var bytes = int32(1) + int32(elements.contains(where: { $0 == nil }) ? 1 : 0) + uint32(elementType)
        bytes += int32(count ?? Int32(elements.count)) + int32(1)
        for element in elements {
            if let element { bytes += int32(Int32(element.count)) + element } else { bytes += int32(-1) }
        }
        return bytes
    }

    static func int32(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    static func uint32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    static func int64(_ value: Int64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }

    static func read<Value>(
        _ bytes: [UInt8], _ body: (inout PackedArrayReader) throws(BinaryRowReader.Failure) -> Value
    ) throws(BinaryRowReader.Failure) -> Value {
        let outcome = bytes.withUnsafeBytes { raw -> Result<Value, BinaryRowReader.Failure> in
            var reader = PackedArrayReader(raw, column: 7)
            do throws(BinaryRowReader.Failure) {
                let value = try body(&reader)
                return reader.atEnd ? .success(value) : .failure(BinaryRowReader.Failure(column: 7))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    @Test("arrays one after the other read back, NULLs and empty arrays included")
    func wellFormed() throws {
        let empty = Self.int32(0) + Self.int32(0) + Self.uint32(25)
        let bytes =
            Self.array([Array("é😀".utf8), Array("sku-1".utf8)]) + empty
            + Self.array([Self.int64(42), nil, Self.int64(-1)], elementType: 20)
            + Self.array([Self.int32(7)], elementType: 23) + Self.array([Array("skipped".utf8)])
        let (texts, none, numbers, small) = try Self.read(bytes) { reader throws(BinaryRowReader.Failure) in
            let texts = try reader.strings()
            let none = try reader.strings()
            var numbers: [Int64?] = []
            try reader.optionalInt64s(into: &numbers)
            var small: [Int32] = []
            try reader.int32s(into: &small)
            try reader.skipArray()
            return (texts, none, numbers, small)
        }
        #expect(texts == ["é😀", "sku-1"])
        #expect(none.isEmpty)
        #expect(numbers == [42, nil, -1])
        #expect(small == [7])
    }

    @Test("reading into an array replaces what it held, for one set of arrays reused row after row")
    func readingIntoReplaces() throws {
        let bytes =
            Self.array([Array("b".utf8)]) + Self.int32(0) + Self.int32(0) + Self.uint32(25)
            + Self.array([Self.int64(5), Self.int64(6)], elementType: 20)
            + Self.array([nil, Array("x".utf8)]) + Self.array([Self.int32(9)], elementType: 23)
            + Self.array([nil], elementType: 20)
        var texts = ["left", "over", "from before"]
        var empty = ["left over"]
        var numbers: [Int64] = [1, 2, 3, 4]
        var optionalTexts: [String?] = ["a", nil, "c"]
        var small: [Int32?] = [nil, 1, 2]
        var optionalNumbers: [Int64?] = [8, 9]
        try Self.read(bytes) { reader throws(BinaryRowReader.Failure) in
            try reader.strings(into: &texts)
            try reader.strings(into: &empty)
            try reader.int64s(into: &numbers)
            try reader.optionalStrings(into: &optionalTexts)
            try reader.optionalInt32s(into: &small)
            try reader.optionalInt64s(into: &optionalNumbers)
        }
        #expect(texts == ["b"])
        #expect(empty.isEmpty)
        #expect(numbers == [5, 6])
        #expect(optionalTexts == [nil, "x"])
        #expect(small == [9])
        #expect(optionalNumbers == [nil])
    }

    @Test(
        "damaged arrays fail as a read",
        arguments: [
            ("a count far beyond the bytes", Self.array([Array("a".utf8)], count: Int32.max)),
            ("a negative count", Self.array([], count: -3)),
            (
                "an element longer than the bytes left",
                Self.int32(1) + Self.int32(0) + Self.uint32(25)
                    + Self.int32(1) + Self.int32(1) + Self.int32(1_000) + Array("abc".utf8)
            ),
            ("a header cut short", Array(Self.array([Array("a".utf8)]).prefix(10))),
            ("two dimensions", Self.int32(2) + Self.int32(0) + Self.uint32(25) + Self.int32(1) + Self.int32(1)),
        ] as [(String, [UInt8])])
    func damaged(_ name: String, _ bytes: [UInt8]) {
        #expect(throws: BinaryRowReader.Failure.self, "\(name)") {
            try Self.read(bytes) { reader throws(BinaryRowReader.Failure) in try reader.strings() }
        }
    }

    @Test("a NULL or a wrongly sized element where none may be fails as a read")
    func wrongElements() {
        #expect(throws: BinaryRowReader.Failure.self) {
            try Self.read(Self.array([Self.int64(1), nil], elementType: 20)) { reader throws(BinaryRowReader.Failure) in
                try reader.int64s()
            }
        }
        #expect(throws: BinaryRowReader.Failure.self) {
            try Self.read(Self.array([Self.int32(1)], elementType: 20)) { reader throws(BinaryRowReader.Failure) in
                try reader.int64s()
            }
        }
        #expect(throws: BinaryRowReader.Failure.self) {
            try Self.read(Self.array([Self.int64(1)], elementType: 20)) { reader throws(BinaryRowReader.Failure) in
                var narrow: [Int32] = []
                try reader.int32s(into: &narrow)
            }
        }
    }
}
