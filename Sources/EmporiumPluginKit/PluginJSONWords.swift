/// Word-at-a-time string scanning for the reader and the writer: where, among eight bytes, the first
/// one is that a string scan must stop at (a quote, a backslash, a control character, and for some
/// scans a byte of 0x80 or above). Built on the classic "has a zero byte" bit trick: a borrow may
/// flag bytes after a real hit, never before one, so the lowest flagged byte is always a real hit.
@usableFromInline enum PluginJSONWords {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The bytes of `word` that may be zero, as their high bits.
    @inlinable @inline(__always) static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }

    /// The position (0–7) of the first byte of `word` (byte 0 least significant) that is `"`, `\`,
    /// below 0x20 or, with `stopAtNonASCII`, 0x80 or above; 8 when there is none.
    @inlinable @inline(__always) static func firstStop(_ word: UInt64, stopAtNonASCII: Bool) -> Int {
        var stops = (word &- ones &* 0x20) & ~word & highs
        stops |= zeroBytes(word ^ (ones &* 0x22))
        stops |= zeroBytes(word ^ (ones &* 0x5C))
        if stopAtNonASCII { stops |= word & highs }
        return stops.trailingZeroBitCount >> 3
    }

    /// Whether `bytes` hold a `"`, a `\` or a control character: a byte a JSON string must escape.
    /// Short texts (the usual member value) are tested as one word built from at most three loads,
    /// not byte by byte.
    @inlinable @inline(__always) static func containsByteToEscape(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return false }
        let word: UInt64
        if count >= 8 {
            var index = 0
            while index + 8 < count {
                if firstStop(base.loadUnaligned(fromByteOffset: index, as: UInt64.self), stopAtNonASCII: false) < 8 {
                    return true
                }
                index += 8
            }
            // The last eight bytes, overlapping the word before when the count is not a multiple of 8.
            word = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            // Two overlapping halves cover 4 to 7 bytes.
            let low = UInt64(base.loadUnaligned(as: UInt32.self))
            let high = UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            word = low | high << 32
        } else {
            // The first, middle and last bytes cover 1 to 3 bytes; the other lanes hold a plain "A".
            let first = UInt64(base.load(as: UInt8.self))
            let middle = UInt64(base.load(fromByteOffset: count >> 1, as: UInt8.self))
            let last = UInt64(base.load(fromByteOffset: count - 1, as: UInt8.self))
            word = first | middle << 8 | last << 16 | 0x4141_4141_4100_0000
        }
        return firstStop(word, stopAtNonASCII: false) < 8
    }

    /// The index of the first byte from `index` on in `bytes` that a string scan stops at (see
    /// ``firstStop(_:stopAtNonASCII:)``), or `bytes.count`.
    @inlinable @inline(__always) static func firstStop(
        in bytes: UnsafeRawBufferPointer, from index: Int, stopAtNonASCII: Bool
    ) -> Int {
        var index = index
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let offset = firstStop(word, stopAtNonASCII: stopAtNonASCII)
                if offset < 8 { return index + offset }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20
                || (stopAtNonASCII && byte >= 0x80)
            {
                return index
            }
            index += 1
        }
        return index
    }
}
