import Dispatch
import EmporiumCore
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The engine's handle on PostgreSQL: a connection pool whose every call has a deadline.
///
/// PostgresNIO has no per-query timeout, and a query on a cut network waits for the whole cut.
/// `Database` races each call against its deadline and, after a connection failure or a timeout,
/// fails calls at once for a short cool-down instead of queueing them, so that requests answer
/// 503 quickly while the database is away and recover by themselves when it returns.
public final class Database: Sendable {
    /// Tunables with their defaults.
    public struct Options: Sendable, Hashable {
        /// Maximum connections in the pool (default 8).
        public var poolSize: Int
        /// Deadline of one database call (default 5 s).
        public var queryTimeout: Duration
        /// Deadline to establish a connection (default 3 s).
        public var connectTimeout: Duration
        /// How long calls fail fast after the database was found unreachable (default 1 s).
        public var coolDown: Duration
        /// Connections of the pipelined reader (``PipelinedReader``) for the unfiltered listings
        /// (default 1), besides the pool.
        public var pipelinedConnections: Int

        /// Creates options.
        public init(
            poolSize: Int = 8, queryTimeout: Duration = .seconds(5), connectTimeout: Duration = .seconds(3),
            coolDown: Duration = .seconds(1), pipelinedConnections: Int = 1
        ) {
            self.poolSize = poolSize
            self.queryTimeout = queryTimeout
            self.connectTimeout = connectTimeout
            self.coolDown = coolDown
            self.pipelinedConnections = pipelinedConnections
        }
    }

