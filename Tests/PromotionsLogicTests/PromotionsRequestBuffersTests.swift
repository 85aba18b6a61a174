import EmporiumPluginKit
import PromotionsLogic
import Testing

/// A request read into the arrays of the one before reads as a request read into new arrays.
@Suite("PromotionsRequest: the arrays of one request reused for the next")
struct PromotionsRequestBuffersTests {
    typealias Canonical = PromotionsRequestCanonicalTests

    /// Requests of different sizes and shapes, one after the other, so that reused arrays are
    /// larger, smaller and of another shape than what fills them.
    static let documents = [
        Canonical.canonical(),
        Canonical.canonical(lines: []),
        Canonical.canonical(
            lines: Canonical.benchLines + Canonical.benchLines, codes: #"["a","b","c"]"#,
            redemptions: #"{"a":1,"b":2,"c":3}"#),
        Canonical.canonical(codes: "[]", redemptions: "{}"),
        // Not the engine's shape: read the general way.
        Canonical.general(Canonical.canonical()),
        Canonical.canonical(),
    ]

    static func fresh(_ json: String) throws -> String {
        Canonical.view(try PromotionsRequest(json: Array(json.utf8)))
    }

    @Test("requests read with reused arrays are the requests read without them")
    func sameRequests() throws {
        var buffers = PromotionsRequest.Buffers()
        for _ in 0..<3 {
            for json in Self.documents {
                let bytes = Array(json.utf8)
                let request = try bytes.withUnsafeBytes { document in
                    try Result { () throws(PluginJSONError) in
                        try PromotionsRequest(json: document, reusing: &buffers)
                    }.get()
                }
                #expect(Canonical.view(request) == (try Self.fresh(json)))
                buffers = request.buffers()
            }
        }
    }

    @Test("a refused document is refused as without reused arrays")
    func refusal() throws {
        let pool = PromotionsRequest.BufferPool()
        let broken = Array(Canonical.canonical(subtotal: "x").utf8)
        let error = broken.withUnsafeBytes { document in
            pool.withBuffers { buffers in
                Result { () throws(PluginJSONError) in try PromotionsRequest(json: document, reusing: &buffers) }
            }
        }
        guard case .failure(let reused) = error else {
            Issue.record("accepted a broken document")
            return
        }
        #expect(throws: PluginJSONError.self) { try PromotionsRequest(json: broken) }
        do {
            _ = try PromotionsRequest(json: broken)
        } catch {
            #expect(error.message == reused.message)
            #expect(error.code == reused.code)
        }
    }

    @Test("calls on many threads at once share one pool and each read their own request")
    func concurrent() async throws {
        let pool = PromotionsRequest.BufferPool()
        let expected = try Self.documents.map(Self.fresh)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<500 {
                        let which = (task + index) % Self.documents.count
                        let bytes = Array(Self.documents[which].utf8)
                        let view = try bytes.withUnsafeBytes { document in
                            try pool.withBuffers { (buffers) throws(PluginJSONError) in
                                let request = try PromotionsRequest(json: document, reusing: &buffers)
                                defer { buffers = request.buffers() }
                                return Canonical.view(request)
                            }
                        }
                        #expect(view == expected[which])
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
