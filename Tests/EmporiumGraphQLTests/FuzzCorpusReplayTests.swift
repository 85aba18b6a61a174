import Foundation
import GraphQL
import Testing

@testable import EmporiumGraphQL

/// GraphQLSwift has a `GraphQLRequest` of its own.
private typealias GraphQLRequest = EmporiumGraphQL.GraphQLRequest

/// Replays `FuzzCorpus` through the whole front end, as `EmporiumFuzz` does: JSON request decoding,
/// or the raw bytes as a query when they are not a request body, then `GraphQLEndpoint.prepare`.
/// Each `crash-*` file once killed the process; it must now be an ordinary 400.
@Suite("Fuzz corpus through GraphQLEndpoint.prepare")
struct FuzzCorpusReplayTests {
    private static let endpoint = GraphQLEndpoint(
        schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: GraphQLEndpointOptions())

    static let corpus: [URL] = {
        guard let folder = Bundle.module.url(forResource: "FuzzCorpus", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        else { return [] }
        return files.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }()

    @Test("the corpus is bundled and holds crash reproducers")
    func corpusIsBundled() {
        #expect(Self.corpus.count >= 20)
        #expect(Self.corpus.filter { $0.lastPathComponent.hasPrefix("crash-") }.count >= 2)
    }

    @Test("every corpus input is prepared or refused with a well-formed error", arguments: corpus)
    func replay(_ file: URL) throws {
        let bytes = try Data(contentsOf: file)
        let outcome = Self.prepare(bytes)
        if file.lastPathComponent.hasPrefix("crash-") {
            guard case .failure(let failure) = outcome else {
                Issue.record("\(file.lastPathComponent) was accepted")
                return
            }
            #expect(failure.status == 400)
            #expect(!failure.errors.isEmpty)
        }
        if case .failure(let failure) = outcome {
            #expect([200, 400].contains(failure.status))
            for error in failure.errors {
                #expect(error.extensions["code"]?.string?.isEmpty == false, "\(error.message)")
            }
        }
    }

    private static func prepare(_ bytes: Data) -> Result<GraphQLEndpoint.PreparedRequest, GraphQLRequestFailure> {
        let request =
            (try? GraphQLRequest.decode(json: bytes)) ?? GraphQLRequest(query: String(decoding: bytes, as: UTF8.self))
        return Result { () throws(GraphQLRequestFailure) in try endpoint.prepare(request, transport: .post) }
    }
}
