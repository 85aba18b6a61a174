/// A linear, bounds-checked pre-scan that every GraphQL document passes before GraphQLSwift parses it.
///
/// GraphQLSwift 4.3.0 cannot be trusted with hostile input: its lexer reads past the end of the
/// buffer when a string ends fewer than four bytes after `\u` (the 9-byte document `{ p" \u)}`
/// kills the process), and its recursive-descent parser overflows the stack on a few thousand
/// nested brackets. `QueryGuard` lexes the document once, with no recursion and no allocation
/// beyond a stack of at most ``Limits/maxDepth`` brackets, and throws ``QueryGuardError`` for
/// anything that could reach those bugs or is merely abusive.
///
/// Every valid GraphQL executable document within the limits passes. The guard is stricter than
/// GraphQLSwift only where the document is invalid GraphQL anyway (for example `0x1`, or `1.`).
/// Strings follow what GraphQLSwift's lexer supports: `\uXXXX` with exactly four hex digits and
/// no surrogate halves; the newer `\u{...}` form is refused because GraphQLSwift refuses it too.
///
/// ```swift
/// let guardrail = QueryGuard()
/// try guardrail.check("{ products(first: 2) { edges { node { name } } } }")
/// ```
public struct QueryGuard: Sendable {
    /// How much a single document may contain.
    public struct Limits: Sendable, Hashable {
        /// The most UTF-8 bytes a document may have. Default 100,000.
        public var maxBytes: Int
        /// The deepest combined nesting of `{`, `(` and `[`. Default 15.
        ///
        /// This bounds the parser's recursion, so keep it small: GraphQLSwift 4.3.0 uses about 3 KB
        /// of stack per level, so ~200 levels already kill a thread with a 512 KB stack.
        /// The semantic depth of fields is checked after parsing, elsewhere.
        public var maxDepth: Int
        /// The most lexical tokens: punctuators, names, numbers, strings and comments. Default 10,000.
        ///
        /// Comments count because GraphQLSwift keeps them in its token list.
        public var maxTokens: Int
        /// The most field aliases in the whole document. Default 100.
        ///
        /// Counted as every `:` whose innermost bracket is a selection set. In a document that
        /// parses, that is exactly the number of `alias: field` pairs (colons inside arguments,
        /// input objects and variable definitions are not counted); in a document that does not
        /// parse it may over-count, which is harmless.
        public var maxAliases: Int

        /// Creates limits; every parameter has a default suited to a public storefront API.
        public init(maxBytes: Int = 100_000, maxDepth: Int = 15, maxTokens: Int = 10_000, maxAliases: Int = 100) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxTokens = maxTokens
            self.maxAliases = maxAliases
        }
    }

    /// The limits this guard enforces.
    public var limits: Limits

    /// Creates a guard that enforces `limits`.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Throws QueryGuardError when the document must not reach the parser.
    ///
    /// Runs in time linear in the document's UTF-8 length and stops at the first problem.
    public func check(_ query: String) throws(QueryGuardError) {
        let byteCount = query.utf8.count
        guard byteCount <= limits.maxBytes else {
            throw QueryGuardError(
                code: .queryTooLarge,
                message: "The query is \(byteCount) bytes; the limit is \(limits.maxBytes)."
            )
        }
        var body = query
        let outcome = body.withUTF8 { bytes in
            Result { () throws(QueryGuardError) in
                var scanner = QueryScanner(bytes: bytes, limits: limits)
                try scanner.scan()
            }
        }
        try outcome.get()
    }
}

/// One forward pass over a document's UTF-8 bytes; every read is checked against `bytes.count`.
struct QueryScanner {
    private enum Bracket {
        case selectionSet, inputObject, parentheses, list
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: QueryGuard.Limits
    private var position = 0
    private var tokenCount = 0
    private var aliasCount = 0
    /// The open brackets and their byte offsets, never more than `limits.maxDepth` deep.
    private var openBrackets: [(kind: Bracket, offset: Int)] = []

    init(bytes: UnsafeBufferPointer<UInt8>, limits: QueryGuard.Limits) {
        self.bytes = bytes
        self.limits = limits
        openBrackets.reserveCapacity(min(max(limits.maxDepth, 0), 64))
    }

