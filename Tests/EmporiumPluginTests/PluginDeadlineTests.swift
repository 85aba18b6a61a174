import EmporiumPluginHost
import Testing

@Suite("In-process deadlines share one timer")
struct PluginDeadlineTests {
    /// How long a call to the sleeping fixture took to fail, and with what.
    static func timedCall(_ plugin: PluginInstance, timeout: Duration) async -> (Duration, PluginError.Code?) {
        let started = ContinuousClock.now
        do {
            _ = try await plugin.call(hook: "fulfilment.rates", request: Array("{}".utf8), timeout: timeout)
            return (ContinuousClock.now - started, nil)
        } catch {
            return (ContinuousClock.now - started, error.code)
        }
    }

    @Test("a shorter deadline that arrives while a longer one is armed still fires first")
    func shorterDeadlineFirst() async throws {
        let sleeping = try PluginLibrary.load(path: PluginLibraries.path("FixtureSleeping")).instantiate(
            configJSON: "{}")
        async let long = Self.timedCall(sleeping, timeout: .seconds(4))
        try await Task.sleep(for: .milliseconds(50))
        let short = await Self.timedCall(sleeping, timeout: .milliseconds(200))
        let longer = await long
        #expect(short.1 == .timeout)
        #expect(longer.1 == .timeout)
        // Had the timer stayed armed for the 4 s deadline, both would have failed together.
        #expect(short.0 + .seconds(1) < longer.0, "short \(short.0), long \(longer.0)")
    }

    @Test("calls that answer in time leave no deadline behind to fail later calls")
    func answeredCallsForgotten() async throws {
        let malformed = try PluginLibrary.load(path: PluginLibraries.path("FixtureMalformedJSON")).instantiate(
            configJSON: "{}")
        // Deadlines generous enough for a loaded CI machine, where other tests' sleeping plugins
        // hold dispatch threads: the point is what happens after they pass, not how short they are.
        for _ in 0..<50 {
            let (_, code) = await Self.timedCall(malformed, timeout: .seconds(2))
            #expect(code == .malformedResponse)
        }
        try await Task.sleep(for: .milliseconds(2300))
        let (_, code) = await Self.timedCall(malformed, timeout: .seconds(5))
        #expect(code == .malformedResponse)
    }
}
