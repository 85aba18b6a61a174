import Foundation
import GraphQL

/// What an executor produced: a `GraphQLResult` to encode, the `data` value already written as
/// JSON bytes (nil when absent) with the errors to report, or, when there are no errors, the whole
/// response body (`{"data":…}`) written in one buffer.
public enum ExecutionOutcome: Sendable {
    case result(GraphQLResult)
    case encoded(data: [UInt8]?, errors: [GraphQLError])
    /// A whole response body, `{"data":…}`, for an execution without errors.
    case body(Data)
}

/// Executes a prepared (parsed, validated, limited) operation. Execution sits behind this one
/// interface so that executors can be swapped without touching request handling, caching,
/// limits or error shaping.
public protocol OperationExecutor: Sendable {
    /// Runs the prepared request's operation against `schema`.
    func execute(_ request: GraphQLEndpoint.PreparedRequest, schema: GraphQLSchema, context: any Sendable) async throws
        -> ExecutionOutcome
}

/// GraphQLSwift's own executor: the reference the compiled executor is tested against, and the
/// path for what the compiled executor does not handle (introspection, unusual variable values).
public struct GraphQLSwiftExecutor: OperationExecutor {
    /// Creates the executor.
    public init() {}

    public func execute(_ request: GraphQLEndpoint.PreparedRequest, schema: GraphQLSchema, context: any Sendable)
        async throws -> ExecutionOutcome
    {
        .result(
            try await GraphQL.execute(
                schema: schema, documentAST: request.document.document, rootValue: (), context: context,
                variableValues: request.request.variables, operationName: request.request.operationName))
    }
}

extension ExecutionOutcome {
    /// Whether the compiled executor wrote this outcome (its responses may be cached as bytes).
    var isWritten: Bool {
        if case .result = self { return false }
        return true
    }
}
