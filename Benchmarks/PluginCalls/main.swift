// PluginCallBench: the per-call cost of a `pricing.adjust` call on a 5-line cart, measured three
// ways in one run: (a) the Promotions logic called directly in Swift, (b) the Promotions plugin in
// process through the C ABI and the host adapter (encode + call + decode + checks: the rule's
// `adjustments(for:)`, which the pricing chain calls once per rule; (b3) the same with
// `deadline: enforce`), and (c) the same plugin in `process` isolation mode, calls back to back
// ((c2): one call after a 10 ms pause). The bench is also its own plugin worker
// (`plugin-worker PATH`), so the worker runs the same release build.
//
//   swift build -c release --product PluginCallBench && swift build -c release --product Promotions
//   .build/release/PluginCallBench [--iterations N] [--rounds R] [--plugin PATH]
import CEmporiumPluginABI
import EmporiumCore
import EmporiumPluginHost
import EmporiumPluginKit
import Foundation
import PromotionsLogic

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "plugin-worker" {
    exit(PluginWorker.run(path: arguments[2]))
}

func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// `clock`'s reading in nanoseconds.
func nanoseconds(_ clock: clockid_t) -> Double {
    var now = timespec()
    clock_gettime(clock, &now)
    return Double(now.tv_sec) * 1e9 + Double(now.tv_nsec)
}

/// This thread's CPU time in nanoseconds: unlike wall time, it does not count the time the thread
/// waits while other processes (builds on a shared machine) hold the cores.
func threadCPUNanoseconds() -> Double { nanoseconds(CLOCK_THREAD_CPUTIME_ID) }

/// Runs `body` `count` times after a warm-up and returns this thread's CPU nanoseconds per call.
func measureSync(_ count: Int, _ body: () throws -> Void) throws -> Double {
    for _ in 0..<max(count / 10, 100) { try body() }
    let before = threadCPUNanoseconds()
    for _ in 0..<count { try body() }
    return (threadCPUNanoseconds() - before) / Double(count)
}

/// The process's CPU time (all its threads) in nanoseconds.
func processCPUNanoseconds() -> Double { nanoseconds(CLOCK_PROCESS_CPUTIME_ID) }

