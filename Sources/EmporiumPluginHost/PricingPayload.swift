import EmporiumCore
import EmporiumPluginKit

/// Writes the request documents of the pricing hooks (`pricing.adjust`, `pricing.tax`), version 1,
/// as `docs/plugins/hooks/pricing.*.request.schema.json` describe them. Money is integer minor
/// units of the top-level `currency`.
enum PricingPayload {
    /// The `pricing.adjust` request: the cart, the adjustments of the rules before this one, and the
    /// facts a rule needs to stay deterministic (`now`, `couponRedemptions`).
    static func adjustRequest(_ current: PricingResult) -> [UInt8] {
        let cart = current.cart
        var writer = PluginJSONWriter(capacity: 256 + cart.lines.count * 128)
        writer.beginObject()
        writeCommon(cart, into: &writer)
        writer.field("now", PluginTimestamp(secondsSinceEpoch: cart.now))
        if let customer = cart.customer {
            writer.key("customer")
            writer.beginObject()
            writer.field("id", ifPresent: customer.id)
            writer.field("email", ifPresent: customer.email)
            writer.endObject()
        }
        writer.key("lines")
        writer.beginArray()
        for line in cart.lines {
            writer.beginObject()
            writeLine(line, into: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.field("subtotal", cart.subtotal)
        writer.field("couponCodes", cart.couponCodes)
        writer.key("couponRedemptions")
        writer.beginObject()
        for code in cart.couponCodes {
            if let count = cart.couponRedemptions[code] { writer.field(code, count) }
        }
        writer.endObject()
        writer.key("adjustments")
        writeAdjustments(current.adjustments, into: &writer)
        writer.field("total", current.total)
        writer.endObject()
        return writer.bytes
    }

    /// The `pricing.tax` request: the discounted lines with their taxable bases, the address and
    /// the shipping price.
    static func taxRequest(_ request: TaxRequest, bases: [(lineID: String, amount: Int64)]) -> [UInt8] {
        let cart = request.pricing.cart
        var writer = PluginJSONWriter(capacity: 256 + cart.lines.count * 128)
        writer.beginObject()
        writeCommon(cart, into: &writer)
        writer.key("address")
        writer.beginObject()
        writer.field("countryCode", request.address.countryCode)
        writer.field("region", ifPresent: request.address.region)
        writer.field("postalCode", ifPresent: request.address.postalCode)
        writer.endObject()
        writer.key("lines")
        writer.beginArray()
        for (line, base) in zip(cart.lines, bases) {
            writer.beginObject()
            writeLine(line, into: &writer)
            writer.field("taxableAmount", base.amount)
            writer.endObject()
        }
        writer.endArray()
        writer.field("shipping", request.shipping)
        writer.endObject()
        return writer.bytes
    }

    private static func writeCommon(_ cart: PricedCart, into writer: inout PluginJSONWriter) {
        writer.field("channel", ifPresent: cart.channel)
        writer.field("currency", cart.currency)
        writer.field("pricesIncludeTax", cart.pricesIncludeTax)
    }

    private static func writeLine(_ line: PricedCart.Line, into writer: inout PluginJSONWriter) {
        writer.field("id", line.id)
        writer.field("sku", line.sku)
        writer.field("productId", line.productID)
        writer.field("quantity", line.quantity)
        writer.field("unitPrice", line.unitPrice)
        writer.field("categories", line.categories)
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
