import EmporiumCore

/// One partner item (one variant), with every value cleaned and within the profile's limits: what
/// is the variant's own. The product's share is in ``FeedProductParts``; the link, title and price
/// texts are in the ``FeedItemBuilder``'s buffers.
struct FeedItem {
    /// `g:id`: the SKU.
    var id: String
    /// `g:availability`.
    var availability: FeedAvailability
    /// `g:availability_date` (RFC 3339), required for preorders.
    var availabilityDate: String?
    /// Whether the variant is on sale (`g:sale_price` is written).
    var hasSalePrice: Bool
    /// `g:gtin`.
    var gtin: String?
    /// `g:mpn`.
    var mpn: String?
    /// `g:condition`.
    var condition: ItemCondition

    /// Whether `g:identifier_exists` must say `no` (neither GTIN nor MPN).
    var identifierExists: Bool { gtin != nil || mpn != nil }
}
