extension GraphQLRequest {
    /// Decodes the body nearly every storefront sends — `{"query": "…"}`, with `operationName` (a
    /// string or `null`) and `variables` (`null` or `{}`) — straight from its bytes; `nil` for
    /// anything else (other members, variable values, duplicate members, escapes of surrogates,
    /// invalid UTF-8, malformed JSON), which then takes the general decoder and its errors. What it
    /// returns is what the general decoder returns for the same body; JSONSerialization and the
    /// `Any` values it makes were most of reading a listing request.
    static func decodeCommonShape(_ body: UnsafeRawBufferPointer) -> GraphQLRequest? {
        var scanner = CommonShapeScanner(bytes: body)
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        var query: String?
        var operationName: String??
        var sawVariables = false
        if !scanner.take(UInt8(ascii: "}")) {
            repeat {
                guard let name = scanner.string(), scanner.take(UInt8(ascii: ":")) else { return nil }
                switch name {
                case "query" where query == nil:
                    guard let value = scanner.string() else { return nil }
                    query = value
                case "operationName" where operationName == nil:
                    if scanner.takeNull() {
                        operationName = .some(nil)
                    } else {
                        guard let value = scanner.string() else { return nil }
                        operationName = .some(value)
                    }
                case "variables" where !sawVariables:
                    sawVariables = true
                    if scanner.takeNull() { continue }
                    guard scanner.take(UInt8(ascii: "{")), scanner.take(UInt8(ascii: "}")) else { return nil }
                default:
                    return nil
                }
            } while scanner.take(UInt8(ascii: ","))
            guard scanner.take(UInt8(ascii: "}")) else { return nil }
        }
        guard scanner.atEnd, let query else { return nil }
        let name = operationName.flatMap { $0 }
        return GraphQLRequest(query: query, operationName: name?.isEmpty == true ? nil : name)
    }
}

/// Reads the tokens of ``GraphQLRequest/decodeCommonShape(_:)``; every method skips the JSON
/// whitespace before its token.
private struct CommonShapeScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    /// Whether only whitespace is left.
    var atEnd: Bool {
        mutating get {
            skipWhitespace()
            return index == bytes.count
        }
    }

    /// Takes `byte` when it is the next token.
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Takes `null` when it is the next token.
    mutating func takeNull() -> Bool {
        skipWhitespace()
        guard bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    /// A string token, unescaped; `nil` when there is none, it is malformed, it escapes a surrogate
    /// or it is not valid UTF-8.
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        // Without escapes (the usual case) the text is the bytes between the quotes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
        }
        var unescaped = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escape)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = hexScalar() else { return nil }
                    unescaped.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            case 0..<0x20:
                return nil
            default:
                unescaped.append(byte)
            }
        }
        return nil
    }

    /// The four hex digits after `\u` as a scalar; surrogates (pairs included) are left to the
    /// general decoder.
    private mutating func hexScalar() -> Unicode.Scalar? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = QueryScanner.hexValue(bytes[index]) else { return nil }
            value = value * 16 + digit
            index += 1
        }
        return Unicode.Scalar(value)
    }
}
