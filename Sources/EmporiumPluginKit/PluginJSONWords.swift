/// Word-at-a-time checks for the reader and the writer: whether any of eight bytes read as a
/// little- or big-endian `UInt64` is one a string scan must stop at. (The classic "has a zero byte"
/// bit trick; it may flag a byte after a real hit, never miss one, so callers re-check byte by byte.)
@usableFromInline enum PluginJSONWords {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `word` may be zero.
    @inlinable @inline(__always) static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highs != 0
    }

    /// Whether some byte of `word` may be `"`, `\`, a control character (below 0x20), or, when
    /// `highBit`, a byte of a multi-byte UTF-8 sequence (0x80 and above).
    @inlinable @inline(__always) static func needsAttention(_ word: UInt64, highBit: Bool) -> Bool {
        if highBit, word & highs != 0 { return true }
        let control = (word &- ones &* 0x20) & ~word & highs
        return control != 0 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }
}
