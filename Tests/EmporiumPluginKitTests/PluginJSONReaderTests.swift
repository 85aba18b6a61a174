import EmporiumPluginKit
import Testing

@Suite("PluginJSONReader: bounds-checked pull reading of hook payloads")
struct PluginJSONReaderTests {
    /// Reads `text` with `body`, returning the error it fails with (nil when it succeeds).
    static func failure(
        _ text: String, maxDepth: Int = 32, _ body: (inout PluginJSONReader) throws(PluginJSONError) -> Void
    )
        -> PluginJSONError?
    {
        do {
            try PluginJSONReader.read(Array(text.utf8), maxDepth: maxDepth, body)
            return nil
        } catch {
            return error
        }
    }

    static func skip(_ reader: inout PluginJSONReader) throws(PluginJSONError) { try reader.skipValue() }

    @Test("objects, arrays, strings, integers, booleans and null read back as written; unknown members are skipped")
    func readsDocument() throws {
        let text =
            #" { "sku" : "SKU-1", "quantity": -42, "tags": ["a", "b"], "gift": true, "note": null,"#
            + #" "extra": {"deep": [1.5e3, {"x": false}]}, "max": 9223372036854775807 } "#
        var sku = ""
        var quantity: Int64 = 0
        var tags: [String] = []
        var gift = false
        var noteIsNull = false
        var max: Int64 = 0
        try PluginJSONReader.read(Array(text.utf8)) { reader throws(PluginJSONError) in
            try reader.readObject { reader, key throws(PluginJSONError) in
                switch key {
                case "sku": sku = try reader.readString()
                case "quantity": quantity = try reader.readInt64()
                case "tags": tags = try reader.readStringArray()
                case "gift": gift = try reader.readBool()
                case "note": noteIsNull = try reader.readNull()
                case "max": max = try reader.readInt64()
                default: break
                }
            }
        }
        #expect(sku == "SKU-1")
        #expect(quantity == -42)
        #expect(tags == ["a", "b"])
        #expect(gift)
        #expect(noteIsNull)
        #expect(max == .max)
    }

    @Test("readMembers matches keys against literals: plain, escaped and non-ASCII names")
    func memberKeys() throws {
        let text = #"{"currency": 1, "cur\u0072ency": 2, "währung": 3, "currencyX": 4, "": 5}"#
        var matched: [Int64] = []
        var names: [String] = []
        try PluginJSONReader.read(Array(text.utf8)) { reader throws(PluginJSONError) in
            try reader.readMembers { reader, key throws(PluginJSONError) in
                names.append(key.string)
                switch key {
                case "currency": matched.append(try reader.readInt64())
                case "währung": matched.append(try reader.readInt64() * 10)
                default: break
                }
            }
        }
        #expect(matched == [1, 2, 30])
        #expect(names == ["currency", "currency", "währung", "currencyX", ""])
    }

