/// A pricing rule or tax calculator could not produce a result. The checkout cannot be priced, so
/// this is an error, not a business outcome (refused coupons are values in ``PriceAdjustments``).
///
/// `description` is safe to show a client; the plugin's own words are in `debugDescription` and
/// belong in the log.
public struct PricingError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    ClientFacingError
{
    /// What went wrong, as a stable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }
        /// The rule reported a failure or refused the request.
        public static let pluginFailed = Code("PRICING_PLUGIN_FAILED")
        /// The rule did not answer before its deadline.
        public static let timedOut = Code("PRICING_PLUGIN_TIMED_OUT")
        /// The answer was not valid JSON, broke the hook's schema, or was inconsistent with the cart
        /// (a discount larger than the line, another currency, an unknown line): it was not applied.
        public static let malformedResponse = Code("PRICING_MALFORMED_RESPONSE")
        /// The cart's amounts do not fit in 64 bits (a line's `unitPrice × quantity`, or their sum):
        /// it was refused before any rule ran.
        public static let invalidCart = Code("PRICING_INVALID_CART")
        public var description: String { value }
    }

    /// The code.
    public var code: Code
    /// The rule's id.
    public var source: String
    /// What exactly happened; for logs, not for clients.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, source: String, detail: String) {
        self.code = code
        self.source = source
        self.detail = detail
    }

    public var description: String {
        switch code {
        case .timedOut: "pricing is taking too long; try again [\(code)]"
        case .invalidCart: "the cart's amounts are too large to price [\(code)]"
        default: "the cart cannot be priced right now [\(code)]"
        }
    }

    public var debugDescription: String { "pricing rule \(source): \(detail) [\(code)]" }

    public var clientCode: String { code.description }
    public var clientMessage: String { description }
    public var isTransient: Bool { code == .timedOut }
}
