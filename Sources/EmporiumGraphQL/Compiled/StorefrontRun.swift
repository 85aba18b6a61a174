import EmporiumCore
import GraphQL
import Synchronization

/// One storefront request on the compiled path. Loading walks the selection level by level, with
/// one batched store call per kind of data and level (async); writing then walks it again and
/// emits JSON synchronously from what was loaded.
final class StorefrontRun {
    let context: StorefrontContext
    // One request runs on one task at a time, so the dynamic exclusivity checks on these hot
    // properties (every value written) can only cost time, never catch a real conflict.
    @exclusivity(unchecked) var writer = JSONWriter(capacity: JSONWriter.responseSizeHint.load(ordering: .relaxed))
    var errors: [GraphQLError] = []
    @exclusivity(unchecked) var path: [PathStep] = []

    var variants: [Int64: [ProductVariant]] = [:]
    var media: [Int64: [Media]] = [:]
    var prices: [String: [Int64: VariantPrice]] = [:]
    var stock: [Int64: Int] = [:]
    var categories: [Category] = []
    var categoriesByID: [Int64: Category] = [:]
    var categoriesLoaded = false
    /// Root field results, by response key.
    var roots: [String: Result<RootValue, any Error>] = [:]
    /// Nested connections (`Category.products`), by field and category.
    var nested: [NestedKey: Result<ProductConnectionNode, any Error>] = [:]
    /// `totalCount` results, by connection identity.
    var counts: [CountKey: Result<Int, any Error>] = [:]

    enum RootValue {
        case products(ProductConnectionNode)
        case product(ProductNode?)
        case categories(CategoryConnectionNode)
        case category(Category?)
        case channels([Channel])
        case typename
    }

    struct NestedKey: Hashable {
        let field: ObjectIdentifier
        let category: Int64
    }

    struct CountKey: Hashable {
        let channel: String
        let filter: ProductFilter
    }

    init(context: StorefrontContext) {
        self.context = context
    }

    /// Runs the selection; `omissions`: ``omissions(in:)`` of it (kept with a plan that has no variables).
    func execute(_ selection: [ResolvedField], omissions: ListingOmissions) async -> ExecutionOutcome {
        omit = omissions
        await load(selection)
        return write(selection)
    }

    // MARK: Loading

    private func load(_ selection: [ResolvedField]) async {
        for field in selection {
            do {
                switch field.name {
                case "products":
                    let connection = try await StorefrontSchema.listProducts(
                        field.arguments, context: context, categorySlug: nil, omit: omit)
                    roots[field.key] = .success(.products(connection))
                    await loadConnection(connection, field: field)
                case "product":
                    let node = try await StorefrontSchema.resolveProduct(field.arguments, context: context)
                    roots[field.key] = .success(.product(node))
                    if let node {
                        await loadProducts([node.product], channel: node.channel, selections: [field.children])
                    }
                case "categories":
                    let connection = try await StorefrontSchema.resolveCategories(field.arguments, context: context)
                    roots[field.key] = .success(.categories(connection))
                    let nodes =
                        field.children.filter { $0.name == "nodes" }.map(\.children)
                        + field.children.filter { $0.name == "edges" }.flatMap { edge in
                            edge.children.filter { $0.name == "node" }.map(\.children)
                        }
                    await loadCategories(connection.categories, selections: nodes)
                case "category":
                    try await ensureCategories()
                    let slug = field.arguments["slug"].optionalString
                    let category = categories.first { $0.slug == slug }
                    roots[field.key] = .success(.category(category))
                    if let category { await loadCategories([category], selections: [field.children]) }
                case "channels":
                    roots[field.key] = .success(.channels(try await context.channelList.value(for: 0) ?? []))
                default:
                    roots[field.key] = .success(.typename)
                }
            } catch {
                roots[field.key] = .failure(error)
            }
        }
    }

    /// What no field of the operation shows, so listings need not decode it. Taken over the whole
    /// operation, not per connection: the products and variants loaded by one field are shared
    /// with every other field of the request that shows the same products.
    static func omissions(in selection: [ResolvedField]) -> ListingOmissions {
        var omit: ListingOmissions = [.description, .attributes, .variantDetails]
        let variantDetails: Set<FieldName> = [.name, .options, .gtin, .mpn, .weightGrams, .condition]
        var pending = selection
        while let field = pending.popLast(), !omit.isEmpty {
            switch field.kind {
            case .description: omit.remove(.description)
            case .attributes: omit.remove(.attributes)
            case .variants where field.children.contains(where: { variantDetails.contains($0.kind) }):
                omit.remove(.variantDetails)
            default: break
            }
            pending += field.children
        }
        return omit
    }

