import CLibXML2
import EmporiumFeeds
import Foundation
import Testing

enum FeedTestSupport {
    static var schemaDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/feeds")
    }

    /// XSD errors plus rule violations of a document; empty when it is valid.
    static func problems(_ document: [UInt8], format: FeedFormat) throws -> [String] {
        let validator = try FeedSchemaValidator(
            schemaPath: schemaDirectory.appendingPathComponent(format.schemaFile).path)
        return try validator.errors(in: document) + FeedRules.violations(in: document, format: format)
    }

    static func count(_ needle: String, in document: [UInt8]) -> Int {
        String(decoding: document, as: UTF8.self).components(separatedBy: needle).count - 1
    }
}
