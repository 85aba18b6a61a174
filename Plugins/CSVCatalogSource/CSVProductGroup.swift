import EmporiumPluginKit

/// The rows of one product, turned into the `catalog.source` product form as they arrive.
struct CSVProductGroup {
    let slug: String
    let line: Int
    private var name: String
    private var description: String
    private var brand: String
    private(set) var category: String
    private var images: String
    private var variants: [[String: Any]] = []

    /// Starts a product from its first row.
    init(first record: CSVRecord, columns: CSVColumns) throws {
        slug = columns.value("product_slug", in: record)
        line = record.line
        guard Self.isSlug(slug) else {
            throw PluginFailure.invalidInput(
                "line \(record.line): product_slug \"\(slug)\" must be lower-case letters, digits and hyphens")
        }
        name = columns.value("name", in: record)
        guard !name.isEmpty else {
            throw PluginFailure.invalidInput("line \(record.line): name is empty on the first row of product \(slug)")
        }
        description = columns.value("description", in: record)
        brand = columns.value("brand", in: record)
        category = columns.value("category_slug", in: record)
        guard category.isEmpty || Self.isSlug(category) else {
            throw PluginFailure.invalidInput(
                "line \(record.line): category_slug \"\(category)\" must be lower-case letters, digits and hyphens")
        }
        images = columns.value("image_urls", in: record)
    }

    static func isSlug(_ text: String) -> Bool {
        guard let first = text.utf8.first, (97...122).contains(first) || (48...57).contains(first) else {
            return false
        }
        return text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
    }

    /// Adds the variant of a row; product columns on later rows must be empty or the same.
    mutating func add(_ record: CSVRecord, columns: CSVColumns) throws {
        if !variants.isEmpty {
            for (column, first) in [
                ("name", name), ("description", description), ("brand", brand), ("category_slug", category),
                ("image_urls", images),
            ] {
                let value = columns.value(column, in: record)
                guard value.isEmpty || value == first else {
                    throw PluginFailure.invalidInput(
                        "line \(record.line): \(column) differs from line \(line), the first row of product \(slug); "
                            + "leave it empty or repeat it")
                }
            }
        }
        let sku = columns.value("sku", in: record)
        guard (1...64).contains(sku.utf8.count) else {
            throw PluginFailure.invalidInput("line \(record.line): sku must have 1 to 64 characters")
        }
        var options: [[String: String]] = []
        for part in columns.value("options", in: record).split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw PluginFailure.invalidInput(
                    "line \(record.line): options must be Name=Value pairs separated by ';', got \"\(part)\"")
            }
            options.append(["name": pair[0], "value": pair[1]])
        }
        var variantName = columns.value("variant_name", in: record)
        if variantName.isEmpty {
            variantName = options.isEmpty ? name : options.map { $0["value"] ?? "" }.joined(separator: " / ")
        }
        var prices: [[String: Any]] = []
        for (channel, column) in columns.prices {
            let text = record.fields[column].trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let amount = Self.wholeNumber(text, max: Int64.max) else {
                throw PluginFailure.invalidInput(
                    "line \(record.line): price:\(channel) must be a whole number of minor units "
                        + "(1999 for 19.99), got \"\(text)\"")
            }
            prices.append(["channel": channel, "amount": amount])
        }
        var stock: [[String: Any]] = []
        for (location, column) in columns.stock {
            let text = record.fields[column].trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let units = Self.wholeNumber(text, max: Int64(Int32.max)) else {
                throw PluginFailure.invalidInput(
                    "line \(record.line): stock:\(location) must be a whole number of units, got \"\(text)\"")
            }
            stock.append(["location": location, "onHand": units])
        }
        variants.append([
            "sku": sku, "name": variantName, "options": options, "prices": prices, "stock": stock, "line": record.line,
        ])
    }

    /// A non-negative integer of at most `max`, digits only.
    static func wholeNumber(_ text: String, max: Int64) -> Int64? {
        guard text.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int64(text), value <= max else {
            return nil
        }
        return value
    }

    /// The product in the hook's response form.
    var json: [String: Any] {
        var product: [String: Any] = [
            "slug": slug, "name": name, "description": description, "variants": variants, "line": line,
            "media": images.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                .map { ["url": $0, "alt": name] },
        ]
        if !brand.isEmpty { product["brand"] = brand }
        if !category.isEmpty { product["categorySlug"] = category }
        return product
    }
}