    private func ensureCategories() async throws {
        guard !categoriesLoaded else { return }
        categories = try await context.categories()
        for category in categories { categoriesByID[category.id] = category }
        categoriesLoaded = true
    }

    private func loadConnection(_ connection: ProductConnectionNode, field: ResolvedField) async {
        if field.children.contains(where: { $0.name == "totalCount" }) {
            let key = CountKey(channel: connection.channel.code, filter: connection.filter)
            if counts[key] == nil {
                do {
                    counts[key] = .success(
                        try await context.store.countProducts(
                            channel: connection.channel.code, filter: connection.filter))
                } catch {
                    counts[key] = .failure(error)
                }
            }
        }
        var selections = field.children.filter { $0.name == "nodes" }.map(\.children)
        for edges in field.children where edges.name == "edges" {
            selections += edges.children.filter { $0.name == "node" }.map(\.children)
        }
        // Details that describe the page product by product are written from by position
        // (``writeConnection(_:_:)``): nothing more to load for those products. Otherwise (a
        // store may list other products, or in another order, than those it read details for)
        // they are taken into the lookups by id.
        var listed = false
        if let details = connection.page.details {
            listed = details.describes(connection.page.products)
            if !listed { absorb(details, channel: connection.channel.code) }
        }
        await loadProducts(
            connection.page.products, channel: connection.channel, selections: selections, listed: listed)
    }

    /// Takes what the store read together with a page, so that loading finds it present.
    private func absorb(_ details: ListingDetails, channel: String) {
        // Each lookup by id is built from the details once.
        let (listedVariants, listedMedia) = (details.variants, details.media)
        let (listedPrices, listedStock) = (details.prices, details.stock)
        let variantIDs = details.variantList.map(\.id)
        // The first listing of a request (nearly always the only one) takes the tables as they are.
        if variants.isEmpty && media.isEmpty && stock.isEmpty && prices[channel] == nil {
            variants = listedVariants
            media = listedMedia
            stock = listedStock
            prices[channel] = listedPrices
            pricesLoaded[channel] = Set(variantIDs)
            return
        }
        for (id, list) in listedVariants where variants[id] == nil { variants[id] = list }
        for (id, list) in listedMedia where media[id] == nil { media[id] = list }
        var channelPrices = prices[channel] ?? [:]
        var looked = pricesLoaded[channel, default: []]
        for id in variantIDs where !looked.contains(id) {
            channelPrices[id] = listedPrices[id]
            looked.insert(id)
        }
        prices[channel] = channelPrices
        pricesLoaded[channel] = looked
        for (id, units) in listedStock where stock[id] == nil { stock[id] = units }
    }

    /// Loads what the selections need under a set of products, one store call per kind.
    /// `listed`: the products' variants, media, prices and stock came with their page.
    private func loadProducts(
        _ products: [Product], channel: Channel, selections: [[ResolvedField]], listed: Bool = false
    ) async {
        let fields = selections.flatMap { $0 }
        guard !products.isEmpty, !fields.isEmpty else { return }
        if !listed {
            guard await loadProductData(products, channel: channel, fields: fields) else { return }
        } else if fields.contains(where: { $0.name == "category" }) {
            do {
                try await ensureCategories()
            } catch {
                loadFailure = error
                return
            }
        }
        let categoryFields = fields.filter { $0.name == "category" }.map(\.children)
        if !categoryFields.isEmpty {
            let owned = products.compactMap { $0.categoryID.flatMap { categoriesByID[$0] } }
            await loadCategories(owned, selections: categoryFields)
        }
    }

