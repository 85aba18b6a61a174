import EmporiumCore
import EmporiumPluginKit

/// Reads and checks the response documents of the pricing hooks. Anything that breaks the schema or
/// does not fit the request (another currency, an unknown line, a discount larger than what is left
/// of the line or order, a tax larger than its base) is refused as a whole: nothing of it is applied.
enum PricingResponse {
    /// The adjustments a `pricing.adjust` response adds to `current` (see
    /// ``adjustments(_:for:strings:)-(UnsafeRawBufferPointer,_,_)``).
    static func adjustments(
        _ bytes: [UInt8], for current: PricingResult, strings: PluginAnswerStrings? = nil
    ) throws(PluginJSONError) -> PriceAdjustments {
        let result: Result<PriceAdjustments, PluginJSONError> = bytes.withUnsafeBytes { buffer in
            do throws(PluginJSONError) {
                return .success(try adjustments(buffer, for: current, strings: strings))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The adjustments a `pricing.adjust` response adds to `current`, read in place; the labels and
    /// promotion ids of an answer in the usual shape reuse those `strings` knows, and it learns
    /// the ones it did not.
    static func adjustments(
        _ bytes: UnsafeRawBufferPointer, for current: PricingResult, strings: PluginAnswerStrings? = nil
    ) throws(PluginJSONError) -> PriceAdjustments {
        // The usual shape is read straight through; anything else the general way below.
        var reading = strings?.reading() ?? .none
        if let (currency, added) = readCanonical(
            bytes, lines: current.cart.lines, codes: current.cart.couponCodes, currency: current.cart.currency,
            strings: &reading)
        {
            try checkCurrency(currency, current.cart.currency)
            try check(added, against: current)
            // Only an answer that passed its checks teaches the cache.
            strings?.learn(from: reading)
            return added
        }
        let lines = current.cart.lines
        let codes = current.cart.couponCodes
        let expectedCurrency = current.cart.currency
        var added = PriceAdjustments()
        // One allocation for a typical answer rather than one per doubling.
        added.lineDiscounts.reserveCapacity(current.cart.lines.count)
        var currency: String?
        try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in
            try reader.readMembers { reader, key throws(PluginJSONError) in
                switch key {
                case "currency": currency = try readString(&reader, reusing: expectedCurrency)
                case "lineDiscounts":
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        let item = try readDiscount(
                            &reader, path: "lineDiscounts[\(index)]", withLine: true, lines, codes)
                        added.lineDiscounts.append(
                            .init(
                                lineID: item.lineID ?? "", amount: item.amount, label: item.label,
                                promotionID: item.promotionID, couponCode: item.couponCode))
                    }
                case "orderDiscounts":
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        let item = try readDiscount(
                            &reader, path: "orderDiscounts[\(index)]", withLine: false, lines, codes)
                        added.orderDiscounts.append(
                            .init(
                                amount: item.amount, label: item.label, promotionID: item.promotionID,
                                couponCode: item.couponCode))
                    }
                case "rejectedCoupons":
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        added.rejectedCoupons.append(try readRejection(&reader, path: "rejectedCoupons[\(index)]"))
                    }
                default: break
                }
            }
        }
        try checkCurrency(currency, expectedCurrency)
        try check(added, against: current)
        return added
    }

    /// Reads a string. When it is plain ASCII and byte for byte `known` (the cart's currency, which
    /// an answer names), that `String` is returned: the same value, without making another. Any
    /// other string is made as ``PluginJSONReader/readString()`` makes it.
    @inline(__always)
    static func readString(_ reader: inout PluginJSONReader, reusing known: String) throws(PluginJSONError) -> String {
        guard let range = try reader.readPlainString() else { return try reader.readString() }
        let text = reader.bytes(in: range)
        return same(known, text) ? known : String(decoding: text, as: UTF8.self)
    }

    /// Reads a string as ``readString(_:reusing:)`` does, reusing one of `known` (the cart's coupon
    /// codes).
    @inline(__always)
    static func readString(_ reader: inout PluginJSONReader, reusingOneOf known: [String]) throws(PluginJSONError)
        -> String
    {
        guard let range = try reader.readPlainString() else { return try reader.readString() }
        let text = reader.bytes(in: range)
        for index in known.indices where same(known[index], text) { return known[index] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads a string as ``readString(_:reusing:)`` does, reusing the id of one of `lines`.
    @inline(__always)
    static func readString(_ reader: inout PluginJSONReader, reusingIDOf lines: [PricedCart.Line])
        throws(PluginJSONError) -> String
    {
        guard let range = try reader.readPlainString() else { return try reader.readString() }
        let text = reader.bytes(in: range)
        for index in lines.indices where same(lines[index].id, text) { return lines[index].id }
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads a string as ``readString(_:reusingIDOf:)`` does, looking from line `next` on (and
    /// then from the first): an answer names the lines mostly in the cart's order. `next` becomes
    /// the line after the one found.
    @inline(__always)
    static func readString(
        _ reader: inout PluginJSONReader, reusingIDOf lines: [PricedCart.Line], from next: inout Int
    ) throws(PluginJSONError) -> String {
        guard let range = try reader.readPlainString() else { return try reader.readString() }
        let text = reader.bytes(in: range)
        var index = next < lines.count ? next : 0
        for _ in 0..<lines.count {
            if same(lines[index].id, text) {
                next = index &+ 1
                return lines[index].id
            }
            index = index &+ 1 == lines.count ? 0 : index &+ 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `string`'s UTF-8 is `bytes`.
    @inline(__always)
    static func same(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let utf8 = string.utf8
        guard utf8.count == bytes.count else { return false }
        return utf8.withContiguousStorageIfAvailable {
            PluginAnswerStrings.equal(UnsafeRawPointer($0.baseAddress), 0, bytes)
        } ?? utf8.elementsEqual(bytes)
    }

    static func checkCurrency(_ currency: String?, _ expected: String) throws(PluginJSONError) {
        guard let currency else { throw PluginJSONError(.invalidValue, offset: 0, "the response has no currency") }
        guard currency == expected else {
            throw PluginJSONError(
                .invalidValue, offset: 0, "the response is in \(currency.prefix(8)), the cart in \(expected)")
        }
    }

    /// Checks the new adjustments against the cart and the earlier ones, in the order given: each
    /// line discount at most what is left of its line, each order discount at most what is left of
    /// the order, after the earlier rules' discounts and the answer's own ones before it.
    static func check(_ added: PriceAdjustments, against current: PricingResult) throws(PluginJSONError) {
        let lines = current.cart.lines
        // What is left of each line (the first line with an id, as `PricedCart.line(id:)` finds it),
        // on the stack for carts of usual size.
        try withUnsafeTemporaryAllocation(of: Int64.self, capacity: lines.count) { left throws(PluginJSONError) in
            for (index, line) in lines.enumerated() { left.initializeElement(at: index, to: line.subtotal) }
            try check(added, against: current, left: left)
        }
    }

    private static func check(
        _ added: PriceAdjustments, against current: PricingResult, left: UnsafeMutableBufferPointer<Int64>
    ) throws(PluginJSONError) {
        let lines = current.cart.lines
        let codes = current.cart.couponCodes
        // The discounts are read field by field where they lie: taking each as a whole would copy
        // (and retain) its four strings to look at two of them.
        let earlier = current.adjustments.lineDiscounts
        for index in earlier.indices {
            if let line = firstLine(earlier[index].lineID, in: lines) { left[line] -= earlier[index].amount }
        }
        var total = current.total
        let discounts = added.lineDiscounts
        for index in discounts.indices {
            let amount = discounts[index].amount
            guard let line = firstLine(discounts[index].lineID, in: lines) else {
                throw PluginJSONError(
                    .invalidValue, offset: 0,
                    "lineDiscounts[\(index)].lineId \"\(discounts[index].lineID.prefix(64))\" is not a line of the cart"
                )
            }
            guard amount <= left[line] else {
                throw PluginJSONError(
                    .invalidValue, offset: 0,
                    "lineDiscounts[\(index)].amount \(amount) is more than what is left of line \(discounts[index].lineID) (\(left[line]))"
                )
            }
            try checkCoupon(discounts[index].couponCode, codes, "lineDiscounts[\(index)]")
            left[line] -= amount
            total -= amount
        }
        let orderDiscounts = added.orderDiscounts
        for index in orderDiscounts.indices {
            let amount = orderDiscounts[index].amount
            guard amount <= total else {
                throw PluginJSONError(
                    .invalidValue, offset: 0,
                    "orderDiscounts[\(index)].amount \(amount) is more than what is left of the order (\(total))"
                )
            }
            try checkCoupon(orderDiscounts[index].couponCode, codes, "orderDiscounts[\(index)]")
            total -= amount
        }
        let rejections = added.rejectedCoupons
        for index in rejections.indices where !codes.contains(rejections[index].code) {
            throw PluginJSONError(
                .invalidValue, offset: 0, "rejectedCoupons[\(index)].code is not one of the cart's coupon codes")
        }
    }

    /// The index of the first line of `lines` whose id is `id` (as `PricedCart.line(id:)` finds it).
    @inline(__always)
    private static func firstLine(_ id: String, in lines: [PricedCart.Line]) -> Int? {
        for index in lines.indices where lines[index].id == id { return index }
        return nil
    }

    private static func checkCoupon(
        _ code: String?, _ codes: [String], _ path: @autoclosure () -> String
    ) throws(PluginJSONError) {
        guard let code, !codes.contains(code) else { return }
        throw PluginJSONError(.invalidValue, offset: 0, "\(path()).couponCode is not one of the cart's coupon codes")
    }

    struct Discount {
        var lineID: String?
        var amount: Int64
        var label: String
        var promotionID: String
        var couponCode: String?
    }

    /// Reads a line or order discount; the line id and coupon code are the cart's own strings when
    /// they are byte for byte one of them (see ``readString(_:reusingIDOf:)``).
    static func readDiscount(
        _ reader: inout PluginJSONReader, path: @autoclosure () -> String, withLine: Bool, _ lines: [PricedCart.Line],
        _ codes: [String]
    ) throws(PluginJSONError)
        -> Discount
    {
        let start = reader.offset
        var lineID: String?
        var amount: Int64?
        var label: String?
        var promotionID: String?
        var couponCode: String?
        try reader.readMembers { reader, key throws(PluginJSONError) in
            switch key {
            case "lineId" where withLine: lineID = try readString(&reader, reusingIDOf: lines)
            case "amount": amount = try reader.readInt64(in: 1...Int64.max, field: "\(path()).amount")
            case "label": label = try reader.readString()
            case "promotionId": promotionID = try reader.readString()
            case "couponCode": couponCode = try reader.readNull() ? nil : try readString(&reader, reusingOneOf: codes)
            default: break
            }
        }
        guard let amount, let label, let promotionID, !withLine || lineID != nil else {
            let fields = withLine ? "lineId, amount, label and promotionId" : "amount, label and promotionId"
            throw PluginJSONError(.invalidValue, offset: start, "\(path()) needs \(fields)")
        }
        return Discount(lineID: lineID, amount: amount, label: label, promotionID: promotionID, couponCode: couponCode)
    }

    static func readRejection(_ reader: inout PluginJSONReader, path: @autoclosure () -> String) throws(PluginJSONError)
        -> PriceAdjustments.RejectedCoupon
    {
        let start = reader.offset
        var code: String?
        var reason: String?
        var message = ""
        try reader.readMembers { reader, key throws(PluginJSONError) in
            switch key {
            case "code": code = try reader.readString()
            case "reason": reason = try reader.readString()
            case "message": message = try reader.readString()
            default: break
            }
        }
        guard let code, let reason else {
            throw PluginJSONError(.invalidValue, offset: start, "\(path()) needs code and reason")
        }
        guard (1...64).contains(reason.utf8.count),
            reason.utf8.allSatisfy({ (65...90).contains($0) || (48...57).contains($0) || $0 == 95 })
        else {
            throw PluginJSONError(
                .invalidValue, offset: start, "\(path()).reason must be an upper-case code like COUPON_EXPIRED")
        }
        return .init(code: code, reason: CouponRejection(reason), message: message)
    }
}
