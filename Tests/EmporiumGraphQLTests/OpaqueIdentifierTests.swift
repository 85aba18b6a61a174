import EmporiumCore
import Foundation
import Testing

@testable import EmporiumGraphQL

@Suite("OpaqueIdentifier")
struct OpaqueIdentifierTests {
    @Test("node ids round-trip and are URL-safe base64 without padding")
    func nodeIDRoundTrip() {
        #expect(OpaqueIdentifier.nodeID(type: "Product", id: 42) == "UHJvZHVjdDo0Mg")
        for (type, id) in [("Product", Int64(1)), ("ProductVariant", 987_654_321), ("Category", Int64.max)] {
            let encoded = OpaqueIdentifier.nodeID(type: type, id: id)
            #expect(!encoded.contains("="))
            #expect(encoded.utf8.allSatisfy { $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") })
            #expect(OpaqueIdentifier.decodeNodeID(encoded, type: type) == id)
        }
    }

    @Test("a node id of another type decodes to nil")
    func nodeIDOfAnotherType() {
        let variant = OpaqueIdentifier.nodeID(type: "ProductVariant", id: 7)
        #expect(OpaqueIdentifier.decodeNodeID(variant, type: "Product") == nil)
        #expect(OpaqueIdentifier.decodeNodeID(OpaqueIdentifier.nodeID(type: "Product", id: 7), type: "Category") == nil)
    }

    @Test(
        "garbage node ids decode to nil",
        arguments: [
            "", "!!!!", "UHJvZHVjdDo0Mg==", "UHJvZHVjdDo0Mg+", "not base64 at all", "A",
            encoded("Product:"), encoded("Product:abc"), encoded("Product:0"), encoded("Product:-5"),
            encoded("Product"), encoded(":42"), encoded("Product:42:1"), encoded("Product:99999999999999999999"),
            encodedBytes([0xFF, 0xFE, 0x3A, 0x31]),
        ])
    func garbageNodeIDs(_ value: String) {
        #expect(OpaqueIdentifier.decodeNodeID(value, type: "Product") == nil)
    }

    @Test("cursors round-trip for every sort order", arguments: ProductSort.allCases)
    func cursorRoundTrip(_ sort: ProductSort) throws {
        for key in ["", "Blue shirt", "12999", "2024-05-01T10:00:00Z", "a\u{1F}b with a separator", "日本語 🚀"] {
            let position = ListingPosition(sort: sort, key: key, id: 1234)
            let cursor = OpaqueIdentifier.cursor(position)
            #expect(!cursor.contains("="))
            #expect(try OpaqueIdentifier.decodeCursor(cursor, sort: sort) == position)
        }
    }

    @Test("a cursor made for another sort order is BAD_CURSOR and names both orders", arguments: ProductSort.allCases)
    func cursorOfAnotherSort(_ sort: ProductSort) {
        let cursor = OpaqueIdentifier.cursor(ListingPosition(sort: sort, key: "k", id: 9))
        for other in ProductSort.allCases where other != sort {
            #expect(
                throws: APIError(
                    .badCursor, "The cursor belongs to a listing sorted by \(sort.rawValue), not \(other.rawValue).")
            ) {
                try OpaqueIdentifier.decodeCursor(cursor, sort: other)
            }
        }
    }

    @Test(
        "garbage cursors are BAD_CURSOR",
        arguments: [
            "", "%%%", "djE=", "djE", "not a cursor", OpaqueIdentifier.nodeID(type: "Product", id: 1),
            encoded("v1\u{1F}NAME_ASC\u{1F}12"), encoded("v2\u{1F}NAME_ASC\u{1F}12\u{1F}k"),
            encoded("v1\u{1F}NAME_ASC\u{1F}twelve\u{1F}k"), encoded("v1\u{1F}NAME_ASC\u{1F}\u{1F}k"),
            encodedBytes([0x76, 0x31, 0x1F, 0xC3]), String(repeating: "A", count: 2_000),
        ])
    func garbageCursors(_ value: String) {
        do {
            let position = try OpaqueIdentifier.decodeCursor(value, sort: .nameAscending)
            Issue.record("decoded \(position) from \(value.prefix(40))")
        } catch {
            #expect(error.code == .badCursor)
            #expect(error.message == "The cursor \"\(value.prefix(80))\" is not valid for this listing.")
        }
    }
}

/// Base64url of hand-made payloads, to forge identifiers the engine never produced.
private func encoded(_ text: String) -> String {
    encodedBytes(Array(text.utf8))
}

private func encodedBytes(_ bytes: [UInt8]) -> String {
    OpaqueIdentifier.base64URL(bytes)
}
