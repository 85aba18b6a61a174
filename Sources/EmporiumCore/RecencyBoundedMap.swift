/// A dictionary that holds at most `capacity` entries and forgets the least recently used ones.
///
/// Eviction runs in batches: when an insert goes past the capacity, the least recently used eighth
/// is dropped in one pass. That keeps the bookkeeping to one counter per entry (no linked list) at
/// an amortised O(log n) per insert, and a burst of new keys cannot flush the hot ones.
struct RecencyBoundedMap<Key: Hashable, Value> {
    private var entries: [Key: (value: Value, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// The most entries kept; at least 1.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { entries.count }

    /// The value for `key`, marking it as just used.
    mutating func value(for key: Key) -> Value? {
        guard let entry = entries[key] else { return nil }
        clock &+= 1
        entries[key] = (entry.value, clock)
        return entry.value
    }

    /// The value for `key` without changing its recency.
    func peek(_ key: Key) -> Value? {
        entries[key]?.value
    }

    /// Stores `value` for `key` as just used, evicting old entries when the map is over capacity.
    mutating func set(_ key: Key, _ value: Value) {
        clock &+= 1
        entries[key] = (value, clock)
        if entries.count > capacity { evictLeastRecentlyUsed() }
    }

    /// Forgets `key`.
    mutating func remove(_ key: Key) {
        entries[key] = nil
    }

    private mutating func evictLeastRecentlyUsed() {
        let excess = entries.count - capacity
        let batch = max(excess, capacity / 8, 1)
        let oldest = entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(batch)
        for (key, _) in oldest { entries[key] = nil }
    }
}

extension RecencyBoundedMap: Sendable where Key: Sendable, Value: Sendable {}
