import EmporiumCore
import EmporiumPluginKit

/// Reads and checks the response documents of the pricing hooks. Anything that breaks the schema or
/// does not fit the request (another currency, an unknown line, a discount larger than what is left
/// of the line or order, a tax larger than its base) is refused as a whole: nothing of it is applied.
enum PricingResponse {
    /// The adjustments a `pricing.adjust` response adds to `current`.
    static func adjustments(_ bytes: [UInt8], for current: PricingResult) throws(PluginJSONError) -> PriceAdjustments {
        let result: Result<PriceAdjustments, PluginJSONError> = bytes.withUnsafeBytes { buffer in
            do throws(PluginJSONError) {
                return .success(try adjustments(buffer, for: current))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The adjustments a `pricing.adjust` response adds to `current`, read in place.
    static func adjustments(
        _ bytes: UnsafeRawBufferPointer, for current: PricingResult
    ) throws(PluginJSONError) -> PriceAdjustments {
        let cart = current.cart
        var added = PriceAdjustments()
        var currency: String?
        try PluginJSONReader.read(bytes) { reader throws(PluginJSONError) in
            try reader.readMembers { reader, key throws(PluginJSONError) in
                switch key {
                case "currency": currency = try reader.readString()
                case "lineDiscounts":
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        let item = try readDiscount(&reader, path: "lineDiscounts[\(index)]", withLine: true)
                        added.lineDiscounts.append(
                            .init(
                                lineID: item.lineID ?? "", amount: item.amount, label: item.label,
                                promotionID: item.promotionID, couponCode: item.couponCode))
                    }
                case "orderDiscounts":
                    try reader.readArray { reader, index throws(PluginJSONError) in
                        let item = try readDiscount(&reader, path: "orderDiscounts[\(index)]", withLine: false)
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
        try checkCurrency(currency, cart.currency)
        try check(added, against: current)
        return added
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
        let cart = current.cart
        let lines = cart.lines
        let codes = cart.couponCodes
        // What is left of each line (the first line with an id, as `PricedCart.line(id:)` finds it).
        var left = lines.map(\.subtotal)
        for discount in current.adjustments.lineDiscounts {
            if let line = lines.firstIndex(where: { $0.id == discount.lineID }) { left[line] -= discount.amount }
        }
        var total = current.total
        for (index, discount) in added.lineDiscounts.enumerated() {
            guard let line = lines.firstIndex(where: { $0.id == discount.lineID }) else {
                throw PluginJSONError(
                    .invalidValue, offset: 0,
                    "lineDiscounts[\(index)].lineId \"\(discount.lineID.prefix(64))\" is not a line of the cart")
            }
            guard discount.amount <= left[line] else {
                throw PluginJSONError(
                    .invalidValue, offset: 0,
                    "lineDiscounts[\(index)].amount \(discount.amount) is more than what is left of line \(discount.lineID) (\(left[line]))"
                )
            }
            try checkCoupon(discount.couponCode, codes, "lineDiscounts[\(index)]")
            left[line] -= discount.amount
            total -= discount.amount
        }
        for (index, discount) in added.orderDiscounts.enumerated() {
            guard discount.amount <= total else {
                throw PluginJSONError(
                    .invalidValue, offset: 0,
                    "orderDiscounts[\(index)].amount \(discount.amount) is more than what is left of the order (\(total))"
                )
            }
            try checkCoupon(discount.couponCode, codes, "orderDiscounts[\(index)]")
            total -= discount.amount
        }
        for (index, rejection) in added.rejectedCoupons.enumerated() where !codes.contains(rejection.code) {
            throw PluginJSONError(
                .invalidValue, offset: 0, "rejectedCoupons[\(index)].code is not one of the cart's coupon codes")
        }
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

    static func readDiscount(
        _ reader: inout PluginJSONReader, path: @autoclosure () -> String, withLine: Bool
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
            case "lineId" where withLine: lineID = try reader.readString()
            case "amount": amount = try reader.readInt64(in: 1...Int64.max, field: "\(path()).amount")
            case "label": label = try reader.readString()
            case "promotionId": promotionID = try reader.readString()
            case "couponCode": couponCode = try reader.readNull() ? nil : try reader.readString()
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
