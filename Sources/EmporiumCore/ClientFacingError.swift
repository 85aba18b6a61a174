/// An error that knows how to present itself to an API client without leaking internals.
public protocol ClientFacingError: Error {
    /// A stable machine-readable code, e.g. `DATABASE_UNAVAILABLE`.
    var clientCode: String { get }
    /// A message safe to show to any client.
    var clientMessage: String { get }
    /// Whether retrying later may succeed (the API answers 503 for these).
    var isTransient: Bool { get }
}
