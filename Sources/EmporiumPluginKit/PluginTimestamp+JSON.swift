// Timestamps straight between JSON bytes and seconds: no `String` made on either side.

extension PluginJSONReader {
    /// Reads an ISO 8601 date-time string (see ``PluginTimestamp/init(iso8601:)-(String)``); the
    /// message of a malformed one names `field`.
    @inlinable public mutating func readTimestamp(field: @autoclosure () -> String) throws(PluginJSONError)
        -> PluginTimestamp
    {
        let parsed = try readStringBytes { PluginTimestamp(iso8601: $0) }
        guard let parsed else { throw invalid("\(field()) must be an ISO 8601 date-time") }
        return parsed
    }

    /// Reads a string and hands its UTF-8 bytes (escapes decoded, validated) to `body` without making
    /// a `String` when the string has no escapes.
    @inlinable public mutating func readStringBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) throws(PluginJSONError)
        -> T
    {
        try expect(.string, "a string")
        let stop = PluginJSONWords.firstStop(in: bytes, from: cursor + 1, stopAtNonASCII: true)
        if stop < bytes.count, bytes[stop] == UInt8(ascii: "\"") {
            let content = UnsafeRawBufferPointer(rebasing: bytes[(cursor + 1)..<stop])
            cursor = stop + 1
            return body(content)
        }
        var text = try readStringBody()
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension PluginJSONWriter {
    /// Writes `"name": "YYYY-MM-DDTHH:MM:SSZ"`.
    @inlinable public mutating func field(_ name: StaticString, _ value: PluginTimestamp) {
        key(name)
        timestamp(value)
    }

    /// Writes `"name": "YYYY-MM-DDTHH:MM:SSZ"`.
    @_disfavoredOverload @inlinable public mutating func field(_ name: String, _ value: PluginTimestamp) {
        key(name)
        timestamp(value)
    }

    /// Writes a timestamp as an ISO 8601 string in UTC.
    @inlinable public mutating func timestamp(_ value: PluginTimestamp) {
        separate()
        reserve(22)
        base[count] = UInt8(ascii: "\"")
        let written = value.withISO8601 { text in
            (base + count + 1).update(from: text.baseAddress!, count: text.count)
            return text.count
        }
        base[count + written + 1] = UInt8(ascii: "\"")
        count += written + 2
        needsComma = true
    }
}
