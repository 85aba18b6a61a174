import Crypto
import EmporiumCore
import EmporiumGraphQL
import EmporiumPostgres
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

extension Engine {
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestLoggingMiddleware(metrics: metrics, drain: drain))

        router.get("/healthz") { _, _ in
            Self.json(.ok, #"{"status":"ok"}"#)
        }
        router.get("/readyz") { [drain, readiness] _, _ -> Response in
            if drain.isDraining { return Self.json(.serviceUnavailable, #"{"status":"draining"}"#) }
            let verdict = await readiness.check()
            let body = #"{"status":"\#(verdict.ready ? "ready" : "unavailable")","reason":"\#(verdict.reason)"}"#
            return Self.json(verdict.ready ? .ok : .serviceUnavailable, body)
        }
        router.get("/metrics") { [metrics, database] _, _ in
            metrics.recordPool(inUse: database.callsInFlight, size: database.options.poolSize)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
        router.post("/graphql") { [self] request, context in
            try await graphQL(request, context: context, endpoint: storefront, transport: .post) {
                self.storefrontContext()
            }
        }
        router.get("/graphql") { [self] request, context in
            try await graphQL(request, context: context, endpoint: storefront, transport: .get) {
                self.storefrontContext()
            }
        }
        router.post("/admin/graphql") { [self] request, context in
            guard isStaff(request) else {
                return Response(
                    status: .unauthorized,
                    headers: [.contentType: "application/json", .wwwAuthenticate: "Bearer realm=\"emporium-admin\""],
                    body: .init(
                        byteBuffer: ByteBuffer(
                            data: GraphQLEndpoint.failureBody(
                                APIError(.unauthenticated, "A staff bearer token is required.")))))
            }
            return try await graphQL(request, context: context, endpoint: admin, transport: .post) {
                AdminContext(catalog: self.store, store: self.store)
            }
        }
        router.get("/media/placeholder/:file") { _, context -> Response in
            guard let file = context.parameters.get("file"), let parsed = PlaceholderImage.parse(path: file) else {
                return Response(status: .notFound)
            }
            let title = parsed.slug.split(separator: "-").dropLast().map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined(separator: " ")
            return Response(
                status: .ok,
                headers: [.contentType: "image/svg+xml", .cacheControl: "public, max-age=86400, immutable"],
                body: .init(byteBuffer: ByteBuffer(string: PlaceholderImage.svg(title: title, index: parsed.index))))
        }
        feeds.register(on: router)
        if configuration.server.benchRoutes {
            let bodies = StaticBodies()
            router.get("/bench/static") { request, _ -> Response in
                let requested = request.uri.queryParameters.get("bytes").flatMap { Int($0) } ?? 2048
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: bodies.body(bytes: min(max(requested, 16), 4 << 20))))
            }
            // One prepared round trip to PostgreSQL (the channels) and a tiny body: the floor under
            // every storefront request that reads the database.
            router.get("/bench/database") { [store] _, _ -> Response in
                let channels = try await store.channels()
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: "{\"channels\":\(channels.count)}")))
            }
        }
        return router
    }

    private func graphQL(
        _ request: Request, context: BasicRequestContext, endpoint: GraphQLEndpoint, transport: GraphQLTransport,
        resolverContext: @Sendable () -> any Sendable
    ) async throws -> Response {
        let decoded: GraphQLRequest
        do {
            switch transport {
            case .post:
                guard Self.isJSON(request.headers[.contentType]) else {
                    return Self.failure(
                        .unsupportedMediaType, APIError(.badRequest, "Send the request as application/json."))
                }
                let body: ByteBuffer
                do {
                    body = try await request.body.collect(upTo: configuration.server.maxBodyBytes)
                } catch {
                    return Self.failure(
                        .contentTooLarge,
                        APIError(
                            .payloadTooLarge,
                            "The request body is larger than \(configuration.server.maxBodyBytes) bytes."))
                }
                decoded = try GraphQLRequest.decode(json: body.readableBytesView)
            case .get:
                var parameters: [String: String] = [:]
                for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
                decoded = try GraphQLRequest.decode(queryParameters: parameters)
            }
        } catch {
            return Self.failure(.badRequest, error)
        }
        let result = await endpoint.handle(
            decoded, transport: transport, context: resolverContext(), logger: context.logger)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers[.init("X-Emporium-Operation")!] = result.operationName
        if result.status == 503 { headers[.retryAfter] = "1" }
        return Response(
            status: .init(code: result.status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: result.body))
        )
    }

    func storefrontContext() -> StorefrontContext {
        let catalog: any CatalogStore = catalogReadModel ?? storefrontCatalog
        return StorefrontContext(
            store: catalog, defaultChannel: nil, maxPageSize: configuration.graphql.maxPageSize)
    }

    private func isStaff(_ request: Request) -> Bool {
        guard let expected = configuration.admin.bootstrapToken, !expected.isEmpty,
            let header = request.headers[.authorization], header.hasPrefix("Bearer ")
        else { return false }
        let presented = Data(header.dropFirst(7).utf8)
        // Compare digests so the comparison time does not depend on where the strings differ.
        return SHA256.hash(data: presented) == SHA256.hash(data: Data(expected.utf8))
    }

    /// Whether a `Content-Type` names JSON: its media type (before any `;`, spaces around it
    /// ignored, any case) is `application/json` or `application/graphql-response+json`. Compared
    /// byte by byte: every POST asks, and Foundation's trimming and lower-casing cost more than
    /// the rest of reading the request.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        var media = contentType.utf8[...]
        if let semicolon = media.firstIndex(of: UInt8(ascii: ";")) { media = media[..<semicolon] }
        while let first = media.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            media = media.dropFirst()
        }
        while let last = media.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            media = media.dropLast()
        }
        func equalsIgnoringCase(_ expected: StaticString) -> Bool {
            guard media.count == expected.utf8CodeUnitCount else { return false }
            return expected.withUTF8Buffer { expected in
                zip(media, expected).allSatisfy { byte, lower in
                    (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == lower
                }
            }
        }
        return equalsIgnoringCase("application/json") || equalsIgnoringCase("application/graphql-response+json")
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func failure(_ status: HTTPResponse.Status, _ error: APIError) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: GraphQLEndpoint.failureBody(error))))
    }
}
