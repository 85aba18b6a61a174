import CLibXML2

/// Streams an XML document through libxml2's `xmlTextWriter` into a ``FeedSink``.
///
/// libxml2 escapes `&`, `<`, `>` and quotes, but passes control characters and invalid UTF-8
/// through unchanged, so every text given here must come from ``FeedText`` first. Element and
/// attribute names are static strings owned by the formats.
///
/// ```swift
/// let sink = BufferSink()
/// let writer = try FeedWriter(sink: sink)
/// try writer.startDocument()
/// try writer.startElement("rss")
/// try writer.element("title", FeedText.clean("Shoes & Socks"))
/// try writer.endDocument()
/// ```
public final class FeedWriter {
    private let output: OutputContext
    private let writer: xmlTextWriterPtr
    private var closed = false

    /// Creates a writer that sends its bytes to `sink`; `indent` pretty-prints with two spaces.
    public init(sink: any FeedSink, indent: Bool = true) throws(FeedError) {
        LibXML2.initialize()
        let context = OutputContext(sink: sink)
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        guard
            let buffer = xmlOutputBufferCreateIO(
                { opaque, bytes, length in
                    guard let opaque, let bytes else { return -1 }
                    let context = Unmanaged<OutputContext>.fromOpaque(opaque).takeUnretainedValue()
                    return context.write(UnsafeRawBufferPointer(start: bytes, count: Int(length))) ? length : -1
                }, nil, opaque, nil)
        else {
            throw FeedError(code: .writer, message: "The feed writer could not be created.")
        }
        guard let writer = xmlNewTextWriter(buffer) else {
            xmlOutputBufferClose(buffer)
            throw FeedError(code: .writer, message: "The feed writer could not be created.")
        }
        self.output = context
        self.writer = writer
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            _ = "  ".withCString {
                xmlTextWriterSetIndentString(writer, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self))
            }
        }
    }

    deinit {
        if !closed { xmlFreeTextWriter(writer) }
    }

    /// Writes the XML declaration (version 1.0, UTF-8).
    public func startDocument() throws(FeedError) {
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil))
    }

    /// Opens an element.
    public func startElement(_ name: StaticString) throws(FeedError) {
        try check(xmlTextWriterStartElement(writer, Self.xml(name)))
    }

    /// Closes the innermost open element.
    public func endElement() throws(FeedError) {
        try check(xmlTextWriterEndElement(writer))
    }

    /// Writes an attribute of the element just opened; `value` must be clean text.
    public func attribute(_ name: StaticString, _ value: String) throws(FeedError) {
        let status = value.withCString { pointer in
            xmlTextWriterWriteAttribute(
                writer, Self.xml(name), UnsafeRawPointer(pointer).assumingMemoryBound(to: xmlChar.self))
        }
        try check(status)
    }

    /// Writes `<name>value</name>`; `value` must be clean text.
    public func element(_ name: StaticString, _ value: String) throws(FeedError) {
        let status = value.withCString { pointer in
            xmlTextWriterWriteElement(
                writer, Self.xml(name), UnsafeRawPointer(pointer).assumingMemoryBound(to: xmlChar.self))
        }
        try check(status)
    }

    /// Writes `<name>text</name>` from a reused buffer; libxml2 escapes it as any other text.
    func element(_ name: StaticString, _ text: FeedTextBuffer) throws(FeedError) {
        let status = text.withCString { pointer in xmlTextWriterWriteElement(writer, Self.xml(name), pointer) }
        try check(status)
    }

    /// Writes an attribute of the element just opened from a reused buffer.
    func attribute(_ name: StaticString, _ text: FeedTextBuffer) throws(FeedError) {
        let status = text.withCString { pointer in xmlTextWriterWriteAttribute(writer, Self.xml(name), pointer) }
        try check(status)
    }

    /// Writes text content into the open element; `value` must be clean text.
    public func text(_ value: String) throws(FeedError) {
        let status = value.withCString { pointer in
            xmlTextWriterWriteString(writer, UnsafeRawPointer(pointer).assumingMemoryBound(to: xmlChar.self))
        }
        try check(status)
    }

    /// Closes every open element, flushes libxml2's buffer and finishes the sink.
    public func endDocument() throws(FeedError) {
        try check(xmlTextWriterEndDocument(writer))
        try check(xmlTextWriterFlush(writer))
        closed = true
        xmlFreeTextWriter(writer)
        if let failure = output.failure { throw failure }
        try output.sink.finish()
    }

    private func check(_ status: Int32) throws(FeedError) {
        guard status < 0 else { return }
        if let failure = output.failure { throw failure }
        throw FeedError(code: .writer, message: "The feed could not be written.", underlying: "xmlTextWriter \(status)")
    }

    private static func xml(_ name: StaticString) -> UnsafePointer<xmlChar> {
        UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: xmlChar.self)
    }
}

/// libxml2's global state must be set up once before threads use it concurrently.
enum LibXML2 {
    private static let initialized: Void = xmlInitParser()

    static func initialize() { _ = initialized }
}

/// What libxml2's write callback reaches through its context pointer: the sink and its first error.
final class OutputContext {
    let sink: any FeedSink
    var failure: FeedError?

    init(sink: any FeedSink) {
        self.sink = sink
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil else { return false }
        do {
            try sink.write(bytes)
            return true
        } catch {
            failure = error
            return false
        }
    }
}
