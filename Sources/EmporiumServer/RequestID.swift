/// Request ids the engine makes when the caller sent none (or one that is not sane).
enum RequestID {
    /// A random (version 4) UUID in lower case. Made from the system generator (`getrandom`):
    /// Foundation's `UUID()` opened, read and closed `/dev/urandom` for every request.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var high = generator.next() as UInt64
        var low = generator.next() as UInt64
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)  // RFC 4122 variant
        let hex: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { output in
            hex.withUTF8Buffer { digits in
                var index = 0
                for (word, shifts) in [(high, 16), (low, 16)] {
                    for nibble in 0..<shifts {
                        if index == 8 || index == 13 || index == 18 || index == 23 {
                            output[index] = UInt8(ascii: "-")
                            index += 1
                        }
                        output[index] = digits[Int(truncatingIfNeeded: word >> UInt64(60 - 4 * nibble)) & 0xF]
                        index += 1
                    }
                }
            }
            return 36
        }
    }
}
