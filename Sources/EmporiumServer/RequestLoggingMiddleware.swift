import Hummingbird
import Logging

/// Gives each request an id (the caller's `X-Request-Id` when it is sane), logs one line per
/// request, records metrics, and adds `Connection: close` while draining.
struct RequestLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: EngineMetrics
    let drain: DrainState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let requestID = Self.requestID(from: request.headers[.init("X-Request-Id")!])
        var context = context
        context.logger[metadataKey: "request.id"] = .string(requestID)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Response(
                status: error.status, headers: [.contentType: "application/json"],
                body: .init(
                    byteBuffer: ByteBuffer(
                        string:
                            "{\"errors\":[{\"message\":\"\(error.status.reasonPhrase)\",\"extensions\":{\"code\":\"HTTP_\(error.status.code)\"}}]}"
                    )))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            response = Response(
                status: .internalServerError, headers: [.contentType: "application/json"],
                body: .init(
                    byteBuffer: ByteBuffer(
                        string:
                            "{\"errors\":[{\"message\":\"Internal error.\",\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}]}"
                    )))
        }
        response.headers[.init("X-Request-Id")!] = requestID
        if drain.isDraining { response.headers[.connection] = "close" }
        let duration = ContinuousClock.now - started
        let operation = response.headers[.init("X-Emporium-Operation")!] ?? "-"
        response.headers[.init("X-Emporium-Operation")!] = nil
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, operation: operation, status: Int(response.status.code), duration: duration)
        context.logger.info(
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue), "http.path": .string(request.uri.path),
                "http.status": .string(String(response.status.code)), "graphql.operation": .string(operation),
                "duration.ms": .string(RequestLogValues.milliseconds(duration)),
            ])
        return response
    }

    static func requestID(from header: String?) -> String {
        if let header, (1...128).contains(header.utf8.count),
            header.utf8.allSatisfy({
                ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95
                    || $0 == 46
            })
        {
            return header
        }
        return RequestLogValues.randomID()
    }
}
