import Crypto
import EmporiumCore
import Foundation
import GraphQL
import Logging
import OrderedCollections

/// Limits and switches of a GraphQL endpoint, with their defaults.
public struct GraphQLEndpointOptions: Sendable {
    /// Whether `__schema` / `__type` queries are allowed (default true; turn off in production if wanted).
    public var introspection: Bool = true
    /// Deepest field nesting (default 12; introspection fields are not counted).
    public var maxDepth: Int = 12
    /// Cost budget of one operation (default 10,000; see ``OperationAnalysis``).
    public var maxCost: Int = 10_000
    /// Parsed and validated documents kept, by query text (default 1,000).
    public var documentCacheSize: Int = 1_000
    /// Automatic persisted queries kept, by SHA-256 (default 10,000).
    public var persistedQueryCacheSize: Int = 10_000
    /// Limits of the pre-parse guard.
    public var guardLimits: QueryGuard.Limits = QueryGuard.Limits()

    /// Creates options with the defaults.
    public init() {}
}

/// How a request arrived; mutations are refused over GET.
public enum GraphQLTransport: Sendable {
    case get, post
}

/// A finished GraphQL-over-HTTP response.
public struct GraphQLHTTPResponse: Sendable {
    /// HTTP status.
    public var status: Int
    /// JSON body.
    public var body: Data
    /// The executed operation's name, for metrics (`anonymous` when unnamed, `-` when none ran).
    public var operationName: String
}

/// One GraphQL endpoint: guard, persisted queries, document cache, validation, limits, execution,
/// error shaping and encoding. Shared by every request of its schema.
public final class GraphQLEndpoint: Sendable {
    let schema: GraphQLSchema
    let listFields: [String: OperationAnalysis.ListField]
    let options: GraphQLEndpointOptions
    let executor: any OperationExecutor
    let queryGuard: QueryGuard
    let documents: BoundedCache<String, PreparedDocument>
    let persistedQueries: BoundedCache<String, String>
    let rules: [@Sendable (ValidationContext) -> Visitor]
    let responses: ResponseCache?

    /// Creates an endpoint over a schema.
    public init(
        schema: GraphQLSchema, listFields: [String: OperationAnalysis.ListField], options: GraphQLEndpointOptions,
        executor: any OperationExecutor = GraphQLSwiftExecutor(), responses: ResponseCache? = nil
    ) {
        self.responses = responses
        self.schema = schema
        self.listFields = listFields
        self.options = options
        self.executor = executor
        queryGuard = QueryGuard(limits: options.guardLimits)
        documents = BoundedCache(capacity: options.documentCacheSize)
        persistedQueries = BoundedCache(capacity: options.persistedQueryCacheSize)
        rules = options.introspection ? specifiedRules : specifiedRules + [NoSchemaIntrospectionCustomRule]
    }

    /// Number of cached documents (for tests and metrics).
    public var cachedDocumentCount: Int { documents.count }

    /// A request made ready to execute: its document and chosen operation.
    public struct PreparedRequest: Sendable {
        /// The parsed, validated document.
        public let document: PreparedDocument
        /// The operation that will run.
        public let operation: OperationDefinition
        /// The request.
        public let request: GraphQLRequest
    }

    /// Resolves persisted queries, guards, parses, validates and checks the limits. Never executes.
    public func prepare(_ request: GraphQLRequest, transport: GraphQLTransport) throws(GraphQLRequestFailure)
        -> PreparedRequest
    {
        let text = try resolveQueryText(request)
        let prepared: PreparedDocument
        if let cached = documents.value(for: text) {
            prepared = cached
        } else {
            do {
                try queryGuard.check(text)
            } catch {
                throw .init(status: 400, errors: [GraphQLError(message: error.message, extensions: code(.parseFailed))])
            }
            let document: Document
            do {
                document = try parse(source: Source(body: text, name: "GraphQL request"))
            } catch let error as GraphQLError {
                throw .init(status: 400, errors: [reshaped(error, code: .parseFailed)])
            } catch {
                throw .init(
                    status: 400, errors: [GraphQLError(message: "Syntax error.", extensions: code(.parseFailed))])
            }
            if let duplicate = DuplicateDefinitions.first(in: document) {
                throw .init(
                    status: 400, errors: [GraphQLError(message: duplicate, extensions: code(.validationFailed))])
            }
            let problems = validate(schema: schema, ast: document, rules: rules)
            guard problems.isEmpty else {
                throw .init(status: 400, errors: problems.map { reshaped($0, code: .validationFailed) })
            }
            let depth = OperationAnalysis.maxDepth(of: document)
            guard depth <= options.maxDepth else {
                throw .init(
                    status: 400,
                    errors: [
                        GraphQLError(
                            message: "The query nests fields \(depth) levels deep; the limit is \(options.maxDepth).",
                            extensions: code(.depthLimitExceeded))
                    ])
            }
            prepared = PreparedDocument(document: document, depth: depth)
            documents.store(prepared, for: text)
        }
        let operation = try selectOperation(prepared.document, name: request.operationName)
        if transport == .get && operation.operation != .query {
            throw .init(
                status: 405,
                errors: [
                    GraphQLError(message: "Mutations must be sent with POST.", extensions: code(.methodNotAllowed))
                ])
        }
        let cost = operationCost(operation, of: prepared, variables: request.variables)
        guard cost <= options.maxCost else {
            throw .init(
                status: 400,
                errors: [
                    GraphQLError(
                        message:
                            "The query's estimated cost is \(cost == Int.max ? "unbounded" : String(cost)); the budget is \(options.maxCost).",
                        extensions: code(.costLimitExceeded))
                ])
        }
        if let hash = request.persistedQueryHash, request.query != nil {
            // Only documents that passed every check are remembered, so junk cannot fill the cache.
            persistedQueries.store(text, for: hash)
        }
        return PreparedRequest(document: prepared, operation: operation, request: request)
    }

