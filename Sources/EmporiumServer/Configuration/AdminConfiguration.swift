/// Staff administration bootstrap.
public struct AdminConfiguration: Sendable, Hashable {
    /// A token that may create the first staff tokens (`admin.bootstrapToken`), at least 24 characters.
    /// A secret: give it as the secret file `admin-bootstrap-token` or `EMPORIUM_ADMIN_BOOTSTRAP_TOKEN`.
    /// Default `nil` (no bootstrap token).
    public var bootstrapToken: String?

    /// The built-in defaults: no bootstrap token.
    public init() {
        self.bootstrapToken = nil
    }
}

extension AdminConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A one-line summary with the token redacted.
    public var description: String {
        "AdminConfiguration(bootstrapToken: \(RedactedValue.secret(bootstrapToken)))"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror with the token redacted.
    public var customMirror: Mirror {
        Mirror(self, children: ["bootstrapToken": RedactedValue.secret(bootstrapToken)], displayStyle: .struct)
    }
}
