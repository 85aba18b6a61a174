import CLibPQ
import EmporiumCore
import Foundation
import Synchronization

/// The storefront's hottest reads (the unfiltered product listings) over libpq in pipeline mode.
///
/// A listing served from PostgreSQL spent about a quarter of the engine's CPU in PostgresNIO: its
/// connection and row-stream state machines, an event-loop hop to write each query and an async
/// sequence to read its rows back (docs/performance.md, "Seventh run"). Here each of a few
/// connections has one thread that takes every call queued for it, sends them to PostgreSQL back to
/// back without waiting for answers (libpq's pipeline mode; libpq 15 flushes at each sync point, so
/// one `send` per call, but PostgreSQL finds the next calls waiting when it finishes one) and hands
/// each caller its rows, read where libpq put them. Each call is followed by its own sync point, so
/// a failing call fails alone.
///
/// Statements are prepared on every connection when it connects; parameters are sent as text and
/// results come back in PostgreSQL's binary format, which ``BinaryRowReader`` reads. Every call
/// has a deadline kept by ``Deadline/watch``: the caller is answered on time even if the
/// connection hangs. The server cancels a statement that runs past the deadline
/// (`statement_timeout`, also for the preparing when a connection connects), and the thread gives
/// up a connection that stays silent past all its calls' deadlines and connects anew for the next
/// calls. TLS: `sslmode=require` verifies the server's certificate and host name against the
/// system's certificate authorities (`verify-full`), as PostgresNIO does; `prefer` uses TLS when
/// the server offers it without verifying it (libpq cannot verify an optional TLS). Writes and
/// everything else go through PostgresNIO (``Database``).
final class PipelinedReader: Sendable {
    /// A statement the reader can run.
    struct Statement: Sendable {
        let name: String
        let sql: String
        /// PostgreSQL type OIDs of the parameters (sent as text).
        let parameterTypes: [UInt32]
    }

    private let workers: [Worker]
    private let next = Atomic<Int>(0)

    /// Creates the reader; nothing connects before the first call.
    init(
        url: DatabaseURL, statements: [Statement], connections: Int, connectTimeout: Duration,
        statementTimeout: Duration = .seconds(5)
    ) {
        let settings = Self.connectionSettings(url, connectTimeout: connectTimeout, statementTimeout: statementTimeout)
        workers = (0..<max(connections, 1)).map { index in
            Worker(index: index, settings: settings, statements: statements)
        }
    }

    deinit {
        for worker in workers { worker.stop() }
    }

    /// libpq's connection keywords and values for `url`.
    static func connectionSettings(_ url: DatabaseURL, connectTimeout: Duration, statementTimeout: Duration)
        -> [(String, String)]
    {
        var settings: [(String, String)] = []
        if let socket = url.unixSocketPath, let slash = socket.lastIndex(of: "/") {
            settings.append(("host", String(socket[..<slash])))
        } else {
            settings.append(("host", url.host ?? "localhost"))
            if url.sslMode == "require" {
                settings.append(("sslmode", "verify-full"))
                if FileManager.default.fileExists(atPath: systemCertificateAuthorities) {
                    settings.append(("sslrootcert", systemCertificateAuthorities))
                }
            } else {
                settings.append(("sslmode", url.sslMode))
            }
            // A connection cut without a word is noticed within the deadline, not after the
            // kernel's retransmissions (about 15 minutes).
            let milliseconds = max(1000, statementTimeout.nanoseconds / 1_000_000)
            settings.append(("tcp_user_timeout", String(milliseconds)))
            settings.append(("keepalives_idle", "30"))
        }
        settings.append(("port", String(url.port)))
        settings.append(("user", url.user))
        if let password = url.password { settings.append(("password", password)) }
        settings.append(("dbname", url.database))
        // libpq counts whole seconds and takes at least 2.
        settings.append(("connect_timeout", String(max(2, connectTimeout.components.seconds + 1))))
        settings.append(("application_name", "emporium"))
        // The server ends a statement (or a preparing blocked by a lock) at the call's deadline
        // rather than running on for nobody.
        let statementMilliseconds = max(1, statementTimeout.nanoseconds / 1_000_000)
        settings.append(("options", "-c statement_timeout=\(statementMilliseconds)"))
        return settings
    }

    /// Debian's bundle of the system's certificate authorities, for `sslmode=require`.
    static let systemCertificateAuthorities = "/etc/ssl/certs/ca-certificates.crt"

