import Testing

@testable import EmporiumPluginKit

/// The pieces for documents of fixed shape: raw punctuation and names in the writer, literals and
/// plain strings in place in the reader, and the one-word test for bytes to escape.
@Suite("PluginJSONWriter.raw, PluginJSONReader.consume and readPlainString")
struct PluginJSONFixedShapeTests {
    static func written(_ body: (inout PluginJSONWriter) -> Void) -> String {
        var writer = PluginJSONWriter(capacity: 8)
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("raw pieces are copied as they are; a comma follows them unless they end with : , [ or {")
    func rawPieces() {
        let document = Self.written { writer in
            writer.raw("{\"name\":")
            writer.string("a \"quoted\" name")
            writer.raw(",\"values\":[")
            writer.int(1)
            writer.int(-2)
            writer.string("x")
            writer.raw("],\"nested\":{")
            writer.field("k", Int64(3))
            writer.raw("},\"long piece of thirty-two bytes\":")
            writer.bool(true)
            writer.raw("}")
        }
        #expect(
            document
                == #"{"name":"a \"quoted\" name","values":[1,-2,"x"],"nested":{"k":3},"long piece of thirty-two bytes":true}"#
        )
        // After a piece that closes a value, the next value gets its comma.
        #expect(
            Self.written {
                $0.raw("[1"); $0.int(2); $0.raw("]")
            } == "[1,2]")
    }

    @Test("a byte to escape is found at every position of texts of 1 to 40 bytes; non-ASCII bytes are not escaped")
    func bytesToEscape() {
        for length in 1...40 {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(!plain.withUnsafeBytes { PluginJSONWords.containsByteToEscape($0) })
            // UTF-8 of "é" (0xC3 0xA9) needs no escape.
            var accented = plain
            accented[length - 1] = 0xC3
            #expect(!accented.withUnsafeBytes { PluginJSONWords.containsByteToEscape($0) })
            for position in 0..<length {
                for byte: UInt8 in [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00, 0x0A, 0x1F] {
                    var text = plain
                    text[position] = byte
                    #expect(
                        text.withUnsafeBytes { PluginJSONWords.containsByteToEscape($0) },
                        "byte \(byte) at \(position) of \(length)")
                }
            }
        }
        #expect(![UInt8]().withUnsafeBytes { PluginJSONWords.containsByteToEscape($0) })
    }

    @Test("strings of 0 to 40 bytes with a byte to escape anywhere read back as written")
    func escapedStringsRoundTrip() throws {
        for length in 0...40 {
            for position in [-1] + Array(0..<length) {
                var text = String(repeating: "b", count: length)
                if position >= 0 {
                    let index = text.index(text.startIndex, offsetBy: position)
                    text.replaceSubrange(index...index, with: "\"")
                }
                let document = Self.written { writer in
                    writer.raw("{\"v\":")
                    writer.string(text)
                    writer.raw("}")
                }
                let read = try PluginJSONReader.read(Array(document.utf8)) { reader throws(PluginJSONError) in
                    var value = ""
                    try reader.readObject { reader, _ throws(PluginJSONError) in value = try reader.readString() }
                    return value
                }
                #expect(read == text)
            }
        }
    }

    @Test("consume matches literals of every length where they stand, and consumes nothing otherwise")
    func consumeLiterals() throws {
        let literals: [StaticString] = [
            "{", "[]", ",\"a\"", "{\"id\":", ",\"sku\":\"", ",\"productId\":", ",\"pricesIncludeTax\":",
            ",\"a member name of thirty-two\":", ",\"a member name longer than thirty-two\":",
        ]
        for literal in literals {
            let text = String(
                decoding: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount), as: UTF8.self
            )
            // Exactly the literal, at the very end of the buffer: matched without reading past it.
            let exact = Array(text.utf8)
            exact.withUnsafeBytes { bytes in
                var reader = PluginJSONReader(bytes)
                let consumed = reader.consume(literal)
                #expect(consumed, "\(text)")
                #expect(reader.offset == exact.count)
            }
            // One byte short, or one byte different anywhere: nothing consumed.
            Array(exact.dropLast()).withUnsafeBytes { bytes in
                var reader = PluginJSONReader(bytes)
                let consumed = reader.consume(literal)
                #expect(!consumed)
                #expect(reader.offset == 0)
            }
            for position in exact.indices {
                var changed = exact
                changed[position] ^= 0x01
                changed.withUnsafeBytes { bytes in
                    var reader = PluginJSONReader(bytes)
                    let consumed = reader.consume(literal)
                    #expect(!consumed, "\(text) changed at \(position)")
                    #expect(reader.offset == 0)
                }
            }
        }
    }

    @Test("readPlainString gives plain ASCII text in place and leaves any other string for readString")
    func plainStrings() throws {
        let document = Array(#"["plain","with \"escape\"","caf\#u{E9}",""]"#.utf8)
        // For each element: the text in place (nil when not plain), whether the cursor stayed, the string read.
        let found = try PluginJSONReader.read(document) { reader throws(PluginJSONError) in
            var found: [(plain: String?, stayed: Bool, string: String)] = []
            try reader.readArray { reader, _ throws(PluginJSONError) in
                let start = reader.offset
                if let range = try reader.readPlainString() {
                    let text = String(decoding: reader.bytes(in: range), as: UTF8.self)
                    found.append((text, false, text))
                } else {
                    let stayed = reader.offset == start
                    found.append((nil, stayed, try reader.readString()))
                }
            }
            return found
        }
        #expect(found.map(\.plain) == ["plain", nil, nil, ""])
        #expect(found.map(\.string) == ["plain", #"with "escape""#, "caf\u{E9}", ""])
        #expect(found[1].stayed && found[2].stayed)
        #expect(throws: PluginJSONError.self) {
            try PluginJSONReader.read(Array("[1]".utf8)) { reader throws(PluginJSONError) in
                try reader.readArray { reader, _ throws(PluginJSONError) in _ = try reader.readPlainString() }
            }
        }
    }

    /// The example of docs/plugins/swift.md ("Documents of a fixed shape"), as written there.
    static func skuAndQuantity(_ document: UnsafeRawBufferPointer) -> (sku: String, quantity: Int64)? {
        var reader = PluginJSONReader(document)
        guard reader.consume("{\"sku\":"), let sku = try? reader.readPlainString(),
            reader.consume(",\"quantity\":"), let quantity = try? reader.readInt64(), reader.consume("}"),
            (try? reader.finish()) != nil
        else { return nil }
        return (String(decoding: reader.bytes(in: sku), as: UTF8.self), quantity)
    }

    static func answer(units: Int64, into writer: inout PluginJSONWriter) {
        writer.raw("{\"units\":")
        writer.int(units)
        writer.raw("}")
    }

    @Test("the documented fixed-shape example reads its shape and gives up on any other")
    func documentedExample() {
        let read = Array(#"{"sku":"SOCK","quantity":3}"#.utf8).withUnsafeBytes { Self.skuAndQuantity($0) }
        #expect(read?.sku == "SOCK" && read?.quantity == 3)
        #expect(Array(#"{ "sku":"SOCK","quantity":3}"#.utf8).withUnsafeBytes { Self.skuAndQuantity($0) } == nil)
        #expect(Array(#"{"sku":"SO\u0043K","quantity":3}"#.utf8).withUnsafeBytes { Self.skuAndQuantity($0) } == nil)
        #expect(Self.written { Self.answer(units: 12, into: &$0) } == #"{"units":12}"#)
    }
}
