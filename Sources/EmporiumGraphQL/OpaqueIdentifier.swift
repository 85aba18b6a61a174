import EmporiumCore
import Foundation

/// Opaque, URL-safe encodings of node ids and pagination cursors. Clients must not parse them;
/// the engine rejects any value it did not produce with a clear error.
public enum OpaqueIdentifier {
    /// `Product` 42 → `UHJvZHVjdDo0Mg` (base64url of `Product:42`).
    public static func nodeID(type: String, id: Int64) -> String {
        base64URL(Array(nodeIDText(type: type, id: id).utf8))
    }

    /// The text a node id encodes.
    static func nodeIDText(type: String, id: Int64) -> String { "\(type):\(id)" }

    /// Decodes a node id of the expected type; `nil` when malformed or of another type.
    public static func decodeNodeID(_ value: String, type: String) -> Int64? {
        guard let bytes = decodeBase64URL(value), let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == type, let id = Int64(parts[1]), id > 0 else { return nil }
        return id
    }

    /// Encodes a listing position as a cursor.
    public static func cursor(_ position: ListingPosition) -> String {
        base64URL(Array(cursorText(position).utf8))
    }

    /// The text a listing cursor encodes.
    static func cursorText(_ position: ListingPosition) -> String {
        "v1\u{1F}\(position.sort.rawValue)\u{1F}\(position.id)\u{1F}\(position.key)"
    }

    /// Decodes a cursor; throws `BAD_CURSOR` when malformed or made for another sort order.
    public static func decodeCursor(_ value: String, sort: ProductSort) throws(APIError) -> ListingPosition {
        let bad = APIError(.badCursor, "The cursor \"\(value.prefix(80))\" is not valid for this listing.")
        guard value.count <= 1024, let bytes = decodeBase64URL(value), let text = String(bytes: bytes, encoding: .utf8)
        else { throw bad }
        let parts = text.split(separator: "\u{1F}", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", let id = Int64(parts[2]) else { throw bad }
        guard parts[1] == sort.rawValue else {
            throw APIError(.badCursor, "The cursor belongs to a listing sorted by \(parts[1]), not \(sort.rawValue).")
        }
        return ListingPosition(sort: sort, key: String(parts[3]), id: id)
    }

    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Unpadded base64url (RFC 4648 §5), written directly: ids and cursors are encoded for every
    /// item of every listing, so this stays off Foundation's string machinery.
    static func base64URL(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { input in
            String(unsafeUninitializedCapacity: base64URLLength(input.count)) { output in
                writeBase64URL(input, into: output.baseAddress!)
            }
        }
    }

    /// The length of the unpadded base64url of `count` bytes.
    static func base64URLLength(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    /// Writes the unpadded base64url of `bytes` at `output` (room for ``base64URLLength(_:)``)
    /// and returns its length; the compiled executor writes ids and cursors into the response this way.
    static func writeBase64URL(_ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int {
        alphabet.withUnsafeBufferPointer { alphabet in
            var next = output
            var index = 0
            while index + 3 <= bytes.count {
                let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                next[0] = alphabet[Int(chunk >> 18 & 63)]
                next[1] = alphabet[Int(chunk >> 12 & 63)]
                next[2] = alphabet[Int(chunk >> 6 & 63)]
                next[3] = alphabet[Int(chunk & 63)]
                next += 4
                index += 3
            }
            let rest = bytes.count - index
            if rest > 0 {
                let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                next[0] = alphabet[Int(chunk >> 18 & 63)]
                next[1] = alphabet[Int(chunk >> 12 & 63)]
                next += 2
                if rest == 2 {
                    next[0] = alphabet[Int(chunk >> 6 & 63)]
                    next += 1
                }
            }
            return next - output
        }
    }

    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        guard
            text.utf8.allSatisfy({ byte in
                (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45
                    || byte == 95
            })
        else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map { Array($0) }
    }
}
