import ArgumentParser
import EmporiumGraphQL
import GraphQL

/// `emporium schema`: prints the GraphQL schema (SDL) for frontend tooling and code generators.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the storefront (or, with --admin, the admin) GraphQL schema as SDL.")

    @Flag(help: "Print the admin schema instead of the storefront schema.")
    var admin = false

    func run() throws {
        print(printSchema(schema: admin ? AdminSchema.schema : StorefrontSchema.schema))
    }
}