    mutating func scan() throws(QueryGuardError) {
        while let byte = byte(at: position) {
            switch byte {
            case 0x09, 0x0A, 0x0D, 0x20, UInt8(ascii: ","):
                position += 1
            case 0xEF where self.byte(at: position + 1) == 0xBB && self.byte(at: position + 2) == 0xBF:
                position += 3  // A byte order mark is ignored between tokens, as the spec says.
            case UInt8(ascii: "#"):
                try countToken()
                // GraphQLSwift ends a comment at any control character except tab.
                while let next = self.byte(at: position), next >= 0x20 || next == 0x09 { position += 1 }
            case UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "["):
                try countToken()
                try open(byte)
            case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                try countToken()
                try close(byte)
            case UInt8(ascii: ":"):
                try countToken()
                if openBrackets.last?.kind == .selectionSet { try countAlias() }
                position += 1
            case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "="),
                UInt8(ascii: "@"), UInt8(ascii: "|"):
                try countToken()
                position += 1
            case UInt8(ascii: ".") where self.byte(at: position + 1) == byte && self.byte(at: position + 2) == byte:
                try countToken()
                position += 3
            case UInt8(ascii: "\""):
                try countToken()
                if self.byte(at: position + 1) == byte && self.byte(at: position + 2) == byte {
                    try scanBlockString()
                } else {
                    try scanString()
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try countToken()
                try scanNumber()
            case _ where Self.isNameStart(byte):
                try countToken()
                position += 1
                while let next = self.byte(at: position), Self.isNameContinue(next) { position += 1 }
            default:
                let found = character(at: position)
                throw failure(.invalidCharacter, "Unexpected character \(found) at \(location(position)).")
            }
        }
        if let unclosed = openBrackets.last {
            let bracket = character(at: unclosed.offset)
            throw failure(.unbalancedBrackets, "The \(bracket) at \(location(unclosed.offset)) is never closed.")
        }
    }

    private func byte(at offset: Int) -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private mutating func countToken() throws(QueryGuardError) {
        tokenCount += 1
        guard tokenCount <= limits.maxTokens else {
            throw failure(
                .tooManyTokens,
                "The query has more than \(limits.maxTokens) tokens (names, punctuation, values and comments); "
                    + "the limit is \(limits.maxTokens)."
            )
        }
    }

    private mutating func countAlias() throws(QueryGuardError) {
        aliasCount += 1
        guard aliasCount <= limits.maxAliases else {
            throw failure(
                .tooManyAliases,
                "The query has more than \(limits.maxAliases) aliases (alias \(aliasCount) is at "
                    + "\(location(position))); the limit is \(limits.maxAliases)."
            )
        }
    }

    private mutating func open(_ byte: UInt8) throws(QueryGuardError) {
        guard openBrackets.count < limits.maxDepth else {
            throw failure(
                .nestingTooDeep,
                "Selection sets, arguments and lists are nested \(openBrackets.count + 1) levels deep at "
                    + "\(location(position)); the limit is \(limits.maxDepth)."
            )
        }
        let kind: Bracket
        switch byte {
        case UInt8(ascii: "("): kind = .parentheses
        case UInt8(ascii: "["): kind = .list
        default:
            // Values only occur inside `(...)`, so a `{` directly in a selection set (or at the top
            // level) starts a selection set and any other `{` starts an input object.
            let enclosing = openBrackets.last?.kind
            kind = enclosing == nil || enclosing == .selectionSet ? .selectionSet : .inputObject
        }
        openBrackets.append((kind, position))
        position += 1
    }

    private mutating func close(_ byte: UInt8) throws(QueryGuardError) {
        guard let opener = openBrackets.popLast() else {
            throw failure(
                .unbalancedBrackets,
                "Unexpected \(character(at: position)) at \(location(position)): nothing is open."
            )
        }
        let expected: UInt8
        switch opener.kind {
        case .selectionSet, .inputObject: expected = UInt8(ascii: "}")
        case .parentheses: expected = UInt8(ascii: ")")
        case .list: expected = UInt8(ascii: "]")
        }
        guard byte == expected else {
            throw failure(
                .unbalancedBrackets,
                "Unexpected \(character(at: position)) at \(location(position)): the \(character(at: opener.offset)) "
                    + "at \(location(opener.offset)) must be closed first."
            )
        }
        position += 1
    }

