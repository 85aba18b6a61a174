import EmporiumGraphQL
import GraphQL

/// GraphQLSwift has a `GraphQLRequest` of its own.
private typealias GraphQLRequest = EmporiumGraphQL.GraphQLRequest

/// Feeds one fuzz input through everything the storefront does with a request before executing it:
/// JSON request decoding, persisted-query resolution, the pre-parse guard, GraphQLSwift's parser and
/// validator, and the depth and cost limits.
///
/// An input that `GraphQLRequest.decode(json:)` refuses is also sent as a raw query text, so one
/// corpus exercises both the HTTP body decoder and the GraphQL front end.
enum PrepareFuzzer {
    /// Created once: the document and persisted-query caches live across inputs, as in a server.
    static let endpoint = GraphQLEndpoint(
        schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: GraphQLEndpointOptions())

    /// Runs one input. A crash, a trap or a broken invariant is a finding; a rejected request is not.
    static func run(_ input: some Collection<UInt8>) {
        if let request = try? GraphQLRequest.decode(json: input) {
            prepare(request)
        } else {
            prepare(GraphQLRequest(query: String(decoding: input, as: UTF8.self)))
        }
    }

    private static func prepare(_ request: GraphQLRequest) {
        do {
            _ = try endpoint.prepare(request, transport: .post)
        } catch {
            // Every refusal must reach the client as a well-formed GraphQL-over-HTTP error.
            precondition([200, 400].contains(error.status), "unexpected status \(error.status) for a POST")
            precondition(!error.errors.isEmpty, "a failure without errors")
            for problem in error.errors {
                guard case .string(let code)? = problem.extensions["code"], !code.isEmpty else {
                    preconditionFailure("an error without extensions.code: \(problem.message)")
                }
            }
        }
    }
}