    /// Runs statement `statement` (its index) with text `parameters` (nil: NULL) and returns its
    /// rows, each one cell in PostgreSQL's binary format. Throws a ``DatabaseError``, with
    /// PostgreSQL's own words when it answered.
    func rows(statement: Int, parameters: [String?], timeout: Duration) async throws -> Rows {
        // libpq takes text parameters as C strings: a NUL would cut one short and ask for something
        // else. PostgreSQL refuses NUL in text anyway.
        if parameters.contains(where: { $0?.utf8.contains(0) == true }) {
            throw DatabaseError(
                code: .queryFailed, message: "The database rejected the request.",
                underlying: "a parameter contains a NUL byte")
        }
        let worker = workers[next.add(1, ordering: .relaxed).oldValue % workers.count]
        return try await withUnsafeThrowingContinuation { continuation in
            let call = Call(
                statement: statement, parameters: parameters, deadline: ContinuousClock.now.advanced(by: timeout),
                continuation: continuation)
            call.ticket = Deadline.watch.watch(after: timeout) { call.expire() }
            worker.enqueue(call)
        }
    }

    /// A result's rows, each one cell in PostgreSQL's binary format, read where libpq put them; the
    /// result is freed with the last reference. (libpq results are read-only once made and may be
    /// read from any thread.)
    final class Rows: @unchecked Sendable {
        private let result: OpaquePointer
        let count: Int

        init(_ result: OpaquePointer) {
            self.result = result
            count = Int(PQntuples(result))
        }

        deinit { PQclear(result) }

        /// Lends `body` the bytes of row `row`'s cell.
        func withRecord<Value>(_ row: Int, _ body: (UnsafeRawBufferPointer) throws -> Value) rethrows -> Value {
            precondition(row >= 0 && row < count, "row \(row) of \(count)")
            let bytes = UnsafeRawBufferPointer(
                start: PQgetvalue(result, Int32(row), 0), count: Int(PQgetlength(result, Int32(row), 0)))
            return try withExtendedLifetime(self) { try body(bytes) }
        }
    }

    /// One call: answered once, by its worker or by its deadline, whichever comes first.
    final class Call: @unchecked Sendable {
        // `ticket` is set before the call is queued (the queue's lock orders it before the worker's
        // reads) and is not read on expiry.
        let statement: Int
        let parameters: [String?]
        let deadline: ContinuousClock.Instant
        private let continuation: UnsafeContinuation<Rows, any Error>
        private let answered = Atomic<Bool>(false)
        var ticket: UInt64 = 0

        init(
            statement: Int, parameters: [String?], deadline: ContinuousClock.Instant,
            continuation: UnsafeContinuation<Rows, any Error>
        ) {
            self.statement = statement
            self.parameters = parameters
            self.deadline = deadline
            self.continuation = continuation
        }

        var isAnswered: Bool { answered.load(ordering: .acquiring) }

        private func claim() -> Bool {
            answered.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        }

        func succeed(_ rows: Rows) {
            guard claim() else { return }
            Deadline.watch.finish(ticket)
            continuation.resume(returning: rows)
        }

        func fail(_ error: DatabaseError) {
            guard claim() else { return }
            Deadline.watch.finish(ticket)
            continuation.resume(throwing: error)
        }

        /// The deadline passed (the watch has already let go of the ticket).
        func expire() {
            guard claim() else { return }
            continuation.resume(throwing: DatabaseError.deadlinePassed)
        }
    }

    /// One connection and the thread that drives it.
    final class Worker: @unchecked Sendable {
        // `queue` and `stopping` are guarded by `condition`; `connection`, `batch` and `sent` belong
        // to the worker's thread.
        private let condition = NSCondition()
        private var queue: [Call] = []
        private var stopping = false
        private var started = false
        private var batch: [Call] = []
        private var sent: [Call] = []
        private var connection: OpaquePointer?
        private let index: Int
        private let settings: [(String, String)]
        private let statements: [Statement]

        init(index: Int, settings: [(String, String)], statements: [Statement]) {
            self.index = index
            self.settings = settings
            self.statements = statements
        }

        func enqueue(_ call: Call) {
            condition.lock()
            if stopping {
                condition.unlock()
                call.fail(DatabaseError.unreachable())
                return
            }
            queue.append(call)
            if !started {
                started = true
                let thread = Thread { [self] in run() }
                thread.name = "emporium.pipelined-reads.\(index)"
                thread.start()
            }
            condition.signal()
            condition.unlock()
        }

