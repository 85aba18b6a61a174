/// An amount of money: an integer count of minor units plus an ISO 4217 currency code.
///
/// Emporium never computes with floating point. `15.00 USD` is `Money(minorUnits: 1500, currency: "USD")`.
public struct Money: Sendable, Hashable, Codable {
    /// The amount in the currency's minor unit (cents for USD, yen for JPY).
    public var minorUnits: Int64
    /// The ISO 4217 alphabetic code, upper case.
    public var currency: String

    /// Creates an amount from minor units and a currency code.
    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// The number of decimal digits of the currency's minor unit (ISO 4217 exponent).
    public static func exponent(of currency: String) -> Int {
        // Asked for every amount written, so the three letters are compared as one integer
        // rather than as strings against each code in turn.
        var code: UInt32 = 0
        var letters = 0
        for byte in currency.utf8 {
            letters += 1
            guard letters <= 3 else { return 2 }
            code = code << 8 | UInt32(byte)
        }
        guard letters == 3 else { return 2 }
        if zeroDecimalCodes.contains(code) { return 0 }
        if threeDecimalCodes.contains(code) { return 3 }
        return 2
    }

    private static func packed(_ codes: [StaticString]) -> [UInt32] {
        codes.map { code in
            code.withUTF8Buffer { $0.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
        }
    }

    /// ISO 4217 currencies without minor units.
    private static let zeroDecimalCodes = packed([
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF",
        "XOF", "XPF",
    ])
    /// ISO 4217 currencies with three decimal digits.
    private static let threeDecimalCodes = packed(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])

    /// The decimal string for display, without a currency symbol: `"15.00"`, `"-0.05"`, `"1200"` (JPY).
    public var decimalString: String {
        String(unsafeUninitializedCapacity: Money.maximumDecimalLength) { buffer in
            writeDecimal(exponent: Money.exponent(of: currency), into: buffer.baseAddress!)
        }
    }

    /// The most bytes ``writeDecimal(exponent:into:)`` writes: a sign, 20 digits, a point and
    /// up to 3 more digits (the largest exponent), with room to spare.
    public static let maximumDecimalLength = 32

    /// Writes ``decimalString``'s text as UTF-8 at `output` (room for ``maximumDecimalLength``
    /// bytes) with `exponent` decimal digits, and returns how many bytes it wrote. The one
    /// formatter behind every amount the engine writes: the API's JSON, feeds and display.
    @discardableResult
    public func writeDecimal(exponent: Int, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        if minorUnits < 0 {
            output[0] = UInt8(ascii: "-")
            length = 1
        }
        let magnitude = minorUnits.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        length += Self.writeDigits(magnitude / divisor, count: nil, into: output + length)
        if exponent > 0 {
            output[length] = UInt8(ascii: ".")
            length += 1 + Self.writeDigits(magnitude % divisor, count: exponent, into: output + length + 1)
        }
        return length
    }

    /// Writes `value`'s decimal digits (left-padded with zeros to `count` when given).
    private static func writeDigits(_ value: UInt64, count: Int?, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 1
        var rest = value / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        length = max(length, count ?? 0)
        var remaining = value
        for place in stride(from: length - 1, through: 0, by: -1) {
            output[place] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
        return length
    }
}
