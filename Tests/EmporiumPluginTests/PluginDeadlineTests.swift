import EmporiumPluginHost
import Testing

/// In-process deadlines, both modes. The `measure` tests hold a thread of Swift's cooperative pool
/// while the sleeping fixture sleeps (that is the mode's design): they ask it to sleep 300 ms at
/// most, so on a 2-core machine (two pool threads) other tests are delayed, never starved.
@Suite("In-process deadlines: measured after the call, or enforced on a worker thread")
struct PluginDeadlineTests {
    /// How long a call to the sleeping fixture took to fail, and with what.
    static func timedCall(_ plugin: PluginInstance, request: String = "{}", timeout: Duration) async -> (
        Duration, PluginError?
    ) {
        let started = ContinuousClock.now
        do {
            _ = try await plugin.call(hook: "fulfilment.rates", request: Array(request.utf8), timeout: timeout)
            return (ContinuousClock.now - started, nil)
        } catch {
            return (ContinuousClock.now - started, error)
        }
    }

    static func sleeping(_ deadline: PluginDeadlineMode) throws -> PluginInstance {
        try PluginLibrary.load(path: PluginLibraries.path("FixtureSleeping")).instantiate(
            configJSON: "{}", deadline: deadline)
    }

    @Test("measure (the default): a call that answers late fails with PLUGIN_TIMEOUT once it returns")
    func measuredOverrun() async throws {
        let plugin = try PluginLibrary.load(path: PluginLibraries.path("FixtureSleeping")).instantiate(
            configJSON: "{}")
        #expect(plugin.deadline == .measure)
        let (elapsed, error) = await Self.timedCall(
            plugin, request: #"{"sleepMilliseconds":300}"#, timeout: .milliseconds(100))
        #expect(error?.code == .timeout, "\(String(describing: error))")
        #expect(error?.message.contains("past its deadline of 0.1 seconds") == true, "\(String(describing: error))")
        // The caller waited for the plugin: the answer came, and was discarded.
        #expect(elapsed >= .milliseconds(300))
    }

    @Test("measure: a malformed answer is PLUGIN_MALFORMED_RESPONSE in time and PLUGIN_TIMEOUT when late")
    func measuredLateMalformed() async throws {
        let plugin = try Self.sleeping(.measure)
        let inTime = await Self.timedCall(
            plugin, request: #"{"sleepMilliseconds":1,"malformed":true}"#, timeout: .seconds(5))
        #expect(inTime.1?.code == .malformedResponse, "\(String(describing: inTime.1))")
        // Late, the failure is discarded with the answer: the caller learns the deadline passed.
        let late = await Self.timedCall(
            plugin, request: #"{"sleepMilliseconds":300,"malformed":true}"#, timeout: .milliseconds(100))
        #expect(late.1?.code == .timeout, "\(String(describing: late.1))")
        #expect(late.1?.message.contains("past its deadline of 0.1 seconds") == true)
        #expect(late.0 >= .milliseconds(300))
    }

    @Test("measure: a call that answers within its deadline returns the answer")
    func measuredInTime() async throws {
        let plugin = try Self.sleeping(.measure)
        let (_, error) = await Self.timedCall(plugin, request: #"{"sleepMilliseconds":1}"#, timeout: .seconds(5))
        #expect(error == nil, "\(String(describing: error))")
    }

    @Test("enforce: the caller is released at the deadline while the plugin's thread sleeps on")
    func enforcedOverrun() async throws {
        let plugin = try Self.sleeping(.enforce)
        let (elapsed, error) = await Self.timedCall(plugin, timeout: .milliseconds(200))
        #expect(error?.code == .timeout)
        // The fixture sleeps 60 s: well under that proves the deadline acted. The margin is wide because
        // other suites block the shared thread pool (child processes, PostgreSQL start-up) in a full run.
        #expect(elapsed < .seconds(20))
    }

    @Test("enforce: a shorter deadline that arrives while a longer one is armed still fires first")
    func shorterDeadlineFirst() async throws {
        let sleeping = try Self.sleeping(.enforce)
        async let long = Self.timedCall(sleeping, timeout: .seconds(4))
        try await Task.sleep(for: .milliseconds(50))
        let short = await Self.timedCall(sleeping, timeout: .milliseconds(200))
        let longer = await long
        #expect(short.1?.code == .timeout)
        #expect(longer.1?.code == .timeout)
        // Had the timer stayed armed for the 4 s deadline, both would have failed together.
        #expect(short.0 + .seconds(1) < longer.0, "short \(short.0), long \(longer.0)")
    }

    @Test("enforce: calls that answer in time leave no deadline behind to fail later calls")
    func answeredCallsForgotten() async throws {
        let malformed = try PluginLibrary.load(path: PluginLibraries.path("FixtureMalformedJSON")).instantiate(
            configJSON: "{}", deadline: .enforce)
        // Deadlines generous enough for a loaded CI machine, where other tests' sleeping plugins
        // hold dispatch threads: the point is what happens after they pass, not how short they are.
        for _ in 0..<50 {
            let (_, error) = await Self.timedCall(malformed, timeout: .seconds(2))
            #expect(error?.code == .malformedResponse)
        }
        try await Task.sleep(for: .milliseconds(2300))
        let (_, error) = await Self.timedCall(malformed, timeout: .seconds(5))
        #expect(error?.code == .malformedResponse)
    }
}
