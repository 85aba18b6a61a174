import EmporiumCore

extension BinaryRowReader {
    /// The product columns every listing row starts with (storefront listings after the channel,
    /// partner feeds first): id, slug, name, description, brand, category, created and updated
    /// times in epoch seconds. An active product without attributes; the caller adds those from
    /// the packed arrays. `description: false` passes over the description and leaves it empty.
    mutating func listedProduct(description withDescription: Bool = true) throws(Failure) -> Product {
        let id = try int64()
        let slug = try string()
        let name = try string()
        let description: String
        if withDescription {
            description = try string()
        } else {
            try skip(1)
            description = ""
        }
        let brand = try optionalString()
        let categoryID = try optionalInt64()
        let created = try int64()
        let updated = try int64()
        return Product(
            id: id, slug: slug, name: name, description: description, brand: brand, status: .active,
            categoryID: categoryID, attributes: [], createdAt: created, updatedAt: updated)
    }
}
