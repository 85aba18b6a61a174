import EmporiumGraphQL
import Foundation
import GraphQL
import Testing

/// The checked-in SDL is the contract frontend teams generate code from: a schema change must
/// update it (`emporium schema > docs/api/storefront.graphql`), and the names of shared/API.md stay.
@Suite("Schema contract")
struct SchemaContractTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/api")

    @Test("docs/api/storefront.graphql and admin.graphql match the schemas")
    func checkedInSDL() throws {
        let storefront = try String(contentsOf: Self.docs.appendingPathComponent("storefront.graphql"), encoding: .utf8)
        #expect(storefront == printSchema(schema: StorefrontSchema.schema) + "\n")
        let admin = try String(contentsOf: Self.docs.appendingPathComponent("admin.graphql"), encoding: .utf8)
        #expect(admin == printSchema(schema: AdminSchema.schema) + "\n")
    }

    @Test("the API contract's names are present")
    func contractNames() {
        let sdl = printSchema(schema: StorefrontSchema.schema)
        for name in [
            "products(", "product(", "categories(", "category(", "type Money", "amount: String!",
            "currencyCode: String!", "minorUnits: Int!", "type ProductConnection", "totalCount: Int!",
            "hasNextPage: Boolean!", "endCursor: String", "quantityAvailable: Int", "compareAtPrice: Money",
            "priceRange: PriceRange!", "available: Boolean!", "input ProductFilter",
        ] {
            #expect(sdl.contains(name), "storefront schema lacks \(name)")
        }
        let admin = printSchema(schema: AdminSchema.schema)
        #expect(admin.contains("stockSet(sku: String!, location: String, onHand: Int!): VariantPayload!"))
        #expect(admin.contains("variantPriceSet(sku: String!, channel: String!, amount: Int!): VariantPayload!"))
    }
}
