/// The HTTP server's address, request limits and shutdown behaviour.
public struct ServerConfiguration: Sendable, Hashable {
    /// The address to listen on (`server.host`). Default `"127.0.0.1"`; use `"0.0.0.0"` in a container.
    public var host: String
    /// The TCP port to listen on (`server.port`), 1 to 65535. Default `8080`.
    public var port: Int
    /// The absolute `http://` or `https://` URL clients reach the engine at, without a trailing slash
    /// (`server.publicBaseURL`). Default `nil`: see ``effectivePublicBaseURL``.
    public var publicBaseURL: String?
    /// The largest request body accepted, in bytes (`server.maxBodyBytes`), 1 KiB to 64 MiB.
    /// Default `1_048_576` (1 MiB).
    public var maxBodyBytes: Int
    /// How long in-flight requests may finish after a graceful shutdown begins, in milliseconds
    /// (`server.drainMilliseconds`), 0 to 120000. Default `5000`.
    public var drainMilliseconds: Int
    /// Whether the benchmark-only routes are mounted (`server.benchRoutes`). Default `false`.
    public var benchRoutes: Bool

    /// The built-in defaults.
    public init() {
        self.host = "127.0.0.1"
        self.port = 8080
        self.publicBaseURL = nil
        self.maxBodyBytes = 1_048_576
        self.drainMilliseconds = 5000
        self.benchRoutes = false
    }

    /// ``publicBaseURL`` when set, otherwise `http://host:port` (with `localhost` standing in for the
    /// unspecified addresses `0.0.0.0` and `::`, and IPv6 literals in brackets).
    public var effectivePublicBaseURL: String {
        if let publicBaseURL { return publicBaseURL }
        let shownHost: String
        switch host {
        case "0.0.0.0", "::", "[::]": shownHost = "localhost"
        case let literal where literal.contains(":") && !literal.hasPrefix("["): shownHost = "[\(literal)]"
        default: shownHost = host
        }
        return "http://\(shownHost):\(port)"
    }
}
