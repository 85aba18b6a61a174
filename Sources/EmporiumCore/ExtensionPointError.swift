/// Why a call to an extension point (a ``PaymentProvider``, a ``CatalogSource``) failed, as opposed
/// to a business outcome such as a declined payment, which is a value.
///
/// ``description`` names the extension and the failure and is safe to show a client; the provider's
/// own words go to ``debugDescription`` (for logs and merchant tools), except for
/// ``Code/rejectedRequest``, whose message is the provider's explanation of what is wrong with the
/// request (for example the line of a CSV file) and is part of ``description``.
public struct ExtensionPointError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }
        /// The provider reported a failure, crashed, or is not running.
        public static let failed = Code("EXTENSION_FAILED")
        /// The provider did not answer before the call's deadline.
        public static let timedOut = Code("EXTENSION_TIMED_OUT")
        /// The provider answered with something that does not fit the hook's response schema, or that
        /// contradicts the request.
        public static let malformedResponse = Code("EXTENSION_MALFORMED_RESPONSE")
        /// The provider refused the request as invalid (its message says why).
        public static let rejectedRequest = Code("EXTENSION_REJECTED_REQUEST")
        public var description: String { value }
    }

    /// The code.
    public var code: Code
    /// The extension that failed, for example `payment provider test-gateway`.
    public var source: String
    /// What the engine says happened; safe to show a client.
    public var message: String
    /// What the provider said, for logs; never shown to a client.
    public var detail: String?

    /// Creates an error.
    public init(_ code: Code, source: String, _ message: String, detail: String? = nil) {
        self.code = code
        self.source = source
        self.message = message
        self.detail = detail
    }

    public var description: String { "\(source): \(message) [\(code)]" }

    public var debugDescription: String {
        guard let detail else { return description }
        return "\(description) (\(detail))"
    }
}
