import EmporiumPluginKit
import Foundation

/// One record of a CSV file and where it starts.
struct CSVRecord {
    /// The fields, decoded as UTF-8.
    var fields: [String]
    /// The physical line the record starts on, from 1.
    var line: Int
    /// The byte offset the record starts at.
    var offset: UInt64
}

/// Reads RFC 4180 records from a file, from any record boundary, in 64 KiB chunks: quoted fields,
/// doubled quotes, commas and line breaks inside quotes, CRLF or LF line ends, a UTF-8 byte order
/// mark. Blank lines are skipped. Errors name the line.
final class CSVRecordReader {
    private static let chunkSize = 64 * 1024
    private let file: FileHandle
    private var buffer: [UInt8] = []
    private var index = 0
    private var bufferOffset: UInt64
    private var line: Int
    private var atEnd = false

    /// Opens `path` at `offset`, which is the start of line `line`.
    init(path: String, offset: UInt64 = 0, line: Int = 1) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw PluginFailure.invalidInput("\(path) does not exist or cannot be read")
        }
        self.file = file
        self.bufferOffset = offset
        self.line = line
        do {
            try file.seek(toOffset: offset)
        } catch {
            throw PluginFailure.invalidInput("cannot read \(path) at byte \(offset)")
        }
        if offset == 0 {
            refill()
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }
    }

    deinit { try? file.close() }

    private func refill() {
        bufferOffset += UInt64(buffer.count)
        buffer = Array(file.readData(ofLength: Self.chunkSize))
        index = 0
        if buffer.isEmpty { atEnd = true }
    }

    private func nextByte() -> UInt8? {
        if index >= buffer.count {
            if atEnd { return nil }
            refill()
            if atEnd { return nil }
        }
        defer { index += 1 }
        return buffer[index]
    }

    private func peekByte() -> UInt8? {
        if index >= buffer.count {
            if atEnd { return nil }
            refill()
            if atEnd { return nil }
        }
        return buffer[index]
    }

    /// The next non-blank record, or nil at the end of the file.
    func next() throws -> CSVRecord? {
        while true {
            guard peekByte() != nil else { return nil }
            let start = bufferOffset + UInt64(index)
            let startLine = line
            let fields = try readFields(startLine: startLine)
            if fields.count == 1 && fields[0].isEmpty { continue }
            return CSVRecord(fields: fields, line: startLine, offset: start)
        }
    }

    private func readFields(startLine: Int) throws -> [String] {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var inQuotes = false
        func finish() throws {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw PluginFailure.invalidInput("line \(startLine): field \(fields.count + 1) is not valid UTF-8")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        while let byte = nextByte() {
            if byte == 0x0A { line += 1 }
            if inQuotes {
                if byte == 0x22 {
                    if peekByte() == 0x22 {
                        _ = nextByte()
                        field.append(0x22)
                    } else {
                        inQuotes = false
                        guard let after = peekByte(), after != 0x2C, after != 0x0A, after != 0x0D else { continue }
                        throw PluginFailure.invalidInput(
                            "line \(line): a quoted field must end at a comma or the end of the line; "
                                + "write a quote inside a quoted field as two quotes (\"\")")
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x2C:
                try finish()
            case 0x0A:
                if field.last == 0x0D, !quoted { field.removeLast() }
                try finish()
                return fields
            case 0x0D where quoted:
                continue
            case 0x22:
                guard field.isEmpty, !quoted else {
                    throw PluginFailure.invalidInput(
                        "line \(line): a quote in an unquoted field; enclose the field in quotes and double the quote")
                }
                quoted = true
                inQuotes = true
            default:
                field.append(byte)
            }
        }
        if inQuotes {
            throw PluginFailure.invalidInput(
                "line \(startLine): a quoted field is not closed before the end of the file")
        }
        if field.last == 0x0D, !quoted { field.removeLast() }
        try finish()
        return fields
    }
}
