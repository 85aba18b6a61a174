import EmporiumCore
import EmporiumPluginKit

// Reading a `pricing.adjust` answer the way the kit's plugins write it: its members in the schema's
// order, no whitespace. Straight through, with the punctuation and names between two values compared
// as one literal each (`PluginJSONReader.consume`), and no closure or member lookup per member.
extension PricingResponse {
    /// An answer's currency and adjustments when the answer has exactly the usual shape; nil when
    /// anything differs, for ``adjustments(_:for:)-(UnsafeRawBufferPointer,_)`` to read it the
    /// general way. Nil also for an answer the general reading refuses, so that the refusal is the
    /// general one. Values are read by the same readers as there (the line ids, coupon codes and
    /// currency reuse the cart's strings, the labels and promotion ids those `strings` knows); the
    /// caller makes the same checks of what was read.
    static func readCanonical(
        _ bytes: UnsafeRawBufferPointer, lines: [PricedCart.Line], codes: [String], currency expected: String,
        strings: inout PluginAnswerStrings.Reading
    ) -> (currency: String, added: PriceAdjustments)? {
        // The object and the array around a rejection are opened by literals: two levels less for
        // the general reading of a rejection, which leaves it the room the general reading leaves it.
        var reader = PluginJSONReader(bytes, maxDepth: PluginJSONReader.defaultMaxDepth - 2)
        var added = PriceAdjustments()
        added.lineDiscounts.reserveCapacity(lines.count)
        do throws(PluginJSONError) {
            guard reader.consume("{\"currency\":") else { return nil }
            let currency = try readString(&reader, reusing: expected)
            guard reader.consume(",\"lineDiscounts\":[") else { return nil }
            if !reader.consume("]") {
                var nextLine = 0
                repeat {
                    guard reader.consume("{\"lineId\":") else { return nil }
                    let lineID = try readString(&reader, reusingIDOf: lines, from: &nextLine)
                    guard reader.consume(",\"amount\":"),
                        let (amount, label, promotionID, couponCode) = try readDiscountRest(&reader, codes, &strings)
                    else { return nil }
                    added.lineDiscounts.append(
                        PriceAdjustments.LineDiscount(
                            lineID: lineID, amount: amount, label: label, promotionID: promotionID,
                            couponCode: couponCode))
                } while reader.consume(",")
                guard reader.consume("]") else { return nil }
            }
            guard reader.consume(",\"orderDiscounts\":[") else { return nil }
            if !reader.consume("]") {
                repeat {
                    guard reader.consume("{\"amount\":"),
                        let (amount, label, promotionID, couponCode) = try readDiscountRest(&reader, codes, &strings)
                    else { return nil }
                    added.orderDiscounts.append(
                        PriceAdjustments.OrderDiscount(
                            amount: amount, label: label, promotionID: promotionID, couponCode: couponCode))
                } while reader.consume(",")
                guard reader.consume("]") else { return nil }
            }
            guard reader.consume(",\"rejectedCoupons\":[") else { return nil }
            if !reader.consume("]") {
                repeat {
                    let index = added.rejectedCoupons.count
                    added.rejectedCoupons.append(try readRejection(&reader, path: "rejectedCoupons[\(index)]"))
                } while reader.consume(",")
                guard reader.consume("]") else { return nil }
            }
            guard reader.consume("}") else { return nil }
            try reader.finish()
            return (currency, added)
        } catch {
            return nil
        }
    }

    /// A discount's members from its amount on (`,"amount":` or `{"amount":` consumed), through its
    /// closing brace; nil when they are not in the usual order. The values come back as they are,
    /// for the caller to make its discount of them (taken apart, so that their strings are moved into
    /// it rather than copied).
    @inline(__always)
    private static func readDiscountRest(
        _ reader: inout PluginJSONReader, _ codes: [String], _ strings: inout PluginAnswerStrings.Reading
    ) throws(PluginJSONError) -> (amount: Int64, label: String, promotionID: String, couponCode: String?)? {
        // Out of range: the general reading refuses it with its message.
        let amount = try reader.readInt64()
        guard amount >= 1, reader.consume(",\"label\":") else { return nil }
        let label = try readString(&reader, &strings)
        guard reader.consume(",\"promotionId\":") else { return nil }
        let promotionID = try readString(&reader, &strings)
        var couponCode: String?
        if reader.consume(",\"couponCode\":") {
            couponCode = try reader.readNull() ? nil : try readString(&reader, reusingOneOf: codes)
        }
        guard reader.consume("}") else { return nil }
        return (amount, label, promotionID, couponCode)
    }

    /// Reads a string; a plain one is the `String` `strings` knows at its place when the bytes are
    /// the same, any other one is made as ``PluginJSONReader/readString()`` makes it.
    @inline(__always)
    private static func readString(
        _ reader: inout PluginJSONReader, _ strings: inout PluginAnswerStrings.Reading
    ) throws(PluginJSONError) -> String {
        guard let range = try reader.readPlainString() else {
            strings.skip()
            return try reader.readString()
        }
        return strings.string(reader.bytes(in: range))
    }
}
