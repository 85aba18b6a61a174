import EmporiumGraphQL
import EmporiumServer
import Foundation
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An engine serving on a free loopback port for the duration of a test, with an HTTP client.
public struct RunningEngine: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    /// The engine (for its database handle and metrics).
    public let engine: Engine
    /// The staff token accepted by the admin endpoint.
    public let adminToken: String

    /// Starts an engine on `databaseURL`, runs `body`, then stops the engine.
    public static func with<Result: Sendable>(
        databaseURL: String, configure: (inout EmporiumConfiguration) -> Void = { _ in },
        _ body: @Sendable (RunningEngine) async throws -> Result
    ) async throws -> Result {
        var configuration = EmporiumConfiguration()
        configuration.database.url = databaseURL
        configuration.server.drainMilliseconds = 0
        configuration.admin.bootstrapToken = "test-admin-token-0123456789abcdef"
        configure(&configuration)
        var logger = Logger(label: "emporium.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["EMPORIUM_TEST_LOG"] == nil ? .critical : .debug
        let engine = try Engine(configuration: configuration, logger: logger, listenPort: 0)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await engine.run(gracefulShutdownSignals: []) { port in continuation.yield(port) }
            }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let running = RunningEngine(
                baseURL: "http://127.0.0.1:\(port)", engine: engine,
                adminToken: configuration.admin.bootstrapToken ?? "")
            return try await body(running)
        }
    }

    /// A response as the tests see it.
    public struct HTTPResult: Sendable {
        /// Status code.
        public let status: Int
        /// Response headers, lower-cased names.
        public let headers: [String: String]
        /// Body bytes.
        public let body: Data

        /// The body parsed as a JSON object (empty when it is not one).
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }

        /// `errors[0].extensions.code`, if any.
        public var firstErrorCode: String? {
            guard let errors = json["errors"] as? [[String: Any]], let first = errors.first,
                let extensions = first["extensions"] as? [String: Any]
            else { return nil }
            return extensions["code"] as? String
        }

        /// `data` as a JSON object.
        public var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
    }

    /// Sends a raw HTTP request.
    public func request(
        _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var lowered: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            lowered[String(describing: name).lowercased()] = String(describing: value)
        }
        return HTTPResult(status: http.statusCode, headers: lowered, body: data)
    }

    /// Posts a GraphQL request to the storefront (or, with `admin`, to the admin endpoint with the staff token).
    public func graphQL(
        _ query: String, variables: [String: Any] = [:], operationName: String? = nil, admin: Bool = false
    ) async throws -> HTTPResult {
        var payload: [String: Any] = ["query": query, "variables": variables]
        if let operationName { payload["operationName"] = operationName }
        var headers = ["Content-Type": "application/json"]
        if admin { headers["Authorization"] = "Bearer \(adminToken)" }
        return try await request(
            "POST", admin ? "/admin/graphql" : "/graphql", body: try JSONSerialization.data(withJSONObject: payload),
            headers: headers)
    }
}
