import Synchronization

/// A ``CatalogStore`` that answers storefront reads from memory and asks its source only for what
/// it has not seen since the catalog last changed.
///
/// Everything cached belongs to one *generation*, tagged with the catalog version it was loaded
/// under. The version comes from a ``CatalogVersionSource`` (no database round trip); when it
/// changes, the next call starts a fresh generation and the old one is dropped whole. A load that
/// was started under an old version finishes into the old generation, so it never shows up in the
/// new one. While the version is ``CatalogVersion/unknown`` every call passes straight through.
///
/// Concurrent callers of an entry that is not cached yet share one load (single flight). For the
/// id-keyed calls (`variants`, `media`, `prices`, `availableStock`) the cached ids are served from
/// memory, ids that another caller is loading are awaited, and only the rest are loaded, in one
/// source call. Results that say "nothing" (an unknown slug, a product without media) are cached
/// too. Failed loads are not cached.
///
/// Memory is bounded by ``Limits``: each cache keeps at most its limit and evicts the least
/// recently used entries, an eighth of the limit at a time.
///
/// Staleness: a change is seen when the version source sees it (normally milliseconds after the
/// commit). Available stock can therefore be briefly stale; decisions that need the exact stock,
/// such as checkout, must go to the database.
///
/// ```swift
/// let cached = CachedCatalogStore(source: store, versions: watcher)
/// let page = try await cached.products(request)  // loads once per catalog version
/// ```
public final class CachedCatalogStore: CatalogStore {
    /// How many entries each cache keeps.
    public struct Limits: Sendable, Hashable {
        /// Listing pages, and separately listing counts (default 1000 each).
        public var listingPages: Int
        /// Products by slug, and separately products by id (default 10000 each).
        public var products: Int
        /// Entries of each id map: variants and media by product, prices by channel and variant,
        /// stock by variant (default 100000 each).
        public var idEntries: Int

        /// Creates limits; values below 1 count as 1.
        public init(listingPages: Int = 1000, products: Int = 10_000, idEntries: Int = 100_000) {
            self.listingPages = listingPages
            self.products = products
            self.idEntries = idEntries
        }
    }

    /// The store that is asked on a miss.
    public let source: any CatalogStore
    /// Where the current catalog version comes from.
    public let versions: any CatalogVersionSource
    /// The bounds in force.
    public let limits: Limits
    private let generation = Mutex<CatalogGeneration?>(nil)

    /// Wraps `source`; nothing is loaded until the first call.
    public init(source: any CatalogStore, versions: any CatalogVersionSource, limits: Limits = Limits()) {
        self.source = source
        self.versions = versions
        self.limits = limits
    }

    /// The version the cache currently serves, or `nil` while it passes calls through.
    public var cachedVersion: Int64? {
        generation.withLock { $0?.version }
    }

    public func channels() async throws -> [Channel] {
        try await single(\.channels, 0) { [source] in try await source.channels() }
    }

    public func categories() async throws -> [Category] {
        try await single(\.categories, 0) { [source] in try await source.categories() }
    }

    public func products(_ request: ProductListingRequest) async throws -> ProductPage {
        // A cached page serves every query, so it holds everything.
        var request = request
        request.omit = []
        return try await single(\.pages, request) { [source, request] in try await source.products(request) }
    }

    public func countProducts(channel: String, filter: ProductFilter) async throws -> Int {
        try await single(\.counts, ProductCountKey(channel: channel, filter: filter)) { [source] in
            try await source.countProducts(channel: channel, filter: filter)
        }
    }

    public func product(slug: String) async throws -> Product? {
        try await single(\.productsBySlug, slug) { [source] in try await source.product(slug: slug) }
    }

    public func product(id: Int64) async throws -> Product? {
        try await single(\.productsByID, id) { [source] in try await source.product(id: id) }
    }

    public func variants(productIDs: [Int64]) async throws -> [Int64: [ProductVariant]] {
        try await batch(\.variants, productIDs) { [source] ids in try await source.variants(productIDs: ids) }
    }

    public func media(productIDs: [Int64]) async throws -> [Int64: [Media]] {
        try await batch(\.media, productIDs) { [source] ids in try await source.media(productIDs: ids) }
    }

