import Dispatch
import Synchronization

/// One timer for the deadlines of many calls (plugin calls, database calls).
///
/// Arming a timer per call cost about 12 µs of CPU per `pricing.adjust` plugin call (a
/// `timerfd_settime` and a dispatch manager wake-up each) and 8% of the engine's CPU on a listing
/// served from PostgreSQL (a NIO timer scheduled and cancelled per statement; see
/// docs/performance.md). Here a call registers its deadline in a table (a lock and a dictionary
/// insert), removes it when it answers, and the one timer is armed for the earliest deadline only:
/// with calls of equal timeouts it is re-armed about once per timeout, not once per call. Expiry
/// actions run on the watch's own serial queue, which gets a thread even when the callers' threads
/// are all blocked.
public final class DeadlineWatch: @unchecked Sendable {
    // `timer` is a Dispatch source (thread-safe) that is only rescheduled while `state`'s lock is held.

    private struct Entry {
        let deadline: DispatchTime
        let expire: @Sendable () -> Void
    }

    private struct State {
        var pending: [UInt64: Entry] = [:]
        var nextTicket: UInt64 = 0
        var armedFor: DispatchTime?
    }

    private let state = Mutex(State())
    private let timer: any DispatchSourceTimer

    /// Creates a watch whose expiry actions run on a serial queue named `label`.
    public init(label: String) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: label))
        timer.schedule(deadline: .distantFuture)
        timer.setEventHandler { [weak self] in self?.expireDue() }
        timer.activate()
    }

    /// Calls `expire` on the deadline queue at `deadline`, unless ``finish(_:)`` comes first.
    /// Watches a deadline `timeout` from now; see ``watch(until:expire:)``.
    public func watch(after timeout: Duration, expire: @escaping @Sendable () -> Void) -> UInt64 {
        watch(until: .now() + .nanoseconds(Int(clamping: timeout.nanoseconds)), expire: expire)
    }

    public func watch(until deadline: DispatchTime, expire: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock { state in
            state.nextTicket += 1
            state.pending[state.nextTicket] = Entry(deadline: deadline, expire: expire)
            if let armed = state.armedFor, armed <= deadline { return state.nextTicket }
            state.armedFor = deadline
            timer.schedule(deadline: deadline, leeway: .milliseconds(1))
            return state.nextTicket
        }
    }

    /// The call answered: its deadline no longer matters. (The timer stays armed; when it fires it
    /// finds nothing due and moves on to the next deadline.)
    public func finish(_ ticket: UInt64) {
        _ = state.withLock { $0.pending.removeValue(forKey: ticket) }
    }

    private func expireDue() {
        let due: [@Sendable () -> Void] = state.withLock { state in
            let now = DispatchTime.now()
            var due: [@Sendable () -> Void] = []
            var earliest: DispatchTime?
            for (ticket, entry) in state.pending {
                if entry.deadline <= now {
                    due.append(entry.expire)
                    state.pending[ticket] = nil
                } else if earliest.map({ entry.deadline < $0 }) ?? true {
                    earliest = entry.deadline
                }
            }
            state.armedFor = earliest
            timer.schedule(deadline: earliest ?? .distantFuture, leeway: .milliseconds(1))
            return due
        }
        for expire in due { expire() }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating at `Int64`'s bounds, about 292 years).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, carry) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        guard !carry else { return whole < 0 ? .min : .max }
        return total
    }
}