    /// The pool. Run it (it is a swift-service-lifecycle `Service`) for the lifetime of the engine.
    public let client: PostgresClient
    /// The options in force.
    public let options: Options
    let logger: Logger
    /// The unfiltered listings' path: libpq in pipeline mode.
    let pipelined: PipelinedReader
    private let statements = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)
    private let unavailableUntil = Mutex<ContinuousClock.Instant?>(nil)

    /// Creates the pool for a URL. Nothing connects until `client.run()` runs and a call is made.
    public init(url: DatabaseURL, options: Options = Options(), logger: Logger) {
        var configuration = url.clientConfiguration()
        configuration.options.maximumConnections = options.poolSize
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = options.connectTimeout
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.pipelined = PipelinedReader(
            url: url, statements: ListingStatements.pipelined, connections: options.pipelinedConnections,
            connectTimeout: options.connectTimeout, statementTimeout: options.queryTimeout)
        self.options = options
        self.logger = logger
    }

    /// Number of statements sent since start; tests use it to prove that loads are batched.
    public var statementCount: Int { statements.load(ordering: .relaxed) }

    /// Database calls currently running on the pool (at most one connection each); the pipelined
    /// reader's calls are not among them.
    public var callsInFlight: Int { inFlight.load(ordering: .relaxed) }

    /// Whether the database is currently considered unreachable (calls fail fast).
    public var isCoolingDown: Bool {
        unavailableUntil.withLock { until in until.map { ContinuousClock.now < $0 } ?? false }
    }

    /// Runs a query and collects its rows, within the deadline.
    public func rows(_ query: PostgresQuery) async throws(DatabaseError) -> [PostgresRow] {
        try await withDeadline { [client, logger] in
            var collected: [PostgresRow] = []
            for try await row in try await client.query(query, logger: logger) {
                collected.append(row)
            }
            return collected
        }
    }

    /// Runs a prepared statement (parsed once per connection) and collects its rows, within the deadline.
    func rows<Statement: PostgresPreparedStatement>(prepared statement: Statement) async throws(DatabaseError)
        -> [PostgresRow] where Statement.Row == PostgresRow
    {
        try await withDeadline { [client, logger] in
            var collected: [PostgresRow] = []
            for try await row in try await client.execute(statement, logger: logger) {
                collected.append(row)
            }
            return collected
        }
    }

    /// Runs statement `statement` of the pipelined reader (an index in ``ListingStatements/all``)
    /// with text parameters, within the deadline.
    func pipelinedRows(statement: Int, parameters: [String?]) async throws(DatabaseError) -> PipelinedReader.Rows {
        try await counted(pooled: false) { [pipelined, options] in
            try await pipelined.rows(statement: statement, parameters: parameters, timeout: options.queryTimeout)
        }
    }

    /// Runs a statement whose rows are not needed, within the deadline.
    public func execute(_ query: PostgresQuery) async throws(DatabaseError) {
        _ = try await rows(query)
    }

    /// Runs `body` in one transaction on one connection, within the deadline.
    public func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws(DatabaseError) -> Result {
        try await withDeadline { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// Runs `body` on one leased connection, within the deadline.
    public func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws(DatabaseError) -> Result {
        try await withDeadline { [client] in
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    /// Counts a statement sent on a connection handed out by ``transaction(_:)`` or ``withConnection(_:)``.
    public func countStatement() { statements.add(1, ordering: .relaxed) }

    private func withDeadline<Result: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws(DatabaseError) -> Result {
        try await counted(pooled: true) { [options] in try await Deadline.run(within: options.queryTimeout, operation) }
    }

    /// Runs `call` unless the database is cooling down, counting it (and, when it holds a pooled
    /// connection, as in flight), and maps what it throws to a
    /// ``DatabaseError`` (starting a cool-down when the database is unreachable).
    private func counted<Result: Sendable>(
        pooled: Bool, _ call: () async throws -> Result
    ) async throws(DatabaseError) -> Result {
        if isCoolingDown {
            throw DatabaseError.unreachable()
        }
        statements.add(1, ordering: .relaxed)
        // `callsInFlight` is the pool's use (a metric against `poolSize`): the pipelined reader's
        // calls hold none of its connections.
        if pooled { inFlight.add(1, ordering: .relaxed) }
        defer { if pooled { inFlight.subtract(1, ordering: .relaxed) } }
        do {
            return try await call()
        } catch let error as DatabaseError {
            if error.code == .timeout || error.code == .unavailable { startCoolDown() }
            logger.warning("database call failed", metadata: ["error": "\(error.debugDescription)"])
            throw error
        } catch let error as PSQLError {
            let mapped = Self.map(error)
            if mapped.code == .unavailable { startCoolDown() }
            logger.warning("database call failed", metadata: ["error": "\(mapped.debugDescription)"])
            throw mapped
        } catch {
            logger.warning("database call failed", metadata: ["error": "\(String(reflecting: error))"])
            throw DatabaseError(code: .queryFailed, message: "The database call failed.", underlying: "\(error)")
        }
    }

    private func startCoolDown() {
        let until = ContinuousClock.now.advanced(by: options.coolDown)
        unavailableUntil.withLock { $0 = until }
    }

    static func map(_ error: PSQLError) -> DatabaseError {
        if error.code == .server {
            return DatabaseError(
                code: .queryFailed, message: "The database rejected the request.",
                underlying: error.serverInfo?[.message], sqlState: error.serverInfo?[.sqlState])
        }
        return DatabaseError.unreachable("\(error.code)")
    }
}

/// Races an operation against a deadline.
enum Deadline {
    /// The deadlines of every database call in flight, on one timer.
    static let watch = DeadlineWatch(label: "emporium.database.deadlines")

    /// Shared by the operation, the timer and the caller: whoever claims first resumes the caller.
    private final class Race: Sendable {
        private let finished = Atomic<Bool>(false)
        let work = Mutex<Task<Void, Never>?>(nil)

        func claim() -> Bool {
            finished.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        }
    }

    static func run<Result: Sendable>(
        within timeout: Duration, _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let race = Race()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let ticket = Self.watch.watch(after: timeout) {
                if race.claim() {
                    race.work.withLock { $0?.cancel() }
                    continuation.resume(
                        throwing: DatabaseError.deadlinePassed)
                }
            }
            // Unstructured on purpose: PostgresNIO ignores cancellation while a query is on the wire,
            // so a structured child would hold the caller past its deadline. The orphan finishes or
            // fails by itself and returns its connection to the pool.
            let work = Task {
                do {
                    let value = try await operation()
                    Self.watch.finish(ticket)
                    if race.claim() { continuation.resume(returning: value) }
                } catch {
                    Self.watch.finish(ticket)
                    if race.claim() { continuation.resume(throwing: error) }
                }
            }
            race.work.withLock { $0 = work }
        }
    }
}
