import EmporiumGraphQL

/// The executor the differential suite compares with GraphQLSwift's: the compiled executor.
func executorUnderTest() -> any OperationExecutor {
    CompiledExecutor()
}