    /// Handles a decoded request end to end and encodes the response.
    public func handle(
        _ request: GraphQLRequest, transport: GraphQLTransport, context: any Sendable, logger: Logger
    ) async -> GraphQLHTTPResponse {
        let cacheVersion = responses?.currentVersion()
        let cacheKey = cacheVersion == nil ? nil : ResponseCache.key(request)
        if let responses, let cacheVersion, let cacheKey, let hit = responses.lookup(cacheKey, version: cacheVersion) {
            return GraphQLHTTPResponse(status: 200, body: hit.body, operationName: hit.operationName)
        }
        let prepared: PreparedRequest
        do {
            prepared = try prepare(request, transport: transport)
        } catch {
            return GraphQLHTTPResponse(
                status: error.status, body: encode(GraphQLResult(errors: error.errors)), operationName: "-")
        }
        let name = prepared.operation.name?.value ?? "anonymous"
        do {
            let outcome = try await executor.execute(prepared, schema: schema, context: context)
            let data: EncodedData?
            let rawErrors: [GraphQLError]
            switch outcome {
            case .result(let result):
                data = result.data.map { .map($0) }
                rawErrors = result.errors
            case .encoded(let bytes, let errors):
                data = bytes.map { .bytes($0) }
                rawErrors = errors
            case .body(let body):
                data = .body(body)
                rawErrors = []
            }
            var transient = false
            let errors = rawErrors.map { error -> GraphQLError in
                let shaped = shapeExecutionError(error, logger: logger)
                if shaped.transient { transient = true }
                return shaped.error
            }
            let requestError =
                data == nil && !errors.isEmpty
                && errors.allSatisfy {
                    $0.path.elements.isEmpty && $0.extensions["code"] == .string(APIError.Code.badUserInput.description)
                }
            let status = transient && data == nil ? 503 : (requestError ? 400 : 200)
            let body = encode(data: data, errors: errors)
            if let responses, let cacheVersion, let cacheKey, outcome.isWritten, errors.isEmpty, data != nil,
                prepared.operation.operation == .query
            {
                responses.store(cacheKey, version: cacheVersion, body: body, operationName: name)
            }
            return GraphQLHTTPResponse(status: status, body: body, operationName: name)
        } catch let error as GraphQLError {
            // Variable coercion problems are the client's: wrong types, missing required values.
            return GraphQLHTTPResponse(
                status: 400, body: encode(GraphQLResult(errors: [reshaped(error, code: .badUserInput)])),
                operationName: name)
        } catch {
            let shaped = shapeExecutionError(GraphQLError(message: "", originalError: error), logger: logger)
            return GraphQLHTTPResponse(
                status: shaped.transient ? 503 : 500, body: encode(GraphQLResult(errors: [shaped.error])),
                operationName: name)
        }
    }

    /// The operation's estimated cost; walked once per document for operations without variables.
    private func operationCost(
        _ operation: OperationDefinition, of prepared: PreparedDocument, variables: [String: Map]
    ) -> Int {
        let measure = { [listFields] in
            var analysis = OperationAnalysis(document: prepared.document, listFields: listFields, variables: variables)
            return analysis.cost(of: operation)
        }
        guard operation.variableDefinitions.isEmpty else { return measure() }
        return prepared.plans.cost(of: operation, measure: measure)
    }

    /// Encodes a failure that happened before GraphQL handling (bad JSON, body too large).
    public static func failureBody(_ error: APIError) -> Data {
        let result = GraphQLResult(errors: [
            GraphQLError(message: error.message, extensions: ["code": .string(error.code.description)])
        ])
        return (try? GraphQLJSONEncoder().encode(result))
            ?? Data("{\"errors\":[{\"message\":\"Internal error.\"}]}".utf8)
    }

