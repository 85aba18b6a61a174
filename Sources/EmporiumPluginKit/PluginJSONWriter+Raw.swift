// Writing a document of fixed shape in few pieces: the punctuation and member names between two
// values as one literal, such as `,"sku":`.
extension PluginJSONWriter {
    /// Appends `text` as it is: the JSON punctuation and member names between two values written as
    /// one literal (`{"id":`, `,"sku":`, `]}`), which an encoder of a fixed shape writes with one
    /// capacity check and a word or two of copying. Nothing is checked or escaped, so `text` must be
    /// well-formed JSON in its place (debug builds check that it has no control characters); a comma
    /// is due after it unless it ends with `:`, `,`, `[` or `{`, so ``string(_:)``, ``int(_:)`` and
    /// the other value writers can follow it. `raw` itself never writes a separating comma: where
    /// one is due (after a value), `text` must begin with the `,` (or close with `]` or `}`) itself.
    ///
    /// ```swift
    /// writer.raw("{\"sku\":")
    /// writer.string(sku)
    /// writer.raw(",\"quantity\":")
    /// writer.int(quantity)
    /// writer.raw("}")
    /// ```
    @inlinable @inline(__always) public mutating func raw(_ text: StaticString) {
        assert(Self.hasNoControlCharacters(text), "raw JSON text with a control character")
        assert(
            !needsComma || text.utf8CodeUnitCount == 0
                || [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")]
                    .contains(text.utf8Start[0]),
            "raw JSON text after a value must begin with a comma or close the container")
        let length = text.utf8CodeUnitCount
        reserve(length)
        copy(text.utf8Start, count: length)
        if length > 0 {
            let last = text.utf8Start[length - 1]
            needsComma =
                last != UInt8(ascii: ":") && last != UInt8(ascii: ",") && last != UInt8(ascii: "[")
                && last != UInt8(ascii: "{")
        }
    }

    /// Whether `text` has no control characters (for the debug check of ``raw(_:)``).
    @usableFromInline static func hasNoControlCharacters(_ text: StaticString) -> Bool {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount).allSatisfy { $0 >= 0x20 }
    }
}
