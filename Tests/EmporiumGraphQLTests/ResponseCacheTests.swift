import Foundation
import GraphQL
import Synchronization
import Testing

@testable import EmporiumGraphQL

@Suite("ResponseCache")
struct ResponseCacheTests {
    final class Version: Sendable {
        let value = Mutex<Int64?>(1)
    }

    @Test("serves an entry only at the version it was rendered at")
    func versioned() {
        let version = Version()
        let cache = ResponseCache(capacity: 10) { version.value.withLock { $0 } }
        let key = ResponseCache.key(EmporiumGraphQL.GraphQLRequest(query: "{ products { totalCount } }"))!
        cache.store(key, version: 1, body: Data("a".utf8), operationName: "anonymous")
        #expect(cache.lookup(key, version: 1)?.body == Data("a".utf8))
        #expect(cache.lookup(key, version: 2) == nil)
        version.value.withLock { $0 = nil }
        #expect(cache.currentVersion() == nil)
    }

    @Test("keys differ by operation name and variables, not by variable order")
    func keys() {
        let base = EmporiumGraphQL.GraphQLRequest(query: "query A { a } query B { b }", operationName: "A")
        let other = EmporiumGraphQL.GraphQLRequest(query: "query A { a } query B { b }", operationName: "B")
        #expect(ResponseCache.key(base) != ResponseCache.key(other))
        let first = EmporiumGraphQL.GraphQLRequest(query: "q", variables: ["a": .number(1), "b": .string("x")])
        let second = EmporiumGraphQL.GraphQLRequest(query: "q", variables: ["b": .string("x"), "a": .number(1)])
        let third = EmporiumGraphQL.GraphQLRequest(query: "q", variables: ["a": .number(2), "b": .string("x")])
        #expect(ResponseCache.key(first) == ResponseCache.key(second))
        #expect(ResponseCache.key(first) != ResponseCache.key(third))
    }

    @Test("bodies over the limit are not kept")
    func limit() {
        let cache = ResponseCache(capacity: 10, maxBodyBytes: 4) { 1 }
        cache.store("k", version: 1, body: Data("12345".utf8), operationName: "x")
        #expect(cache.lookup("k", version: 1) == nil)
    }
}
