import EmporiumCore
import GraphQL
import OrderedCollections

/// The storefront GraphQL schema (`POST /graphql`), following `shared/API.md`.
public enum StorefrontSchema {
    /// List fields and their page sizes, for cost analysis.
    public static let listFields: [String: OperationAnalysis.ListField] = [
        "products": .init(sizeArgument: "first", defaultSize: 20),
        "categories": .init(sizeArgument: "first", defaultSize: 100),
        "children": .init(sizeArgument: nil, defaultSize: 10),
        "variants": .init(sizeArgument: nil, defaultSize: 6),
        "media": .init(sizeArgument: nil, defaultSize: 4),
        "attributes": .init(sizeArgument: nil, defaultSize: 6),
        "channels": .init(sizeArgument: nil, defaultSize: 4),
    ]

    /// The schema, built once.
    public static let schema: GraphQLSchema = {
        do {
            return try GraphQLSchema(
                query: queryType,
                types: [categoryType, productType, productConnectionType]
            )
        } catch {
            preconditionFailure("The storefront schema is invalid: \(error)")
        }
    }()

    typealias Context = StorefrontContext

    static let mediaType: GraphQLObjectType = try! GraphQLObjectType(
        name: "Media",
        description: "An image of a product.",
        fields: [
            "url": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(Media.self) { $0.url }),
            "alt": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(Media.self) { $0.alt }),
            "position": GraphQLField(type: GraphQLNonNull(GraphQLInt), resolve: property(Media.self) { $0.position }),
        ])

    static let selectedOptionType: GraphQLObjectType = try! GraphQLObjectType(
        name: "SelectedOption",
        fields: [
            "name": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(SelectedOption.self) { $0.name }),
            "value": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(SelectedOption.self) { $0.value }),
        ])

    static let attributeType: GraphQLObjectType = try! GraphQLObjectType(
        name: "ProductAttribute",
        description: "A typed key/value attribute. `type` is TEXT, INTEGER or BOOLEAN; `value` is its text form.",
        fields: [
            "key": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(ProductAttribute.self) { $0.key }),
            "type": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(ProductAttribute.self) { $0.value.typeName }),
            "value": GraphQLField(
                type: GraphQLNonNull(GraphQLString),
                resolve: property(ProductAttribute.self) { $0.value.stringValue }),
        ])

    static let variantType: GraphQLObjectType = try! GraphQLObjectType(
        name: "ProductVariant",
        description: "A purchasable unit of a product, with its price in the queried channel.",
        fields: [
            "id": GraphQLField(
                type: GraphQLNonNull(GraphQLID),
                resolve: property(VariantNode.self) {
                    OpaqueIdentifier.nodeID(type: "ProductVariant", id: $0.variant.id)
                }),
            "sku": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(VariantNode.self) { $0.variant.sku }),
            "name": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(VariantNode.self) { $0.variant.name }),
            "options": GraphQLField(
                type: GraphQLNonNull(GraphQLList(GraphQLNonNull(selectedOptionType))),
                resolve: property(VariantNode.self) { $0.variant.options }),
            "gtin": GraphQLField(type: GraphQLString, resolve: property(VariantNode.self) { $0.variant.gtin }),
            "mpn": GraphQLField(type: GraphQLString, resolve: property(VariantNode.self) { $0.variant.mpn }),
            "weightGrams": GraphQLField(
                type: GraphQLInt, resolve: property(VariantNode.self) { $0.variant.weightGrams }),
            "condition": GraphQLField(
                type: GraphQLNonNull(GraphQLString),
                resolve: property(VariantNode.self) { $0.variant.condition.rawValue.uppercased() }),
            "price": GraphQLField(
                type: CommonTypes.money,
                description: "Price in the channel; null when the variant is not priced there.",
                resolve: resolver(VariantNode.self, Context.self) { node, _, context in
                    try await context.prices(channel: node.channel.code).value(for: node.variant.id)?.price
                }),
            "compareAtPrice": GraphQLField(
                type: CommonTypes.money,
                resolve: resolver(VariantNode.self, Context.self) { node, _, context in
                    try await context.prices(channel: node.channel.code).value(for: node.variant.id)?.compareAtPrice
                }),
            "available": GraphQLField(
                type: GraphQLNonNull(GraphQLBoolean),
                resolve: resolver(VariantNode.self, Context.self) { node, _, context in
                    (try await context.stock.value(for: node.variant.id) ?? 0) > 0
                }),
            "quantityAvailable": GraphQLField(
                type: GraphQLInt,
                resolve: resolver(VariantNode.self, Context.self) { node, _, context in
                    try await context.stock.value(for: node.variant.id) ?? 0
                }),
        ])

    static let priceRangeType: GraphQLObjectType = try! GraphQLObjectType(
        name: "PriceRange",
        fields: [
            "minVariantPrice": GraphQLField(
                type: GraphQLNonNull(CommonTypes.money), resolve: property(PriceRange.self) { $0.min }),
            "maxVariantPrice": GraphQLField(
                type: GraphQLNonNull(CommonTypes.money), resolve: property(PriceRange.self) { $0.max }),
        ])

    struct PriceRange: Sendable {
        let min: Money
        let max: Money
    }

    static let productType: GraphQLObjectType = try! GraphQLObjectType(
        name: "Product",
        fields: {
            [
                "id": GraphQLField(
                    type: GraphQLNonNull(GraphQLID),
                    resolve: property(ProductNode.self) { OpaqueIdentifier.nodeID(type: "Product", id: $0.product.id) }),
                "slug": GraphQLField(
                    type: GraphQLNonNull(GraphQLString), resolve: property(ProductNode.self) { $0.product.slug }),
                "name": GraphQLField(
                    type: GraphQLNonNull(GraphQLString), resolve: property(ProductNode.self) { $0.product.name }),
                "description": GraphQLField(
                    type: GraphQLNonNull(GraphQLString), resolve: property(ProductNode.self) { $0.product.description }),
                "brand": GraphQLField(type: GraphQLString, resolve: property(ProductNode.self) { $0.product.brand }),
                "createdAt": GraphQLField(
                    type: GraphQLNonNull(GraphQLInt), description: "Seconds since 1970.",
                    resolve: property(ProductNode.self) { Int($0.product.createdAt) }),
                "updatedAt": GraphQLField(
                    type: GraphQLNonNull(GraphQLInt), description: "Seconds since 1970.",
                    resolve: property(ProductNode.self) { Int($0.product.updatedAt) }),
                "attributes": GraphQLField(
                    type: GraphQLNonNull(GraphQLList(GraphQLNonNull(attributeType))),
                    resolve: property(ProductNode.self) { $0.product.attributes }),
                "category": GraphQLField(
                    type: categoryType,
                    resolve: resolver(ProductNode.self, Context.self) { node, _, context in
                        guard let id = node.product.categoryID else { return nil }
                        return try await context.categories().first { $0.id == id }
                    }),
                "media": GraphQLField(
                    type: GraphQLNonNull(GraphQLList(GraphQLNonNull(mediaType))),
                    resolve: resolver(ProductNode.self, Context.self) { node, _, context in
                        try await context.media.value(for: node.product.id) ?? []
                    }),
                "variants": GraphQLField(
                    type: GraphQLNonNull(GraphQLList(GraphQLNonNull(variantType))),
                    resolve: resolver(ProductNode.self, Context.self) { node, _, context in
                        try await context.variants(of: node.product, channel: node.channel.code).map {
                            VariantNode(variant: $0, channel: node.channel)
                        }
                    }),
                "priceRange": GraphQLField(
                    type: GraphQLNonNull(priceRangeType),
                    resolve: resolver(ProductNode.self, Context.self) { node, _, context in
                        let variants = try await context.variants(of: node.product, channel: node.channel.code)
                        let loader = await context.prices(channel: node.channel.code)
                        var amounts: [Money] = []
                        for variant in variants {
                            if let price = try await loader.value(for: variant.id) { amounts.append(price.price) }
                        }
                        let zero = Money(minorUnits: 0, currency: node.channel.currency)
                        return PriceRange(
                            min: amounts.min { $0.minorUnits < $1.minorUnits } ?? zero,
                            max: amounts.max { $0.minorUnits < $1.minorUnits } ?? zero)
                    }),
                "available": GraphQLField(
                    type: GraphQLNonNull(GraphQLBoolean), description: "Whether any variant has stock available.",
                    resolve: resolver(ProductNode.self, Context.self) { node, _, context in
                        for variant in try await context.variants(of: node.product, channel: node.channel.code) {
                            if (try await context.stock.value(for: variant.id) ?? 0) > 0 { return true }
                        }
                        return false
                    }),
            ]
        })

    static let productEdgeType: GraphQLObjectType = try! GraphQLObjectType(
        name: "ProductEdge",
        fields: [
            "cursor": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(EdgeNode.self) { $0.cursor }),
            "node": GraphQLField(type: GraphQLNonNull(productType), resolve: property(EdgeNode.self) { $0.node }),
        ])

    static let productConnectionType: GraphQLObjectType = try! GraphQLObjectType(
        name: "ProductConnection",
        fields: [
            "edges": GraphQLField(
                type: GraphQLNonNull(GraphQLList(GraphQLNonNull(productEdgeType))),
                resolve: property(ProductConnectionNode.self) { connection in
                    zip(connection.page.products, connection.page.positions).map { product, position in
                        EdgeNode(
                            cursor: OpaqueIdentifier.cursor(position),
                            node: ProductNode(product: product, channel: connection.channel))
                    }
                }),
            "nodes": GraphQLField(
                type: GraphQLNonNull(GraphQLList(GraphQLNonNull(productType))),
                resolve: property(ProductConnectionNode.self) { connection in
                    connection.page.products.map { ProductNode(product: $0, channel: connection.channel) }
                }),
            "pageInfo": GraphQLField(
                type: GraphQLNonNull(CommonTypes.pageInfo),
                resolve: property(ProductConnectionNode.self) { connection in
                    PageInfoNode(
                        hasNextPage: connection.page.hasNextPage, hasPreviousPage: connection.afterGiven,
                        startCursor: connection.page.positions.first.map(OpaqueIdentifier.cursor),
                        endCursor: connection.page.positions.last.map(OpaqueIdentifier.cursor))
                }),
            "totalCount": GraphQLField(
                type: GraphQLNonNull(GraphQLInt),
                resolve: resolver(ProductConnectionNode.self, Context.self) { connection, _, context in
                    try await context.store.countProducts(channel: connection.channel.code, filter: connection.filter)
                }),
        ])

    static let categoryType: GraphQLObjectType = try! GraphQLObjectType(
        name: "Category",
        fields: {
            [
                "id": GraphQLField(
                    type: GraphQLNonNull(GraphQLID),
                    resolve: property(Category.self) { OpaqueIdentifier.nodeID(type: "Category", id: $0.id) }),
                "slug": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(Category.self) { $0.slug }),
                "name": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(Category.self) { $0.name }),
                "path": GraphQLField(
                    type: GraphQLNonNull(GraphQLString), description: "Slugs from the root, joined by `/`.",
                    resolve: property(Category.self) { $0.path }),
                "position": GraphQLField(
                    type: GraphQLNonNull(GraphQLInt), resolve: property(Category.self) { $0.position }),
                "parent": GraphQLField(
                    type: categoryType,
                    resolve: resolver(Category.self, Context.self) { category, _, context in
                        guard let parent = category.parentID else { return nil }
                        return try await context.categories().first { $0.id == parent }
                    }),
                "children": GraphQLField(
                    type: GraphQLNonNull(GraphQLList(GraphQLNonNull(categoryType))),
                    resolve: resolver(Category.self, Context.self) { category, _, context in
                        try await context.categories().filter { $0.parentID == category.id }
                            .sorted { ($0.position, $0.slug) < ($1.position, $1.slug) }
                    }),
                "products": GraphQLField(
                    type: GraphQLNonNull(productConnectionType),
                    description: "Products of this category and its descendants.",
                    args: productListArguments,
                    resolve: resolver(Category.self, Context.self) { category, arguments, context in
                        try await registered(
                            listProducts(arguments, context: context, categorySlug: category.slug), in: context)
                    }),
            ]
        })

    static let categoryEdgeType: GraphQLObjectType = try! GraphQLObjectType(
        name: "CategoryEdge",
        fields: [
            "cursor": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(EdgeNode.self) { $0.cursor }),
            "node": GraphQLField(type: GraphQLNonNull(categoryType), resolve: property(EdgeNode.self) { $0.node }),
        ])

    static let categoryConnectionType: GraphQLObjectType = try! GraphQLObjectType(
        name: "CategoryConnection",
        fields: [
            "edges": GraphQLField(
                type: GraphQLNonNull(GraphQLList(GraphQLNonNull(categoryEdgeType))),
                resolve: property(CategoryConnectionNode.self) { connection in
                    connection.categories.enumerated().map { offset, category in
                        EdgeNode(cursor: categoryCursor(connection.startIndex + offset), node: category)
                    }
                }),
            "nodes": GraphQLField(
                type: GraphQLNonNull(GraphQLList(GraphQLNonNull(categoryType))),
                resolve: property(CategoryConnectionNode.self) { $0.categories }),
            "pageInfo": GraphQLField(
                type: GraphQLNonNull(CommonTypes.pageInfo),
                resolve: property(CategoryConnectionNode.self) { connection in
                    PageInfoNode(
                        hasNextPage: connection.hasNextPage, hasPreviousPage: connection.startIndex > 0,
                        startCursor: connection.categories.isEmpty ? nil : categoryCursor(connection.startIndex),
                        endCursor: connection.categories.isEmpty
                            ? nil : categoryCursor(connection.startIndex + connection.categories.count - 1))
                }),
            "totalCount": GraphQLField(
                type: GraphQLNonNull(GraphQLInt), resolve: property(CategoryConnectionNode.self) { $0.totalCount }),
        ])

    static let channelType: GraphQLObjectType = try! GraphQLObjectType(
        name: "Channel",
        fields: [
            "code": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(Channel.self) { $0.code }),
            "name": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(Channel.self) { $0.name }),
            "currencyCode": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(Channel.self) { $0.currency }),
            "storefrontUrl": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(Channel.self) { $0.storefrontBaseURL }),
        ])

    static let sortType: GraphQLEnumType = try! GraphQLEnumType(
        name: "ProductSort",
        values: [
            "NAME_ASC": GraphQLEnumValue(value: .string("NAME_ASC")),
            "NAME_DESC": GraphQLEnumValue(value: .string("NAME_DESC")),
            "PRICE_ASC": GraphQLEnumValue(value: .string("PRICE_ASC"), description: "Lowest variant price first."),
            "PRICE_DESC": GraphQLEnumValue(value: .string("PRICE_DESC")),
            "NEWEST": GraphQLEnumValue(value: .string("NEWEST"), description: "Most recently created first."),
        ])

    static let attributeFilterType: GraphQLInputObjectType = try! GraphQLInputObjectType(
        name: "AttributeFilter",
        description: "Matches products whose attribute `key` has one of `values` (compared as text).",
        fields: [
            "key": InputObjectField(type: GraphQLNonNull(GraphQLString)),
            "values": InputObjectField(type: GraphQLNonNull(GraphQLList(GraphQLNonNull(GraphQLString)))),
        ])

    static let filterType: GraphQLInputObjectType = try! GraphQLInputObjectType(
        name: "ProductFilter",
        fields: [
            "categorySlug": InputObjectField(
                type: GraphQLString, description: "The category and its descendants."),
            "search": InputObjectField(
                type: GraphQLString, description: "Case-insensitive text in name, brand or description."),
            "minPrice": InputObjectField(
                type: GraphQLInt, description: "Lowest variant price at least this, in minor units."),
            "maxPrice": InputObjectField(
                type: GraphQLInt, description: "Lowest variant price at most this, in minor units."),
            "inStock": InputObjectField(type: GraphQLBoolean),
            "attributes": InputObjectField(type: GraphQLList(GraphQLNonNull(attributeFilterType))),
        ])

    static let productListArguments: GraphQLArgumentConfigMap = [
        "channel": GraphQLArgument(type: GraphQLString, description: "Channel code; the default channel when omitted."),
        "first": GraphQLArgument(type: GraphQLInt, defaultValue: .number(20)),
        "after": GraphQLArgument(type: GraphQLString),
        "filter": GraphQLArgument(type: filterType),
        "sortBy": GraphQLArgument(type: sortType, defaultValue: .string("NAME_ASC")),
    ]

    static let queryType: GraphQLObjectType = try! GraphQLObjectType(
        name: "Query",
        fields: [
            "products": GraphQLField(
                type: GraphQLNonNull(productConnectionType),
                args: productListArguments,
                resolve: resolver(Void.self, Context.self) { _, arguments, context in
                    try await registered(listProducts(arguments, context: context, categorySlug: nil), in: context)
                }),
            "product": GraphQLField(
                type: productType,
                description: "A product by slug or id (exactly one of them).",
                args: [
                    "slug": GraphQLArgument(type: GraphQLString),
                    "id": GraphQLArgument(type: GraphQLID),
                    "channel": GraphQLArgument(type: GraphQLString),
                ],
                resolve: resolver(Void.self, Context.self) { _, arguments, context in
                    try await registered(resolveProduct(arguments, context: context), in: context)
                }),
            "categories": GraphQLField(
                type: GraphQLNonNull(categoryConnectionType),
                args: [
                    "first": GraphQLArgument(type: GraphQLInt, defaultValue: .number(100)),
                    "after": GraphQLArgument(type: GraphQLString),
                ],
                resolve: resolver(Void.self, Context.self) { _, arguments, context in
                    try await resolveCategories(arguments, context: context)
                }),
            "category": GraphQLField(
                type: categoryType,
                args: ["slug": GraphQLArgument(type: GraphQLNonNull(GraphQLString))],
                resolve: resolver(Void.self, Context.self) { _, arguments, context in
                    let slug = arguments["slug"].optionalString
                    return try await context.categories().first { $0.slug == slug }
                }),
            "channels": GraphQLField(
                type: GraphQLNonNull(GraphQLList(GraphQLNonNull(channelType))),
                resolve: resolver(Void.self, Context.self) { _, _, context in
                    try await context.channelList.value(for: 0) ?? []
                }),
        ])

    /// `product(slug:id:channel:)`, shared by both executors.
    /// Registers what a GraphQLSwift resolver loaded with the context's batch loaders, which only
    /// those resolvers read (the compiled executor loads for itself).
    static func registered(_ connection: ProductConnectionNode, in context: StorefrontContext) async
        -> ProductConnectionNode
    {
        await context.registerProducts(connection.page.products)
        return connection
    }

    /// ``registered(_:in:)`` for one product.
    static func registered(_ node: ProductNode?, in context: StorefrontContext) async -> ProductNode? {
        if let node { await context.registerProducts([node.product]) }
        return node
    }

    static func resolveProduct(_ arguments: Map, context: StorefrontContext) async throws -> ProductNode? {
        let channel = try await context.channel(arguments["channel"].optionalString)
        let product: Product?
        // An ID may arrive as an integer literal; GraphQL coerces it to its decimal text.
        let id = arguments["id"].optionalString ?? arguments["id"].optionalInt.map(String.init)
        switch (arguments["slug"].optionalString, id) {
        case (let slug?, nil): product = try await context.store.product(slug: slug)
        case (nil, let id?):
            guard let numeric = OpaqueIdentifier.decodeNodeID(id, type: "Product") else { return nil }
            product = try await context.store.product(id: numeric)
        default: throw APIError(.badUserInput, "Give exactly one of \"slug\" and \"id\".")
        }
        return product.map { ProductNode(product: $0, channel: channel) }
    }

    /// `categories(first:after:)`, shared by both executors.
    static func resolveCategories(_ arguments: Map, context: StorefrontContext) async throws -> CategoryConnectionNode {
        let first = try CommonTypes.pageSize(arguments, default: 100, max: context.maxPageSize)
        var start = 0
        if let after = arguments["after"].optionalString {
            guard let index = decodeCategoryCursor(after) else {
                throw APIError(.badCursor, "The cursor \"\(after.prefix(80))\" is not a category cursor.")
            }
            start = index + 1
        }
        let all = try await context.categories()
        let page = Array(all.dropFirst(start).prefix(first))
        return CategoryConnectionNode(
            categories: page, startIndex: start, hasNextPage: start + page.count < all.count, totalCount: all.count)
    }

    static func categoryCursor(_ index: Int) -> String {
        OpaqueIdentifier.base64URL(Array("c1:\(index)".utf8))
    }

    static func decodeCategoryCursor(_ cursor: String) -> Int? {
        guard let bytes = OpaqueIdentifier.decodeBase64URL(cursor),
            case let text = String(decoding: bytes, as: UTF8.self),
            text.hasPrefix("c1:"), let index = Int(text.dropFirst(3)), index >= 0
        else { return nil }
        return index
    }

    /// A page of products for a connection field, shared by both executors.
    static func listProducts(
        _ arguments: Map, context: StorefrontContext, categorySlug: String?, omit: ListingOmissions = []
    ) async throws -> ProductConnectionNode {
        let first = try CommonTypes.pageSize(arguments, default: 20, max: context.maxPageSize)
        let sort = arguments["sortBy"].optionalString.flatMap(ProductSort.init(rawValue:)) ?? .nameAscending
        let code = arguments["channel"].optionalString ?? context.defaultChannel
        var filter = try productFilter(arguments["filter"])
        if let categorySlug { filter.categorySlug = categorySlug }
        let after = try arguments["after"].optionalString.map { cursor throws(APIError) in
            try OpaqueIdentifier.decodeCursor(cursor, sort: sort)
        }
        // The channel is resolved in the page's own round trip where the store can (PostgreSQL).
        let request = ProductListingRequest(
            channel: code ?? "", first: first, after: after, filter: filter, sort: sort, omit: omit)
        guard let listing = try await context.store.products(request, channelCode: code) else {
            throw StorefrontContext.channelError(code)
        }
        return ProductConnectionNode(
            page: listing.page, channel: listing.channel, filter: filter, afterGiven: after != nil)
    }

    static func productFilter(_ map: Map) throws(APIError) -> ProductFilter {
        guard case .dictionary(let fields) = map else { return ProductFilter() }
        var filter = ProductFilter()
        filter.categorySlug = fields["categorySlug"]?.optionalString
        filter.search = fields["search"]?.optionalString
        filter.minPrice = fields["minPrice"]?.optionalInt.map(Int64.init)
        filter.maxPrice = fields["maxPrice"]?.optionalInt.map(Int64.init)
        filter.inStock = fields["inStock"]?.optionalBool
        if let search = filter.search, search.count > 200 {
            throw APIError(.badUserInput, "\"search\" is longer than 200 characters.")
        }
        if let attributes = fields["attributes"], attributes != .null, !attributes.isUndefined {
            let constraints = attributes.array ?? [attributes]
            guard constraints.count <= 20 else {
                throw APIError(.badUserInput, "At most 20 attribute filters are accepted.")
            }
            for constraint in constraints {
                guard case .dictionary(let pair) = constraint, let key = pair["key"]?.optionalString,
                    let values = pair["values"]
                else { continue }
                let list = values.array ?? [values]
                filter.attributes.append(AttributeConstraint(key: key, values: list.compactMap(\.optionalString)))
            }
        }
        return filter
    }
}
