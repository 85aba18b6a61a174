import Synchronization
import Testing

@testable import EmporiumCore

@Suite("CachedCatalogStore")
struct CachedCatalogStoreTests {
    let source = CountingCatalogSource()
    let versions = SettableCatalogVersion(1)

    func makeStore(limits: CachedCatalogStore.Limits = .init()) -> CachedCatalogStore {
        CachedCatalogStore(source: source, versions: versions, limits: limits)
    }

    static func listing(first: Int = 10, search: String? = nil) -> ProductListingRequest {
        ProductListingRequest(
            channel: "web-us", first: first, after: nil, filter: ProductFilter(search: search), sort: .nameAscending)
    }

    @Test func hitsAreServedWithoutCallingTheSource() async throws {
        let store = makeStore()
        for _ in 0..<3 {
            #expect(try await store.channels().map(\.code) == ["web-us"])
            #expect(try await store.categories().count == 1)
            #expect(try await store.products(Self.listing()).products.first?.name == "v1-p1")
            #expect(try await store.countProducts(channel: "web-us", filter: ProductFilter()) == 42)
            #expect(try await store.product(slug: "p1")?.id == 1)
            #expect(try await store.product(slug: "missing") == nil)
            #expect(try await store.product(id: 2)?.slug == "p2")
            #expect(try await store.product(id: 9999) == nil)
        }
        #expect(
            source.calls == [
                "channels": 1, "categories": 1, "products": 1, "countProducts": 1, "productBySlug": 2, "productByID": 2,
            ])
        #expect(store.cachedVersion == 1)
    }

    @Test func differentRequestsAreDifferentEntries() async throws {
        let store = makeStore()
        _ = try await store.products(Self.listing(first: 10))
        _ = try await store.products(Self.listing(first: 20))
        _ = try await store.products(Self.listing(first: 10, search: "shirt"))
        _ = try await store.countProducts(channel: "web-us", filter: ProductFilter())
        _ = try await store.countProducts(channel: "web-eu", filter: ProductFilter())
        #expect(source.calls["products"] == 3)
        #expect(source.calls["countProducts"] == 2)
    }

    @Test func aVersionChangeInvalidatesEverything() async throws {
        let store = makeStore()
        #expect(try await store.products(Self.listing()).products.first?.name == "v1-p1")
        _ = try await store.variants(productIDs: [1])
        source.dataVersion = 2
        versions.set(2)
        #expect(try await store.products(Self.listing()).products.first?.name == "v2-p1")
        _ = try await store.variants(productIDs: [1])
        #expect(source.calls["products"] == 2)
        #expect(source.idRequests["variants"] == [[1], [1]])
        #expect(store.cachedVersion == 2)
    }

    @Test func concurrentCallersOfAColdEntryShareOneLoad() async throws {
        let store = makeStore()
        source.gateFirstCall()
        let names = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<50 {
                group.addTask { try await store.products(Self.listing()).products.first?.name }
            }
            try await source.waitForCalls(1)
            try await Task.sleep(for: .milliseconds(50))
            source.openGate()
            var names: [String?] = []
            for try await name in group { names.append(name) }
            return names
        }
        #expect(names.count == 50)
        #expect(names.allSatisfy { $0 == "v1-p1" })
        #expect(source.calls["products"] == 1)
    }

    @Test func aLoadStartedBeforeAVersionChangeDoesNotPoisonTheNewGeneration() async throws {
        let store = makeStore()
        source.gateFirstCall()
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await store.products(Self.listing()).products.first?.name }
            try await source.waitForCalls(1)
            source.dataVersion = 2
            versions.set(2)
            #expect(try await store.products(Self.listing()).products.first?.name == "v2-p1")
            source.openGate()
            // The straddling caller gets what it asked for under version 1 …
            #expect(try await group.next() == "v1-p1")
        }
        // … and the new generation still holds the version-2 page.
        #expect(try await store.products(Self.listing()).products.first?.name == "v2-p1")
        #expect(source.calls["products"] == 2)
    }

    @Test func idMapsLoadOnlyTheMissingIDs() async throws {
        let store = makeStore()
        let first = try await store.variants(productIDs: [1, 2])
        let second = try await store.variants(productIDs: [2, 3, 1, 4, 3])
        #expect(first.keys.sorted() == [1, 2])
        #expect(second.keys.sorted() == [1, 2, 3, 4])
        #expect(second[3]?.first?.sku == "SKU-3")
        #expect(source.idRequests["variants"] == [[1, 2], [3, 4]])

        // Ids the source had nothing for are remembered as absent.
        #expect(try await store.media(productIDs: [1, 9999]).keys.sorted() == [1])
        #expect(try await store.media(productIDs: [9999, 1]).keys.sorted() == [1])
        #expect(source.idRequests["media"] == [[1, 9999]])

        _ = try await store.availableStock(variantIDs: [10, 11])
        #expect(try await store.availableStock(variantIDs: [11, 12]) == [11: 5, 12: 5])
        #expect(source.idRequests["stock"] == [[10, 11], [12]])
    }

    @Test func pricesAreCachedPerChannel() async throws {
        let store = makeStore()
        _ = try await store.prices(variantIDs: [10, 11], channel: "web-us")
        let euro = try await store.prices(variantIDs: [11, 10], channel: "web-eu")
        let dollars = try await store.prices(variantIDs: [10, 11, 12], channel: "web-us")
        #expect(euro[10]?.price.currency == "EUR")
        #expect(dollars[12]?.price.currency == "USD")
        #expect(dollars.keys.sorted() == [10, 11, 12])
        #expect(source.idRequests["prices"] == [[10, 11], [11, 10], [12]])
    }

    @Test func concurrentIDLoadsJoinInsteadOfLoadingTwice() async throws {
        let store = makeStore()
        source.gateFirstCall()
        try await withThrowingTaskGroup(of: [Int64].self) { group in
            group.addTask { try await store.variants(productIDs: [1, 2]).keys.sorted() }
            try await source.waitForCalls(1)
            group.addTask { try await store.variants(productIDs: [2, 3]).keys.sorted() }
            try await source.waitForCalls(2)
            source.openGate()
            var results: [[Int64]] = []
            for try await keys in group { results.append(keys) }
            #expect(results.sorted { $0.lexicographicallyPrecedes($1) } == [[1, 2], [2, 3]])
        }
        #expect(source.idRequests["variants"] == [[1, 2], [3]])
    }

    @Test func anUnknownVersionPassesEveryCallThrough() async throws {
        let store = makeStore()
        versions.set(CatalogVersion.unknown)
        _ = try await store.products(Self.listing())
        _ = try await store.products(Self.listing())
        _ = try await store.variants(productIDs: [1])
        _ = try await store.variants(productIDs: [1])
        #expect(try await store.catalogVersion() == 7)
        #expect(source.calls["products"] == 2)
        #expect(source.idRequests["variants"] == [[1], [1]])
        #expect(source.calls["catalogVersion"] == 1)
        #expect(store.cachedVersion == nil)

        versions.set(3)
        #expect(try await store.catalogVersion() == 3)
        _ = try await store.products(Self.listing())
        _ = try await store.products(Self.listing())
        #expect(source.calls["products"] == 3)
        #expect(source.calls["catalogVersion"] == 1)
    }

    @Test func failedLoadsAreNotCached() async throws {
        let store = makeStore()
        source.failNextCall()
        await #expect(throws: SourceFailure.self) { try await store.products(Self.listing()) }
        #expect(try await store.products(Self.listing()).products.count == 1)
        #expect(try await store.products(Self.listing()).products.count == 1)
        #expect(source.calls["products"] == 2)
    }

    @Test func listingPagesAreBoundedAndTheLeastRecentlyUsedGoFirst() async throws {
        let store = makeStore(limits: .init(listingPages: 4))
        for first in 1...4 { _ = try await store.products(Self.listing(first: first)) }
        _ = try await store.products(Self.listing(first: 1))
        _ = try await store.products(Self.listing(first: 5))
        #expect(source.calls["products"] == 5)
        _ = try await store.products(Self.listing(first: 1))
        #expect(source.calls["products"] == 5)
        _ = try await store.products(Self.listing(first: 2))
        #expect(source.calls["products"] == 6)
    }

    @Test func boundedMapEvictsInBatches() {
        var map = RecencyBoundedMap<Int, Int>(capacity: 80)
        for key in 0..<80 { map.set(key, key) }
        _ = map.value(for: 0)
        map.set(80, 80)
        #expect(map.count == 71)
        #expect(map.peek(0) == 0)
        #expect(map.peek(1) == nil)
        #expect(map.peek(80) == 80)
    }
}

