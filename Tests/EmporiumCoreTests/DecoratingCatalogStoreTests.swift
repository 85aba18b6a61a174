import EmporiumCore
import Synchronization
import Testing

/// A decorator that renames products, or fails.
private struct Renamer: CatalogDecorator {
    let id: String
    let suffix: String?

    func decorate(_ products: [Product]) async throws(ExtensionPointError) -> [ProductDecoration] {
        guard let suffix else { throw ExtensionPointError(.failed, source: "catalog decorator \(id)", "down") }
        return products.filter { $0.id != 2 }.map {
            ProductDecoration(
                productID: $0.id, name: $0.name + suffix,
                attributes: [
                    ProductAttribute(key: "by", value: .text(id)), ProductAttribute(key: id, value: .boolean(true)),
                ])
        }
    }
}

@Suite("DecoratingCatalogStore: decorators in chain order; a failing one is skipped and reported")
struct DecoratingCatalogStoreTests {
    static func product(_ id: Int64) -> Product {
        Product(
            id: id, slug: "p\(id)", name: "P\(id)", description: "", brand: nil, status: .active, categoryID: nil,
            attributes: [], createdAt: 0, updatedAt: 0)
    }

    @Test("each decorator sees the previous one's result; attributes with the same key are replaced")
    func chain() async {
        let failures = Mutex<[String]>([])
        let chain = CatalogDecorators([
            Renamer(id: "a", suffix: "-a"), Renamer(id: "down", suffix: nil), Renamer(id: "b", suffix: "-b"),
        ]) { error in failures.withLock { $0.append(error.description) } }
        let store = DecoratingCatalogStore(source: CountingCatalogSource(), decorators: chain)
        let decorated = await store.decorate([Self.product(1), Self.product(2)])
        #expect(decorated.map(\.name) == ["P1-a-b", "P2"])
        #expect(
            decorated[0].attributes == [
                ProductAttribute(key: "by", value: .text("b")), ProductAttribute(key: "a", value: .boolean(true)),
                ProductAttribute(key: "b", value: .boolean(true)),
            ])
        #expect(decorated[1].attributes.isEmpty)
        #expect(failures.withLock { $0 } == ["catalog decorator down: down [EXTENSION_FAILED]"])
    }

    @Test("pages and single products pass through the decorators; other reads do not")
    func reads() async throws {
        let store = DecoratingCatalogStore(
            source: CountingCatalogSource(), decorators: CatalogDecorators([Renamer(id: "a", suffix: "!")]) { _ in })
        let page = try await store.products(
            ProductListingRequest(
                channel: "web-us", first: 1, after: nil, filter: ProductFilter(), sort: .nameAscending))
        #expect(page.products.allSatisfy { $0.name.hasSuffix("!") })
        #expect(try await store.product(slug: "p1")?.name.hasSuffix("!") == true)
        #expect(try await store.countProducts(channel: "web-us", filter: ProductFilter()) == 42)
    }
}
