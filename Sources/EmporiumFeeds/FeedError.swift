/// A failure while generating, writing or validating a feed.
///
/// `description` is safe to show a client; `debugDescription` adds the underlying detail for logs.
public struct FeedError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as a machine-readable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The output (file, socket, buffer) refused the bytes.
        public static let output = Code(name: "output")
        /// libxml2 reported an error while writing.
        public static let writer = Code(name: "writer")
        /// gzip compression failed.
        public static let compression = Code(name: "compression")
        /// A document did not validate against its schema, or the schema cannot be loaded.
        public static let validation = Code(name: "validation")
        /// The request named a format that does not exist.
        public static let unknownFormat = Code(name: "unknown_format")
        /// The partner's channel does not exist.
        public static let unknownChannel = Code(name: "unknown_channel")
        /// A document could not be parsed.
        public static let parse = Code(name: "parse")
        /// The code's name, such as `writer`.
        public var description: String { name }
    }

    /// The code.
    public var code: Code
    /// A message safe for clients.
    public var message: String
    /// Detail for logs only.
    public var underlying: String?

    /// Creates an error.
    public init(code: Code, message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The client-safe message.
    public var description: String { message }
    /// The message with the code and the underlying detail.
    public var debugDescription: String {
        "FeedError(\(code)): \(message)" + (underlying.map { " (\($0))" } ?? "")
    }
}
