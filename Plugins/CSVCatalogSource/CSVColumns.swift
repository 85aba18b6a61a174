import EmporiumPluginKit

/// The header row: which column holds what. See `docs/plugins/csv-catalog-source.md`.
struct CSVColumns {
    static let required = ["product_slug", "name", "sku"]
    static let optional = ["description", "brand", "category_slug", "variant_name", "options", "image_urls"]

    let count: Int
    private let index: [String: Int]
    /// `price:<channel>` columns: channel and column index, in header order.
    let prices: [(channel: String, column: Int)]
    /// `stock:<location>` columns: location and column index, in header order.
    let stock: [(location: String, column: Int)]

    init(header: CSVRecord) throws {
        var index: [String: Int] = [:]
        var prices: [(String, Int)] = []
        var stock: [(String, Int)] = []
        for (column, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard index[name] == nil else {
                throw PluginFailure.invalidInput("line \(header.line): column \(name) appears twice")
            }
            index[name] = column
            if name.hasPrefix("price:"), Self.isCode(name.dropFirst(6)) {
                prices.append((String(name.dropFirst(6)), column))
            } else if name.hasPrefix("stock:"), Self.isCode(name.dropFirst(6)) {
                stock.append((String(name.dropFirst(6)), column))
            } else if !Self.required.contains(name) && !Self.optional.contains(name) {
                throw PluginFailure.invalidInput(
                    "line \(header.line): unknown column \"\(name)\"; the columns are "
                        + (Self.required + Self.optional).joined(separator: ", ")
                        + ", price:<channel> and stock:<location>")
            }
        }
        for name in Self.required where index[name] == nil {
            throw PluginFailure.invalidInput("line \(header.line): missing column \(name)")
        }
        count = header.fields.count
        self.index = index
        self.prices = prices
        self.stock = stock
    }

    /// The value of a named column in a record, trimmed; empty when the column is absent.
    func value(_ name: String, in record: CSVRecord) -> String {
        guard let column = index[name] else { return "" }
        return record.fields[column].trimmingCharacters(in: .whitespaces)
    }

    /// Channel and location codes: lower-case letters, digits and hyphens.
    static func isCode(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, (97...122).contains(first) || (48...57).contains(first) else {
            return false
        }
        return text.utf8.count <= 63
            && text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
    }
}
