/// An instant as whole seconds since 1970-01-01T00:00:00Z, read from and written as ISO 8601
/// (`2026-11-27T11:00:00Z`, `2026-11-27T12:00:00+01:00`), without Foundation.
public struct PluginTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since the Unix epoch (UTC); fractions of a second are dropped.
    public var secondsSinceEpoch: Int64

    /// The instant `secondsSinceEpoch` after the epoch.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±HH:MM`; nil otherwise.
    /// A date alone (`2026-12-24`) means midnight UTC.
    public init?(iso8601 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Self(iso8601: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// Parses the UTF-8 text `bytes` as the `String` initializer does, without making a `String`.
    public init?(iso8601 bytes: UnsafeRawBufferPointer) {
        // Digits are read straight from memory, two at a time, after one bounds check per number:
        // a timestamp is in every pricing request, and reading it digit by digit through slices
        // was a tenth of the plugin's parse.
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start >= 0, start + count <= bytes.count, let base = bytes.baseAddress else { return nil }
            var value: Int64 = 0
            var index = start
            while index + 1 < start + count {
                let high = base.load(fromByteOffset: index, as: UInt8.self) &- 48
                let low = base.load(fromByteOffset: index + 1, as: UInt8.self) &- 48
                guard high < 10, low < 10 else { return nil }
                value = value &* 100 &+ Int64(high &* 10 &+ low)
                index += 2
            }
            if index < start + count {
                let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 48
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
            }
            return value
        }
        guard bytes.count >= 10, let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
            let day = number(8, 2), (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, year: year)
        else { return nil }
        var seconds = Self.daysFromCivil(year: year, month: month, day: day) * 86_400
        if bytes.count == 10 {
            secondsSinceEpoch = seconds
            return
        }
        guard bytes.count >= 20, bytes[10] == 84 || bytes[10] == 116, let hour = number(11, 2), bytes[13] == 58,
            let minute = number(14, 2), bytes[16] == 58, let second = number(17, 2), hour < 24, minute < 60,
            second < 61
        else { return nil }
        seconds += hour * 3600 + minute * 60 + second
        var index = 19
        if bytes[index] == 46 {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > start, index < bytes.count else { return nil }
        }
        switch bytes[index] {
        case 90, 122:
            guard index + 1 == bytes.count else { return nil }
        case 43, 45:
            guard index + 6 == bytes.count, let offsetHours = number(index + 1, 2), bytes[index + 3] == 58,
                let offsetMinutes = number(index + 4, 2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            let offset = offsetHours * 3600 + offsetMinutes * 60
            seconds += bytes[index] == 43 ? -offset : offset
        default:
            return nil
        }
        secondsSinceEpoch = seconds
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (years 0–9999; an instant outside is written as the nearest inside).
    public var description: String {
        withISO8601 { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the text of ``description`` in a buffer on the stack (20 bytes, no allocation).
    public func withISO8601<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // The format has four digits for the year: an instant outside 0000–9999 is written as the
        // nearest one inside rather than as wrong digits.
        let seconds = min(max(secondsSinceEpoch, Self.earliestWritable), Self.latestWritable)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &storage) { raw in
            let text = raw.bindMemory(to: UInt8.self)
            // Two digits at a time from a table: every pricing request carries a timestamp.
            let pairs = PluginJSONWriter.digitPairs.utf8Start
            func pair(_ value: Int64, at index: Int) {
                let offset = Int(truncatingIfNeeded: value) &* 2
                text[index] = pairs[offset]
                text[index + 1] = pairs[offset + 1]
            }
            pair(year / 100, at: 0)
            pair(year % 100, at: 2)
            text[4] = UInt8(ascii: "-")
            pair(month, at: 5)
            text[7] = UInt8(ascii: "-")
            pair(day, at: 8)
            text[10] = UInt8(ascii: "T")
            pair(rest / 3600, at: 11)
            text[13] = UInt8(ascii: ":")
            pair(rest % 3600 / 60, at: 14)
            text[16] = UInt8(ascii: ":")
            pair(rest % 60, at: 17)
            text[19] = UInt8(ascii: "Z")
            return body(UnsafeBufferPointer(rebasing: text[0..<20]))
        }
    }

    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what ``description`` can write.
    static let earliestWritable: Int64 = -62_167_219_200
    static let latestWritable: Int64 = 253_402_300_799

    public static func < (lhs: PluginTimestamp, rhs: PluginTimestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    static func days(inMonth month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
