import EmporiumCore
import Foundation
import GraphQL
import Synchronization

/// Writes JSON straight into a byte buffer, byte-for-byte as GraphQLSwift's `GraphQLJSONEncoder`
/// does with its default options (so `/` is written `\/`, control characters as `\u00XX` with
/// lower-case hex, and `\b \f \n \r \t` by name).
///
/// The buffer is memory of its own rather than an `[UInt8]`: every value of a response goes
/// through here, and an array's uniqueness checks and reference counting on each append were a
/// large part of rendering a listing. It comes from `malloc` so that a finished response body can
/// be handed over as `Data` without a copy (``takeData()``).
struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        base = Self.allocate(self.capacity)
    }

    deinit { free(base) }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        guard let memory = malloc(capacity) else { fatalError("JSONWriter: out of memory") }
        return memory.bindMemory(to: UInt8.self, capacity: capacity)
    }

    /// What was written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// What was written after the first `offset` bytes.
    func bytes(from offset: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + offset, count: count - offset))
    }

    /// Hands what was written over as `Data`, without copying it (the memory goes with it, room
    /// beyond the bytes written included: the response cache keeps copies); the writer is left
    /// empty.
    mutating func takeData() -> Data {
        let data = Data(bytesNoCopy: base, count: count, deallocator: .free)
        capacity = 16
        base = Self.allocate(capacity)
        count = 0
        return data
    }

    /// Starts a response body: writes `{"data":` and returns where the data starts, for
    /// ``finishBody(dataStart:errors:)``.
    mutating func beginBody() -> Int {
        raw(#"{"data":"#)
        return count
    }

    /// Ends a response body whose data starts at `dataStart` (after `{"data":`): without errors the
    /// body is closed and handed over whole; with errors the data alone is returned, for the
    /// endpoint to add the shaped errors.
    mutating func finishBody(dataStart: Int, errors: [GraphQLError]) -> ExecutionOutcome {
        guard errors.isEmpty else { return .encoded(data: bytes(from: dataStart), errors: errors) }
        raw(UInt8(ascii: "}"))
        return .body(takeData())
    }

    /// A starting capacity for storefront response writers: the size of recent responses, so that a listing's
    /// body is written without growing its buffer (a copy of everything written so far each time).
    /// It follows larger responses at once and smaller ones slowly.
    static let responseSizeHint = Atomic<Int>(16_384)

    /// Feeds the size of a finished response into ``responseSizeHint``. Racing updates may lose one;
    /// the hint only saves a copy.
    static func noteResponseSize(_ size: Int) {
        let hint = responseSizeHint.load(ordering: .relaxed)
        let next = max(size + size / 8, hint - hint / 16, 4096)
        if next != hint { responseSizeHint.store(min(next, 1 << 22), ordering: .relaxed) }
    }

    /// Drops what was written after `mark` (a nullable value that failed is replaced by `null`).
    mutating func truncate(to mark: Int) {
        precondition(mark >= 0 && mark <= count)
        count = mark
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        guard let moved = realloc(base, larger) else { fatalError("JSONWriter: out of memory") }
        base = moved.bindMemory(to: UInt8.self, capacity: larger)
        capacity = larger
    }

    @inline(__always)
    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, buffer.count > 0 else { return }
        reserve(buffer.count)
        (base + count).initialize(from: source, count: buffer.count)
        count += buffer.count
    }

    mutating func raw(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func null() { raw("null") }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    mutating func int(_ value: Int) {
        if value < 0 { raw(UInt8(ascii: "-")) }
        decimal(UInt64(value.magnitude))
    }

    /// A key followed by `:`; keys in a plan are pre-escaped once with ``escaped(_:)``.
    mutating func key(_ escapedKey: UnsafeBufferPointer<UInt8>) {
        append(escapedKey)
        raw(UInt8(ascii: ":"))
    }

    mutating func string(_ value: String) {
        // Read in place: `withUTF8` needs a mutable copy of the string, and so a retain and release.
        if value.utf8.withContiguousStorageIfAvailable({ escapedString($0) }) != nil { return }
        var value = value
        value.withUTF8 { escapedString($0) }
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// A node id (`"UHJvZHVjdDo0Mg"`), as ``OpaqueIdentifier/nodeID(type:id:)`` spells it.
    mutating func nodeID(type: String, id: Int64) {
        var text = OpaqueIdentifier.nodeIDText(type: type, id: id)
        text.withUTF8 { quotedBase64URL($0) }
    }

    /// A listing cursor, as ``OpaqueIdentifier/cursor(_:)`` spells it.
    mutating func cursor(_ position: ListingPosition) {
        var text = OpaqueIdentifier.cursorText(position)
        text.withUTF8 { quotedBase64URL($0) }
    }

    /// An amount as a decimal string (`"15.00"`), as ``Money/decimalString`` spells it.
    mutating func decimal(_ money: Money) {
        reserve(Money.maximumDecimalLength + 2)
        base[count] = UInt8(ascii: "\"")
        count += 1 + money.writeDecimal(exponent: Money.exponent(of: money.currency), into: base + count + 1)
        base[count] = UInt8(ascii: "\"")
        count += 1
    }

    /// The decimal digits of `value`.
    private mutating func decimal(_ value: UInt64) {
        reserve(20)
        count += Self.digits(value, into: base + count)
    }

    /// Writes the decimal digits of `value` at `output` (room for 20) and returns how many.
    @inline(__always)
    private static func digits(_ value: UInt64, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 1
        var rest = value / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        var remaining = value
        for place in stride(from: length - 1, through: 0, by: -1) {
            output[place] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
        return length
    }

    /// `"…"` around the unpadded base64url of `bytes`.
    private mutating func quotedBase64URL(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(OpaqueIdentifier.base64URLLength(bytes.count) + 2)
        base[count] = UInt8(ascii: "\"")
        count += 1 + OpaqueIdentifier.writeBase64URL(bytes, into: base + count + 1)
        base[count] = UInt8(ascii: "\"")
        count += 1
    }

    /// `"text"` escaped, as bytes (for keys computed once per plan).
    static func escaped(_ text: String) -> [UInt8] {
        var writer = JSONWriter(capacity: text.utf8.count + 16)
        writer.string(text)
        return writer.bytes
    }

    /// Whether any of the eight bytes of `word` must be escaped: below 0x20, `"`, `\` or `/`. The
    /// classic "has a zero byte" bit trick per class; exact for the word as a whole, which is all
    /// a skip needs.
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let below = (word &- ones &* 0x20) & ~word & highs
        return below | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
            | zeroBytes(word ^ (ones &* 0x2F)) != 0
    }

    private mutating func escapedString(_ utf8: UnsafeBufferPointer<UInt8>) {
        raw(UInt8(ascii: "\""))
        var copyStart = 0
        var index = 0
        let length = utf8.count
        while index < length {
            // Eight bytes at a time while none needs escaping: names, slugs and URLs rarely do.
            if index + 8 <= length, let start = utf8.baseAddress,
                !Self.needsEscape(UInt64(littleEndian: UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)))
            {
                index += 8
                continue
            }
            let byte = utf8[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "/") {
                index += 1
                continue
            }
            append(UnsafeBufferPointer(rebasing: utf8[copyStart..<index]))
            raw(0x5C)
            switch byte {
            case UInt8(ascii: "\""): raw(0x22)
            case UInt8(ascii: "\\"): raw(0x5C)
            case UInt8(ascii: "/"): raw(0x2F)
            case 0x08: raw(UInt8(ascii: "b"))
            case 0x0C: raw(UInt8(ascii: "f"))
            case 0x0A: raw(UInt8(ascii: "n"))
            case 0x0D: raw(UInt8(ascii: "r"))
            case 0x09: raw(UInt8(ascii: "t"))
            default:
                let hex: StaticString = "0123456789abcdef"
                raw("u00")
                hex.withUTF8Buffer { digits in
                    raw(digits[Int(byte / 16)])
                    raw(digits[Int(byte % 16)])
                }
            }
            index += 1
            copyStart = index
        }
        append(UnsafeBufferPointer(rebasing: utf8[copyStart..<length]))
        raw(UInt8(ascii: "\""))
    }
}
