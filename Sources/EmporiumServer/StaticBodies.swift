import NIOCore
import Synchronization

/// Bodies of the benchmark ceiling route, built once per size so the route measures the HTTP
/// stack and middleware, not string building.
final class StaticBodies: Sendable {
    private let cache = Mutex<[Int: ByteBuffer]>([:])

    /// A JSON document of exactly `bytes` bytes (at least 16).
    func body(bytes: Int) -> ByteBuffer {
        if let cached = cache.withLock({ $0[bytes] }) { return cached }
        let prefix = #"{"data":{"padding":""#
        let suffix = #""}}"#
        let fill = max(0, bytes - prefix.utf8.count - suffix.utf8.count)
        let buffer = ByteBuffer(string: prefix + String(repeating: "x", count: fill) + suffix)
        cache.withLock { cache in
            if cache.count > 64 { cache.removeAll() }
            cache[bytes] = buffer
        }
        return buffer
    }
}
