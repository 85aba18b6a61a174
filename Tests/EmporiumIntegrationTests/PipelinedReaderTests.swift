import EmporiumCore
import EmporiumTesting
import Foundation
import Testing

@testable import EmporiumPostgres

/// The pipelined reader (libpq in pipeline mode) against a real PostgreSQL: many calls at once each
/// get their own rows, a failing call fails alone, deadlines hold, and a server that goes away and
/// comes back is survived.
@Suite("PipelinedReader")
struct PipelinedReaderTests {
    static let int8: UInt32 = 20
    static let text: UInt32 = 25
    static let float8: UInt32 = 701

    static let statements = [
        PipelinedReader.Statement(
            name: "test_double", sql: "SELECT ROW($1::int8 * 2, coalesce($2, 'none')) FROM generate_series(1, $1)",
            parameterTypes: [int8, text]),
        PipelinedReader.Statement(name: "test_divide", sql: "SELECT ROW(10 / $1)", parameterTypes: [int8]),
        PipelinedReader.Statement(
            name: "test_sleep", sql: "SELECT ROW(1::int8) FROM pg_sleep($1)", parameterTypes: [float8]),
        PipelinedReader.Statement(name: "test_two_columns", sql: "SELECT 1::int8, 2::int8", parameterTypes: []),
        PipelinedReader.Statement(
            name: "test_backend", sql: "SELECT ROW(pg_backend_pid()::int8, 'backend')", parameterTypes: []),
    ]

    static func reader(_ url: String, connections: Int = 2, statementTimeout: Duration = .seconds(30)) throws
        -> PipelinedReader
    {
        PipelinedReader(
            url: try DatabaseURL(url), statements: statements, connections: connections, connectTimeout: .seconds(3),
            statementTimeout: statementTimeout)
    }

    /// The server process of the reader's (one) connection.
    static func backend(_ reader: PipelinedReader) async throws -> Int64 {
        try decode(try await reader.rows(statement: 4, parameters: [], timeout: .seconds(30)))[0].0
    }

    /// Each row's record as (int8, text).
    static func decode(_ rows: PipelinedReader.Rows) throws -> [(Int64, String)] {
        try (0..<rows.count).map { index in
            try rows.withRecord(index) { bytes in
                try BinaryRowReader.withRecord(bytes) { cells in (try cells.int64(), try cells.string()) }
            }
        }
    }

    static func databaseError(_ body: () async throws -> Void) async -> DatabaseError? {
        do {
            try await body()
            return nil
        } catch let error as DatabaseError {
            return error
        } catch {
            Issue.record("not a DatabaseError: \(error)")
            return nil
        }
    }

