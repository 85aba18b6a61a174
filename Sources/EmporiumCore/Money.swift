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
        let digits = Money.exponent(of: currency)
        let negative = minorUnits < 0
        let magnitude = minorUnits.magnitude
        guard digits > 0 else { return (negative ? "-" : "") + String(magnitude) }
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let whole = magnitude / divisor
        var fraction = String(magnitude % divisor)
        while fraction.count < digits { fraction = "0" + fraction }
        return (negative ? "-" : "") + String(whole) + "." + fraction
    }
}
