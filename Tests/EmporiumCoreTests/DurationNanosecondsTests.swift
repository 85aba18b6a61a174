import EmporiumCore
import Testing

/// `Duration.nanoseconds`, which deadlines (database calls, plugin calls) are kept in.
@Suite("Duration.nanoseconds")
struct DurationNanosecondsTests {
    @Test("whole nanoseconds, fractions dropped, and saturated at Int64's bounds instead of trapping")
    func nanoseconds() {
        #expect(Duration.seconds(5).nanoseconds == 5_000_000_000)
        #expect(Duration.milliseconds(300).nanoseconds == 300_000_000)
        #expect(Duration.nanoseconds(-7).nanoseconds == -7)
        #expect(Duration.zero.nanoseconds == 0)
        #expect((Duration.nanoseconds(1) / 2).nanoseconds == 0)
        #expect(Duration.seconds(Int64.max).nanoseconds == Int64.max)
        #expect(Duration.seconds(Int64.min).nanoseconds == Int64.min)
        #expect(Duration.seconds(9_223_372_036).nanoseconds == 9_223_372_036_000_000_000)
    }
}
