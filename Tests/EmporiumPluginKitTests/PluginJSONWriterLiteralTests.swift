import Testing

@testable import EmporiumPluginKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite("PluginJSONWriter literal names, short copies and hand-over")
struct PluginJSONWriterLiteralTests {
    @Test("literal member names write the same bytes as String names, commas included")
    func literalNamesMatchStrings() {
        let names = ["currency", "lines", "now", "couponCode", "a", "abcd", "abcdefgh", "abcdefghijklmnop"]
        var literal = PluginJSONWriter(capacity: 1)
        literal.beginObject()
        literal.field("currency", "EUR")
        literal.key("lines")
        literal.beginArray()
        literal.endArray()
        literal.field("now", PluginTimestamp(secondsSinceEpoch: 0))
        literal.field("couponCode", ifPresent: "WELCOME5")
        literal.field("a", 1 as Int64)
        literal.field("abcd", true)
        literal.field("abcdefgh", ["x", "y"])
        literal.field("abcdefghijklmnop", ifPresent: nil)
        literal.endObject()
        var dynamic = PluginJSONWriter(capacity: 1)
        dynamic.beginObject()
        dynamic.field(names[0], "EUR")
        dynamic.key(names[1])
        dynamic.beginArray()
        dynamic.endArray()
        dynamic.field(names[2], PluginTimestamp(secondsSinceEpoch: 0))
        dynamic.field(names[3], ifPresent: "WELCOME5")
        dynamic.field(names[4], 1 as Int64)
        dynamic.field(names[5], true)
        dynamic.field(names[6], ["x", "y"])
        dynamic.field(names[7], ifPresent: nil)
        dynamic.endObject()
        #expect(literal.bytes == dynamic.bytes)
        #expect(
            String(decoding: literal.bytes, as: UTF8.self)
                == #"{"currency":"EUR","lines":[],"now":"1970-01-01T00:00:00Z","couponCode":"WELCOME5","a":1,"#
                + #""abcd":true,"abcdefgh":["x","y"]}"#)
    }

    @Test("values of every length from 0 to 40 bytes are copied whole, plain or with an escape")
    func everyLength() throws {
        for length in 0...40 {
            for escaped in [false, true] {
                var text = String(repeating: "x", count: length)
                if escaped, length > 0 { text = "\"" + text.dropFirst() }
                var writer = PluginJSONWriter(capacity: 1)
                writer.beginArray()
                writer.string(text)
                writer.string(text)
                writer.endArray()
                let back = try PluginJSONReader.read(writer.bytes) { reader throws(PluginJSONError) in
                    try reader.readStringArray()
                }
                #expect(back == [text, text], "length \(length)")
            }
        }
    }

    @Test("members named by literals of every length from 1 to 20 are matched, and only by their own name")
    func keyComparisons() throws {
        let names = (1...20).map { String("abcdefghijklmnopqrst".prefix($0)) }
        for name in names {
            var writer = PluginJSONWriter()
            writer.beginObject()
            writer.field(name, 1 as Int64)
            writer.endObject()
            let matched = try PluginJSONReader.read(writer.bytes) { reader throws(PluginJSONError) in
                var found: [String] = []
                try reader.readMembers { reader, key throws(PluginJSONError) in
                    for (literal, text) in Self.literals where key == literal { found.append(text) }
                    _ = try reader.readInt64()
                }
                return found
            }
            #expect(matched == [name])
        }
    }

    static let literals: [(StaticString, String)] = [
        ("a", "a"), ("ab", "ab"), ("abc", "abc"), ("abcd", "abcd"), ("abcde", "abcde"), ("abcdef", "abcdef"),
        ("abcdefg", "abcdefg"), ("abcdefgh", "abcdefgh"), ("abcdefghi", "abcdefghi"),
        ("abcdefghij", "abcdefghij"), ("abcdefghijk", "abcdefghijk"), ("abcdefghijkl", "abcdefghijkl"),
        ("abcdefghijklm", "abcdefghijklm"), ("abcdefghijklmn", "abcdefghijklmn"),
        ("abcdefghijklmno", "abcdefghijklmno"), ("abcdefghijklmnop", "abcdefghijklmnop"),
        ("abcdefghijklmnopq", "abcdefghijklmnopq"), ("abcdefghijklmnopqr", "abcdefghijklmnopqr"),
        ("abcdefghijklmnopqrs", "abcdefghijklmnopqrs"), ("abcdefghijklmnopqrst", "abcdefghijklmnopqrst"),
    ]

    @Test("a writer hands over its malloc'd buffer with the document, to be released with free")
    func handOver() {
        var writer = PluginJSONWriter(capacity: 1)
        writer.beginObject()
        writer.field("note", String(repeating: "n", count: 300))
        writer.endObject()
        let expected = writer.bytes
        let (memory, count) = writer.handOver()
        #expect(Array(UnsafeBufferPointer(start: memory, count: count)) == expected)
        free(memory)
    }

    struct ArrayPlugin: EmporiumPlugin {
        static let manifest = PluginDescription(
            id: "array-plugin", version: "1.0.0", engineMinimum: "0.1.0", engineLimit: "2.0.0", hooks: ["x"],
            configSchema: "{}")
        init(configuration: [UInt8]) throws {}
        func handle(hook: String, request: [UInt8]) throws -> [UInt8] { Array(#"{"echo":"#.utf8) + request + [125] }
    }

    @Test("a plugin that answers with an array is copied into the writer by the default")
    func defaultAnswer() throws {
        var writer = PluginJSONWriter(capacity: 1)
        try Array("[1,2]".utf8).withUnsafeBytes { request in
            try ArrayPlugin(configuration: []).handle(hook: "x", request: request, answer: &writer)
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"echo":[1,2]}"#)
    }
}
