import EmporiumPluginKit
import Foundation
import Testing

/// The word-at-a-time string scans, the in-place string and timestamp reads, and the duplicate-key
/// policy: the paths the pricing hook takes on every call.
@Suite("PluginJSONReader and PluginJSONWriter: fast paths")
struct PluginJSONScanningTests {
    static func read<T>(_ text: String, _ body: (inout PluginJSONReader) throws(PluginJSONError) -> T)
        throws(PluginJSONError) -> T
    {
        try PluginJSONReader.read(Array(text.utf8), body)
    }

    /// Every byte that needs attention, at every position of a string longer than one 8-byte word.
    static let specials: [(raw: String, escaped: String)] = [
        ("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{1}", #"\u0001"#), ("é", "é"), ("😀", "😀"),
    ]

    @Test("a character that needs escaping is found at every offset of a long string, both ways")
    func everyOffset() throws {
        for (raw, escaped) in Self.specials {
            for offset in 0..<20 {
                let plain = String(repeating: "a", count: offset) + raw + String(repeating: "b", count: 19 - offset)
                var writer = PluginJSONWriter(capacity: 8)
                writer.string(plain)
                let written = String(decoding: writer.bytes, as: UTF8.self)
                let expected =
                    "\"" + String(repeating: "a", count: offset) + escaped + String(repeating: "b", count: 19 - offset)
                    + "\""
                #expect(written == expected, "\(offset): \(written)")
                let back = try PluginJSONReader.read(writer.bytes) { reader throws(PluginJSONError) in
                    try reader.readString()
                }
                #expect(back == plain)
                // As a key (read in place) and as a skipped member.
                let document = "{\(written): 1, \"next\": \(written), \"n\": 2}"
                let (keys, number) = try Self.read(document) { reader throws(PluginJSONError) in
                    var keys: [String] = []
                    var number: Int64 = 0
                    try reader.readMembers { reader, key throws(PluginJSONError) in
                        keys.append(key.string)
                        if key == "n" { number = try reader.readInt64() }
                    }
                    return (keys, number)
                }
                #expect(keys == [plain, "next", "n"])
                #expect(number == 2)
            }
        }
    }

    @Test("a control character or invalid UTF-8 is refused past the first word, also in a skipped string")
    func refusedPastFirstWord() {
        for offset in [0, 7, 8, 9, 15, 16, 17] {
            let prefix = Array(repeating: UInt8(ascii: "a"), count: offset)
            for bad: [UInt8] in [[0x01], [0x1F], [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80]] {
                let string = [0x22] + prefix + bad + Array("tail of the string".utf8) + [0x22]
                let member = Array(#"{"skipped": "#.utf8) + string + Array(#", "n": 1}"#.utf8)
                for document in [string, member] {
                    #expect(throws: PluginJSONError.self, "\(offset) \(bad)") {
                        try PluginJSONReader.read(document) { reader throws(PluginJSONError) in try reader.skipValue() }
                    }
                }
                #expect(throws: PluginJSONError.self) {
                    try PluginJSONReader.read(string) { reader throws(PluginJSONError) in
                        _ = try reader.readStringBytes { $0.count }
                    }
                }
            }
        }
    }

    @Test("readStringBytes hands over the text in place, or decoded when it has escapes")
    func stringBytes() throws {
        for (text, expected) in [(#""plain""#, "plain"), (#""tab\there""#, "tab\there"), (#""\u00e9t\u00e9""#, "été")] {
            let value = try Self.read(text) { reader throws(PluginJSONError) in
                try reader.readStringBytes { String(decoding: $0, as: UTF8.self) }
            }
            #expect(value == expected)
        }
        #expect(throws: PluginJSONError.self) {
            try Self.read("12") { reader throws(PluginJSONError) in _ = try reader.readStringBytes { $0.count } }
        }
    }