/// Runs `body` `count` times after a warm-up; returns wall and process-CPU nanoseconds per call.
func measure(_ count: Int, _ body: () async throws -> Void) async throws -> (wall: Double, cpu: Double) {
    for _ in 0..<max(count / 10, 100) { try await body() }
    let cpuBefore = processCPUNanoseconds()
    let elapsed = try await ContinuousClock().measure {
        for _ in 0..<count { try await body() }
    }
    let cpu = (processCPUNanoseconds() - cpuBefore) / Double(count)
    let (seconds, attoseconds) = elapsed.components
    return ((Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(count), cpu)
}

func format(_ value: Double) -> String { String(format: "%10.0f", value) }

/// The plugin's C table and state, called on the caller's thread.
struct DirectTable: @unchecked Sendable {
    // Read-only after init; the ABI allows `call` from several threads.
    let table: UnsafePointer<emporium_plugin_v1>
    let state: UnsafeMutableRawPointer?

    func call(_ request: [UInt8]) -> [UInt8] {
        var response: UnsafeMutablePointer<CChar>?
        var length = 0
        _ = request.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                table.pointee.call(state, "pricing.adjust", $0.baseAddress, $0.count, &response, &length)
            }
        }
        defer { table.pointee.free(response) }
        return response!.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
/// Measures in a nonisolated context: no hop to the main actor between iterations.
nonisolated func runBenchmark(arguments: [String]) async throws {
    let executable = URL(fileURLWithPath: arguments[0]).resolvingSymlinksInPath()
    let folder = executable.deletingLastPathComponent().path
    let pluginPath = option("--plugin", in: arguments) ?? folder + "/libPromotions.so"
    let iterations = Int(option("--iterations", in: arguments) ?? "") ?? 200_000

    let configuration = """
        {"promotions":[
         {"id":"shoes-10","label":"10% off shoes","type":"percentage","percent":10,"categories":["shoes"]},
         {"id":"socks","label":"1 EUR off socks","type":"fixed","amount":100,"currency":"EUR","skus":["SOCK"]},
         {"id":"tees","label":"3 for 2 tees","type":"buyXGetY","buy":2,"get":1,"skus":["TEE-S","TEE-M"]},
         {"id":"welcome","label":"Welcome","type":"percentage","percent":5,"couponCode":"WELCOME5","usageLimit":1000}]}
        """
    let cart = PricedCart(
        channel: "web-eu", currency: "EUR",
        lines: [
            .init(id: "l1", sku: "SHOE-1", productID: "p1", quantity: 1, unitPrice: 8999, categories: ["shoes"]),
            .init(id: "l2", sku: "SOCK", productID: "p2", quantity: 3, unitPrice: 250, categories: ["socks"]),
            .init(id: "l3", sku: "TEE-S", productID: "p3", quantity: 2, unitPrice: 1500, categories: ["tees"]),
            .init(id: "l4", sku: "TEE-M", productID: "p4", quantity: 1, unitPrice: 1200, categories: ["tees"]),
            .init(id: "l5", sku: "CAP", productID: "p5", quantity: 1, unitPrice: 1999, categories: ["hats"]),
        ],
        couponCodes: ["WELCOME5"], couponRedemptions: ["WELCOME5": 12], customer: .init(email: "ada@example.com"),
        now: 1_795_777_200)

    // (a) Direct: the same calculator on a typed request, no JSON, no boundary.
    let calculator = PromotionsCalculator(promotions: try PromotionsConfiguration.promotions(Array(configuration.utf8)))
    let typed = try PromotionsRequest(
        currency: cart.currency, now: PluginTimestamp(secondsSinceEpoch: cart.now),
        lines: cart.lines.map {
            .init(id: $0.id, sku: $0.sku, quantity: $0.quantity, unitPrice: $0.unitPrice, categories: $0.categories)
        }, couponCodes: cart.couponCodes, couponRedemptions: cart.couponRedemptions)
    var sink = 0
    if let row = option("--profile", in: arguments) {
        // Diagnostics: one row alone, for `perf record`, `valgrind --tool=callgrind` or a malloc counter.
        let rule = PluginPricingRule(
            plugin: try PluginLibrary.load(path: pluginPath).instantiate(configJSON: configuration),
            timeout: .seconds(5))
        let start = PricingResult(cart: cart)
        let request = PluginPricingRule.request(for: start)
        let response = calculator.adjust(try PromotionsRequest(json: request)).json
        let outcome = calculator.adjust(try PromotionsRequest(json: request))
        let cpu: Double
        switch row {
        case "a": cpu = try measureSync(iterations) { sink &+= calculator.adjust(typed).discounts.count }
        case "b":
            cpu = try await measure(iterations) {
                sink &+= try await rule.adjustments(for: start).lineDiscounts.count
            }.cpu
        case "encode": cpu = try measureSync(iterations) { sink &+= PluginPricingRule.request(for: start).count }
        case "parse": cpu = try measureSync(iterations) { sink &+= try PromotionsRequest(json: request).lines.count }
        case "write": cpu = try measureSync(iterations) { sink &+= outcome.json.count }
        case "skip-request", "skip-answer":
            // Scanning alone: the document checked and skipped, nothing read into values.
            let document = row == "skip-request" ? request : response
            cpu = try measureSync(iterations) {
                try PluginJSONReader.read(document) { reader throws(PluginJSONError) in try reader.skipValue() }
                sink &+= 1
            }
        case "logic-parsed":
            // (a)'s logic on a request read from JSON rather than built from Swift values.
            let parsed = try PromotionsRequest(json: request)
            cpu = try measureSync(iterations) { sink &+= calculator.adjust(parsed).discounts.count }
        case "json-steps":
            // The JSON row's steps timed one by one inside the combined loop (monotonic clock, ~20 ns per
            // reading): which step costs more together than alone.
            var spent = [Double](repeating: 0, count: 5)
            func now() -> Double { nanoseconds(CLOCK_MONOTONIC) }
            cpu = try measureSync(iterations) {
                let t0 = now()
                let bytes = PluginPricingRule.request(for: start)
                let t1 = now()
                let parsed = try PromotionsRequest(json: bytes)
                let t2 = now()
                let outcome = calculator.adjust(parsed)
                let t3 = now()
                let answer = outcome.json
                let t4 = now()
                sink &+= try PluginPricingRule.adjustments(from: answer, for: start, source: "bench").lineDiscounts
                    .count
                let t5 = now()
                for (index, time) in [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4].enumerated() { spent[index] += time }
            }
            let calls = Double(iterations + max(iterations / 10, 100))
            print(
                "steps (wall ns, with a clock reading each): encode \(format(spent[0] / calls)) parse \(format(spent[1] / calls)) logic \(format(spent[2] / calls)) write \(format(spent[3] / calls)) check \(format(spent[4] / calls))"
            )
        case "encode-parse":
            // Two steps together, for comparing with the steps alone (what running more code costs).
            cpu = try measureSync(iterations) {
                sink &+= try PromotionsRequest(json: PluginPricingRule.request(for: start)).lines.count
            }
        case "write-check":
            cpu = try measureSync(iterations) {
                sink &+= try PluginPricingRule.adjustments(from: outcome.json, for: start, source: "bench")
                    .lineDiscounts.count
            }
        case "json-no-logic":
            // The JSON row with the outcome computed once: what the steps cost together without the logic.
            cpu = try measureSync(iterations) {
                let parsed = try PromotionsRequest(json: PluginPricingRule.request(for: start))
                sink &+= parsed.lines.count
                sink &+= try PluginPricingRule.adjustments(from: outcome.json, for: start, source: "bench")
                    .lineDiscounts.count
            }
        case "json":
            cpu = try measureSync(iterations) {
                let parsed = try PromotionsRequest(json: PluginPricingRule.request(for: start))
                sink &+= try PluginPricingRule.adjustments(
                    from: calculator.adjust(parsed).json, for: start, source: "bench"
                ).lineDiscounts.count
            }
        case "check-rule":
            // The check as the adapter makes it, with the labels and promotion ids it has seen.
            cpu = try measureSync(iterations) {
                sink &+= try rule.adjustments(from: response, for: start).lineDiscounts.count
            }
        case "check":
            cpu = try measureSync(iterations) {
                sink &+= try PluginPricingRule.adjustments(from: response, for: start, source: "b").lineDiscounts.count
            }
        default:
            fatalError(
                "--profile takes a, b, encode, parse, write, check, check-rule, skip-request, skip-answer, logic-parsed, encode-parse, write-check, json, json-no-logic or json-steps"
            )
        }
        print("\(row) \(format(cpu)) ns of CPU per call (sink \(sink % 10))")
        return
    }
    // (a) and (b) are measured in alternating rounds, each (b) right after its (a), so that both see
    // the machine in the same state: on a shared machine its speed drifts by tens of percent within a
    // minute, which a single (a) followed by a single (b) turns into a wrong difference. Each row is
    // the median of its rounds; "in process adds" is the median of the rounds' differences.
    let library = try PluginLibrary.load(path: pluginPath)
    let inProcess = PluginPricingRule(plugin: try library.instantiate(configJSON: configuration), timeout: .seconds(5))
    let start = PricingResult(cart: cart)
    let expected = try await inProcess.adjustments(for: start)
    let rounds = max(Int(option("--rounds", in: arguments) ?? "") ?? 5, 1)
    var directRounds: [Double] = []
    var viaABIRounds: [(wall: Double, cpu: Double)] = []
    for round in 0..<rounds {
        // (b) In process through the C ABI and the adapter, on the caller's thread, the deadline measured.
        // Every other round measures (b) first, so that a steady drift does not favour one of the two.
        if round % 2 == 1 {
            viaABIRounds.append(
                try await measure(max(iterations / rounds, 1)) {
                    sink &+= try await inProcess.adjustments(for: start).lineDiscounts.count
                })
        }
        directRounds.append(
            try measureSync(max(iterations / rounds, 1)) { sink &+= calculator.adjust(typed).discounts.count })
        if round % 2 == 0 {
            viaABIRounds.append(
                try await measure(max(iterations / rounds, 1)) {
                    sink &+= try await inProcess.adjustments(for: start).lineDiscounts.count
                })
        }
    }
    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    let direct = median(directRounds)
    let viaABI = (wall: median(viaABIRounds.map(\.wall)), cpu: median(viaABIRounds.map(\.cpu)))
    let adds = median(zip(viaABIRounds, directRounds).map { $0.cpu - $1 })
    // (b3) The same with `deadline: enforce`: a worker thread per call, raced against the deadline watch.
    let enforcing = PluginPricingRule(
        plugin: try library.instantiate(configJSON: configuration, deadline: .enforce), timeout: .seconds(5))
    guard try await enforcing.adjustments(for: start) == expected else {
        fatalError("deadline: enforce answered differently")
    }
    let viaWorker = try await measure(iterations) {
        sink &+= try await enforcing.adjustments(for: start).lineDiscounts.count
    }

    // (b2) The same, synchronously through the C table (dlopen, call, free): no thread hop, no deadline.
    let handle = dlopen(pluginPath, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE)!
    let table = unsafeBitCast(dlsym(handle, EMPORIUM_PLUGIN_ENTRY_SYMBOL)!, to: emporium_plugin_entry_v1_fn.self)()!
    var state: UnsafeMutableRawPointer?
    var initError: UnsafeMutablePointer<CChar>?
    var initErrorLength = 0
    let configBytes = Array(configuration.utf8)
    _ = configBytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) {
            table.pointee.`init`($0.baseAddress, $0.count, &state, &initError, &initErrorLength)
        }
    }
    let cTable = DirectTable(table: table, state: state)
    let synchronous = try measureSync(iterations) {
        let answer = cTable.call(PluginPricingRule.request(for: start))
        sink &+= try PluginPricingRule.adjustments(from: answer, for: start, source: "bench").lineDiscounts.count
    }

    // (b') The JSON part alone: encode the request, decode a response, as the adapter does, no call.
    let request = PluginPricingRule.request(for: start)
    let response = calculator.adjust(try PromotionsRequest(json: request)).json
    if arguments.contains("--breakdown") {
        let outcome = calculator.adjust(try PromotionsRequest(json: request))
        let encode = try measureSync(iterations) { sink &+= PluginPricingRule.request(for: start).count }
        let parse = try measureSync(iterations) { sink &+= try PromotionsRequest(json: request).lines.count }
        let write = try measureSync(iterations) { sink &+= outcome.json.count }
        let check = try measureSync(iterations) {
            sink &+= try PluginPricingRule.adjustments(from: response, for: start, source: "b").lineDiscounts.count
        }
        print("encode \(format(encode)) parse \(format(parse)) write \(format(write)) check \(format(check))")
        return
    }
    if arguments.contains("--print-documents") {
        // For checking the hook's JSON Schemas against what is really sent and answered.
        print(String(decoding: request, as: UTF8.self))
        print(String(decoding: response, as: UTF8.self))
        return
    }
    let codecOnly = try measureSync(iterations) {
        let bytes = PluginPricingRule.request(for: start)
        let parsed = try PromotionsRequest(json: bytes)
        sink &+= parsed.lines.count
        sink &+= try PluginPricingRule.adjustments(
            from: calculator.adjust(parsed).json, for: start, source: "bench"
        ).lineDiscounts.count
    }

    // (c) process isolation: a child process (this executable as the worker), JSON over a pipe.
    let worker = try ProcessPluginInstance(
        path: pluginPath, configJSON: configuration, workerExecutable: executable.path)
    let isolated = PluginPricingRule(plugin: worker, timeout: .seconds(5))
    guard try await isolated.adjustments(for: start) == expected else {
        fatalError("process mode answered differently")
    }
    let viaProcess = try await measure(max(iterations / 20, 1000)) {
        sink &+= try await isolated.adjustments(for: start).lineDiscounts.count
    }
    // (c2) The same after a pause: calls 10 ms apart, each timed alone (wall), so that both sides have
    // stopped watching the pipe and sleep: what the first call of a burst costs.
    var afterPause: [Double] = []
    for _ in 0..<100 {
        usleep(10_000)
        let before = nanoseconds(CLOCK_MONOTONIC)
        sink &+= try await isolated.adjustments(for: start).lineDiscounts.count
        afterPause.append(nanoseconds(CLOCK_MONOTONIC) - before)
    }
    worker.shutdown()

    func ratio(_ value: Double) -> String { String(format: "%6.1fx", value / direct) }
    print(
        "pricing.adjust on a 5-line cart (\(request.count)-byte request, \(response.count)-byte response), ns per call")
    print("                                                    CPU     wall   CPU vs (a)")
    print("(a)  direct Swift call of the Promotions logic  \(format(direct))        -   \(ratio(direct))")
    print(
        "(b)  in process: adapter, C ABI (measure)       \(format(viaABI.cpu)) \(format(viaABI.wall))  \(ratio(viaABI.cpu))"
    )
    print(
        "(b3) in process, deadline: enforce (worker)     \(format(viaWorker.cpu)) \(format(viaWorker.wall))  \(ratio(viaWorker.cpu))"
    )
    print("(b2) in process: adapter codec, bare C call     \(format(synchronous))        -   \(ratio(synchronous))")
    print("     JSON both ways + logic, no call            \(format(codecOnly))        -   \(ratio(codecOnly))")
    print(
        "(c)  process isolation (host side CPU only)     \(format(viaProcess.cpu)) \(format(viaProcess.wall))  \(ratio(viaProcess.cpu))"
    )
    print(
        "(c2) process isolation, a call after a 10 ms pause        -  \(format(median(afterPause)))   (wall, median of \(afterPause.count))"
    )
    print("(a) (b2) and the JSON row: the calling thread's CPU time; (b) (b3) (c): the process's (all threads).")
    print(
        "(a) and (b): medians of \(rounds) rounds ((a) then (b), then (b) then (a), ...) of \(max(iterations / rounds, 1)) calls; (a) per round: \(directRounds.map { format($0).trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")); (b) per round: \(viaABIRounds.map { format($0.cpu).trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))"
    )
    print(
        "in process adds \(format(adds)) ns of CPU over (a) (\(format(viaWorker.cpu - direct)) with deadline: enforce)"
    )
    print(
        "discounts: \(expected.lineDiscounts.count) line, \(expected.orderDiscounts.count) order (sink \(sink % 10))"
    )
}

try await runBenchmark(arguments: arguments)
