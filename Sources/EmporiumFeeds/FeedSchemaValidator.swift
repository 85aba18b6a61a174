import CLibXML2

/// Validates documents against an XSD with libxml2's schema validator (`xmlSchemaValidateDoc`).
///
/// Documents are parsed without network access, entity substitution or DTD loading.
public final class FeedSchemaValidator {
    private let schema: xmlSchemaPtr

    /// Loads the schema at `path` (imports are resolved relative to it).
    public init(schemaPath path: String) throws(FeedError) {
        LibXML2.initialize()
        let messages = MessageCollector()
        guard let parser = xmlSchemaNewParserCtxt(path) else {
            throw FeedError(code: .validation, message: "The schema \(path) cannot be read.")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(
            parser, MessageCollector.callback, Unmanaged.passUnretained(messages).toOpaque())
        guard let schema = xmlSchemaParse(parser) else {
            throw FeedError(
                code: .validation, message: "The schema \(path) is not valid.",
                underlying: messages.lines.joined(separator: "; "))
        }
        self.schema = schema
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// The validation errors of `document` (`line N: message`); empty when it is valid.
    public func errors(in document: [UInt8]) throws(FeedError) -> [String] {
        let messages = MessageCollector()
        let parsed = try FeedDocument(bytes: document)
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            throw FeedError(code: .validation, message: "The schema validator could not be created.")
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(
            context, MessageCollector.callback, Unmanaged.passUnretained(messages).toOpaque())
        let status = xmlSchemaValidateDoc(context, parsed.document)
        if status != 0 && messages.lines.isEmpty { return ["validation failed with status \(status)"] }
        return messages.lines
    }
}

/// Collects libxml2's structured error messages.
final class MessageCollector {
    var lines: [String] = []

    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let collector = Unmanaged<MessageCollector>.fromOpaque(context).takeUnretainedValue()
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        collector.lines.append("line \(error.pointee.line): \(message.trimmingSpaces())")
    }
}

/// A parsed document (for validation and the rule pass), freed when released.
final class FeedDocument {
    let document: xmlDocPtr

    init(bytes: [UInt8]) throws(FeedError) {
        LibXML2.initialize()
        let messages = MessageCollector()
        guard let context = xmlNewParserCtxt() else {
            throw FeedError(code: .parse, message: "The document could not be parsed.")
        }
        defer { xmlFreeParserCtxt(context) }
        // The structured error handler is per thread in libxml2 and the parse below is synchronous.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(messages).toOpaque(), MessageCollector.callback)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        guard let parsed else {
            throw FeedError(
                code: .parse, message: "The document is not well-formed XML.",
                underlying: messages.lines.joined(separator: "; "))
        }
        if parsed.pointee.intSubset != nil {
            xmlFreeDoc(parsed)
            throw FeedError(code: .parse, message: "Documents with a DOCTYPE are refused.")
        }
        document = parsed
    }

    deinit {
        xmlFreeDoc(document)
    }
}
