import EmporiumCore
import Foundation
import GraphQL
import Testing

@testable import EmporiumGraphQL

/// The compiled executor's writer must produce exactly what GraphQLSwift's encoder and the
/// identifier helpers produce, from a buffer that starts tiny and grows.
@Suite("JSONWriter writes what the reference encoders write")
struct JSONWriterTests {
    static func reference(_ text: String) throws -> String {
        String(decoding: try GraphQLJSONEncoder().encode(Map.string(text)), as: UTF8.self)
    }

    @Test("strings: every ASCII byte, escapes, non-ASCII and long text, through buffer growth")
    func strings() throws {
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["", "plain", "a/b\\c\"d", "é∑😀 \u{2028}", String(repeating: "x/\u{1}", count: 3_000)]
        for sample in samples {
            var writer = JSONWriter(capacity: 1)
            writer.string(sample)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == (try Self.reference(sample)))
            #expect(JSONWriter.escaped(sample) == writer.bytes)
        }
    }

    @Test("strings read eight bytes at a time: each ASCII byte at each position of a long string")
    func wordScan() throws {
        for byte in UInt8(0)..<128 {
            for position in 0..<17 {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: 17)
                bytes[position] = byte
                let sample = String(decoding: bytes, as: UTF8.self) + "é😀/"
                var writer = JSONWriter(capacity: 1)
                writer.string(sample)
                #expect(String(decoding: writer.bytes, as: UTF8.self) == (try Self.reference(sample)))
            }
        }
    }

    @Test("a finished body is handed over whole without errors, and as data alone with them")
    func finishBody() {
        var writer = JSONWriter(capacity: 1)
        writer.raw(#"{"data":"#)
        let start = writer.count
        writer.raw(#"{"a":1}"#)
        guard case .body(let body) = writer.finishBody(dataStart: start, errors: []) else {
            Issue.record("expected a whole body")
            return
        }
        #expect(String(decoding: body, as: UTF8.self) == #"{"data":{"a":1}}"#)
        #expect(writer.count == 0)
        writer.raw(#"{"data":"#)
        writer.raw("null")
        guard
            case .encoded(let data, let errors) = writer.finishBody(dataStart: 8, errors: [GraphQLError(message: "x")])
        else {
            Issue.record("expected data and errors")
            return
        }
        #expect(data.map { String(decoding: $0, as: UTF8.self) } == "null")
        #expect(errors.map(\.message) == ["x"])
    }

    @Test("integers, amounts, node ids and cursors at their limits")
    func numbersAndIdentifiers() {
        for value in [0, 1, 9, 10, -1, -10, 1_234_567, Int.max, Int.min] {
            var writer = JSONWriter(capacity: 1)
            writer.int(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
        }
        let amounts = [
            Money(minorUnits: 0, currency: "EUR"), Money(minorUnits: 5, currency: "EUR"),
            Money(minorUnits: -5, currency: "EUR"), Money(minorUnits: 123_456, currency: "USD"),
            Money(minorUnits: 1_200, currency: "JPY"), Money(minorUnits: 1_234, currency: "KWD"),
            Money(minorUnits: Int64.max, currency: "EUR"), Money(minorUnits: Int64.min, currency: "EUR"),
        ]
        for money in amounts {
            var writer = JSONWriter(capacity: 1)
            writer.decimal(money)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"\(money.decimalString)\"")
        }
        for id: Int64 in [0, 1, 42, 999, Int64.max, -7] {
            var writer = JSONWriter(capacity: 1)
            writer.nodeID(type: "ProductVariant", id: id)
            #expect(
                String(decoding: writer.bytes, as: UTF8.self)
                    == "\"\(OpaqueIdentifier.nodeID(type: "ProductVariant", id: id))\"")
        }
        for key in ["", "a", "ab", "abc", "Name with spaces, é and 😀", String(repeating: "k", count: 500)] {
            let position = ListingPosition(sort: .nameAscending, key: key, id: 77)
            var writer = JSONWriter(capacity: 1)
            writer.cursor(position)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"\(OpaqueIdentifier.cursor(position))\"")
        }
    }

    @Test("truncating to a mark drops only what followed it")
    func truncate() {
        var writer = JSONWriter(capacity: 2)
        writer.raw("[1,")
        let mark = writer.count
        writer.string(String(repeating: "z", count: 100))
        writer.truncate(to: mark)
        writer.null()
        writer.raw("]")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[1,null]")
    }
}
