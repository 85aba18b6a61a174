/// Publication state of a product. Only `active` products are visible in storefronts.
public enum ProductStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft, active, archived
}

/// A product as sold in the storefront; its purchasable units are its ``ProductVariant``s.
public struct Product: Sendable, Hashable, Codable {
    /// Database identity.
    public var id: Int64
    /// URL-safe unique slug.
    public var slug: String
    /// Display name.
    public var name: String
    /// Plain-text description.
    public var description: String
    /// Brand, if any.
    public var brand: String?
    /// Publication state.
    public var status: ProductStatus
    /// The category the product belongs to.
    public var categoryID: Int64?
    /// Typed key/value attributes (material, season, ...).
    public var attributes: [ProductAttribute]
    /// Creation time, seconds since 1970.
    public var createdAt: Int64
    /// Last change, seconds since 1970.
    public var updatedAt: Int64

    /// Creates a product.
    public init(
        id: Int64, slug: String, name: String, description: String, brand: String?, status: ProductStatus,
        categoryID: Int64?, attributes: [ProductAttribute], createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.description = description
        self.brand = brand
        self.status = status
        self.categoryID = categoryID
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A typed product attribute.
public struct ProductAttribute: Sendable, Hashable, Codable {
    /// Attribute key, for example `material`.
    public var key: String
    /// Attribute value.
    public var value: AttributeValue

    /// Creates an attribute.
    public init(key: String, value: AttributeValue) {
        self.key = key
        self.value = value
    }
}

/// The value of a ``ProductAttribute``. Numbers are integers: measures carry their unit in the key.
public enum AttributeValue: Sendable, Hashable, Codable {
    case text(String)
    case integer(Int64)
    case boolean(Bool)

    /// The type name used in storage and the API: `TEXT`, `INTEGER` or `BOOLEAN`.
    public var typeName: String {
        switch self {
        case .text: "TEXT"
        case .integer: "INTEGER"
        case .boolean: "BOOLEAN"
        }
    }

    /// The value rendered as a string (`"cotton"`, `"42"`, `"true"`).
    public var stringValue: String {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        }
    }
}

/// An image or other media file of a product.
public struct Media: Sendable, Hashable, Codable {
    /// Owning product.
    public var productID: Int64
    /// Absolute URL, or a path relative to the engine's base URL.
    public var url: String
    /// Alternative text.
    public var alt: String
    /// Order within the product, starting at 0.
    public var position: Int

    /// Creates a media entry.
    public init(productID: Int64, url: String, alt: String, position: Int) {
        self.productID = productID
        self.url = url
        self.alt = alt
        self.position = position
    }
}
