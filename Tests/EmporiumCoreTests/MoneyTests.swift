import EmporiumCore
import Testing

@Suite("Money: minor-unit exponents and decimal strings")
struct MoneyTests {
    @Test("ISO 4217 exponents: none, three, and two for everything else")
    func exponents() {
        let none = [
            "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF",
            "XOF", "XPF",
        ]
        let three = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]
        for code in none { #expect(Money.exponent(of: code) == 0, "\(code)") }
        for code in three { #expect(Money.exponent(of: code) == 3, "\(code)") }
        for code in ["EUR", "USD", "GBP", "CHF", "jpy", "JP", "JPYY", "", "ÉUR", "J\u{0}Y"] {
            #expect(Money.exponent(of: code) == 2, "\(code)")
        }
    }

    @Test("decimal strings by exponent, sign and size")
    func decimalStrings() {
        #expect(Money(minorUnits: 1_500, currency: "USD").decimalString == "15.00")
        #expect(Money(minorUnits: -5, currency: "EUR").decimalString == "-0.05")
        #expect(Money(minorUnits: 1_200, currency: "JPY").decimalString == "1200")
        #expect(Money(minorUnits: 1_234, currency: "KWD").decimalString == "1.234")
        #expect(Money(minorUnits: 0, currency: "EUR").decimalString == "0.00")
    }
}
