import EmporiumPluginKit
import Foundation
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

    @Test("integers of every length and sign are written as Swift writes them, and read back")
    func integers() throws {
        var values: [Int64] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 8_999, 15_948, .max, .min, .min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, power + power / 2 + 7]
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { values.append(Int64.random(in: .min ... .max, using: &random)) }
        values += values.map { $0 == .min ? .max : -$0 }
        for value in values {
            var writer = PluginJSONWriter(capacity: 0)
            writer.beginArray()
            writer.int(value)
            writer.int(value)
            writer.endArray()
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "[\(value),\(value)]")
            let read = try PluginJSONReader.read(writer.bytes) { reader throws(PluginJSONError) in
                var numbers: [Int64] = []
                try reader.readArray { reader, _ throws(PluginJSONError) in numbers.append(try reader.readInt64()) }
                return numbers
            }
            #expect(read == [value, value])
        }
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

    @Test("timestamps: instants of every year written and read back; the years 1900–2200 as Foundation writes them")
    func timestampRoundTrip() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        // A fixed sequence (a 64-bit LCG), so that a failure repeats.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(in range: ClosedRange<Int64>) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int64(bitPattern: (state >> 1) % UInt64(range.upperBound - range.lowerBound + 1))
        }
        let years0001To9999: ClosedRange<Int64> = -62_135_596_800...253_402_300_799
        let years1900To2200: ClosedRange<Int64> = -2_208_988_800...7_258_118_399
        var failures = 0
        for round in 0..<20_000 where failures < 5 {
            let seconds = round % 2 == 0 ? next(in: years0001To9999) : next(in: years1900To2200)
            let stamp = PluginTimestamp(secondsSinceEpoch: seconds)
            let text = stamp.description
            let readBack = PluginTimestamp(iso8601: text)
            let foundation =
                years1900To2200.contains(seconds)
                ? formatter.string(from: Date(timeIntervalSince1970: Double(seconds))) : text
            if readBack != stamp || text != foundation || text.utf8.count != 20 {
                failures += 1
                Issue.record(
                    "\(seconds): wrote \(text), read back \(String(describing: readBack)), Foundation \(foundation)")
            }
        }
        #expect(PluginTimestamp(secondsSinceEpoch: years0001To9999.upperBound).description == "9999-12-31T23:59:59Z")
        #expect(PluginTimestamp(secondsSinceEpoch: years0001To9999.lowerBound).description == "0001-01-01T00:00:00Z")
    }

    @Test("timestamps: instants before year 0 or after 9999 are written as the nearest one inside")
    func timestampOutsideTheFormat() {
        #expect(PluginTimestamp(secondsSinceEpoch: -62_167_219_200).description == "0000-01-01T00:00:00Z")
        #expect(PluginTimestamp(secondsSinceEpoch: -62_167_219_201).description == "0000-01-01T00:00:00Z")
        #expect(PluginTimestamp(secondsSinceEpoch: .min).description == "0000-01-01T00:00:00Z")
        #expect(PluginTimestamp(secondsSinceEpoch: 253_402_300_800).description == "9999-12-31T23:59:59Z")
        #expect(PluginTimestamp(secondsSinceEpoch: .max).description == "9999-12-31T23:59:59Z")
    }

    @Test("timestamps: a byte other than a digit in any digit's place is refused")
    func timestampNonDigits() {
        let offset = Array("2026-11-27T12:00:00+01:00".utf8)
        #expect(offset.withUnsafeBytes { PluginTimestamp(iso8601: $0) } != nil)
        for index in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24] {
            var bad = offset
            bad[index] = 0x61
            #expect(bad.withUnsafeBytes { PluginTimestamp(iso8601: $0) } == nil, "a letter at \(index)")
        }
        let good = Array("2026-11-27T11:00:00Z".utf8)
        #expect(good.withUnsafeBytes { PluginTimestamp(iso8601: $0) } != nil)
        for index in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] {
            for byte: UInt8 in [0x2F, 0x3A, 0x61, 0x00, 0xFF, 0x20] {
                var bad = good
                bad[index] = byte
                #expect(bad.withUnsafeBytes { PluginTimestamp(iso8601: $0) } == nil, "byte \(byte) at \(index)")
            }
        }
    }
}
