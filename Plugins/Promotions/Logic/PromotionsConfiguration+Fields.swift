import EmporiumPluginKit

extension PromotionsConfiguration {
    /// The settings of one promotion as read, before they are checked together.
    struct Fields {
        var values: [String: Int64] = [:]
        var texts: [String: String] = [:]
        var lists: [String: [String]] = [:]
        var instants: [String: PluginTimestamp] = [:]

        mutating func read(_ key: String, _ reader: inout PluginJSONReader, path: String) throws(PluginJSONError) {
            switch key {
            case "percent": values[key] = try reader.readInt64(in: 1...100, field: path)
            case "amount", "minimumSubtotal", "usageLimit", "buy", "get":
                values[key] = try readPositive(&reader, path)
            case "skus", "categories":
                guard try reader.peek() == .array else { throw reader.invalid("\(path) must be a list of strings") }
                lists[key] = try reader.readStringArray()
            case "startsAt", "endsAt":
                let text = try readText(&reader, path)
                guard let instant = PluginTimestamp(iso8601: text) else {
                    throw reader.invalid(
                        "\(path) must be an ISO 8601 date-time like 2026-12-24T00:00:00Z, not \(text.prefix(40))")
                }
                instants[key] = instant
            case "currency":
                let text = try readText(&reader, path)
                guard text.utf8.count == 3, text.utf8.allSatisfy({ (65...90).contains($0) }) else {
                    throw reader.invalid("\(path) must be an ISO 4217 code like EUR, not \(text.prefix(40))")
                }
                texts[key] = text
            case "id", "couponCode":
                let text = try readText(&reader, path)
                guard !text.isEmpty else { throw reader.invalid("\(path) must not be empty") }
                texts[key] = text
            default: texts[key] = try readText(&reader, path)
            }
        }

        private func readPositive(_ reader: inout PluginJSONReader, _ path: String) throws(PluginJSONError) -> Int64 {
            guard try reader.peek() == .number else { throw reader.invalid("\(path) must be a positive integer") }
            do throws(PluginJSONError) {
                return try reader.readInt64(in: 1...1_000_000_000_000, field: path)
            } catch  where error.code == .notAnInteger {
                throw reader.invalid("\(path) must be a positive integer (minor units for money), not a fraction")
            }
        }

        private func readText(_ reader: inout PluginJSONReader, _ path: String) throws(PluginJSONError) -> String {
            guard try reader.peek() == .string else { throw reader.invalid("\(path) must be a string") }
            return try reader.readString()
        }

        func promotion(path: String, at offset: Int) throws(PluginJSONError) -> Promotion {
            func fail(_ message: String) -> PluginJSONError { PluginJSONError(.invalidValue, offset: offset, message) }
            guard let id = texts["id"] else { throw fail("\(path).id is required") }
            let kind: Promotion.Kind
            switch texts["type"] {
            case "percentage":
                guard let percent = values["percent"] else {
                    throw fail("\(path).percent is required for type percentage")
                }
                kind = .percentage(percent: percent)
            case "fixed":
                guard let amount = values["amount"] else { throw fail("\(path).amount is required for type fixed") }
                guard texts["currency"] != nil else { throw fail("\(path).currency is required for type fixed") }
                kind = .fixed(amount: amount)
            case "buyXGetY":
                guard let buy = values["buy"], let get = values["get"] else {
                    throw fail("\(path).buy and \(path).get are required for type buyXGetY")
                }
                guard !(lists["skus"] ?? []).isEmpty || !(lists["categories"] ?? []).isEmpty else {
                    throw fail("\(path) of type buyXGetY needs skus or categories")
                }
                kind = .buyXGetY(buy: buy, get: get, percent: values["percent"] ?? 100)
            case let other?:
                throw fail("\(path).type must be percentage, fixed or buyXGetY, not \(other.prefix(40))")
            case nil:
                throw fail("\(path).type is required (percentage, fixed or buyXGetY)")
            }
            if values["minimumSubtotal"] != nil, texts["currency"] == nil {
                throw fail("\(path).currency is required with minimumSubtotal")
            }
            if values["usageLimit"] != nil, texts["couponCode"] == nil {
                throw fail("\(path).usageLimit needs a couponCode")
            }
            if let startsAt = instants["startsAt"], let endsAt = instants["endsAt"], endsAt <= startsAt {
                throw fail("\(path).endsAt must be after startsAt")
            }
            return Promotion(
                id: id, label: texts["label"] ?? id, kind: kind, skus: Set(lists["skus"] ?? []),
                categories: Set(lists["categories"] ?? []), currency: texts["currency"],
                minimumSubtotal: values["minimumSubtotal"], couponCode: texts["couponCode"]?.uppercased(),
                usageLimit: values["usageLimit"], startsAt: instants["startsAt"], endsAt: instants["endsAt"])
        }
    }
}