        func stop() {
            condition.lock()
            stopping = true
            condition.signal()
            condition.unlock()
        }

        private func run() {
            while true {
                condition.lock()
                while queue.isEmpty && !stopping { condition.wait() }
                swap(&queue, &batch)
                let stop = stopping
                condition.unlock()
                if stop {
                    for call in batch {
                        call.fail(DatabaseError(code: .unavailable, message: "The database is closing."))
                    }
                    batch.removeAll()
                    disconnect()
                    return
                }
                process()
                batch.removeAll(keepingCapacity: true)
            }
        }

        /// Sends every call of `batch` (each with its sync point), then reads their results in order.
        private func process() {
            if let connection, !Self.isIdleAndOpen(connection) { disconnect() }
            if connection == nil {
                do throws(DatabaseError) {
                    try connect()
                } catch {
                    for call in batch { call.fail(error) }
                    return
                }
            }
            guard let connection else { return }
            sent.removeAll(keepingCapacity: true)
            for call in batch where !call.isAnswered {
                guard send(call, on: connection) else {
                    // `batch` holds the calls already sent too.
                    let error = brokenConnection(connection)
                    for call in batch { call.fail(error) }
                    disconnect()
                    return
                }
                sent.append(call)
            }
            // The connection is given up only when it stays silent past the last deadline of the
            // calls sent on it: a call whose deadline passed has been answered by the watch, and the
            // calls after it may still be answered in time.
            let deadline = sent.map(\.deadline).max() ?? ContinuousClock.now
            do throws(DatabaseError) {
                try flush(connection, until: deadline)
                for call in sent { try read(call, on: connection, until: deadline) }
            } catch {
                for call in sent { call.fail(error) }
                disconnect()
            }
            sent.removeAll(keepingCapacity: true)
        }

        /// Whether an idle connection is still open. Nothing is due on it, so anything there (the end
        /// of a server that restarted or ended the session, with its last words) means that it is
        /// not: libpq would only find out on the next call, which would fail.
        private static func isIdleAndOpen(_ connection: OpaquePointer) -> Bool {
            guard PQstatus(connection) == CONNECTION_OK else { return false }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            return poll(&descriptor, 1, 0) == 0
        }

        private func send(_ call: Call, on connection: OpaquePointer) -> Bool {
            let statement = statements[call.statement]
            var values: [UnsafeMutablePointer<CChar>?] = call.parameters.map { $0.flatMap { strdup($0) } }
            defer { for value in values { free(value) } }
            let queued = values.withUnsafeMutableBufferPointer { values in
                values.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                    PQsendQueryPrepared(
                        connection, statement.name, Int32(values.count), values.baseAddress, nil, nil, 1)
                }
            }
            return queued == 1 && PQpipelineSync(connection) == 1
        }

        /// Reads one call's result, the end of its results and its sync point.
        private func read(_ call: Call, on connection: OpaquePointer, until deadline: ContinuousClock.Instant)
            throws(DatabaseError)
        {
            guard let result = try nextResult(connection, until: deadline) else {
                throw lost(connection, "The database sent no result.")
            }
            let answer = Self.answer(result)
            // The end of this statement's results, then its sync point.
            if let extra = try nextResult(connection, until: deadline) {
                PQclear(extra)
                throw lost(connection, "The database sent more than one result.")
            }
            guard let sync = try nextResult(connection, until: deadline) else {
                throw lost(connection, "The database sent no sync point.")
            }
            let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
            PQclear(sync)
            guard synced else { throw lost(connection, "The database lost a sync point.") }
            switch answer {
            case .success(let rows): call.succeed(rows)
            case .failure(let error): call.fail(error)
            }
        }

        /// The rows of a result, or the database's error; the result is the answer's, or freed.
        static func answer(_ result: OpaquePointer) -> Result<Rows, DatabaseError> {
            let status = PQresultStatus(result)
            guard status == PGRES_TUPLES_OK else {
                func field(_ code: Character) -> String? {
                    PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
                }
                let error = DatabaseError(
                    code: .queryFailed, message: "The database rejected the request.",
                    underlying: field("M") ?? String(cString: PQresStatus(status)), sqlState: field("C"))
                PQclear(result)
                return .failure(error)
            }
            let count = PQntuples(result)
            var shaped = count == 0 || (PQnfields(result) == 1 && PQfformat(result, 0) == 1)
            for row in 0..<count where shaped { shaped = PQgetisnull(result, row, 0) == 0 }
            guard shaped else {
                PQclear(result)
                return .failure(DatabaseError(code: .queryFailed, message: "The database sent rows of another shape."))
            }
            return .success(Rows(result))
        }

