import Dispatch
import EmporiumGraphQL
import Foundation
import GraphQL
import Logging

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

    /// Executes on the compiled path over an in-memory catalog.
    static let executing = GraphQLEndpoint(
        schema: StorefrontSchema.schema, listFields: StorefrontSchema.listFields, options: GraphQLEndpointOptions(),
        executor: CompiledExecutor())
    static let catalog = InMemoryCatalog(products: 12)
    static let logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

    private static func prepare(_ request: GraphQLRequest) {
        do {
            _ = try endpoint.prepare(request, transport: .post)
            execute(request)
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

    /// Compiles and executes a request that prepared, and checks the response is well-formed JSON
    /// with a sensible status. libFuzzer calls synchronously; the request runs on a task and the
    /// caller waits for it.
    private static func execute(_ request: GraphQLRequest) {
        let done = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        let context = StorefrontContext(store: catalog, defaultChannel: nil, maxPageSize: 100)
        // A task because libFuzzer's entry point is synchronous; the semaphore bounds its life.
        Task {
            box.response = await executing.handle(request, transport: .post, context: context, logger: logger)
            done.signal()
        }
        done.wait()
        guard let response = box.response else { preconditionFailure("no response") }
        precondition([200, 400, 503].contains(response.status), "unexpected status \(response.status)")
        precondition(
            (try? JSONSerialization.jsonObject(with: response.body)) is [String: Any],
            "the response is not a JSON object: \(String(decoding: response.body.prefix(300), as: UTF8.self))")
    }
}

/// Hands the response from the task back to the waiting fuzz entry point.
private final class ResponseBox: @unchecked Sendable {
    // Written by the task before it signals, read by the caller after the wait: never concurrently.
    var response: GraphQLHTTPResponse?
}