    private func resolveQueryText(_ request: GraphQLRequest) throws(GraphQLRequestFailure) -> String {
        guard let hash = request.persistedQueryHash else {
            guard let query = request.query else {
                throw .init(
                    status: 400,
                    errors: [GraphQLError(message: "The request has no \"query\".", extensions: code(.badRequest))])
            }
            return query
        }
        if let query = request.query {
            let digest = SHA256.hash(data: Data(query.utf8)).map { String(format: "%02x", $0) }.joined()
            guard digest == hash else {
                throw .init(
                    status: 400,
                    errors: [
                        GraphQLError(
                            message: "The persisted query hash does not match the query text.",
                            extensions: code(.persistedQueryHashMismatch))
                    ])
            }
            return query
        }
        guard let known = persistedQueries.value(for: hash) else {
            throw .init(
                status: 200,
                errors: [GraphQLError(message: "PersistedQueryNotFound", extensions: code(.persistedQueryNotFound))])
        }
        return known
    }

    private func selectOperation(_ document: Document, name: String?) throws(GraphQLRequestFailure)
        -> OperationDefinition
    {
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        if let name {
            guard let match = operations.first(where: { $0.name?.value == name }) else {
                throw .init(
                    status: 400,
                    errors: [
                        GraphQLError(
                            message: "Unknown operation named \"\(name.prefix(100))\".", extensions: code(.badRequest))
                    ])
            }
            return match
        }
        guard operations.count == 1, let only = operations.first else {
            throw .init(
                status: 400,
                errors: [
                    GraphQLError(
                        message: operations.isEmpty
                            ? "The document contains no operation."
                            : "The document contains several operations; name one with \"operationName\".",
                        extensions: code(.badRequest))
                ])
        }
        return only
    }

    private func shapeExecutionError(_ error: GraphQLError, logger: Logger) -> (error: GraphQLError, transient: Bool) {
        if let original = error.originalError as? any ClientFacingError {
            return (
                GraphQLError(
                    message: original.clientMessage, locations: error.locations, path: error.path,
                    extensions: ["code": .string(original.clientCode)]),
                original.isTransient
            )
        }
        if error.originalError == nil {
            // Raised by the executor itself: without a path it is about the request (variable values
            // that do not coerce); with one, a field broke its own contract (a null in a non-null field).
            return (reshaped(error, code: error.path.elements.isEmpty ? .badUserInput : .internalError), false)
        }
        logger.error(
            "resolver failed",
            metadata: ["error": "\(String(reflecting: error.originalError!))", "graphql.path": "\(error.path)"])
        return (
            GraphQLError(
                message: "Internal error.", locations: error.locations, path: error.path,
                extensions: code(.internalError)),
            false
        )
    }

    private func reshaped(_ error: GraphQLError, code errorCode: APIError.Code) -> GraphQLError {
        var extensions = error.extensions
        if extensions["code"] == nil { extensions["code"] = .string(errorCode.description) }
        return GraphQLError(
            message: error.message, locations: error.locations, path: error.path, extensions: extensions)
    }

    private func code(_ code: APIError.Code) -> [String: Map] { ["code": .string(code.description)] }

    /// The `data` of a response: a map to encode, JSON already written by the compiled executor, or
    /// the whole body it wrote (no errors).
    enum EncodedData {
        case map(Map)
        case bytes([UInt8])
        case body(Data)
    }

    private func encode(data: EncodedData?, errors: [GraphQLError]) -> Data {
        switch data {
        case .map(let map): return encode(GraphQLResult(data: map, errors: errors))
        case nil: return encode(GraphQLResult(errors: errors))
        case .body(let body):
            // Executors hand over a whole body only when there are no errors to add to it.
            assert(errors.isEmpty, "a written body with errors")
            return body
        case .bytes(let bytes):
            // Same layout as GraphQLResult's encoding: "data" first, "errors" only when there are some.
            var body = Data(#"{"data":"#.utf8)
            body.append(contentsOf: bytes)
            if !errors.isEmpty, let encoded = try? GraphQLJSONEncoder().encode(errors) {
                body.append(contentsOf: #","errors":"#.utf8)
                body.append(encoded)
            }
            body.append(UInt8(ascii: "}"))
            return body
        }
    }

    private func encode(_ result: GraphQLResult) -> Data {
        (try? GraphQLJSONEncoder().encode(result)) ?? Data("{\"errors\":[{\"message\":\"Internal error.\"}]}".utf8)
    }
}

/// Why a request could not be prepared: an HTTP status and GraphQL errors for the body.
public struct GraphQLRequestFailure: Error, Sendable {
    /// HTTP status to answer with.
    public var status: Int
    /// Errors for the response body.
    public var errors: [GraphQLError]
}
