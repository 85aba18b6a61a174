import Foundation
import GraphQL
import OrderedCollections

/// Rendered storefront responses, keyed by request (document text or persisted-query hash,
/// operation name, variables) and tagged with the catalog version they were rendered at. A
/// response is a pure function of those and the catalog, so while the version stands a repeat is
/// answered from memory; any catalog, price or stock change moves the version and retires every
/// entry at once. Only complete, error-free responses of the compiled executor are kept.
public final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let version: Int64
        let body: Data
        let operationName: String
    }

    private let entries: BoundedCache<String, Entry>
    private let version: @Sendable () -> Int64?
    /// Largest body kept.
    let maxBodyBytes: Int

    /// Creates a cache; `version` gives the current catalog version, or nil when it is unknown (then
    /// nothing is served or stored).
    public init(capacity: Int = 1_000, maxBodyBytes: Int = 512 * 1024, version: @escaping @Sendable () -> Int64?) {
        entries = BoundedCache(capacity: capacity)
        self.version = version
        self.maxBodyBytes = maxBodyBytes
    }

    /// The current version, read once per request before anything is rendered.
    func currentVersion() -> Int64? { version() }

    static func key(_ request: GraphQLRequest) -> String? {
        var key = request.query ?? request.persistedQueryHash.map { "#" + $0 } ?? ""
        key += "\u{0}" + (request.operationName ?? "") + "\u{0}"
        if !request.variables.isEmpty {
            let sorted = Map.dictionary(
                OrderedDictionary(uniqueKeysWithValues: request.variables.sorted { $0.key < $1.key }))
            guard let encoded = try? GraphQLJSONEncoder().encode(sorted) else { return nil }
            key += String(decoding: encoded, as: UTF8.self)
        }
        return key
    }

    func lookup(_ key: String, version: Int64) -> Entry? {
        guard let entry = entries.value(for: key), entry.version == version else { return nil }
        return entry
    }

    func store(_ key: String, version: Int64, body: Data, operationName: String) {
        guard body.count <= maxBodyBytes else { return }
        // A copy of exactly the body's size: a body written by the compiled executor owns its
        // writer's whole buffer, which is sized for the largest recent response, and the limits
        // here count bodies, not buffers.
        let compact = body.withUnsafeBytes { Data($0) }
        entries.store(Entry(version: version, body: compact, operationName: operationName), for: key)
    }
}
