import Foundation
import Testing

@testable import EmporiumServer

@Suite("Request log line values")
struct RequestLogFormattingTests {
    @Test("durations are written in milliseconds with two decimals, rounded down")
    func milliseconds() {
        let cases: [(Duration, String)] = [
            (.zero, "0.00"), (.microseconds(10), "0.01"), (.microseconds(9), "0.00"), (.microseconds(1_234), "1.23"),
            (.milliseconds(12) + .microseconds(50), "12.05"), (.seconds(3), "3000.00"),
            (.seconds(2) + .microseconds(999_999), "2999.99"),
        ]
        for (duration, text) in cases {
            #expect(RequestLogValues.milliseconds(duration) == text, "\(duration)")
        }
    }
}

@Suite("Request ids")
struct RequestIDTests {
    @Test("made ids are lower-case version 4 UUIDs, and differ")
    func randomIDs() throws {
        var seen = Set<String>()
        for _ in 0..<1_000 {
            let id = RequestLogValues.randomID()
            let parsed = try #require(UUID(uuidString: id), "\(id)")
            #expect(parsed.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
            seen.insert(id)
        }
        #expect(seen.count == 1_000)
    }
}
