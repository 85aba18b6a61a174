import Synchronization

/// Whether the engine is draining before shutdown: readiness answers 503 and every response
/// carries `Connection: close`, so keep-alive clients move away before the listener closes.
public final class DrainState: Sendable {
    private let draining = Atomic<Bool>(false)

    /// Creates a state that is not draining.
    public init() {}

    /// Whether draining has begun.
    public var isDraining: Bool { draining.load(ordering: .acquiring) }

    /// Starts draining; there is no way back.
    public func begin() { draining.store(true, ordering: .releasing) }
}
