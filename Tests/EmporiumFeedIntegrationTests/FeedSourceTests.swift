import EmporiumCore
import EmporiumFeeds
import EmporiumPostgres
import EmporiumTesting
import Foundation
import Logging
import PostgresNIO
import Testing

@Suite("Feeds from PostgreSQL")
struct FeedSourceTests {
    static func withDatabase<Result: Sendable>(
        seedProducts: Int, _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        let url = try await TestCluster.shared.makeDatabase(seedProducts: seedProducts)
        let database = Database(
            url: try DatabaseURL(url), options: .init(poolSize: 2, queryTimeout: .seconds(30)),
            logger: Logger(label: "emporium.tests"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            return try await body(database)
        }
    }

    @Test(
        "every variant of the seeded catalog becomes a valid item, read in small batches",
        arguments: FeedFormat.allCases)
    func wholeCatalog(format: FeedFormat) async throws {
        try await Self.withDatabase(seedProducts: 25) { database in
            let variants = try await database.rows(
                "SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE p.status = 'active'"
            ).first!.decode(Int64.self)
            let before = database.statementCount
            let sink = BufferSink()
            let options = FeedOptions(channel: "web-us", mediaBaseURL: "https://shop.example.com", batchSize: 4)
            let result = try await FeedGenerator(format: format, options: options).generate(
                from: PostgresFeedSource(database: database), to: sink)
            #expect(try FeedTestSupport.problems(sink.bytes, format: format) == [])
            let items = result.report.itemsWritten + result.report.total(of: .itemOmitted)
            if format == .emporium {
                #expect(result.report.itemsWritten == 25)
                #expect(FeedTestSupport.count("<variant ", in: sink.bytes) == Int(variants))
            } else {
                #expect(items == Int(variants), "\(result.report.summary)")
                #expect(result.report.itemsWritten > 0)
            }
            // Seven batches of at most four products, a constant number of statements each.
            #expect(database.statementCount - before <= 7 * 6 + 10)
            #expect(result.snapshot.version >= 1)
        }
    }

    @Test("category filters keep only products under the given categories")
    func categoryFilter() async throws {
        try await Self.withDatabase(seedProducts: 30) { database in
            let rows = try await database.rows(
                """
                SELECT c.slug, count(*) FROM products p JOIN categories c ON c.id = p.category_id
                WHERE p.status = 'active' GROUP BY c.slug ORDER BY count(*) DESC LIMIT 1
                """)
            let (slug, expected) = try rows[0].decode((String, Int64).self)
            let sink = BufferSink()
            let options = FeedOptions(channel: "web-us", categories: [slug], mediaBaseURL: "https://shop.example.com")
            let result = try await FeedGenerator(format: .emporium, options: options).generate(
                from: PostgresFeedSource(database: database), to: sink)
            #expect(result.report.itemsWritten == Int(expected))
            #expect(try FeedTestSupport.problems(sink.bytes, format: .emporium) == [])
        }
    }

    @Test("an unknown channel is a clear error")
    func unknownChannel() async throws {
        _ = try await Self.withDatabase(seedProducts: 2) { database in
            await #expect(throws: FeedError.self) {
                _ = try await FeedGenerator(format: .google, options: FeedOptions(channel: "nowhere")).generate(
                    from: PostgresFeedSource(database: database), to: BufferSink())
            }
        }
    }
}