    /// Int and Float exactly as the GraphQL spec defines them, including the rule that a number
    /// may not be followed directly by `.` or a name (GraphQLSwift is laxer; such input is invalid).
    private mutating func scanNumber() throws(QueryGuardError) {
        let start = position
        if byte(at: position) == UInt8(ascii: "-") { position += 1 }
        if byte(at: position) == UInt8(ascii: "0") {
            position += 1
        } else {
            try scanDigits(numberStart: start)
        }
        if byte(at: position) == UInt8(ascii: ".") {
            position += 1
            try scanDigits(numberStart: start)
        }
        if let marker = byte(at: position), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            position += 1
            if let sign = byte(at: position), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            try scanDigits(numberStart: start)
        }
        if let next = byte(at: position), next == UInt8(ascii: ".") || Self.isNameContinue(next) {
            throw failure(.invalidCharacter, "Invalid number at \(location(start)).")
        }
    }

    private mutating func scanDigits(numberStart: Int) throws(QueryGuardError) {
        guard byte(at: position).map(Self.isDigit) == true else {
            throw failure(.invalidCharacter, "Invalid number at \(location(numberStart)): a digit is missing.")
        }
        while let next = byte(at: position), Self.isDigit(next) { position += 1 }
    }

    private mutating func scanString() throws(QueryGuardError) {
        let start = position
        position += 1
        while true {
            guard let byte = byte(at: position), byte != 0x0A, byte != 0x0D else {
                throw failure(.invalidString, "The string at \(location(start)) is not closed on the same line.")
            }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"):
                try scanEscape(stringStart: start)
            case ..<0x20 where byte != 0x09:
                throw failure(
                    .invalidString,
                    "The string at \(location(start)) contains the control character \(character(at: position)) "
                        + "at \(location(position)); escape it."
                )
            default:
                position += 1
            }
        }
    }

    private mutating func scanEscape(stringStart: Int) throws(QueryGuardError) {
        let escape = position
        switch byte(at: position + 1) {
        case nil:
            throw failure(.invalidString, "The string at \(location(stringStart)) is not closed.")
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            var scalar: UInt32 = 0
            for offset in escape + 2..<escape + 6 {
                guard let digit = byte(at: offset), let value = Self.hexValue(digit) else {
                    throw failure(
                        .invalidString,
                        "Invalid escape at \(location(escape)): \\u must be followed by exactly 4 hexadecimal digits."
                    )
                }
                scalar = scalar << 4 | value
            }
            guard !(0xD800...0xDFFF).contains(scalar) else {
                throw failure(
                    .invalidString,
                    "Invalid escape at \(location(escape)): surrogate code points (\\uD800 to \\uDFFF) are not "
                        + "supported; send the character itself as UTF-8."
                )
            }
            position += 6
        default:
            throw failure(
                .invalidString,
                "Unknown escape \\\(character(at: escape + 1)) at \(location(escape)); "
                    + "use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX."
            )
        }
    }

    private mutating func scanBlockString() throws(QueryGuardError) {
        let start = position
        let quote = UInt8(ascii: "\"")
        position += 3
        while let byte = byte(at: position) {
            if byte == quote, self.byte(at: position + 1) == quote, self.byte(at: position + 2) == quote {
                position += 3
                return
            }
            if byte == UInt8(ascii: "\\"), self.byte(at: position + 1) == quote, self.byte(at: position + 2) == quote,
                self.byte(at: position + 3) == quote
            {
                position += 4
                continue
            }
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                throw failure(
                    .invalidString,
                    "The block string at \(location(start)) contains the control character "
                        + "\(character(at: position)) at \(location(position))."
                )
            }
            position += 1
        }
        throw failure(.invalidString, "The block string at \(location(start)) is not closed.")
    }

    private func failure(_ code: QueryGuardError.Code, _ message: String) -> QueryGuardError {
        QueryGuardError(code: code, message: message)
    }

    /// "line L, column C", counting lines as GraphQL does and columns in Unicode scalars.
    /// Scans from the start, which is linear because it runs only once, on failure.
    private func location(_ offset: Int) -> String {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < offset {
            let byte = bytes[index]
            if byte == 0x0D, self.byte(at: index + 1) == 0x0A, index + 1 < offset { index += 1 }
            if byte == 0x0A || byte == 0x0D {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        for byte in bytes[lineStart..<offset] where byte & 0xC0 != 0x80 { column += 1 }
        return "line \(line), column \(column)"
    }

    /// A printable ASCII character quoted, anything else as U+XXXX, so messages never echo raw bytes.
    private func character(at offset: Int) -> String {
        guard let lead = byte(at: offset) else { return "end of input" }
        if lead > 0x20, lead < 0x7F { return "'\(Character(Unicode.Scalar(lead)))'" }
        var iterator = bytes[offset..<min(offset + 4, bytes.count)].makeIterator()
        var decoder = Unicode.UTF8()
        var value = UInt32(lead)
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { value = scalar.value }
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
        default: false
        }
    }

    private static func isNameContinue(_ byte: UInt8) -> Bool {
        isNameStart(byte) || isDigit(byte)
    }

    /// The value of one hexadecimal digit (either case), as in `\uXXXX` escapes.
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
