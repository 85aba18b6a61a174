#if canImport(Glibc)
    import Glibc
#endif

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
    let raw: UnsafeRawBufferPointer
    let decoded: String?

    /// The name as a `String`.
    public var string: String { decoded ?? String(decoding: raw, as: UTF8.self) }

    public var description: String { string }

    /// Whether the name is `name`.
    public static func == (key: PluginJSONKey, name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        if let decoded = key.decoded {
            return decoded.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: count))
        }
        guard key.raw.count == count else { return false }
        guard count > 0, let base = key.raw.baseAddress else { return true }
        return memcmp(base, name.utf8Start, count) == 0
    }

    /// Lets `switch key { case "currency": … }` match names.
    public static func ~= (name: StaticString, key: PluginJSONKey) -> Bool { key == name }
}
