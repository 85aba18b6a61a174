import EmporiumPluginKit

/// The parts of a `pricing.adjust` request the promotions need, with the earlier rules' discounts
/// already subtracted from each line.
public struct PromotionsRequest: Sendable, Hashable {
    /// A cart line.
    public struct Line: Sendable, Hashable {
        /// Line id.
        public var id: String
        /// SKU.
        public var sku: String
        /// Units.
        public var quantity: Int64
        /// Price of one unit, minor units.
        public var unitPrice: Int64
        /// Category slugs.
        public var categories: [String]
        /// What is left of the line after earlier discounts, minor units.
        public var remaining: Int64

        /// Creates a line; `remaining` defaults to `unitPrice × quantity`.
        public init(
            id: String, sku: String, quantity: Int64, unitPrice: Int64, categories: [String] = [],
            remaining: Int64? = nil
        ) {
            self.id = id
            self.sku = sku
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.categories = categories
            self.remaining = remaining ?? unitPrice * quantity
        }
    }

    /// The cart's currency.
    public var currency: String
    /// The pricing instant.
    public var now: PluginTimestamp
    /// The lines.
    public var lines: [Line]
    /// Codes entered.
    public var couponCodes: [String]
    /// Past redemptions per code.
    public var couponRedemptions: [String: Int64]
    /// The sum of earlier order-level discounts.
    public var earlierOrderDiscounts: Int64

    /// Creates a request.
    public init(
        currency: String, now: PluginTimestamp, lines: [Line], couponCodes: [String] = [],
        couponRedemptions: [String: Int64] = [:], earlierOrderDiscounts: Int64 = 0
    ) {
        self.currency = currency
        self.now = now
        self.lines = lines
        self.couponCodes = couponCodes
        self.couponRedemptions = couponRedemptions
        self.earlierOrderDiscounts = earlierOrderDiscounts
    }

    /// Reads a `pricing.adjust` request document.
    public init(json bytes: [UInt8]) throws(PluginJSONError) {
        let result: Result<Self, PluginJSONError> = bytes.withUnsafeBytes { buffer in
            do throws(PluginJSONError) {
                return .success(try Self(json: buffer))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Reads a `pricing.adjust` request document in place.
    public init(json bytes: UnsafeRawBufferPointer) throws(PluginJSONError) {
        var currency: String?
        var now: PluginTimestamp?
        var lines: [Line] = []
        lines.reserveCapacity(8)  // one allocation for a typical cart, not one per doubling
        var codes: [String] = []
        var redemptions: [String: Int64] = [:]
        var lineDiscounts: [String: Int64] = [:]
        var orderDiscounts: Int64 = 0
        try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in
            try reader.readMembers { reader, key throws(PluginJSONError) in
                switch key {
                case "currency": currency = try reader.readString()
                case "now": now = try reader.readTimestamp(field: "now")
                case "lines":
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        lines.append(try Self.readLine(&reader, index))
                    }
                case "couponCodes": codes = try reader.readStringArray()
                case "couponRedemptions":
                    try reader.readMembers { reader, code throws(PluginJSONError) in
                        redemptions[code.string] = try reader.readInt64(
                            in: 0...Int64.max, field: "couponRedemptions.\(code)")
                    }
                case "adjustments":
                    try Self.readAdjustments(&reader, lineDiscounts: &lineDiscounts, orderDiscounts: &orderDiscounts)
                default: break
                }
            }
        }
        guard let currency, let now else {
            throw PluginJSONError(.invalidValue, offset: 0, "the request needs currency and now")
        }
        for index in lines.indices { lines[index].remaining -= lineDiscounts[lines[index].id] ?? 0 }
        self.init(
            currency: currency, now: now, lines: lines, couponCodes: codes, couponRedemptions: redemptions,
            earlierOrderDiscounts: orderDiscounts)
    }

    private static func readLine(_ reader: inout PluginJSONReader, _ index: Int) throws(PluginJSONError) -> Line {
        let start = reader.offset
        var id: String?
        var sku: String?
        var quantity: Int64?
        var unitPrice: Int64?
        var categories: [String] = []
        try reader.readMembers { reader, key throws(PluginJSONError) in
            switch key {
            case "id": id = try reader.readString()
            case "sku": sku = try reader.readString()
            case "quantity": quantity = try reader.readInt64(in: 1...1_000_000_000, field: "lines[\(index)].quantity")
            case "unitPrice":
                unitPrice = try reader.readInt64(in: 0...1_000_000_000_000, field: "lines[\(index)].unitPrice")
            case "categories": categories = try reader.readStringArray()
            default: break
            }
        }
        guard let id, let sku, let quantity, let unitPrice else {
            throw PluginJSONError(.invalidValue, offset: start, "lines[\(index)] needs id, sku, quantity and unitPrice")
        }
        return Line(id: id, sku: sku, quantity: quantity, unitPrice: unitPrice, categories: categories)
    }

    private static func readAdjustments(
        _ reader: inout PluginJSONReader, lineDiscounts: inout [String: Int64], orderDiscounts: inout Int64
    ) throws(PluginJSONError) {
        try reader.readMembers { reader, key throws(PluginJSONError) in
            switch key {
            case "lineDiscounts":
                try reader.readArray { reader, _ throws(PluginJSONError) in
                    var lineID = ""
                    var amount: Int64 = 0
                    try reader.readMembers { reader, key throws(PluginJSONError) in
                        if key == "lineId" { lineID = try reader.readString() }
                        if key == "amount" { amount = try reader.readInt64(in: 0...Int64.max, field: "amount") }
                    }
                    lineDiscounts[lineID, default: 0] += amount
                }
            case "orderDiscounts":
                try reader.readArray { reader, _ throws(PluginJSONError) in
                    try reader.readMembers { reader, key throws(PluginJSONError) in
                        if key == "amount" {
                            orderDiscounts += try reader.readInt64(in: 0...Int64.max, field: "amount")
                        }
                    }
                }
            default: break
            }
        }
    }
}
