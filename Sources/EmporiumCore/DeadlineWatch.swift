import Dispatch
import Synchronization

/// One timer for the deadlines of every in-process plugin call.
///
/// Arming a `DispatchQueue.asyncAfter` timer per call cost about 12 µs of CPU per `pricing.adjust`
/// call (a `timerfd_settime` and a dispatch manager wake-up each; see docs/performance.md), more than
/// the call itself. Here a call registers its deadline in a table (a lock and a dictionary insert),
/// removes it when it answers, and the one timer is armed for the earliest deadline only: with
/// calls of equal timeouts it is re-armed about once per timeout, not once per call.
final class PluginDeadlineWatch: @unchecked Sendable {
    // `timer` is a Dispatch source (thread-safe) that is only rescheduled while `state`'s lock is held.
    /// The watch all in-process calls share; its timer fires on ``PluginDeadlines/queue``.
    static let shared = PluginDeadlineWatch()

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

    private init() {
        timer = DispatchSource.makeTimerSource(queue: PluginDeadlines.queue)
        timer.schedule(deadline: .distantFuture)
        timer.setEventHandler { [weak self] in self?.expireDue() }
        timer.activate()
    }

    /// Calls `expire` on the deadline queue at `deadline`, unless ``finish(_:)`` comes first.
    func watch(until deadline: DispatchTime, expire: @escaping @Sendable () -> Void) -> UInt64 {
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
    func finish(_ ticket: UInt64) {
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
