import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain socket, so tests see exactly what the server sent
/// (URLSession decompresses gzip and hides HEAD bodies).
enum RawHTTP {
    struct Response: Sendable {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]
    }

    /// Sends one request on a dispatch thread: the socket calls block, and blocking the few
    /// threads of Swift's cooperative pool would starve the server under test.
    static func send(
        _ method: String, _ path: String, port: Int, headers: [String: String] = [:]
    ) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingSend(method, path, port: port, headers: headers) })
            }
        }
    }

    static func blockingSend(
        _ method: String, _ path: String, port: Int, headers: [String: String]
    ) throws -> Response {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EIO) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard write(socket, bytes, bytes.count) == bytes.count else { throw POSIXError(.EIO) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(socket, &chunk, chunk.count)
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        guard let split = received.firstRange(of: Array("\r\n\r\n".utf8)) else { throw POSIXError(.EBADMSG) }
        let head = String(decoding: received[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(received[split.upperBound...])
        if fields["transfer-encoding"]?.lowercased() == "chunked" { body = dechunked(body) }
        return Response(status: status, headers: fields, body: body)
    }

    static func dechunked(_ data: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < data.count {
            guard let lineEnd = data[index...].firstRange(of: Array("\r\n".utf8)) else { break }
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";")[0], radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            result += data[start..<min(start + size, data.count)]
            index = start + size + 2
        }
        return result
    }
}
