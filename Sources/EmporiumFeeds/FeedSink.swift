import CLibXML2
import Glibc

/// Where a ``FeedWriter`` sends its bytes: a file descriptor, a growing buffer, a gzip stream or
/// several of them at once.
///
/// Sinks are used by one writer on one task at a time; they are classes because libxml2 calls
/// back into them through a pointer.
public protocol FeedSink: AnyObject {
    /// Takes the next bytes of the document.
    func write(_ bytes: UnsafeRawBufferPointer) throws(FeedError)
    /// Flushes what is buffered and ends the stream (writes a gzip trailer, for example).
    func finish() throws(FeedError)
}

/// Writes to an open file descriptor, looping over short writes. The descriptor is not closed.
public final class FileDescriptorSink: FeedSink {
    let descriptor: Int32
    /// Creates a sink writing to `descriptor`.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(FeedError) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw FeedError(
                    code: .output, message: "The feed output could not be written.", underlying: "errno \(errno)")
            }
            remaining -= written
            base += written
        }
    }

    public func finish() throws(FeedError) {}
}

/// Collects the document in memory; for tests and small feeds.
public final class BufferSink: FeedSink {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty buffer.
    public init() {}

    /// The bytes as a string (for tests).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(FeedError) {
        self.bytes.append(contentsOf: bytes)
    }

    public func finish() throws(FeedError) {}
}

/// Sends every byte to each of its sinks in turn (a plain and a gzip file in one pass).
public final class TeeSink: FeedSink {
    let sinks: [any FeedSink]

    /// Creates a sink writing to all of `sinks`.
    public init(_ sinks: [any FeedSink]) {
        self.sinks = sinks
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(FeedError) {
        for sink in sinks { try sink.write(bytes) }
    }

    public func finish() throws(FeedError) {
        for sink in sinks { try sink.finish() }
    }
}
