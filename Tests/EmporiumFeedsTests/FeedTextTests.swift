import EmporiumFeeds
import Testing

@Suite("Feed text cleaning")
struct FeedTextTests {
    @Test("characters not allowed in XML 1.0 are removed and counted; tab, newline and emoji stay")
    func controlCharacters() {
        var report = FeedReport()
        let cleaned = FeedText.clean("a\u{0}b\u{7}c\u{1B}d\te\nf\r🙂\u{FFFE}g\u{FFFF}", field: "title", report: &report)
        #expect(cleaned == "abcd\te\nf\r🙂g")
        #expect(report.count(of: .charactersRemoved, field: "title") == 5)
    }

    @Test("clean text comes back unchanged and uncounted")
    func unchanged() {
        var report = FeedReport()
        let text = "Ünïcödé & <markup> \"quotes\" 'single' ﬀ ＡＢ 👨‍👩‍👧"
        #expect(FeedText.clean(text, field: "title", report: &report) == text)
        #expect(report.counts.isEmpty)
    }

    @Test("invalid UTF-8 sequences are removed and counted")
    func invalidUTF8() {
        var report = FeedReport()
        let bytes: [UInt8] = [0x41, 0xFF, 0x42, 0xC3, 0x28, 0xE2, 0x82, 0x43, 0xED, 0xA0, 0x80, 0x44, 0x01]
        let cleaned = FeedText.clean(utf8: bytes, field: "description", report: &report)
        #expect(cleaned == "AB(CD")
        #expect(report.count(of: .invalidUTF8, field: "description") >= 4)
        #expect(report.count(of: .charactersRemoved, field: "description") == 1)
    }

    @Test("truncation cuts on a character boundary, never inside an emoji or a combining sequence")
    func truncation() {
        #expect(FeedText.truncated("short", to: 10) == nil)
        #expect(FeedText.truncated("abcdef", to: 3) == "abc")
        let family = "ab👨‍👩‍👧cd"
        let cut = FeedText.truncated(family, to: 4)
        #expect(cut == "ab")
        #expect(FeedText.truncated("e\u{301}e\u{301}e\u{301}", to: 4) == "e\u{301}e\u{301}")
        let long = String(repeating: "é", count: 6000)
        #expect(FeedText.truncated(long, to: 5000)?.count == 5000)
    }

    @Test("HTML is removed from plain-text fields and counted")
    func html() {
        var report = FeedReport()
        let plain = FeedText.plainText(
            "<p>Soft <b>wool</b> &amp; silk</p><br/>Fits 1 < 2", field: "g:description", report: &report)
        #expect(plain == "Soft wool & silk Fits 1 < 2")
        #expect(report.count(of: .htmlRemoved, field: "g:description") == 1)
        #expect(FeedText.plainText("No markup", field: "g:description", report: &report) == "No markup")
        #expect(report.count(of: .htmlRemoved, field: "g:description") == 1)
    }
}
