import Glibc

/// Makes text safe for the writer: removes what XML 1.0 does not allow, repairs invalid UTF-8,
/// strips HTML where a partner wants plain text, and truncates on a character boundary.
///
/// XML 1.0 allows tab, line feed, carriage return, U+0020–U+D7FF, U+E000–U+FFFD and
/// U+10000–U+10FFFF. Everything else is removed; invalid UTF-8 sequences are removed too.
public enum FeedText {
    /// Cleans `text`, counting what was removed under `field` in `report`.
    public static func clean(_ text: String, field: String, report: inout FeedReport) -> String {
        var text = text
        if let cleaned = text.withUTF8({ cleaned(bytes: $0) }) {
            report.count(.charactersRemoved, field: field, by: cleaned.removed)
            text = cleaned.text
        }
        return text
    }

    /// Cleans `text`, discarding the counts.
    public static func clean(_ text: String) -> String {
        var report = FeedReport()
        return clean(text, field: "", report: &report)
    }

    /// Cleans raw bytes that claim to be UTF-8: invalid sequences and disallowed characters are
    /// removed and counted under `field` (as ``FeedReport/Kind/invalidUTF8`` and
    /// ``FeedReport/Kind/charactersRemoved``).
    public static func clean(utf8 bytes: [UInt8], field: String, report: inout FeedReport) -> String {
        var invalid = 0
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: invalid += 1
            }
        }
        report.count(.invalidUTF8, field: field, by: invalid)
        return clean(String(scalars), field: field, report: &report)
    }

    /// Removes HTML tags and decodes the common entities, for partners that want plain text;
    /// counts a change under `field` as ``FeedReport/Kind/htmlRemoved``.
    public static func plainText(_ text: String, field: String, report: inout FeedReport) -> String {
        var text = text
        let markup = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { return false }
                return memchr(base, Int32(UInt8(ascii: "<")), chars.count) != nil
                    || memchr(base, Int32(UInt8(ascii: "&")), chars.count) != nil
            }
        }
        guard markup else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var insideTag = false
        var pendingSpace = false
        var changed = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if insideTag {
                if character == ">" { insideTag = false }
            } else if character == "<", let next = text.index(index, offsetBy: 1, limitedBy: text.endIndex),
                next < text.endIndex, text[next].isLetter || text[next] == "/" || text[next] == "!"
            {
                insideTag = true
                pendingSpace = true
                changed = true
            } else {
                var appended = character
                var end = text.index(after: index)
                if character == "&", let (decoded, entityEnd) = entity(in: text, at: index) {
                    appended = decoded
                    end = entityEnd
                    changed = true
                }
                if pendingSpace, !appended.isWhitespace, let last = result.last, !last.isWhitespace {
                    result.append(" ")
                }
                pendingSpace = false
                result.append(appended)
                index = end
                continue
            }
            index = text.index(after: index)
        }
        guard changed else { return text }
        report.count(.htmlRemoved, field: field)
        return result.trimmingSpaces()
    }

    /// Whether `text` has at most `limit` characters, counting cheaply when its bytes already fit.
    public static func fits(_ text: String, _ limit: Int) -> Bool {
        text.utf8.count <= limit || text.unicodeScalars.count <= limit
    }

    /// `text` cut to at most `limit` characters on a character (grapheme cluster) boundary, or
    /// `nil` when it already fits.
    /// The cut also keeps at most `limit` Unicode scalars, which is what XSD's `maxLength` counts.
    public static func truncated(_ text: String, to limit: Int) -> String? {
        guard text.utf8.count > limit, text.unicodeScalars.count > limit else { return nil }
        var kept = 0
        var end = text.startIndex
        for character in text {
            let scalars = character.unicodeScalars.count
            guard kept + scalars <= limit else { break }
            kept += scalars
            end = text.index(after: end)
        }
        return String(text[..<end])
    }

    static func entity(in text: String, at index: String.Index) -> (Character, String.Index)? {
        let entities: [(String, Character)] = [
            ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
            ("&nbsp;", " "),
        ]
        let rest = text[index...]
        for (name, character) in entities where rest.hasPrefix(name) {
            return (character, text.index(index, offsetBy: name.count))
        }
        return nil
    }

    /// Whether `bytes` may hold a character XML 1.0 does not allow: a C0 control other than tab,
    /// line feed and carriage return, or 0xEF, the lead byte of U+FFFE and U+FFFF. Eight bytes at
    /// a time; a word with a control or 0xEF byte is looked at byte by byte.
    static func isSuspicious(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            // A byte below 0x20 (among bytes below 0x80), or a byte equal to 0xEF.
            let control = (word &- ones &* 0x20) & ~word & highs
            let flipped = word ^ (ones &* 0xEF)
            let lead = (flipped &- ones) & ~flipped & highs
            if control | lead != 0, isSuspicious(bytes, from: index, to: index + 8) { return true }
            index += 8
        }
        return isSuspicious(bytes, from: index, to: bytes.count)
    }

    private static func isSuspicious(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        for index in start..<end {
            let byte = bytes[index]
            if byte == 0xEF || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) { return true }
        }
        return false
    }

    /// Whether an XML 1.0 document may contain `scalar`.
    @inline(__always)
    static func isAllowed(_ scalar: UInt32) -> Bool {
        if scalar >= 0x20 { return scalar < 0xD800 || (scalar >= 0xE000 && scalar != 0xFFFE && scalar != 0xFFFF) }
        return scalar == 0x09 || scalar == 0x0A || scalar == 0x0D
    }

    /// `nil` when every byte is allowed (the common case: no copy), else the text without the
    /// disallowed characters and how many were removed.
    static func cleaned(bytes: UnsafeBufferPointer<UInt8>) -> (text: String, removed: Int)? {
        guard isSuspicious(bytes) else { return nil }
        var removed = 0
        var scalars = String.UnicodeScalarView()
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if isAllowed(scalar.value) {
                scalars.append(scalar)
            } else {
                removed += 1
            }
        }
        guard removed > 0 else { return nil }
        return (String(scalars), removed)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