/// A version source the test sets by hand.
final class SettableCatalogVersion: CatalogVersionSource {
    private let value: Atomic<Int64>
    init(_ value: Int64) { self.value = Atomic(value) }
    var current: Int64 { value.load(ordering: .acquiring) }
    func set(_ version: Int64) { value.store(version, ordering: .releasing) }
}

struct SourceFailure: Error {}

/// A catalog that counts its calls; its first call can be held at a gate.
final class CountingCatalogSource: CatalogStore {
    private struct State {
        var calls: [String: Int] = [:]
        var idRequests: [String: [[Int64]]] = [:]
        var dataVersion = 1
        var totalCalls = 0
        var gate: [CheckedContinuation<Void, Never>]?
        var gateFirst = false
        var failNext = false
    }
    private let state = Mutex(State())

    var calls: [String: Int] { state.withLock { $0.calls } }
    var idRequests: [String: [[Int64]]] { state.withLock { $0.idRequests } }
    var dataVersion: Int {
        get { state.withLock { $0.dataVersion } }
        set { state.withLock { $0.dataVersion = newValue } }
    }

    /// Holds the next call until ``openGate()``.
    func gateFirstCall() { state.withLock { $0.gateFirst = true } }
    func failNextCall() { state.withLock { $0.failNext = true } }

