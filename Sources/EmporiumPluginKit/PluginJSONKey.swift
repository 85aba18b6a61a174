/// An object member's name as ``PluginJSONReader/readMembers(_:)`` hands it over: compared with a
/// literal straight from the document's bytes, so matching `"currency"` costs no `String`.
///
/// ```swift
/// try reader.readMembers { reader, key throws(PluginJSONError) in
///     switch key {
///     case "currency": currency = try reader.readString()
///     default: break
///     }
/// }
/// ```
///
/// A key points into the document: use it inside the closure only (``string`` makes a copy).
public struct PluginJSONKey: CustomStringConvertible {
    @usableFromInline let raw: UnsafeRawBufferPointer
    @usableFromInline let decoded: String?

    @inlinable init(raw: UnsafeRawBufferPointer, decoded: String?) {
        self.raw = raw
        self.decoded = decoded
    }

    /// The name as a `String`.
    public var string: String { decoded ?? String(decoding: raw, as: UTF8.self) }

    public var description: String { string }

    /// Whether the name is `name`.
    @inlinable @inline(__always) public static func == (key: PluginJSONKey, name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        if let decoded = key.decoded {
            return decoded.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: count))
        }
        guard key.raw.count == count else { return false }
        let literal = name.utf8Start
        for index in 0..<count where key.raw[index] != literal[index] { return false }
        return true
    }

    /// Lets `switch key { case "currency": … }` match names.
    @inlinable @inline(__always) public static func ~= (name: StaticString, key: PluginJSONKey) -> Bool { key == name }
}
