/// Condition of the goods, as partners (Google, Meta) understand it.
public enum ItemCondition: String, Sendable, Hashable, Codable, CaseIterable {
    case new, refurbished, used
}

/// A purchasable unit of a product, identified by its SKU.
public struct ProductVariant: Sendable, Hashable, Codable {
    /// Database identity.
    public var id: Int64
    /// Owning product.
    public var productID: Int64
    /// Stock keeping unit, unique across the catalog.
    public var sku: String
    /// Display name (usually the option values, for example `M / Blue`).
    public var name: String
    /// Selected options such as size and colour, in display order.
    public var options: [SelectedOption]
    /// Global Trade Item Number, if known.
    public var gtin: String?
    /// Manufacturer part number, if known.
    public var mpn: String?
    /// Shipping weight in grams.
    public var weightGrams: Int?
    /// Condition of the goods.
    public var condition: ItemCondition
    /// Order within the product.
    public var position: Int

    /// Creates a variant.
    public init(
        id: Int64, productID: Int64, sku: String, name: String, options: [SelectedOption], gtin: String?,
        mpn: String?, weightGrams: Int?, condition: ItemCondition, position: Int
    ) {
        self.id = id
        self.productID = productID
        self.sku = sku
        self.name = name
        self.options = options
        self.gtin = gtin
        self.mpn = mpn
        self.weightGrams = weightGrams
        self.condition = condition
        self.position = position
    }
}

/// One option of a variant (`Size: M`).
public struct SelectedOption: Sendable, Hashable, Codable {
    /// Option name, for example `Size`.
    public var name: String
    /// Option value, for example `M`.
    public var value: String

    /// Creates an option.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The price of a variant in one channel.
public struct VariantPrice: Sendable, Hashable, Codable {
    /// The priced variant.
    public var variantID: Int64
    /// Channel code.
    public var channel: String
    /// Selling price.
    public var price: Money
    /// Optional "was" price shown struck through; larger than `price` when set.
    public var compareAtPrice: Money?

    /// Creates a price.
    public init(variantID: Int64, channel: String, price: Money, compareAtPrice: Money?) {
        self.variantID = variantID
        self.channel = channel
        self.price = price
        self.compareAtPrice = compareAtPrice
    }
}

/// Stock of a variant at one location.
public struct StockLevel: Sendable, Hashable, Codable {
    /// The stocked variant.
    public var variantID: Int64
    /// Stock location code.
    public var location: String
    /// Units physically on hand.
    public var onHand: Int
    /// Units reserved by open orders.
    public var reserved: Int

    /// Units that can still be sold: on hand minus reserved, never below zero.
    public var available: Int { max(0, onHand - reserved) }

    /// Creates a stock level.
    public init(variantID: Int64, location: String, onHand: Int, reserved: Int) {
        self.variantID = variantID
        self.location = location
        self.onHand = onHand
        self.reserved = reserved
    }
}