    /// Loads the variants, media, prices and stock the fields need and are not loaded yet, and
    /// the categories when a field shows them; `false` after a failure (in ``loadFailure``).
    private func loadProductData(_ products: [Product], channel: Channel, fields: [ResolvedField]) async -> Bool {
        let names = Set(fields.map(\.name))
        let variantFields = fields.filter { $0.name == "variants" }.flatMap(\.children)
        let variantNames = Set(variantFields.map(\.name))
        let needVariants = !names.isDisjoint(with: ["variants", "priceRange", "available"])
        let needPrices = names.contains("priceRange") || !variantNames.isDisjoint(with: ["price", "compareAtPrice"])
        let needStock =
            names.contains("available") || !variantNames.isDisjoint(with: ["available", "quantityAvailable"])
        let ids = products.map(\.id)
        let store = context.store
        do {
            let missingVariants = needVariants ? ids.filter { variants[$0] == nil } : []
            let missingMedia = names.contains("media") ? ids.filter { media[$0] == nil } : []
            // Only when something is missing: each `async let` is a child task, even for nothing to
            // load, and a listing's page usually brought everything.
            if !missingVariants.isEmpty || !missingMedia.isEmpty {
                async let loadedVariants = missingVariants.isEmpty ? [:] : store.variants(productIDs: missingVariants)
                async let loadedMedia = missingMedia.isEmpty ? [:] : store.media(productIDs: missingMedia)
                let (newVariants, newMedia) = try await (loadedVariants, loadedMedia)
                for id in missingVariants { variants[id] = newVariants[id] ?? [] }
                for id in missingMedia { media[id] = newMedia[id] ?? [] }
            }
            if names.contains("category") { try await ensureCategories() }
        } catch {
            // Writing finds the data missing and reports the failure on the fields that needed it.
            loadFailure = error
            return false
        }
        let variantIDs = needVariants ? ids.flatMap { variants[$0]?.map(\.id) ?? [] } : []
        let channelPrices = prices[channel.code] ?? [:]
        let looked = pricesLoaded[channel.code] ?? []
        // A variant looked up before without a price is not asked for again.
        let missingPrices = needPrices ? variantIDs.filter { channelPrices[$0] == nil && !looked.contains($0) } : []
        let missingStock = needStock ? variantIDs.filter { stock[$0] == nil } : []
        if !missingPrices.isEmpty || !missingStock.isEmpty {
            do {
                async let loadedPrices =
                    missingPrices.isEmpty ? [:] : store.prices(variantIDs: missingPrices, channel: channel.code)
                async let loadedStock =
                    missingStock.isEmpty ? [:] : store.availableStock(variantIDs: missingStock)
                let (newPrices, newStock) = try await (loadedPrices, loadedStock)
                if !missingPrices.isEmpty {
                    var merged = channelPrices
                    for id in missingPrices { merged[id] = newPrices[id] }
                    pricesLoaded[channel.code, default: []].formUnion(missingPrices)
                    prices[channel.code] = merged
                }
                for id in missingStock { stock[id] = newStock[id] ?? 0 }
            } catch {
                loadFailure = error
                return false
            }
        }
        return true
    }

    /// Variant ids whose price in a channel was looked up (a missing price is then a real null).
    var pricesLoaded: [String: Set<Int64>] = [:]
    /// The prices last asked for while writing (``channelPrices(_:)``).
    var lastChannelPrices: (code: String, prices: ChannelPrices)?
    /// What the operation never shows (``omissions(in:)``).
    var omit: ListingOmissions = []
    /// The first loading failure; fields whose data is missing report it.
    var loadFailure: (any Error)?

    /// Loads what the selections need under a set of categories: their relatives and nested listings.
    private func loadCategories(_ list: [Category], selections: [[ResolvedField]], depth: Int = 0) async {
        let fields = selections.flatMap { $0 }
        guard !list.isEmpty, !fields.isEmpty, depth < 32 else { return }
        do {
            try await ensureCategories()
        } catch {
            loadFailure = error
            return
        }
        for field in fields {
            switch field.name {
            case "parent":
                let parents = list.compactMap { $0.parentID.flatMap { categoriesByID[$0] } }
                await loadCategories(parents, selections: [field.children], depth: depth + 1)
            case "children":
                let ids = Set(list.map(\.id))
                let children = categories.filter { $0.parentID.map(ids.contains) ?? false }
                await loadCategories(children, selections: [field.children], depth: depth + 1)
            case "products":
                for category in list {
                    let key = NestedKey(field: ObjectIdentifier(field), category: category.id)
                    guard nested[key] == nil else { continue }
                    do {
                        let connection = try await StorefrontSchema.listProducts(
                            field.arguments, context: context, categorySlug: category.slug, omit: omit)
                        nested[key] = .success(connection)
                        await loadConnection(connection, field: field)
                    } catch {
                        nested[key] = .failure(error)
                    }
                }
            default:
                continue
            }
        }
    }
}
