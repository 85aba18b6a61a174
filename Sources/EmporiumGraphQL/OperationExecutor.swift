import GraphQL

/// Executes a validated operation. The engine keeps execution behind this one interface so that
/// the executor can be replaced (the compiled executor of the performance work) without touching
/// request handling, caching or limits.
public protocol OperationExecutor: Sendable {
    /// Runs `operationName` of `document` against `schema`.
    func execute(
        schema: GraphQLSchema, document: Document, operationName: String?, variables: [String: Map],
        context: any Sendable
    ) async throws -> GraphQLResult
}

/// GraphQLSwift's own executor.
public struct GraphQLSwiftExecutor: OperationExecutor {
    /// Creates the executor.
    public init() {}

    public func execute(
        schema: GraphQLSchema, document: Document, operationName: String?, variables: [String: Map],
        context: any Sendable
    ) async throws -> GraphQLResult {
        try await GraphQL.execute(
            schema: schema, documentAST: document, rootValue: (), context: context, variableValues: variables,
            operationName: operationName)
    }
}
