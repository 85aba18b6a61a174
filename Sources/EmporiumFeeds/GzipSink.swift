import CLibXML2

/// Compresses into the gzip format (RFC 1952) with zlib and passes the result to another sink.
///
/// Level 1 costs about a third of level 6 and the feed is compressed once per catalog version,
/// so the default is 1.
public final class GzipSink: FeedSink {
    let next: any FeedSink
    private var stream = z_stream()
    private var output: [UInt8]
    private var open = false

    /// Creates a gzip stream at `level` (1–9) in front of `next`.
    public init(next: any FeedSink, level: Int = 1) throws(FeedError) {
        self.next = next
        self.output = [UInt8](repeating: 0, count: 64 * 1024)
        let status = deflateInit2_(
            &stream, Int32(min(max(level, 1), 9)), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw FeedError(
                code: .compression, message: "The feed could not be compressed.", underlying: "deflateInit2 \(status)")
        }
        open = true
    }

    deinit {
        if open { deflateEnd(&stream) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(FeedError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        try pump(flush: Z_NO_FLUSH)
    }

    public func finish() throws(FeedError) {
        guard open else { return }
        stream.next_in = nil
        stream.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(&stream)
        open = false
        try next.finish()
    }

    private func pump(flush: Int32) throws(FeedError) {
        var status: Int32 = Z_OK
        repeat {
            let produced: Int = output.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                status = deflate(&stream, flush)
                return buffer.count - Int(stream.avail_out)
            }
            guard status != Z_STREAM_ERROR else {
                throw FeedError(code: .compression, message: "The feed could not be compressed.", underlying: "deflate")
            }
            if produced > 0 {
                let failure = output.withUnsafeBytes { buffer -> FeedError? in
                    do throws(FeedError) {
                        try next.write(UnsafeRawBufferPointer(rebasing: buffer[0..<produced]))
                        return nil
                    } catch {
                        return error
                    }
                }
                if let failure { throw failure }
            }
        } while stream.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END)
    }
}
