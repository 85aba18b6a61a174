import Crypto
import Foundation

/// Signs and verifies webhook bodies like Stripe: `Emporium-Signature: t=<unix seconds>,v1=<hex>`,
/// where the hex is HMAC-SHA256 with the webhook secret over `"<t>." + body`.
struct WebhookSigner: Sendable {
    /// The header's name.
    static let header = "Emporium-Signature"

    // The secret's bytes, not a `SymmetricKey`, which is not `Sendable`.
    private let secret: [UInt8]

    init(secret: [UInt8]) {
        self.secret = secret
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// The header value for `body` signed at `timestamp`.
    func signatureHeader(timestamp: Int64, body: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Self.signed(timestamp, body), using: key)
        return "t=\(timestamp),v1=\(Self.hex(Array(code)))"
    }

    /// Whether `signature` is the HMAC of `body` at `timestamp`; compared in constant time.
    func isValid(signature: [UInt8], timestamp: Int64, body: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Self.signed(timestamp, body), using: key)
    }

    private static func signed(_ timestamp: Int64, _ body: [UInt8]) -> [UInt8] {
        Array("\(timestamp).".utf8) + body
    }

    /// The first 24 hex digits of SHA-256 of `text`: deterministic references.
    static func digest(_ text: String) -> String {
        String(hex(Array(SHA256.hash(data: Array(text.utf8)))).prefix(24))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes of an even-length lower- or upper-case hex string, or nil.
    static func bytes(hex: Substring) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 48...57: digit - 48
        case 97...102: digit - 87
        case 65...70: digit - 55
        default: nil
        }
    }
}
