/// An expected business outcome reported to the client in a mutation's `userErrors`.
public struct UserError: Sendable, Hashable, Codable {
    /// Machine-readable code, for example `INSUFFICIENT_STOCK`. See `docs/api/errors.md`.
    public var code: String
    /// Path of the input field at fault, if any.
    public var field: [String]?
    /// Message safe to show to a shopper or merchant.
    public var message: String

    /// Creates a user error.
    public init(code: String, field: [String]?, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}
