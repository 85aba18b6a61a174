// Reading a document of fixed shape in few steps: the punctuation and member names between two
// values compared as one literal, such as `,"sku":`, and plain strings taken in place.
extension PluginJSONReader {
    /// Consumes `text` when the document goes on with exactly these bytes and returns true;
    /// otherwise consumes nothing and returns false. For decoders of documents with a fixed shape
    /// (the engine writes each hook's request in one order, without whitespace): `consume(",\"sku\":")`
    /// checks the comma, the member name and the colon at once, with a word or two of comparing and
    /// no scanning. A decoder that finds anything else reads the document the general way, so
    /// `text` needs no escapes and whitespace is never expected. Containers opened this way do not
    /// count towards ``maxDepth``: a decoder that reads values inside them with the general readers
    /// makes its reader's limit smaller by the containers it opens so.
    @inlinable @inline(__always) public mutating func consume(_ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard length > 0, cursor &+ length <= bytes.count, let base = bytes.baseAddress else { return length == 0 }
        let found = base + cursor
        let literal = UnsafeRawPointer(text.utf8Start)
        let same: Bool
        if length >= 8 && length <= 16 {
            same =
                found.loadUnaligned(as: UInt64.self) == literal.loadUnaligned(as: UInt64.self)
                && found.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                    == literal.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        } else if length > 16 && length <= 32 {
            same =
                found.loadUnaligned(as: UInt64.self) == literal.loadUnaligned(as: UInt64.self)
                && found.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    == literal.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                && found.loadUnaligned(fromByteOffset: length - 16, as: UInt64.self)
                    == literal.loadUnaligned(fromByteOffset: length - 16, as: UInt64.self)
                && found.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                    == literal.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        } else if length >= 4 && length < 8 {
            same =
                found.loadUnaligned(as: UInt32.self) == literal.loadUnaligned(as: UInt32.self)
                && found.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
                    == literal.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
        } else if length > 32 {
            // Word by word, the last word ending at the end (overlapping the one before).
            var offset = 0
            var equal = true
            while offset + 8 < length && equal {
                equal =
                    found.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    == literal.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            same =
                equal
                && found.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                    == literal.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        } else if length == 1 {
            same = found.load(as: UInt8.self) == literal.load(as: UInt8.self)
        } else {
            same = UnsafeRawBufferPointer(start: found, count: length).elementsEqual(
                UnsafeRawBufferPointer(start: literal, count: length))
        }
        guard same else { return false }
        cursor &+= length
        return true
    }

    /// Reads a string when it is plain ASCII without escapes (the usual case) and returns where its
    /// text lies in the document, without copying it; any other string is left unread (nil, the
    /// cursor at its opening quote) for ``readString()`` or ``readStringBytes(_:)``. A value of
    /// another kind fails as ``readString()`` does.
    @inlinable @inline(__always) public mutating func readPlainString() throws(PluginJSONError) -> Range<Int>? {
        try expect(.string, "a string")
        let stop = PluginJSONWords.firstStop(in: bytes, from: cursor &+ 1, stopAtNonASCII: true)
        guard stop < bytes.count, bytes[stop] == UInt8(ascii: "\"") else { return nil }
        let start = cursor &+ 1
        cursor = stop &+ 1
        return start..<stop
    }

    /// The document's bytes in `range` (as ``readPlainString()`` returns it), without a copy: valid
    /// while the document is.
    @inlinable public func bytes(in range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "a range outside the document")
        return UnsafeRawBufferPointer(rebasing: bytes[range])
    }
}
