/// Values of the request log line that the engine makes itself.
enum RequestLogValues {
    /// A random (version 4) UUID in lower case, for a request that came without a usable
    /// `X-Request-Id`. Made from the system generator (`getrandom`): Foundation's `UUID()` opened,
    /// read and closed `/dev/urandom` for every request.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = (generator.next() as UInt64) & ~0xF000 | 0x4000  // version 4
        let low = (generator.next() as UInt64) & ~(0xC000 << 48) | 0x8000 << 48  // RFC 4122 variant
        let hex: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { output in
            hex.withUTF8Buffer { digits in
                var index = 0
                for nibble in 0..<32 {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        output[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    let word = nibble < 16 ? high : low
                    output[index] = digits[Int(truncatingIfNeeded: word >> UInt64(60 - 4 * (nibble % 16))) & 0xF]
                    index += 1
                }
            }
            return 36
        }
    }

    /// A duration in milliseconds with two decimals (`"12.05"`), rounded down; without
    /// `String(format:)`, which cost as much as the rest of the request's log line.
    static func milliseconds(_ duration: Duration) -> String {
        let hundredths = max(
            0, duration.components.seconds * 100_000 + duration.components.attoseconds / 10_000_000_000_000)
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
