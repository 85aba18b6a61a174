import EmporiumPostgres
import Logging
import Synchronization

/// Answers `/readyz`: the database answers and every shipped migration is applied. The answer is
/// cached for a second so that frequent probes do not load the database.
final class ReadinessProbe: Sendable {
    struct Verdict: Sendable {
        let ready: Bool
        let reason: String
    }

    let database: Database
    let logger: Logger
    private let cached = Mutex<(verdict: Verdict, at: ContinuousClock.Instant)?>(nil)

    init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    func check() async -> Verdict {
        if let cached = cached.withLock({ $0 }), ContinuousClock.now - cached.at < .seconds(1) {
            return cached.verdict
        }
        let verdict: Verdict
        do {
            let status = try await Migrator(database: database, logger: logger).status()
            verdict =
                status.isCurrent
                ? Verdict(ready: true, reason: "ok")
                : Verdict(
                    ready: false,
                    reason: "migrations pending: \(status.pending.map(String.init).joined(separator: ","))")
        } catch {
            verdict = Verdict(ready: false, reason: error.clientMessage)
        }
        cached.withLock { $0 = (verdict, ContinuousClock.now) }
        return verdict
    }
}