    @Test("timestamps read in place; a malformed one names its field")
    func timestamps() throws {
        let read = try Self.read(#""2026-11-27T12:00:00+01:00""#) { reader throws(PluginJSONError) in
            try reader.readTimestamp(field: "now")
        }
        #expect(read.secondsSinceEpoch == 1_795_777_200)
        let escaped = try Self.read(#""2026-11-27T11:00:00\u005a""#) { reader throws(PluginJSONError) in
            try reader.readTimestamp(field: "now")
        }
        #expect(escaped.secondsSinceEpoch == 1_795_777_200)
        do {
            _ = try Self.read(#""2026-02-30T00:00:00Z""#) { reader throws(PluginJSONError) in
                try reader.readTimestamp(field: "lines[2].since")
            }
            Issue.record("an impossible date was read")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message == "lines[2].since must be an ISO 8601 date-time")
        }
        var writer = PluginJSONWriter()
        writer.beginObject()
        writer.field("now", PluginTimestamp(secondsSinceEpoch: -1))
        writer.field("then", PluginTimestamp(secondsSinceEpoch: 1_795_777_200))
        writer.endObject()
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == #"{"now":"1969-12-31T23:59:59Z","then":"2026-11-27T11:00:00Z"}"#)
    }

    @Test("a duplicate member name is read again: the last value wins, as in most JSON readers")
    func duplicateKeys() throws {
        let value = try Self.read(#"{"amount": 1, "amount": 2}"#) { reader throws(PluginJSONError) in
            var amount: Int64 = 0
            try reader.readMembers { reader, key throws(PluginJSONError) in
                if key == "amount" { amount = try reader.readInt64() }
            }
            return amount
        }
        #expect(value == 2)
    }

    @Test("the writer grows past its first buffer, and removeAll keeps the memory for the next document")
    func growthAndReuse() {
        var writer = PluginJSONWriter(capacity: 1)
        writer.beginArray()
        for index in 0..<1000 { writer.int(Int64(index)) }
        writer.endArray()
        let expected = "[" + (0..<1000).map(String.init).joined(separator: ",") + "]"
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        writer.removeAll()
        writer.beginObject()
        writer.field("ok", true)
        writer.endObject()
        #expect(writer.withBytes { String(decoding: $0, as: UTF8.self) } == #"{"ok":true}"#)
    }

    @Test("integers at every digit count and both limits")
    func integers() throws {
        var values: [Int64] = [0, -1, .max, .min, .max - 1, .min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power]
        }
        for value in values {
            var writer = PluginJSONWriter(capacity: 4)
            writer.int(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
            let back = try PluginJSONReader.read(writer.bytes) { reader throws(PluginJSONError) in
                try reader.readInt64()
            }
            #expect(back == value)
        }
    }
}

/// Random strings against Foundation's reader: the word-at-a-time scans must agree with it on what
/// a string holds and on which strings are refused.
@Suite("PluginJSONReader and PluginJSONWriter: random strings")
struct PluginJSONRandomStringTests {
    /// A deterministic generator (SplitMix64), so a failure repeats.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes a string body may be made of: plain text, the characters that need attention, escapes,
    /// multi-byte UTF-8 and a few bytes that are never valid UTF-8.
    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("Z9 ".utf8), Array("\"".utf8), Array("\\".utf8), Array("\\n".utf8),
        Array("\\\"".utf8), Array("\\u00e9".utf8), Array("\\ud83d\\ude00".utf8), [0x01], [0x1F], [0x7F],
        Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0xC3], [0xFF], [0x80], Array("/".utf8),
    ]

    @Test("the reader agrees with Foundation on random string documents")
    func agreesWithFoundation() throws {
        var random = SplitMix(state: 42)
        for _ in 0..<3000 {
            var body: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &random) { body += Self.pieces.randomElement(using: &random)! }
            let document = [UInt8(ascii: "[")] + [0x22] + body + [0x22] + [UInt8(ascii: "]")]
            let foundation =
                (try? JSONSerialization.jsonObject(with: Data(document), options: [])) as? [String]
            let ours: String?
            do {
                ours = try PluginJSONReader.read(document) { reader throws(PluginJSONError) in
                    var value = ""
                    try reader.readArray { reader, _ throws(PluginJSONError) in value = try reader.readString() }
                    return value
                }
            } catch {
                ours = nil
            }
            let skipped =
                (try? PluginJSONReader.read(document) { reader throws(PluginJSONError) in
                    try reader.skipValue()
                }) != nil
            #expect(ours == foundation?.first, "\(document)")
            #expect(skipped == (ours != nil), "\(document)")
            if let ours {
                var writer = PluginJSONWriter(capacity: 8)
                writer.string(ours)
                let back = try PluginJSONReader.read(writer.bytes) { reader throws(PluginJSONError) in
                    try reader.readString()
                }
                #expect(back == ours)
            }
        }
    }
}