    public func prices(variantIDs: [Int64], channel: String) async throws -> [Int64: VariantPrice] {
        let keys = variantIDs.map { VariantPriceKey(channel: channel, variantID: $0) }
        let found = try await batch(\.prices, keys) { [source] keys in
            let loaded = try await source.prices(variantIDs: keys.map(\.variantID), channel: channel)
            return Dictionary(
                loaded.map { (VariantPriceKey(channel: channel, variantID: $0.key), $0.value) },
                uniquingKeysWith: { first, _ in first })
        }
        return Dictionary(found.map { ($0.key.variantID, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    public func availableStock(variantIDs: [Int64]) async throws -> [Int64: Int] {
        try await batch(\.stock, variantIDs) { [source] ids in try await source.availableStock(variantIDs: ids) }
    }

    /// The version source's value; the source store is asked only while that is unknown.
    public func catalogVersion() async throws -> Int64 {
        let version = versions.current
        return CatalogVersion.isKnown(version) ? version : try await source.catalogVersion()
    }

    /// The generation of the current version: the existing one, a fresh one after a change, or
    /// `nil` (pass through) while the version is unknown.
    private func currentGeneration() -> CatalogGeneration? {
        generation.withLock { generation in
            // Read under the lock, so that concurrent callers cannot swap back to an older version.
            let version = versions.current
            guard CatalogVersion.isKnown(version) else {
                generation = nil
                return nil
            }
            if let existing = generation, existing.version == version { return existing }
            let fresh = CatalogGeneration(version: version, limits: limits)
            generation = fresh
            return fresh
        }
    }

    /// One cached value per key, loaded at most once per generation at a time.
    private func single<Key: Hashable & Sendable, Value: Sendable>(
        _ map: WritableKeyPath<CatalogCaches, RecencyBoundedMap<Key, CacheSlot<Value>>>, _ key: Key,
        load: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        guard let generation = currentGeneration() else { return try await load() }
        let plan: SingleLoadPlan<Value> = generation.caches.withLock { caches in
            switch caches[keyPath: map].value(for: key) {
            case .ready(let value)?: return .hit(value)
            case .loading(_, let task)?: return .join(task)
            case nil:
                let id = caches.issueLoadID()
                // Unstructured: every concurrent caller awaits this one load, so no caller may own
                // (and cancel) it.
                let task = Task { try await load() }
                caches[keyPath: map].set(key, .loading(id, task))
                return .lead(id, task)
            }
        }
        switch plan {
        case .hit(let value): return value
        case .join(let task): return try await task.value
        case .lead(let id, let task):
            do {
                let value = try await task.value
                generation.caches.withLock { caches in
                    if case .loading(let current, _)? = caches[keyPath: map].peek(key), current == id {
                        caches[keyPath: map].set(key, .ready(value))
                    }
                }
                return value
            } catch {
                generation.caches.withLock { caches in
                    if case .loading(let current, _)? = caches[keyPath: map].peek(key), current == id {
                        caches[keyPath: map].remove(key)
                    }
                }
                throw error
            }
        }
    }

    /// Values per id: cached ids from memory, ids in flight awaited, the rest loaded in one call.
    private func batch<Key: Hashable & Sendable, Value: Sendable>(
        _ map: WritableKeyPath<CatalogCaches, RecencyBoundedMap<Key, BatchSlot<Key, Value>>>, _ keys: [Key],
        load: @escaping @Sendable ([Key]) async throws -> [Key: Value]
    ) async throws -> [Key: Value] {
        guard let generation = currentGeneration() else { return try await load(keys) }
        let plan: BatchLoadPlan<Key, Value> = generation.caches.withLock { caches in
            var plan = BatchLoadPlan<Key, Value>()
            var missing: [Key] = []
            var seen = Set<Key>()
            for key in keys where seen.insert(key).inserted {
                switch caches[keyPath: map].value(for: key) {
                case .ready(let value)?: if let value { plan.found[key] = value }
                case .loading(let id, let task)?: plan.joined[id, default: (task, [])].keys.append(key)
                case nil: missing.append(key)
                }
            }
            if !missing.isEmpty {
                let id = caches.issueLoadID()
                let requested = missing
                // Unstructured for the same reason as in `single`: callers that need these ids join it.
                let task = Task { try await load(requested) }
                for key in requested { caches[keyPath: map].set(key, .loading(id, task)) }
                plan.led = (id, task, requested)
            }
            return plan
        }
        var result = plan.found
        if let led = plan.led {
            do {
                let loaded = try await led.task.value
                generation.caches.withLock { caches in
                    for key in led.keys {
                        if case .loading(let current, _)? = caches[keyPath: map].peek(key), current == led.id {
                            caches[keyPath: map].set(key, .ready(loaded[key]))
                        }
                    }
                }
                result.merge(loaded) { _, new in new }
            } catch {
                generation.caches.withLock { caches in
                    for key in led.keys {
                        if case .loading(let current, _)? = caches[keyPath: map].peek(key), current == led.id {
                            caches[keyPath: map].remove(key)
                        }
                    }
                }
                throw error
            }
        }
        for joined in plan.joined.values {
            let loaded = try await joined.task.value
            for key in joined.keys {
                if let value = loaded[key] { result[key] = value }
            }
        }
        return result
    }
}

/// Everything cached under one catalog version.
final class CatalogGeneration: Sendable {
    let version: Int64
    let caches: Mutex<CatalogCaches>

    init(version: Int64, limits: CachedCatalogStore.Limits) {
        self.version = version
        caches = Mutex(CatalogCaches(limits: limits))
    }
}

/// The caches of one generation.
struct CatalogCaches: Sendable {
    private var nextLoadID = 0
    var channels = RecencyBoundedMap<Int, CacheSlot<[Channel]>>(capacity: 1)
    var categories = RecencyBoundedMap<Int, CacheSlot<[Category]>>(capacity: 1)
    var pages: RecencyBoundedMap<ProductListingRequest, CacheSlot<ProductPage>>
    var counts: RecencyBoundedMap<ProductCountKey, CacheSlot<Int>>
    var productsBySlug: RecencyBoundedMap<String, CacheSlot<Product?>>
    var productsByID: RecencyBoundedMap<Int64, CacheSlot<Product?>>
    var variants: RecencyBoundedMap<Int64, BatchSlot<Int64, [ProductVariant]>>
    var media: RecencyBoundedMap<Int64, BatchSlot<Int64, [Media]>>
    var prices: RecencyBoundedMap<VariantPriceKey, BatchSlot<VariantPriceKey, VariantPrice>>
    var stock: RecencyBoundedMap<Int64, BatchSlot<Int64, Int>>

    init(limits: CachedCatalogStore.Limits) {
        pages = .init(capacity: limits.listingPages)
        counts = .init(capacity: limits.listingPages)
        productsBySlug = .init(capacity: limits.products)
        productsByID = .init(capacity: limits.products)
        variants = .init(capacity: limits.idEntries)
        media = .init(capacity: limits.idEntries)
        prices = .init(capacity: limits.idEntries)
        stock = .init(capacity: limits.idEntries)
    }

    /// A number that tells this load's slots from those of a later load of the same key.
    mutating func issueLoadID() -> Int {
        nextLoadID += 1
        return nextLoadID
    }
}

/// A cached value, or the load every caller of that key awaits.
enum CacheSlot<Value: Sendable>: Sendable {
    case loading(Int, Task<Value, any Error>)
    case ready(Value)
}

/// One id of an id map: its value (`nil`: the source had none), or the batch load that brings it.
enum BatchSlot<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    case loading(Int, Task<[Key: Value], any Error>)
    case ready(Value?)
}

enum SingleLoadPlan<Value: Sendable>: Sendable {
    case hit(Value)
    case join(Task<Value, any Error>)
    case lead(Int, Task<Value, any Error>)
}

struct BatchLoadPlan<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    var found: [Key: Value] = [:]
    var joined: [Int: (task: Task<[Key: Value], any Error>, keys: [Key])] = [:]
    var led: (id: Int, task: Task<[Key: Value], any Error>, keys: [Key])?
}

struct ProductCountKey: Hashable, Sendable {
    var channel: String
    var filter: ProductFilter
}

struct VariantPriceKey: Hashable, Sendable {
    var channel: String
    var variantID: Int64
}
