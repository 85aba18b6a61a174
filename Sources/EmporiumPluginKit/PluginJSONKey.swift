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
/// A key points into the document: use it inside the closure only (``string`` makes a copy). It
/// holds no reference, so handing one over per member costs no retain or release.
public struct PluginJSONKey: CustomStringConvertible {
    /// The name as written between its quotes (already checked to be a valid JSON string).
    @usableFromInline let raw: UnsafeRawBufferPointer
    /// Whether the name has escapes or non-ASCII characters: then it is decoded (out of line) before
    /// it is compared. Plain names, the usual case, are compared as they are.
    @usableFromInline let needsDecoding: Bool

    @inlinable init(raw: UnsafeRawBufferPointer, needsDecoding: Bool) {
        self.raw = raw
        self.needsDecoding = needsDecoding
    }

    /// The name as a `String` (escapes decoded).
    public var string: String {
        guard needsDecoding else { return String(decoding: raw, as: UTF8.self) }
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        quoted.append(contentsOf: raw)
        quoted.append(UInt8(ascii: "\""))
        // The reader checked the name when it read it: decoding it again cannot fail.
        let decoded = try? PluginJSONReader.read(quoted) { reader throws(PluginJSONError) in try reader.readString() }
        return decoded ?? String(decoding: raw, as: UTF8.self)
    }

    public var description: String { string }

    /// Whether a name that needs decoding is `name` (rare: out of line). It decodes the name again
    /// for every literal compared, so a `switch` over such a name decodes it once per case tried:
    /// kept simple because names with escapes or non-ASCII characters do not occur in practice.
    @usableFromInline func decodedEquals(_ name: StaticString) -> Bool {
        string.utf8.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// Whether the name is `name`.
    @inlinable @inline(__always) public static func == (key: PluginJSONKey, name: StaticString) -> Bool {
        if key.needsDecoding { return key.decodedEquals(name) }
        let count = name.utf8CodeUnitCount
        guard key.raw.count == count else { return false }
        guard let found = key.raw.baseAddress else { return count == 0 }
        // Names are short: compared as at most two overlapping words, not byte by byte.
        let literal = UnsafeRawPointer(name.utf8Start)
        if count >= 8 && count <= 16 {
            return found.loadUnaligned(as: UInt64.self) == literal.loadUnaligned(as: UInt64.self)
                && found.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == literal.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 && count < 8 {
            return found.loadUnaligned(as: UInt32.self) == literal.loadUnaligned(as: UInt32.self)
                && found.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == literal.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for index in 0..<count where key.raw[index] != literal.load(fromByteOffset: index, as: UInt8.self) {
            return false
        }
        return true
    }

    /// Lets `switch key { case "currency": … }` match names.
    @inlinable @inline(__always) public static func ~= (name: StaticString, key: PluginJSONKey) -> Bool { key == name }
}
