import EmporiumCore

/// One partner item (one variant), with every value cleaned and within the profile's limits.
public struct FeedItem: Sendable, Hashable {
    /// `g:id`: the SKU.
    public var id: String
    /// `g:title`: product name with the variant's options.
    public var title: String
    /// `g:description`: plain text.
    public var description: String
    /// `g:link`: absolute storefront URL.
    public var link: String
    /// `g:image_link`.
    public var imageLink: String
    /// `g:additional_image_link`, at most the profile's limit.
    public var additionalImageLinks: [String]
    /// `g:availability`.
    public var availability: FeedAvailability
    /// `g:availability_date` (RFC 3339), required for preorders.
    public var availabilityDate: String?
    /// `g:price`: the regular price (the compare-at price when the variant is on sale).
    public var price: Money
    /// `g:sale_price`: the selling price when it is below the regular price.
    public var salePrice: Money?
    /// `g:brand`.
    public var brand: String?
    /// `g:gtin`.
    public var gtin: String?
    /// `g:mpn`.
    public var mpn: String?
    /// `g:condition`.
    public var condition: ItemCondition
    /// `g:item_group_id`: shared by the variants of a product.
    public var itemGroupID: String?
    /// `g:product_type`: the category path `A > B > C`.
    public var productType: String?
    /// When the product last changed, seconds since 1970 (Atom's `updated`).
    public var updatedAt: Int64

    /// Whether `g:identifier_exists` must say `no` (neither GTIN nor MPN).
    public var identifierExists: Bool { gtin != nil || mpn != nil }

    /// `15.00 USD`.
    public static func priceText(_ money: Money) -> String {
        money.decimalString + " " + money.currency
    }
}
