import EmporiumCore
import GraphQL
import OrderedCollections

/// What an admin resolver may use during one request.
public final class AdminContext: Sendable {
    /// Catalog writes.
    public let catalog: any CatalogAdministration
    /// Catalog reads.
    public let store: any CatalogStore

    /// Creates the context of one admin request.
    public init(catalog: any CatalogAdministration, store: any CatalogStore) {
        self.catalog = catalog
        self.store = store
    }
}

/// The admin GraphQL schema (`POST /admin/graphql`, staff token required).
public enum AdminSchema {
    /// List fields for cost analysis.
    public static let listFields: [String: OperationAnalysis.ListField] = [
        "channels": .init(sizeArgument: nil, defaultSize: 4)
    ]

    /// The schema, built once.
    public static let schema: GraphQLSchema = {
        do {
            return try GraphQLSchema(query: queryType, mutation: mutationType)
        } catch {
            preconditionFailure("The admin schema is invalid: \(error)")
        }
    }()

    struct VariantPayload: Sendable {
        let variant: ProductVariant?
        let userErrors: [UserError]

        static func failure(_ code: String, field: [String], _ message: String) -> VariantPayload {
            VariantPayload(variant: nil, userErrors: [UserError(code: code, field: field, message: message)])
        }
    }

    static let variantType: GraphQLObjectType = try! GraphQLObjectType(
        name: "ProductVariant",
        fields: [
            "id": GraphQLField(
                type: GraphQLNonNull(GraphQLID),
                resolve: property(ProductVariant.self) { OpaqueIdentifier.nodeID(type: "ProductVariant", id: $0.id) }),
            "sku": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(ProductVariant.self) { $0.sku }),
            "name": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(ProductVariant.self) { $0.name }),
        ])

    static let variantPayloadType: GraphQLObjectType = try! GraphQLObjectType(
        name: "VariantPayload",
        fields: [
            "variant": GraphQLField(type: variantType, resolve: property(VariantPayload.self) { $0.variant }),
            "userErrors": GraphQLField(
                type: GraphQLNonNull(GraphQLList(GraphQLNonNull(CommonTypes.userError))),
                resolve: property(VariantPayload.self) { $0.userErrors }),
        ])

    static let channelType: GraphQLObjectType = try! GraphQLObjectType(
        name: "Channel",
        fields: [
            "code": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(Channel.self) { $0.code }),
            "name": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(Channel.self) { $0.name }),
            "currencyCode": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(Channel.self) { $0.currency }),
        ])

    static let queryType: GraphQLObjectType = try! GraphQLObjectType(
        name: "Query",
        fields: [
            "channels": GraphQLField(
                type: GraphQLNonNull(GraphQLList(GraphQLNonNull(channelType))),
                resolve: resolver(Void.self, AdminContext.self) { _, _, context in try await context.store.channels() }),
            "catalogVersion": GraphQLField(
                type: GraphQLNonNull(GraphQLString),
                description: "Changes whenever a product, variant, price, stock level or media row changes.",
                resolve: resolver(Void.self, AdminContext.self) { _, _, context in
                    String(try await context.store.catalogVersion())
                }),
        ])

    static let mutationType: GraphQLObjectType = try! GraphQLObjectType(
        name: "Mutation",
        fields: [
            "stockSet": GraphQLField(
                type: GraphQLNonNull(variantPayloadType),
                description: "Sets units on hand of a SKU at a location (the default location when omitted).",
                args: [
                    "sku": GraphQLArgument(type: GraphQLNonNull(GraphQLString)),
                    "location": GraphQLArgument(type: GraphQLString),
                    "onHand": GraphQLArgument(type: GraphQLNonNull(GraphQLInt)),
                ],
                resolve: resolver(Void.self, AdminContext.self) { _, arguments, context in
                    try await stockSet(arguments, context: context)
                }),
            "variantPriceSet": GraphQLField(
                type: GraphQLNonNull(variantPayloadType),
                description: "Sets the price of a SKU in a channel, in minor units of the channel's currency.",
                args: [
                    "sku": GraphQLArgument(type: GraphQLNonNull(GraphQLString)),
                    "channel": GraphQLArgument(type: GraphQLNonNull(GraphQLString)),
                    "amount": GraphQLArgument(type: GraphQLNonNull(GraphQLInt)),
                ],
                resolve: resolver(Void.self, AdminContext.self) { _, arguments, context in
                    try await variantPriceSet(arguments, context: context)
                }),
        ])

    /// `stockSet`, shared by both executors.
    static func stockSet(_ arguments: Map, context: AdminContext) async throws -> VariantPayload {
        let sku = arguments["sku"].optionalString ?? ""
        let onHand = arguments["onHand"].optionalInt ?? -1
        guard onHand >= 0 else {
            return VariantPayload.failure(
                "INVALID_QUANTITY", field: ["onHand"], "onHand must not be negative.")
        }
        switch try await context.catalog.setStock(
            sku: sku, location: arguments["location"].optionalString, onHand: onHand)
        {
        case .updated(let variant): return VariantPayload(variant: variant, userErrors: [])
        case .unknownSKU:
            return VariantPayload.failure("UNKNOWN_SKU", field: ["sku"], "No variant has this SKU.")
        case .unknownLocation:
            return VariantPayload.failure(
                "UNKNOWN_LOCATION", field: ["location"], "No such stock location.")
        case .belowReserved(let reserved):
            return VariantPayload.failure(
                "BELOW_RESERVED", field: ["onHand"],
                "\(reserved) units are reserved by open orders; onHand cannot be lower.")
        }
    }

    /// `variantPriceSet`, shared by both executors.
    static func variantPriceSet(_ arguments: Map, context: AdminContext) async throws -> VariantPayload {
        let amount = arguments["amount"].optionalInt ?? -1
        guard amount >= 0 else {
            return VariantPayload.failure(
                "INVALID_AMOUNT", field: ["amount"], "amount must not be negative.")
        }
        switch try await context.catalog.setPrice(
            sku: arguments["sku"].optionalString ?? "", channel: arguments["channel"].optionalString ?? "",
            amount: Int64(amount))
        {
        case .updated(let variant): return VariantPayload(variant: variant, userErrors: [])
        case .unknownSKU:
            return VariantPayload.failure("UNKNOWN_SKU", field: ["sku"], "No variant has this SKU.")
        case .unknownChannel:
            return VariantPayload.failure("UNKNOWN_CHANNEL", field: ["channel"], "No such channel.")
        }
    }
}
