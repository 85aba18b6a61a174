import EmporiumCore
import EmporiumPluginKit

/// Writes the request documents of the pricing hooks (`pricing.adjust`, `pricing.tax`), version 1,
/// as `docs/plugins/hooks/pricing.*.request.schema.json` describe them. Money is integer minor
/// units of the top-level `currency`.
enum PricingPayload {
    /// The `pricing.adjust` request: the cart, the adjustments of the rules before this one, and the
    /// facts a rule needs to stay deterministic (`now`, `couponRedemptions`).
    static func adjustRequest(_ current: PricingResult) -> [UInt8] {
        var writer = PluginJSONWriter(capacity: requestCapacity(for: current.cart))
        writeAdjustRequest(current, into: &writer)
        return writer.bytes
    }

    /// Room for a request about `cart`, so that its writer rarely grows.
    static func requestCapacity(for cart: PricedCart) -> Int { 256 + cart.lines.count * 128 }

    /// Writes the `pricing.adjust` request into `writer`. Its shape is fixed, so the punctuation and
    /// member names between two values are written as one piece each (`,"sku":`); every string is
    /// escaped as ``PluginJSONWriter/string(_:)`` escapes it. The cart is read in place, not copied.
    static func writeAdjustRequest(_ current: PricingResult, into writer: inout PluginJSONWriter) {
        writeCommon(current.cart, into: &writer)
        writer.raw(",\"now\":")
        writer.timestamp(PluginTimestamp(secondsSinceEpoch: current.cart.now))
        if let customer = current.cart.customer {
            writer.raw(",\"customer\":{")
            writer.field("id", ifPresent: customer.id)
            writer.field("email", ifPresent: customer.email)
            writer.raw("}")
        }
        writer.raw(",\"lines\":[")
        current.cart.lines.withUnsafeBufferPointer { lines in
            for index in lines.indices {
                if index > 0 { writer.raw(",") }
                writeLine(lines[index], into: &writer)
                writer.raw("}")
            }
        }
        let subtotal = current.cart.subtotal
        writer.raw("],\"subtotal\":")
        writer.int(subtotal)
        writer.raw(",\"couponCodes\":[")
        for code in current.cart.couponCodes { writer.string(code) }
        writer.raw("],\"couponRedemptions\":{")
        for code in current.cart.couponCodes {
            if let count = redemptions(of: code, in: current.cart.couponRedemptions) { writer.field(code, count) }
        }
        if current.adjustments.lineDiscounts.isEmpty && current.adjustments.orderDiscounts.isEmpty
            && current.adjustments.rejectedCoupons.isEmpty
        {
            // The first rule of a chain: no adjustments yet, one piece.
            writer.raw(
                "},\"adjustments\":{\"lineDiscounts\":[],\"orderDiscounts\":[],\"rejectedCoupons\":[]},\"total\":")
        } else {
            writer.raw("},\"adjustments\":")
            writeAdjustments(current.adjustments, into: &writer)
            writer.raw(",\"total\":")
        }
        writer.int(current.total(subtotal: subtotal))
        writer.raw("}")
    }

    /// `redemptions[code]`: among a few entries (what a cart holds) found by comparing the keys, which
    /// costs less than hashing the code; by hashing among more. Keys are unique under `==`, so both
    /// find the same entry.
    @inline(__always)
    static func redemptions(of code: String, in redemptions: [String: Int64]) -> Int64? {
        guard redemptions.count <= 4 else { return redemptions[code] }
        for (key, count) in redemptions where key == code { return count }
        return nil
    }

    /// The `pricing.tax` request: the discounted lines with their taxable bases, the address and
    /// the shipping price.
    static func taxRequest(_ request: TaxRequest, bases: [(lineID: String, amount: Int64)]) -> [UInt8] {
        let cart = request.pricing.cart
        var writer = PluginJSONWriter(capacity: requestCapacity(for: cart))
        writeCommon(cart, into: &writer)
        writer.key("address")
        writer.beginObject()
        writer.field("countryCode", request.address.countryCode)
        writer.field("region", ifPresent: request.address.region)
        writer.field("postalCode", ifPresent: request.address.postalCode)
        writer.endObject()
        writer.raw(",\"lines\":[")
        for (index, (line, base)) in zip(cart.lines, bases).enumerated() {
            if index > 0 { writer.raw(",") }
            writeLine(line, into: &writer)
            writer.raw(",\"taxableAmount\":")
            writer.int(base.amount)
            writer.raw("}")
        }
        writer.raw("]")
        writer.field("shipping", request.shipping)
        writer.endObject()
        return writer.bytes
    }

    /// `{"channel":…,"currency":…,"pricesIncludeTax":…`: the members both requests begin with, the
    /// object left open.
    @inline(__always)
    private static func writeCommon(_ cart: PricedCart, into writer: inout PluginJSONWriter) {
        if let channel = cart.channel {
            writer.raw("{\"channel\":")
            writer.string(channel)
            writer.raw(",\"currency\":")
        } else {
            writer.raw("{\"currency\":")
        }
        writer.string(cart.currency)
        if cart.pricesIncludeTax {
            writer.raw(",\"pricesIncludeTax\":true")
        } else {
            writer.raw(",\"pricesIncludeTax\":false")
        }
    }

    /// `{"id":…,"sku":…,"productId":…,"quantity":…,"unitPrice":…,"categories":[…]`: a line as both
    /// requests send it, the object left open for what follows.
    @inline(__always)
    private static func writeLine(_ line: PricedCart.Line, into writer: inout PluginJSONWriter) {
        writer.raw("{\"id\":")
        writer.string(line.id)
        writer.raw(",\"sku\":")
        writer.string(line.sku)
        writer.raw(",\"productId\":")
        writer.string(line.productID)
        writer.raw(",\"quantity\":")
        writer.int(line.quantity)
        writer.raw(",\"unitPrice\":")
        writer.int(line.unitPrice)
        writer.raw(",\"categories\":[")
        for category in line.categories { writer.string(category) }
        writer.raw("]")
    }

    private static func writeAdjustments(_ adjustments: PriceAdjustments, into writer: inout PluginJSONWriter) {
        writer.beginObject()
        writer.key("lineDiscounts")
        writer.beginArray()
        for discount in adjustments.lineDiscounts {
            writer.beginObject()
            writer.field("lineId", discount.lineID)
            writeDiscount(discount.amount, discount.label, discount.promotionID, discount.couponCode, into: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.key("orderDiscounts")
        writer.beginArray()
        for discount in adjustments.orderDiscounts {
            writer.beginObject()
            writeDiscount(discount.amount, discount.label, discount.promotionID, discount.couponCode, into: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.key("rejectedCoupons")
        writer.beginArray()
        for rejection in adjustments.rejectedCoupons {
            writer.beginObject()
            writer.field("code", rejection.code)
            writer.field("reason", rejection.reason.code)
            writer.field("message", rejection.message)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    private static func writeDiscount(
        _ amount: Int64, _ label: String, _ promotionID: String, _ couponCode: String?,
        into writer: inout PluginJSONWriter
    ) {
        writer.field("amount", amount)
        writer.field("label", label)
        writer.field("promotionId", promotionID)
        writer.field("couponCode", ifPresent: couponCode)
    }
}
