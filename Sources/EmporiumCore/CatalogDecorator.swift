/// A catalog decorator (`catalog.decorate`): adjusts or enriches product data (a name, a
/// description, a brand, attributes) before storefronts see it. Decorators run when catalog data is
/// loaded into the read model, once per product and catalog version, never once per request (see
/// ``DecoratingCatalogStore``), in the order the merchant lists them; each sees the previous one's
/// result.
///
/// Version 1 decorates a product as every channel sees it: product data is not per channel in
/// this engine yet (prices and stock are, and decorators do not change them).
public protocol CatalogDecorator: Sendable {
    /// The decorator's id (the plugin's id).
    var id: String { get }
    /// Changes for some of `products`; products without a change are left out of the answer.
    func decorate(_ products: [Product]) async throws(ExtensionPointError) -> [ProductDecoration]
}

/// What a decorator changes on one product. `nil` leaves a field as it is.
public struct ProductDecoration: Sendable, Hashable {
    /// The product changed; must be one of the request's.
    public var productID: Int64
    /// A new name (non-empty).
    public var name: String?
    /// A new description.
    public var description: String?
    /// A new brand.
    public var brand: String?
    /// Attributes to add, or to replace when the product has one with the same key.
    public var attributes: [ProductAttribute]

    /// Creates a decoration.
    public init(
        productID: Int64, name: String? = nil, description: String? = nil, brand: String? = nil,
        attributes: [ProductAttribute] = []
    ) {
        self.productID = productID
        self.name = name
        self.description = description
        self.brand = brand
        self.attributes = attributes
    }

    /// `product` with this decoration applied.
    public func applied(to product: Product) -> Product {
        var product = product
        if let name { product.name = name }
        if let description { product.description = description }
        if let brand { product.brand = brand }
        for attribute in attributes {
            if let index = product.attributes.firstIndex(where: { $0.key == attribute.key }) {
                product.attributes[index] = attribute
            } else {
                product.attributes.append(attribute)
            }
        }
        return product
    }
}
