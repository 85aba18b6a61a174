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

    static func gunzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return []
        }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                output += chunk[0..<produced]
            } while status == Z_OK
        }
        return status == Z_STREAM_END ? output : []
    }

    static func count(_ needle: String, in document: [UInt8]) -> Int {
        String(decoding: document, as: UTF8.self).components(separatedBy: needle).count - 1
    }
}
