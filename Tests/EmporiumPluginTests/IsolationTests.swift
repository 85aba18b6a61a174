import EmporiumTesting
import Foundation
import Testing

@testable import EmporiumPluginHost

@Suite("Plugin fixtures: refused or contained")
struct FixtureTests {
    @Test("a wrong ABI version and a bad manifest are refused before any hook is bound")
    func refused() {
        for (name, code, words) in [
            ("FixtureWrongABIVersion", PluginError.Code.abiMismatch, "ABI 999"),
            ("FixtureBadManifest", PluginError.Code.invalidManifest, "id"),
        ] {
            do {
                _ = try PluginLibrary.load(path: PluginLibraries.path(name))
                Issue.record("\(name) loaded")
            } catch {
                #expect(error.code == code, "\(name): \(error)")
                #expect(error.description.contains(words), "\(name): \(error)")
            }
        }
    }

    @Test("in process: a malformed answer and an overrun deadline fail the call, not the engine")
    func inProcess() async throws {
        let malformed = try PluginLibrary.load(path: PluginLibraries.path("FixtureMalformedJSON")).instantiate(
            configJSON: "{}")
        do {
            _ = try await malformed.call(hook: "fulfilment.rates", request: Array("{}".utf8), timeout: .seconds(2))
            Issue.record("a malformed answer was accepted")
        } catch {
            #expect(error.code == .malformedResponse)
            #expect(error.message.contains("not a JSON object"), "\(error)")
        }
        // The default deadline mode (measure): the slow answer is discarded when it comes.
        let sleeping = try PluginLibrary.load(path: PluginLibraries.path("FixtureSleeping")).instantiate(
            configJSON: "{}")
        do {
            _ = try await sleeping.call(
                hook: "fulfilment.rates", request: Array(#"{"sleepMilliseconds":250}"#.utf8),
                timeout: .milliseconds(50))
            Issue.record("the sleeping plugin answered in time")
        } catch {
            #expect(error.code == .timeout)
        }
        // The engine keeps serving: the same plugins answer the next calls.
        let rates = try await sleeping.call(
            hook: "fulfilment.rates", request: Array(#"{"sleepMilliseconds":0}"#.utf8), timeout: .seconds(5))
        #expect(String(decoding: rates, as: UTF8.self) == #"{"rates":[]}"#)
        // enforce: the caller is released at the deadline although the plugin sleeps 60 s.
        let enforced = try PluginLibrary.load(path: PluginLibraries.path("FixtureSleeping")).instantiate(
            configJSON: "{}", deadline: .enforce)
        let started = ContinuousClock.now
        do {
            _ = try await enforced.call(
                hook: "fulfilment.rates", request: Array("{}".utf8), timeout: .milliseconds(200))
            Issue.record("the sleeping plugin answered in time")
        } catch {
            #expect(error.code == .timeout)
        }
        // Well under 60 s proves the deadline acted. The margin is wide because other suites block
        // the shared thread pool (child processes, PostgreSQL start-up) in a full run.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("in process, a crashing plugin takes its process down (exit 139): that is what process mode is for")
    func crashInProcess() throws {
        let result = try ChildProcess.run(
            Self.emporium, ["plugins", "call", PluginLibraries.path("FixtureCrashing"), "--hook", "fulfilment.rates"],
            environment: ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { _, new in new }
        )
        #expect(result.status == 139, "\(result.output)")
    }

    static var emporium: String { PluginLibraries.directory.appendingPathComponent("emporium").path }
}

@Suite("Process isolation")
struct ProcessIsolationTests {
    /// QuantityLimits (at most 2 per order) in a worker process.
    static func limitedToTwo() throws -> ProcessPluginInstance {
        try ProcessPluginInstance(
            path: PluginLibraries.path("QuantityLimits"), configJSON: #"{"maxPerOrder": 2}"#,
            workerExecutable: FixtureTests.emporium)
    }

    /// The fixture library `name` (configured with `{}`) in a worker process.
    static func fixtureWorker(_ name: String) throws -> ProcessPluginInstance {
        try ProcessPluginInstance(
            path: PluginLibraries.path(name), configJSON: "{}", workerExecutable: FixtureTests.emporium)
    }

    /// The error codes `plugin` answers for a cart of one line of `quantity`.
    static func errorCodes(_ plugin: ProcessPluginInstance, quantity: Int) async throws -> [String] {
        let answer = try await plugin.call(
            hook: "cart.validate", request: PluginLibraries.json(["lines": [["sku": "A", "quantity": quantity]]]),
            timeout: .seconds(10))
        return (PluginLibraries.object(answer)["errors"] as? [[String: Any]] ?? []).compactMap {
            $0["code"] as? String
        }
    }

    @Test("a plugin runs in a worker process with the same results")
    func worksInWorker() async throws {
        let plugin = try Self.limitedToTwo()
        defer { plugin.shutdown() }
        #expect(try await Self.errorCodes(plugin, quantity: 3) == ["ORDER_QUANTITY_LIMIT_EXCEEDED"])
        #expect(plugin.starts == 1)
    }

    @Test("an answer that comes after the caller stopped watching for it is awaited off the pool, and arrives")
    func slowAnswer() async throws {
        let plugin = try Self.fixtureWorker("FixtureSleeping")
        defer { plugin.shutdown() }
        // 30 ms is far past the moment the caller watches the pipe (50 µs): the answer is read on the
        // answers queue. Then one without a sleep, read on the caller's thread. Each call also has the
        // plugin print a line to its standard output, which must not reach the engine's pipe.
        for milliseconds in [30, 0, 30] {
            let answer = try await plugin.call(
                hook: "fulfilment.rates",
                request: Array(#"{"sleepMilliseconds":\#(milliseconds),"print":true}"#.utf8), timeout: .seconds(5))
            #expect((PluginLibraries.object(answer)["rates"] as? [Any])?.isEmpty == true)
        }
        #expect(plugin.starts == 1)
    }

    @Test("calls to one worker from many tasks at once each get their own answer, one worker throughout")
    func concurrentCalls() async throws {
        let plugin = try Self.limitedToTwo()
        defer { plugin.shutdown() }
        let outcomes = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for index in 0..<40 {
                // Odd calls ask for 3 (over the limit), even ones for 1.
                group.addTask { (index, try await Self.errorCodes(plugin, quantity: index % 2 == 1 ? 3 : 1)) }
            }
            var outcomes: [Int: [String]] = [:]
            for try await (index, codes) in group { outcomes[index] = codes }
            return outcomes
        }
        #expect(outcomes.count == 40)
        for (index, codes) in outcomes {
            #expect(codes == (index % 2 == 1 ? ["ORDER_QUANTITY_LIMIT_EXCEEDED"] : []), "call \(index)")
        }
        #expect(plugin.starts == 1)
    }

    @Test("a worker that died between calls fails the next call (no SIGPIPE for the engine); the one after restarts it")
    func deadBetweenCalls() async throws {
        let plugin = try Self.limitedToTwo()
        defer { plugin.shutdown() }
        #expect(try await Self.errorCodes(plugin, quantity: 1) == [])
        let pid = try #require(plugin.workerProcessID)
        #expect(kill(pid, SIGKILL) == 0)
        // Wait until it is gone, so that the next write meets a closed pipe.
        while kill(pid, 0) == 0 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { break }
            usleep(1_000)
        }
        await #expect(throws: PluginError.self) { _ = try await Self.errorCodes(plugin, quantity: 1) }
        #expect(try await Self.errorCodes(plugin, quantity: 3) == ["ORDER_QUANTITY_LIMIT_EXCEEDED"])
        #expect(plugin.starts == 2)
    }

    @Test("after shutdown, calls are refused and no worker is started again")
    func shutdownIsFinal() async throws {
        let plugin = try Self.limitedToTwo()
        plugin.shutdown()
        do {
            _ = try await Self.errorCodes(plugin, quantity: 1)
            Issue.record("a call after shutdown was answered")
        } catch let error as PluginError {
            #expect(error.code == .callFailed)
            #expect(error.description.contains("shut down"), "\(error)")
        }
        #expect(plugin.starts == 1)
        #expect(plugin.workerProcessID == nil)
    }

    @Test("a crashing plugin fails only its call; the worker is restarted and the host lives on")
    func crashIsContained() async throws {
        let plugin = try Self.fixtureWorker("FixtureCrashing")
        defer { plugin.shutdown() }
        for attempt in 1...2 {
            do {
                _ = try await plugin.call(hook: "fulfilment.rates", request: Array("{}".utf8), timeout: .seconds(5))
                Issue.record("the crashing plugin answered")
            } catch {
                #expect(error.code == .callFailed, "attempt \(attempt): \(error)")
                #expect(error.description.contains("signal 11"), "\(error)")
            }
        }
        #expect(plugin.starts == 2)
    }

    @Test("a hanging plugin is stopped at the deadline and the call fails with a timeout")
    func hangIsContained() async throws {
        let plugin = try Self.fixtureWorker("FixtureSleeping")
        defer { plugin.shutdown() }
        let started = ContinuousClock.now
        do {
            _ = try await plugin.call(hook: "fulfilment.rates", request: Array("{}".utf8), timeout: .milliseconds(300))
            Issue.record("the sleeping plugin answered in time")
        } catch {
            #expect(error.code == .timeout, "\(error)")
        }
        // The fixture sleeps 60 s: well under that proves the deadline acted. The margin is wide because
        // other suites block the shared thread pool (child processes, PostgreSQL start-up) in a full run.
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}

@Suite("FlatRateShipping (C) through the ABI")
struct FlatRateShippingTests {
    func rates(_ config: String, _ request: [String: Any]) async throws -> [[String: Any]] {
        let plugin = try PluginLibrary.load(path: PluginLibraries.path("FlatRateShipping")).instantiate(
            configJSON: config)
        defer { plugin.shutdown() }
        let answer = try await plugin.call(
            hook: "fulfilment.rates", request: PluginLibraries.json(request), timeout: .seconds(2))
        return PluginLibraries.object(answer)["rates"] as? [[String: Any]] ?? []
    }

    func request(subtotal: Int, grams: Int, currency: String = "USD") -> [String: Any] {
        [
            "currency": currency, "subtotal": ["minorUnits": subtotal, "currency": currency],
            "totalWeightGrams": grams, "destination": ["countryCode": "US"],
        ]
    }

    @Test("flat rate, free over a threshold, weight bands, other currencies")
    func rates() async throws {
        let flat = #"{"currency":"USD","rate":499,"freeOver":5000}"#
        let price = { (rates: [[String: Any]]) in (rates.first?["price"] as? [String: Any])?["minorUnits"] as? Int }
        #expect(price(try await rates(flat, request(subtotal: 1234, grams: 100))) == 499)
        #expect(price(try await rates(flat, request(subtotal: 5000, grams: 100))) == 0)
        #expect(try await rates(flat, request(subtotal: 1234, grams: 100, currency: "EUR")).isEmpty)
        let bands =
            #"{"currency":"USD","rate":499,"weightBands":[{"upToGrams":1000,"rate":499},{"upToGrams":5000,"rate":899}]}"#
        #expect(price(try await rates(bands, request(subtotal: 100, grams: 2300))) == 899)
        #expect(try await rates(bands, request(subtotal: 100, grams: 9000)).isEmpty)
    }

    @Test(
        "a configuration outside the schema is refused by the host; one the plugin's own checks refuse, by the plugin")
    func badConfig() throws {
        let library = try PluginLibrary.load(path: PluginLibraries.path("FlatRateShipping"))
        #expect(throws: PluginError.self) { try library.instantiate(configJSON: #"{"currency":"USD","rate":-1}"#) }
        do {
            _ = try library.instantiate(configJSON: #"{"currency":"USD","rate":-1}"#)
        } catch {
            #expect(error.code == .configInvalid)
            #expect(error.description.contains("config.rate: must be at least 0"))
        }
        let descending =
            #"{"currency":"USD","rate":1,"weightBands":[{"upToGrams":5,"rate":1},{"upToGrams":2,"rate":2}]}"#
        do {
            _ = try library.instantiate(configJSON: descending)
            Issue.record("accepted weight bands out of order")
        } catch {
            #expect(error.code == .configRejected)
            #expect(error.description.contains("weightBands"))
        }
    }
}
