import EmporiumPluginKit
import Testing

/// Integers written and read back: every value up to 100,000, samples to 100,000,000 and the 64-bit
/// limits, whatever follows them, and the refusals of what is not an integer.
@Suite("PluginJSONReader and PluginJSONWriter: integers")
struct PluginJSONIntegerTests {
    static func written(_ value: Int64) -> String {
        var writer = PluginJSONWriter(capacity: 8)
        writer.beginArray()
        writer.int(value)
        writer.int(value)
        writer.endArray()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func read(_ json: String) throws(PluginJSONError) -> [Int64] {
        try PluginJSONReader.read(Array(json.utf8)) { reader throws(PluginJSONError) in
            var values: [Int64] = []
            try reader.readArray { reader, _ throws(PluginJSONError) in values.append(try reader.readInt64()) }
            return values
        }
    }

    static var samples: [Int64] {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2000).map { _ in Int64.random(in: 0..<100_000_000, using: &generator) }
        return Array(0...100_000)
            + [
                99_999_999, 100_000_000, 100_000_001, 10_000_000, 9_999_999, 1_000_000, 12_345_678, Int64.max, -1,
                -9_999_999, -100_000_000, Int64.min,
            ] + random
    }

    @Test("every value up to 100,000 and samples to 100,000,000 and beyond are written as String writes them")
    func writes() {
        for value in Self.samples {
            let text = String(value)
            #expect(Self.written(value) == "[\(text),\(text)]", "\(value)")
        }
    }

    @Test("the same values read back, whatever follows them")
    func reads() throws {
        for value in Self.samples {
            #expect(try Self.read("[\(value),\(value) ,\(value)\n]") == [value, value, value], "\(value)")
        }
        // A document that is only a number.
        #expect(
            try PluginJSONReader.read(Array("7".utf8)) { reader throws(PluginJSONError) in try reader.readInt64() } == 7
        )
        #expect(try Self.read("[1234567]") == [1_234_567])
    }

    @Test(
        "a leading zero, a fraction, an exponent and a value past 64 bits are refused as before",
        arguments: [
            ("[01,2]", "may not start with 0"), ("[0012345,1]", "may not start with 0"),
            ("[1.5,2]", "fraction or exponent"), ("[12e3,1]", "fraction or exponent"),
            ("[1234567E1]", "fraction or exponent"), ("[12345.0, 1]", "fraction or exponent"),
            ("[9223372036854775808]", "does not fit in 64 bits"), ("[-]", "expected a digit"),
        ])
    func refusals(json: String, message: String) {
        #expect {
            _ = try Self.read(json)
        } throws: { error in
            (error as? PluginJSONError)?.message.contains(message) == true
        }
    }
}
