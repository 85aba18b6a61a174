import EmporiumCore
import GraphQL

/// Executes storefront and admin operations from a plan compiled once per document: typed field
/// steps over the engine's own types that load each list level in one batch and then write the
/// JSON response straight into a byte buffer, with no `Any`, no per-field reflection and no
/// per-field task. What it does not handle — introspection, and variable values that need
/// coercion or fail it — runs on GraphQLSwift's executor, whose output the compiled path matches
/// byte for byte (see the differential tests).
public struct CompiledExecutor: OperationExecutor {
    let fallback = GraphQLSwiftExecutor()

    static let storefrontVariables = VariableCheck(
        inputObjects: [
            "ProductFilter": [
                "categorySlug": .named("String"), "search": .named("String"), "minPrice": .named("Int"),
                "maxPrice": .named("Int"), "inStock": .named("Boolean"),
                "attributes": .list(.nonNull(.named("AttributeFilter"))),
            ],
            "AttributeFilter": [
                "key": .nonNull(.named("String")), "values": .nonNull(.list(.nonNull(.named("String")))),
            ],
        ],
        enums: ["ProductSort": Set(ProductSortValues.all)])

    /// Creates the executor.
    public init() {}

    public func execute(_ request: GraphQLEndpoint.PreparedRequest, schema: GraphQLSchema, context: any Sendable)
        async throws -> ExecutionOutcome
    {
        guard let plan = request.document.plans.plan(for: request.operation, in: request.document.document),
            Self.storefrontVariables.accepts(request.operation, variables: request.request.variables)
        else {
            return try await fallback.execute(request, schema: schema, context: context)
        }
        let selection: [ResolvedField]
        let omissions: ListingOmissions?
        if let fixed = plan.staticSelection {
            selection = fixed
            omissions = plan.staticOmissions
        } else {
            omissions = nil
            do {
                selection = try ResolvedField.resolve(
                    plan.root, variables: request.request.variables, operation: request.operation)
            } catch {
                return try await fallback.execute(request, schema: schema, context: context)
            }
        }
        switch context {
        case let storefront as StorefrontContext where request.operation.operation == .query:
            let run = StorefrontRun(context: storefront)
            return await run.execute(selection, omissions: omissions ?? StorefrontRun.omissions(in: selection))
        case let admin as AdminContext where request.operation.operation != .subscription:
            let run = AdminRun(context: admin)
            return await run.execute(selection, serially: request.operation.operation == .mutation)
        default:
            return try await fallback.execute(request, schema: schema, context: context)
        }
    }
}

/// The values of `ProductSort`.
enum ProductSortValues {
    static let all = ["NAME_ASC", "NAME_DESC", "PRICE_ASC", "PRICE_DESC", "NEWEST"]
}

/// A step of a response path, for error reports. The path is kept for every value written and read
/// only when an error is reported, so a field step refers to its plan field without retaining it
/// (the run holds the plan for as long as the path exists).
enum PathStep {
    case field(Unmanaged<ResolvedField>)
    case index(Int)
}

/// Raised by a non-null field (or list item) that could not be completed: the nearest nullable
/// ancestor becomes null and reports the error, as the specification's null propagation says.
struct NullPropagation: Error {
    let error: GraphQLError
}

extension Array where Element == PathStep {
    var indexPath: IndexPath {
        IndexPath(
            map { step -> any IndexPathElement in
                switch step {
                case .field(let field): field.takeUnretainedValue().key
                case .index(let index): index
                }
            })
    }
}
