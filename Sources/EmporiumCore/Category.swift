/// A node of the category tree.
public struct Category: Sendable, Hashable, Codable {
    /// Database identity.
    public var id: Int64
    /// Parent category, `nil` for a root.
    public var parentID: Int64?
    /// URL-safe unique slug.
    public var slug: String
    /// Display name.
    public var name: String
    /// Materialised path of slugs from the root, joined by `/` (for example `apparel/shirts`).
    public var path: String
    /// Order among siblings.
    public var position: Int

    /// Creates a category.
    public init(id: Int64, parentID: Int64?, slug: String, name: String, path: String, position: Int) {
        self.id = id
        self.parentID = parentID
        self.slug = slug
        self.name = name
        self.path = path
        self.position = position
    }
}