    @Test("a name with escapes is checked when read and decoded when compared; a bad one fails at the name")
    func escapedMemberNames() throws {
        let text = #"{"a\"b": 1, "\u00e9t\u00e9": 2, "\ud83d\ude00": 3}"#
        var names: [String] = []
        var matched: [Int64] = []
        try PluginJSONReader.read(Array(text.utf8)) { reader throws(PluginJSONError) in
            try reader.readMembers { reader, key throws(PluginJSONError) in
                names.append(key.string)
                switch key {
                case "a\"b": matched.append(try reader.readInt64())
                case "été": matched.append(try reader.readInt64() * 10)
                case "a": matched.append(-1)
                default: break
                }
            }
        }
        #expect(names == ["a\"b", "été", "😀"])
        #expect(matched == [1, 20])
        for (bad, message) in [
            (#"{"a\x": 1}"#, "unknown escape"), (#"{"a\u12": 1}"#, "four hex digits"),
            (#"{"a\u00e9" 1}"#, #"expected ':' after "aé""#), (#"{"a\n"#, "unterminated string"),
        ] {
            do {
                try PluginJSONReader.read(Array(bad.utf8)) { reader throws(PluginJSONError) in
                    try reader.readMembers { _, _ throws(PluginJSONError) in }
                }
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.message.contains(message), "\(error.message) for \(bad)")
            }
        }
    }

    @Test("escapes decode, including \\u surrogate pairs; raw UTF-8 passes through")
    func escapes() throws {
        let text = #""q\"b\\s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 ü""#
        let value = try PluginJSONReader.read(Array(text.utf8)) { reader throws(PluginJSONError) in
            try reader.readString()
        }
        #expect(value == "q\"b\\s/ \u{8}\u{C}\n\r\t é 😀 ü")
    }

    @Test(
        "malformed input fails with the offset of the problem",
        arguments: [
            (#"{"a": 1,}"#, 8, "expected a member name"),
            (#"{"a" 1}"#, 5, "expected ':'"),
            (#"[1 2]"#, 3, "expected ',' or ']'"),
            (#"{"a": tru}"#, 6, "expected true or false"),
            (#""abc"#, 0, "unterminated string"),
            ("\"a\u{1}b\"", 2, "control character"),
            (#""\x""#, 1, "unknown escape"),
            (#""\u12""#, 1, "four hex digits"),
            (#""\ud83d""#, 1, "without its low surrogate"),
            (#""\ude00""#, 1, "low surrogate"),
            (#"01"#, 0, "may not start with 0"),
            (#"-"#, 1, "expected a digit"),
            (#"{} x"#, 3, "after the document"),
            ("", 0, "unexpected end of input"),
            (#"{"a": @}"#, 6, "expected a value"),
        ])
    func malformed(text: String, offset: Int, words: String) {
        let error = Self.failure(text, Self.skip)
        #expect(error?.code == .syntax, "\(text): \(String(describing: error))")
        #expect(error?.offset == offset, "\(text): \(String(describing: error))")
        #expect(error?.message.contains(words) == true, "\(text): \(String(describing: error))")
    }

    @Test("a string that is not valid UTF-8 is refused")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        #expect(throws: PluginJSONError.self) {
            try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in _ = try reader.readString() }
        }
    }

    @Test(
        "integers: fractions, exponents and 64-bit overflow are refused where an integer is required",
        arguments: ["1.5", "1e3", "2E2", "9223372036854775808", "-9223372036854775809", "99999999999999999999"])
    func notAnInteger(text: String) {
        let error = Self.failure(text) { reader throws(PluginJSONError) in _ = try reader.readInt64() }
        #expect(error?.code == .notAnInteger, "\(text): \(String(describing: error))")
        #expect(error?.offset == 0)
    }

    @Test("Int64.min reads; a range check names the field")
    func integerLimits() throws {
        let minimum = try PluginJSONReader.read(Array("-9223372036854775808".utf8)) { reader throws(PluginJSONError) in
            try reader.readInt64()
        }
        #expect(minimum == .min)
        let error = Self.failure(#"{"q": 0}"#) { reader throws(PluginJSONError) in
            try reader.readObject { reader, _ throws(PluginJSONError) in
                _ = try reader.readInt64(in: 1...10, field: "lines[0].quantity")
            }
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message == "lines[0].quantity must be an integer from 1 to 10, not 0")
        #expect(error?.offset == 6)
    }

    @Test("a value of another type fails with typeMismatch and says what was found")
    func typeMismatch() {
        let error = Self.failure(#"{"quantity": "3"}"#) { reader throws(PluginJSONError) in
            try reader.readObject { reader, _ throws(PluginJSONError) in _ = try reader.readInt64() }
        }
        #expect(error?.code == .typeMismatch)
        #expect(error?.description == "expected an integer, found a string (at byte 13) [JSON_TYPE_MISMATCH]")
    }

    @Test("nesting deeper than the limit is refused, also when skipped")
    func depthLimit() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(Self.failure(deep, Self.skip)?.code == .tooDeep)
        #expect(Self.failure("[[[]]]", maxDepth: 3, Self.skip) == nil)
        #expect(Self.failure("[[[[]]]]", maxDepth: 3, Self.skip)?.code == .tooDeep)
        let wrapped = #"{"a": "# + String(repeating: "{\"b\": ", count: 100) + "1" + String(repeating: "}", count: 101)
        #expect(Self.failure(wrapped, Self.skip)?.code == .tooDeep)
    }

    @Test("a reader never reads past its buffer: truncations of a valid document fail cleanly")
    func truncations() {
        let text = Array(#"{"a": [1, -2, "x\u00e9\n", true, false, null, {"b": 1.5e-3}]}"#.utf8)
        for length in 0..<text.count {
            let error = Self.failure(String(decoding: text[..<length], as: UTF8.self), Self.skip)
            #expect(error != nil, "a prefix of \(length) bytes was accepted")
        }
        #expect(Self.failure(String(decoding: text, as: UTF8.self), Self.skip) == nil)
    }
}
