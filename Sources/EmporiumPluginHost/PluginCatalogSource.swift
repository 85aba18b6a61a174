public import EmporiumCore

/// A `catalog.source` plugin adapted to ``CatalogSource``. Each page is checked before the importer
/// sees it: slugs and SKUs well formed, SKUs unique in the page, money and stock non-negative
/// integers, at most the requested number of products, and a next cursor that moves on.
public struct PluginCatalogSource: CatalogSource {
    /// The started plugin.
    public let plugin: any PluginCalling
    /// The deadline of each call (one page).
    public let timeout: Duration

    /// Adapts `plugin`, calling it with `timeout` per page.
    public init(plugin: any PluginCalling, timeout: Duration) {
        self.plugin = plugin
        self.timeout = timeout
    }

    public var id: String { plugin.id }

    var source: String { "catalog source \(plugin.id)" }

    public func page(_ request: CatalogSourceRequest) async throws(ExtensionPointError) -> CatalogSourcePage {
        let hook = "catalog.source"
        var body: [String: Any] = ["location": request.location, "pageSize": request.pageSize]
        if let cursor = request.cursor { body["cursor"] = cursor }
        let response = try await HookResponse.call(plugin, hook, body, timeout: timeout, source: source)
        var categories: [SeedCategory] = []
        for item in try response.list("categories") {
            let slug = try item.string("slug")
            guard Self.isSlug(slug) else { throw item.malformed("slug \"\(slug)\" not a lower-case slug") }
            categories.append(
                SeedCategory(
                    slug: slug, name: try item.string("name"), parentSlug: try item.optionalString("parentSlug"),
                    position: Int(item.has("position") ? try item.integer("position", in: 0...1_000_000) : 0)))
        }
        var products: [SeedProduct] = []
        var locations: [String] = []
        var skus: Set<String> = []
        for item in try response.list("products") {
            let product = try Self.product(item, skus: &skus)
            products.append(product)
            if item.has("line") { locations.append("line \(try item.integer("line", in: 1...Int64.max))") }
        }
        guard products.count <= request.pageSize else {
            throw response.malformed("products: \(products.count) products for a page of \(request.pageSize)")
        }
        guard locations.isEmpty || locations.count == products.count else {
            throw response.malformed("products: a line on some products but not all")
        }
        let next = try response.optionalString("nextCursor")
        if let next {
            guard !products.isEmpty, next != request.cursor else {
                throw response.malformed("nextCursor: a cursor that does not move on")
            }
        }
        return CatalogSourcePage(
            categories: categories, products: products, productLocations: locations, nextCursor: next)
    }

    static func product(_ item: HookResponse, skus: inout Set<String>) throws(ExtensionPointError) -> SeedProduct {
        let slug = try item.string("slug")
        guard isSlug(slug) else { throw item.malformed("slug \"\(slug)\" not a lower-case slug") }
        var media: [SeedMedia] = []
        for entry in try item.list("media") {
            media.append(SeedMedia(url: try entry.string("url"), alt: try entry.optionalString("alt") ?? ""))
        }
        var variants: [SeedVariant] = []
        for entry in try item.list("variants") {
            let sku = try entry.string("sku")
            guard sku.utf8.count <= 64, skus.insert(sku).inserted else {
                throw entry.malformed("sku \"\(sku)\" longer than 64 bytes or twice in the page")
            }
            var options: [SelectedOption] = []
            for option in try entry.list("options") {
                options.append(SelectedOption(name: try option.string("name"), value: try option.string("value")))
            }
            var prices: [SeedPrice] = []
            for price in try entry.list("prices") {
                prices.append(
                    SeedPrice(
                        channel: try price.string("channel"), amount: try price.integer("amount", in: 0...Int64.max),
                        compareAtAmount: price.has("compareAtAmount")
                            ? try price.integer("compareAtAmount", in: 0...Int64.max) : nil))
            }
            var stock: [SeedStock] = []
            for level in try entry.list("stock") {
                stock.append(
                    SeedStock(
                        location: try level.string("location"),
                        onHand: Int(try level.integer("onHand", in: 0...Int64(Int32.max)))))
            }
            variants.append(
                SeedVariant(
                    sku: sku, name: try entry.string("name"), options: options, gtin: try entry.optionalString("gtin"),
                    mpn: try entry.optionalString("mpn"),
                    weightGrams: entry.has("weightGrams")
                        ? Int(try entry.integer("weightGrams", in: 0...Int64(Int32.max))) : nil,
                    condition: ItemCondition(rawValue: try entry.optionalString("condition") ?? "new") ?? .new,
                    prices: prices, stock: stock))
        }
        guard !variants.isEmpty else { throw item.malformed("variants: product \(slug) has none") }
        return SeedProduct(
            slug: slug, name: try item.string("name"), description: try item.optionalString("description") ?? "",
            brand: try item.optionalString("brand"), categorySlug: try item.optionalString("categorySlug") ?? "",
            attributes: [], media: media, variants: variants, createdAt: 0)
    }

    static func isSlug(_ text: String) -> Bool {
        guard let first = text.utf8.first, (97...122).contains(first) || (48...57).contains(first) else {
            return false
        }
        return text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
    }
}
