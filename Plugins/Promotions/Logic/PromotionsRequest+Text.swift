extension PromotionsRequest {
    /// A string of the request: where its UTF-8 bytes lie in the request's ``PromotionsRequest/text``.
    /// Read from JSON, a string without escapes points into the copy of the document itself, so
    /// reading it costs no copy of its own.
    public struct Text: Sendable, Hashable {
        /// The first byte's offset in the request's text.
        public let offset: Int
        /// The number of bytes.
        public let count: Int
        /// Whether every byte is ASCII: such texts are compared byte by byte.
        public let isASCII: Bool

        /// The bytes' range in the request's text.
        public var range: Range<Int> { offset..<(offset + count) }

        /// Whether `bytes` are all ASCII, eight at a time.
        @inline(__always) static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress else { return true }
            var index = 0
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                index += 8
            }
            while index < bytes.count {
                if bytes[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
    }
}
