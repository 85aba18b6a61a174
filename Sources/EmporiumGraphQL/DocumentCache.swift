import GraphQL
import Synchronization

/// A bounded least-recently-used cache, safe to share between requests.
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var entries: [Key: (value: Value, tick: UInt64)] = [:]
        var tick: UInt64 = 0
    }
    private let state = Mutex(State())
    /// Maximum number of entries.
    public let capacity: Int

    /// Creates a cache holding at most `capacity` entries.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The cached value, marking it recently used.
    public func value(for key: Key) -> Value? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            state.tick += 1
            state.entries[key] = (entry.value, state.tick)
            return entry.value
        }
    }

    /// Stores a value, evicting the least recently used eighth when full (amortised O(1)).
    public func store(_ value: Value, for key: Key) {
        state.withLock { state in
            state.tick += 1
            if state.entries[key] == nil, state.entries.count >= capacity {
                let evict = max(1, capacity / 8)
                let oldest = state.entries.sorted { $0.value.tick < $1.value.tick }.prefix(evict).map(\.key)
                for key in oldest { state.entries[key] = nil }
            }
            state.entries[key] = (value, state.tick)
        }
    }

    /// Number of entries.
    public var count: Int { state.withLock { $0.entries.count } }
}

/// A parsed and validated document with what the engine learnt about it once.
public struct PreparedDocument: Sendable {
    /// The AST.
    public let document: Document
    /// The deepest field nesting of any operation in it.
    public let depth: Int
    /// Compiled plans of its operations, filled on first execution (by operation name).
    let plans = PlanCache()

    /// Creates a prepared document.
    public init(document: Document, depth: Int) {
        self.document = document
        self.depth = depth
    }
}

/// What is worked out once per operation of one document, by operation name: compiled plans
/// (`nil` entries mark operations that run on GraphQLSwift's executor) and the estimated costs of
/// operations that declare no variables (their cost cannot change between requests).
final class PlanCache: Sendable {
    private let plans = Mutex<[String: CompiledOperation?]>([:])
    private let costs = Mutex<[String: Int]>([:])

    /// The operation's plan, compiled on first use.
    func plan(for operation: OperationDefinition, in document: Document) -> CompiledOperation? {
        let name = operation.name?.value ?? ""
        if let known = plans.withLock({ $0[name] }) { return known }
        let compiled = try? PlanCompiler.compile(document, operation: operation)
        plans.withLock { $0[name] = .some(compiled) }
        return compiled
    }

    /// The cost of an operation without variables, measured on first use.
    func cost(of operation: OperationDefinition, measure: () -> Int) -> Int {
        let name = operation.name?.value ?? ""
        if let known = costs.withLock({ $0[name] }) { return known }
        let measured = measure()
        costs.withLock { $0[name] = measured }
        return measured
    }
}
