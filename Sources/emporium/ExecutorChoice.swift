import ArgumentParser
import EmporiumGraphQL

/// `--executor`: which GraphQL executor serves requests. `graphqlswift` exists for benchmarks and
/// for diagnosing a suspected difference; production uses the compiled executor.
enum ExecutorChoice: String, ExpressibleByArgument, CaseIterable {
    case compiled
    case graphqlswift

    var executor: any OperationExecutor {
        switch self {
        case .compiled: CompiledExecutor()
        case .graphqlswift: GraphQLSwiftExecutor()
        }
    }
}