        /// A protocol surprise: the connection broke (unavailable), or the server answered out of
        /// order (a failed query).
        private func lost(_ connection: OpaquePointer, _ message: String) -> DatabaseError {
            PQstatus(connection) == CONNECTION_OK
                ? DatabaseError(code: .queryFailed, message: message) : brokenConnection(connection)
        }

        /// The next result, waiting for input until `deadline`.
        private func nextResult(_ connection: OpaquePointer, until deadline: ContinuousClock.Instant)
            throws(DatabaseError) -> OpaquePointer?
        {
            while PQisBusy(connection) == 1 {
                try wait(connection, for: Int16(POLLIN), until: deadline)
                guard PQconsumeInput(connection) == 1 else { throw brokenConnection(connection) }
            }
            return PQgetResult(connection)
        }

        /// Sends everything libpq has buffered, reading meanwhile so that neither side blocks.
        private func flush(_ connection: OpaquePointer, until deadline: ContinuousClock.Instant)
            throws(DatabaseError)
        {
            while true {
                switch PQflush(connection) {
                case 0: return
                case 1:
                    try wait(connection, for: Int16(POLLIN | POLLOUT), until: deadline)
                    guard PQconsumeInput(connection) == 1 else { throw brokenConnection(connection) }
                default: throw brokenConnection(connection)
                }
            }
        }

        private func wait(_ connection: OpaquePointer, for events: Int16, until deadline: ContinuousClock.Instant)
            throws(DatabaseError)
        {
            while true {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else {
                    throw DatabaseError.deadlinePassed
                }
                let milliseconds = Int32(clamping: left.nanoseconds / 1_000_000 + 1)
                var descriptor = pollfd(fd: PQsocket(connection), events: events, revents: 0)
                let ready = poll(&descriptor, 1, milliseconds)
                if ready > 0 { return }
                if ready < 0 && errno != EINTR { throw brokenConnection(connection) }
            }
        }

        private func brokenConnection(_ connection: OpaquePointer) -> DatabaseError {
            DatabaseError.unreachable(
                String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines))
        }

        private func connect() throws(DatabaseError) {
            let keywords = settings.map { strdup($0.0) }
            let values = settings.map { strdup($0.1) }
            defer {
                for keyword in keywords { free(keyword) }
                for value in values { free(value) }
            }
            let made: OpaquePointer? = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keys in
                (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { values in
                    PQconnectdbParams(keys.baseAddress, values.baseAddress, 0)
                }
            }
            guard let made else {
                throw DatabaseError.unreachable()
            }
            guard PQstatus(made) == CONNECTION_OK else {
                let error = brokenConnection(made)
                PQfinish(made)
                throw error
            }
            // libpq prints notices (a server's last words before it ends the session, among them)
            // to standard error; the engine's log is the place for what matters, and the failure
            // that follows is logged there.
            PQsetNoticeProcessor(made, { _, _ in }, nil)
            for statement in statements {
                let prepared = statement.parameterTypes.withUnsafeBufferPointer { types in
                    PQprepare(made, statement.name, statement.sql, Int32(types.count), types.baseAddress)
                }
                let status = prepared.map(PQresultStatus) ?? PGRES_FATAL_ERROR
                var failure: DatabaseError?
                if let prepared, status != PGRES_COMMAND_OK, case .failure(let error) = Self.answer(prepared) {
                    failure = error
                } else {
                    PQclear(prepared)
                }
                guard status == PGRES_COMMAND_OK else {
                    let error = failure ?? brokenConnection(made)
                    PQfinish(made)
                    throw error
                }
            }
            guard PQsetnonblocking(made, 1) == 0, PQenterPipelineMode(made) == 1 else {
                let error = brokenConnection(made)
                PQfinish(made)
                throw error
            }
            connection = made
        }

        private func disconnect() {
            if let connection { PQfinish(connection) }
            connection = nil
        }
    }
}
