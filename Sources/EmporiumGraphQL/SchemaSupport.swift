import EmporiumCore
import GraphQL
import OrderedCollections

/// A product as seen in one channel.
struct ProductNode: Sendable {
    let product: Product
    let channel: Channel
}

/// A variant as seen in one channel.
struct VariantNode: Sendable {
    let variant: ProductVariant
    let channel: Channel
}

/// One page of a product listing.
struct ProductConnectionNode: Sendable {
    let page: ProductPage
    let channel: Channel
    let filter: ProductFilter
    let afterGiven: Bool
}

/// One page of a plain list paginated by offset-free index cursors (categories).
struct CategoryConnectionNode: Sendable {
    let categories: [Category]
    let startIndex: Int
    let hasNextPage: Bool
    let totalCount: Int
}

/// `PageInfo` of a connection.
struct PageInfoNode: Sendable {
    let hasNextPage: Bool
    let hasPreviousPage: Bool
    let startCursor: String?
    let endCursor: String?
}

/// An edge of a connection.
struct EdgeNode: Sendable {
    let cursor: String
    let node: any Sendable
}

/// Builds a resolver that receives typed sources and context.
func resolver<Source: Sendable, Context: Sendable>(
    _ source: Source.Type, _ context: Context.Type,
    _ body: @escaping @Sendable (Source, Map, Context) async throws -> (any Sendable)?
) -> GraphQLFieldResolve {
    { source, arguments, context, _ in
        guard let typedSource = source as? Source, let typedContext = context as? Context else {
            throw APIError(.internalError, "Internal error.")
        }
        return try await body(typedSource, arguments, typedContext)
    }
}

/// Builds a synchronous resolver over a typed source.
func property<Source: Sendable>(_ source: Source.Type, _ body: @escaping @Sendable (Source) -> (any Sendable)?)
    -> GraphQLFieldResolve
{
    { source, _, _, _ in
        guard let typed = source as? Source else { throw APIError(.internalError, "Internal error.") }
        return body(typed)
    }
}

extension Map {
    /// The integer value of an argument, or `nil` when absent or null.
    var optionalInt: Int? {
        if case .number = self { return self.int }
        return nil
    }

    /// The string value of an argument, or `nil` when absent or null.
    var optionalString: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean value of an argument, or `nil` when absent or null.
    var optionalBool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

/// Shared scalar-ish output types.
enum CommonTypes {
    static let money = try! GraphQLObjectType(
        name: "Money",
        description: "An amount of money. `minorUnits` is what the engine computes with; `amount` is for display.",
        fields: [
            "amount": GraphQLField(
                type: GraphQLNonNull(GraphQLString), description: "Decimal string, e.g. \"15.00\".",
                resolve: property(Money.self) { $0.decimalString }),
            "currencyCode": GraphQLField(
                type: GraphQLNonNull(GraphQLString), description: "ISO 4217 code.",
                resolve: property(Money.self) { $0.currency }),
            "minorUnits": GraphQLField(
                type: GraphQLNonNull(GraphQLInt), description: "Integer amount in the currency's minor unit.",
                resolve: property(Money.self) { Int(clamping: $0.minorUnits) }),
        ])

    static let pageInfo = try! GraphQLObjectType(
        name: "PageInfo",
        description: "Relay pagination state of a connection.",
        fields: [
            "hasNextPage": GraphQLField(
                type: GraphQLNonNull(GraphQLBoolean), resolve: property(PageInfoNode.self) { $0.hasNextPage }),
            "hasPreviousPage": GraphQLField(
                type: GraphQLNonNull(GraphQLBoolean), resolve: property(PageInfoNode.self) { $0.hasPreviousPage }),
            "startCursor": GraphQLField(type: GraphQLString, resolve: property(PageInfoNode.self) { $0.startCursor }),
            "endCursor": GraphQLField(type: GraphQLString, resolve: property(PageInfoNode.self) { $0.endCursor }),
        ])

    static let userError = try! GraphQLObjectType(
        name: "UserError",
        description: "An expected business outcome of a mutation, with a documented machine-readable code.",
        fields: [
            "code": GraphQLField(type: GraphQLNonNull(GraphQLString), resolve: property(UserError.self) { $0.code }),
            "field": GraphQLField(
                type: GraphQLList(GraphQLNonNull(GraphQLString)), resolve: property(UserError.self) { $0.field }),
            "message": GraphQLField(
                type: GraphQLNonNull(GraphQLString), resolve: property(UserError.self) { $0.message }),
        ])

    /// Validates `first` against the cap.
    static func pageSize(_ arguments: Map, default defaultSize: Int, max maxSize: Int) throws(APIError) -> Int {
        let first = arguments["first"].optionalInt ?? defaultSize
        guard first >= 0 else { throw APIError(.badUserInput, "\"first\" must not be negative.") }
        guard first <= maxSize else {
            throw APIError(.badUserInput, "\"first\" is \(first); the largest page is \(maxSize).")
        }
        return first
    }
}
