import Logging
import ServiceLifecycle

/// The first service to receive graceful shutdown (it is last in the group): it turns readiness
/// to 503 and asks clients to close connections, waits the drain window, then returns so the
/// HTTP server stops accepting, finishes in-flight requests, and the database pool closes.
struct DrainService: Service {
    let state: DrainState
    let window: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        state.begin()
        logger.info(
            "draining before shutdown",
            metadata: [
                "drain.milliseconds":
                    "\(window.components.seconds * 1000 + window.components.attoseconds / 1_000_000_000_000_000)"
            ])
        try? await Task.sleep(for: window, tolerance: .milliseconds(50))
    }
}
