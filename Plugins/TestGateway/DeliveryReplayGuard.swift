import Synchronization

/// Remembers the signatures of the deliveries accepted within the tolerance window, so that an exact
/// replay of one is refused while the plugin runs. The engine's store of event ids is the lasting
/// protection; this one closes the window before the engine has recorded an event.
final class DeliveryReplayGuard: Sendable {
    /// The most deliveries remembered; the oldest are forgotten first beyond it.
    static let capacity = 100_000

    private let window: Int64
    private let seen = Mutex<[String: Int64]>([:])

    init(window: Int64) {
        self.window = window
    }

    /// Records the delivery signed at `timestamp`; false when it was recorded already.
    func admit(signature: String, timestamp: Int64, now: Int64) -> Bool {
        seen.withLock { seen in
            if seen.count >= Self.capacity / 2 {
                seen = seen.filter { now - $0.value <= window }
            }
            if seen.count >= Self.capacity, let oldest = seen.min(by: { $0.value < $1.value }) {
                seen[oldest.key] = nil
            }
            guard seen[signature] == nil else { return false }
            seen[signature] = timestamp
            return true
        }
    }
}
