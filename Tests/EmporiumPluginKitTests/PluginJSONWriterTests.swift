import EmporiumPluginKit
import Testing

@Suite("PluginJSONWriter and PluginTimestamp")
struct PluginJSONWriterTests {
    @Test("commas and nesting come out right; keys keep their order")
    func structure() {
        var writer = PluginJSONWriter()
        writer.beginObject()
        writer.field("currency", "EUR")
        writer.key("lines")
        writer.beginArray()
        for amount: Int64 in [250, -1, 0] {
            writer.beginObject()
            writer.field("amount", amount)
            writer.endObject()
        }
        writer.endArray()
        writer.field("codes", ["A", "B"])
        writer.key("empty")
        writer.beginArray()
        writer.endArray()
        writer.field("flag", false)
        writer.key("none")
        writer.null()
        writer.field("min", Int64.min)
        writer.endObject()
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == #"{"currency":"EUR","lines":[{"amount":250},{"amount":-1},{"amount":0}],"codes":["A","B"],"#
                + #""empty":[],"flag":false,"none":null,"min":-9223372036854775808}"#)
    }

    @Test("strings are escaped so untrusted text cannot break out; the reader gets the same text back")
    func escaping() throws {
        let nasty = "a\"b\\c\n\r\t\u{0}\u{1F}\u{7F} é 😀 \"}],"
        var writer = PluginJSONWriter()
        writer.beginObject()
        writer.field(nasty, nasty)
        writer.endObject()
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == "{\"a\\\"b\\\\c\\n\\r\\t\\u0000\\u001f\u{7F} é 😀 \\\"}],\":\"a\\\"b\\\\c\\n\\r\\t\\u0000\\u001f\u{7F} é 😀 \\\"}],\"}"
        )
        let (key, value) = try PluginJSONReader.read(writer.bytes) { reader throws(PluginJSONError) in
            var pair = ("", "")
            try reader.readObject { reader, key throws(PluginJSONError) in pair = (key, try reader.readString()) }
            return pair
        }
        #expect(key == nasty)
        #expect(value == nasty)
    }

    @Test("a bridged or non-contiguous string is written the same way")
    func nonContiguous() {
        let pieces = ["p", "q\"", "r"]
        let joined = pieces.joined()
        var writer = PluginJSONWriter()
        writer.string(joined)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""pq\"r""#)
    }

    @Test("timestamps: ISO 8601 with Z, offsets and fractions; dates alone; bad input refused")
    func timestamps() {
        #expect(PluginTimestamp(iso8601: "1970-01-01T00:00:00Z")?.secondsSinceEpoch == 0)
        #expect(PluginTimestamp(iso8601: "2026-11-27T11:00:00Z")?.secondsSinceEpoch == 1_795_777_200)
        #expect(PluginTimestamp(iso8601: "2026-11-27T12:00:00.250+01:00")?.secondsSinceEpoch == 1_795_777_200)
        #expect(PluginTimestamp(iso8601: "2024-02-29")?.description == "2024-02-29T00:00:00Z")
        #expect(PluginTimestamp(secondsSinceEpoch: 1_795_777_200).description == "2026-11-27T11:00:00Z")
        #expect(PluginTimestamp(secondsSinceEpoch: -1).description == "1969-12-31T23:59:59Z")
        for bad in [
            "2025-02-29", "2026-13-01T00:00:00Z", "2026-11-27 11:00:00Z", "2026-11-27T11:00:00", "tomorrow",
            "2026-11-27T11:00:00+0100", "2026-11-27T25:00:00Z",
        ] {
            #expect(PluginTimestamp(iso8601: bad) == nil, "\(bad)")
        }
    }
}