    func openGate() {
        let waiters = state.withLock { state in
            defer { state.gate = nil }
            state.gateFirst = false
            return state.gate ?? []
        }
        for waiter in waiters { waiter.resume() }
    }

    func waitForCalls(_ count: Int) async throws {
        for _ in 0..<2000 where state.withLock({ $0.totalCalls }) < count {
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(state.withLock { $0.totalCalls } >= count)
    }

    /// Counts the call, waits at the gate if it is the gated one, and returns the data version.
    private func record(_ name: String, ids: [Int64]? = nil) async throws -> Int {
        let (gated, fail, version) = state.withLock { state in
            state.calls[name, default: 0] += 1
            if let ids { state.idRequests[name, default: []].append(ids) }
            state.totalCalls += 1
            let gated = state.gateFirst
            state.gateFirst = false
            if gated { state.gate = state.gate ?? [] }
            defer { state.failNext = false }
            return (gated, state.failNext, state.dataVersion)
        }
        if gated {
            await withCheckedContinuation { continuation in
                let open = state.withLock { state in
                    guard state.gate != nil else { return true }
                    state.gate?.append(continuation)
                    return false
                }
                if open { continuation.resume() }
            }
        }
        if fail { throw SourceFailure() }
        return version
    }

    static func product(_ id: Int64, version: Int) -> Product {
        Product(
            id: id, slug: "p\(id)", name: "v\(version)-p\(id)", description: "", brand: nil, status: .active,
            categoryID: 1, attributes: [], createdAt: 0, updatedAt: 0)
    }

    func channels() async throws -> [Channel] {
        _ = try await record("channels")
        return [Channel(code: "web-us", name: "US", currency: "USD", storefrontBaseURL: "https://example.com")]
    }

    func products(_ request: ProductListingRequest) async throws -> ProductPage {
        let version = try await record("products")
        return ProductPage(
            products: [Self.product(1, version: version)],
            positions: [ListingPosition(sort: request.sort, key: "p1", id: 1)], hasNextPage: false)
    }

    func countProducts(channel: String, filter: ProductFilter) async throws -> Int {
        _ = try await record("countProducts")
        return 42
    }

    func product(slug: String) async throws -> Product? {
        let version = try await record("productBySlug")
        return slug == "p1" ? Self.product(1, version: version) : nil
    }

    func product(id: Int64) async throws -> Product? {
        let version = try await record("productByID")
        return id < 1000 ? Self.product(id, version: version) : nil
    }

    func variants(productIDs: [Int64]) async throws -> [Int64: [ProductVariant]] {
        _ = try await record("variants", ids: productIDs)
        var result: [Int64: [ProductVariant]] = [:]
        for id in productIDs where id < 1000 {
            result[id] = [
                ProductVariant(
                    id: id * 10, productID: id, sku: "SKU-\(id)", name: "", options: [], gtin: nil, mpn: nil,
                    weightGrams: nil, condition: .new, position: 0)
            ]
        }
        return result
    }

    func media(productIDs: [Int64]) async throws -> [Int64: [Media]] {
        _ = try await record("media", ids: productIDs)
        var result: [Int64: [Media]] = [:]
        for id in productIDs where id < 1000 {
            result[id] = [Media(productID: id, url: "/m/\(id).svg", alt: "", position: 0)]
        }
        return result
    }

    func prices(variantIDs: [Int64], channel: String) async throws -> [Int64: VariantPrice] {
        _ = try await record("prices", ids: variantIDs)
        let currency = channel == "web-eu" ? "EUR" : "USD"
        var result: [Int64: VariantPrice] = [:]
        for id in variantIDs {
            result[id] = VariantPrice(
                variantID: id, channel: channel, price: Money(minorUnits: 1000, currency: currency),
                compareAtPrice: nil)
        }
        return result
    }

    func availableStock(variantIDs: [Int64]) async throws -> [Int64: Int] {
        _ = try await record("stock", ids: variantIDs)
        return Dictionary(uniqueKeysWithValues: variantIDs.map { ($0, 5) })
    }

    func categories() async throws -> [Category] {
        _ = try await record("categories")
        return [Category(id: 1, parentID: nil, slug: "all", name: "All", path: "all", position: 0)]
    }

    func catalogVersion() async throws -> Int64 {
        _ = try await record("catalogVersion")
        return 7
    }
}
