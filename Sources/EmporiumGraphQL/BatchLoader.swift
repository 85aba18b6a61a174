/// Loads values for many keys in one call. Keys registered together (the products of one page, the
/// variants of those products) form a batch: asking for any key loads the whole batch once, and
/// concurrent askers share that one load. One loader lives for one request.
public actor BatchLoader<Key: Hashable & Sendable, Value: Sendable> {
    private let load: @Sendable ([Key]) async throws -> [Key: Value]
    private var batchOfKey: [Key: Int] = [:]
    private var batches: [[Key]] = []
    private var inFlight: [Int: Task<[Key: Value], any Error>] = [:]

    /// Creates a loader from a function that loads many keys at once.
    public init(_ load: @escaping @Sendable ([Key]) async throws -> [Key: Value]) {
        self.load = load
    }

    /// Declares keys that are likely to be asked for together.
    public func register(_ keys: [Key]) {
        let fresh = keys.filter { batchOfKey[$0] == nil }
        guard !fresh.isEmpty else { return }
        let index = batches.count
        batches.append(fresh)
        for key in fresh { batchOfKey[key] = index }
    }

    /// The value for a key, loading its whole batch on first use.
    public func value(for key: Key) async throws -> Value? {
        if batchOfKey[key] == nil { register([key]) }
        let index = batchOfKey[key]!
        let task: Task<[Key: Value], any Error>
        if let running = inFlight[index] {
            task = running
        } else {
            let keys = batches[index]
            let load = self.load
            // A task (not a child) because later askers from other fields must be able to await the
            // same load; it lives no longer than the request that owns this loader.
            task = Task { try await load(keys) }
            inFlight[index] = task
        }
        return try await task.value[key]
    }

    /// The loaded values of the batch that holds `key` (empty until it has loaded).
    public func loadedValues(near key: Key) async -> [Value] {
        guard let index = batchOfKey[key], let task = inFlight[index], let values = try? await task.value else {
            return []
        }
        return Array(values.values)
    }
}