    @Test("two hundred calls at once each get their own rows, NULL parameters included")
    func concurrentCalls() async throws {
        let reader = try Self.reader(try await TestCluster.shared.connection().url)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 1...200 {
                group.addTask {
                    let label: String? = number % 3 == 0 ? nil : "call \(number)"
                    let rows = try await reader.rows(
                        statement: 0, parameters: [String(number % 7 + 1), label], timeout: .seconds(30))
                    let decoded = try Self.decode(rows)
                    #expect(decoded.count == number % 7 + 1)
                    #expect(decoded.allSatisfy { $0.0 == Int64(2 * (number % 7 + 1)) && $0.1 == (label ?? "none") })
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("a failing call fails alone, with PostgreSQL's words, and the calls around it succeed")
    func failingCallFailsAlone() async throws {
        let reader = try Self.reader(try await TestCluster.shared.connection().url, connections: 1)
        let outcomes = try await withThrowingTaskGroup(of: (Int, Result<Int64, DatabaseError>).self) { group in
            for divisor in 0..<40 {
                group.addTask {
                    do {
                        let rows = try await reader.rows(
                            statement: 1, parameters: [String(divisor % 4)], timeout: .seconds(30))
                        let value = try rows.withRecord(0) { bytes in
                            try BinaryRowReader.withRecord(bytes) { cells in try cells.int64() }
                        }
                        return (divisor % 4, .success(value))
                    } catch let error as DatabaseError {
                        return (divisor % 4, .failure(error))
                    }
                }
            }
            return try await group.reduce(into: [(Int, Result<Int64, DatabaseError>)]()) { $0.append($1) }
        }
        #expect(outcomes.count == 40)
        for (divisor, outcome) in outcomes {
            switch outcome {
            case .success(let value):
                #expect(divisor != 0 && value == Int64(10 / divisor))
            case .failure(let error):
                #expect(divisor == 0)
                #expect(error.code == .queryFailed)
                #expect(error.sqlState == "22012")
                #expect(error.underlying?.contains("division by zero") == true)
            }
        }
    }

    @Test("a call past its deadline fails on time; the next call is served on a new connection")
    func deadline() async throws {
        let reader = try Self.reader(try await TestCluster.shared.connection().url, connections: 1)
        let first = try await Self.backend(reader)
        let started = ContinuousClock.now
        let error = await Self.databaseError {
            _ = try await reader.rows(statement: 2, parameters: ["3"], timeout: .milliseconds(300))
        }
        #expect(error?.code == .timeout)
        #expect(ContinuousClock.now - started < .seconds(2))
        let rows = try await reader.rows(statement: 2, parameters: ["0"], timeout: .seconds(30))
        #expect(rows.count == 1)
        #expect(try await Self.backend(reader) != first)
    }

    @Test("the server ends a statement at the deadline; the connection serves the next call")
    func statementTimeout() async throws {
        let reader = try Self.reader(
            try await TestCluster.shared.connection().url, connections: 1, statementTimeout: .milliseconds(300))
        let first = try await Self.backend(reader)
        let started = ContinuousClock.now
        let error = await Self.databaseError {
            _ = try await reader.rows(statement: 2, parameters: ["5"], timeout: .seconds(30))
        }
        #expect(error?.code == .queryFailed)
        #expect(error?.sqlState == "57014")
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(try await Self.backend(reader) == first)
    }

    @Test("a parameter with a NUL byte is refused, not cut short")
    func nulParameter() async throws {
        let reader = try Self.reader(try await TestCluster.shared.connection().url, connections: 1)
        let error = await Self.databaseError {
            _ = try await reader.rows(statement: 0, parameters: ["1", "web\u{0}-eu"], timeout: .seconds(30))
        }
        #expect(error?.code == .queryFailed)
        #expect(error?.underlying?.contains("NUL") == true)
    }

    @Test("rows of another shape are refused, not read")
    func otherShape() async throws {
        let reader = try Self.reader(try await TestCluster.shared.connection().url)
        let error = await Self.databaseError {
            _ = try await reader.rows(statement: 3, parameters: [], timeout: .seconds(30))
        }
        #expect(error?.code == .queryFailed)
        #expect(error?.message.contains("another shape") == true)
    }

    @Test("a statement that PostgreSQL refuses to prepare fails every call with its words")
    func unpreparable() async throws {
        let url = try await TestCluster.shared.connection().url
        let reader = PipelinedReader(
            url: try DatabaseURL(url),
            statements: [.init(name: "test_broken", sql: "SELECT ROW(no_such_column)", parameterTypes: [])],
            connections: 1, connectTimeout: .seconds(3))
        let error = await Self.databaseError {
            _ = try await reader.rows(statement: 0, parameters: [], timeout: .seconds(30))
        }
        #expect(error?.code == .queryFailed)
        #expect(error?.underlying?.contains("no_such_column") == true)
    }

    @Test("a wrong password: unavailable, and the error does not repeat the password")
    func wrongPassword() async throws {
        let connection = try await TestCluster.shared.connection()
        var components = URLComponents(string: connection.url)!
        components.password = "not-the-password-3141"
        let reader = try Self.reader(components.string!, connections: 1)
        let error = await Self.databaseError {
            _ = try await reader.rows(statement: 0, parameters: ["1", nil], timeout: .seconds(30))
        }
        #expect(error?.code == .unavailable)
        #expect(error?.underlying?.contains("password authentication failed") == true)
        let told = "\(String(describing: error)) \(error?.underlying ?? "")"
        #expect(!told.contains("not-the-password-3141"))
    }

    @Test("a server that stops fails calls as unavailable; calls succeed again when it is back")
    func serverGoesAway() async throws {
        let (postgres, connection) = try await PrivateCluster.start(seedProducts: 0, name: "pipelined")
        defer { postgres.destroy() }
        let reader = try Self.reader(connection.url, connections: 1)
        #expect(
            try Self.decode(try await reader.rows(statement: 0, parameters: ["1", "a"], timeout: .seconds(30))).count
                == 1)
        try postgres.stop()
        let error = await Self.databaseError {
            _ = try await reader.rows(statement: 0, parameters: ["1", "a"], timeout: .seconds(30))
        }
        #expect(error?.code == .unavailable)
        _ = try postgres.start()
        var served = false
        for _ in 0..<40 where !served {
            served = (try? await reader.rows(statement: 0, parameters: ["2", "b"], timeout: .seconds(30)))?.count == 2
            if !served { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(served)
    }

    @Test("a server that restarts between calls: the next call is served at once, on a new connection")
    func restartBetweenCalls() async throws {
        let (postgres, connection) = try await PrivateCluster.start(seedProducts: 0, name: "pipelined-restart")
        defer { postgres.destroy() }
        let reader = try Self.reader(connection.url, connections: 1)
        let first = try await Self.backend(reader)
        try postgres.stop()
        _ = try postgres.start()
        #expect(try await Self.backend(reader) != first)
    }
}
