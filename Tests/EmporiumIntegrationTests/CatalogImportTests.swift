import EmporiumCore
import EmporiumPostgres
import EmporiumServer
import EmporiumTesting
import Foundation
import Logging
import Testing

@Suite("emporium import catalog: CSV through the csv-catalog-source plugin into PostgreSQL")
struct CatalogImportTests {
    static let header =
        "product_slug,name,description,brand,category_slug,sku,variant_name,options,price:web-us,"
        + "price:web-eu,stock:main,image_urls"
    static let good =
        [
            header,
            #"oak-vase,Oak Vase,"Turned oak, oiled",Nord,home-decor,VASE-S,Small,Size=S,1999,1899,5,https://cdn.example/v1.jpg|https://cdn.example/v2.jpg"#,
            "oak-vase,,,,,VASE-L,Large,Size=L,2999,2799,2,",
            #"linen-shirt,Linen Shirt,"Soft ""washed"" linen",,apparel,SHIRT-M,,Size=M,4500,4200,12,"#,
            "cafe-mug,Café Mug,,,home-decor,MUG-1,,,900,,3,",
        ].joined(separator: "\n") + "\n"

    static var libraryDirectory: URL { CommandLineTests.executable.deletingLastPathComponent() }

    /// A migrated database with the channels web-us and web-eu, a site whose emporium.yaml enables the
    /// CSV plugin, and the registry started from it.
    static func withImport(
        _ body: (CatalogImporter, any CatalogSource, PostgresCatalogStore, String, String) async throws -> Void
    ) async throws {
        let url = try await TestCluster.shared.makeDatabase()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = libraryDirectory.appendingPathComponent("libCSVCatalogSource.so").path
        try "plugins:\n  - id: csv-catalog-source\n    path: \(library)\n".write(
            toFile: root + "/emporium.yaml", atomically: true, encoding: .utf8)
        let configuration = try ConfigurationLoader(
            yamlPath: root + "/emporium.yaml", secretsDirectory: nil, environment: [:]
        ).load()
        let logger = Logger(label: "test")
        let registry = try PluginRegistry(configuration.plugins, logger: logger)
        defer { registry.shutdown() }
        let source = try #require(registry.catalogSources().first)
        let database = Database(url: try DatabaseURL(url), options: .init(poolSize: 2), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            try await database.execute(
                """
                INSERT INTO channels (code, name, currency, storefront_base_url) VALUES
                ('web-us', 'US', 'USD', 'https://us.example'), ('web-eu', 'EU', 'EUR', 'https://eu.example')
                """)
            try await body(
                CatalogImporter(database: database, logger: logger), source, PostgresCatalogStore(database: database),
                root, url)
        }
    }

    /// Everything the store shows of the products with these slugs, for comparing two imports.
    struct Snapshot: Equatable {
        var products: [Product]
        var variants: [[ProductVariant]]
        var media: [[Media]]
        var prices: [String: [Int64: VariantPrice]]
        var stock: [Int64: Int]
        var categories: [EmporiumCore.Category]

        init(_ store: PostgresCatalogStore, slugs: [String]) async throws {
            var products: [Product] = []
            for slug in slugs { if let product = try await store.product(slug: slug) { products.append(product) } }
            let ids = products.map(\.id)
            let variants = try await store.variants(productIDs: ids)
            let media = try await store.media(productIDs: ids)
            self.products = products
            self.variants = ids.map { variants[$0] ?? [] }
            self.media = ids.map { media[$0] ?? [] }
            let variantIDs = self.variants.flatMap { $0.map(\.id) }
            prices = [:]
            for channel in ["web-us", "web-eu"] {
                prices[channel] = try await store.prices(variantIDs: variantIDs, channel: channel)
            }
            stock = try await store.availableStock(variantIDs: variantIDs)
            categories = try await store.categories()
        }
    }

    @Test("a good file imported twice gives the expected catalog, unchanged the second time")
    func importTwice() async throws {
        try await Self.withImport { importer, source, store, root, _ in
            let path = root + "/catalog.csv"
            try Self.good.write(toFile: path, atomically: true, encoding: .utf8)
            let report = try await importer.run(source: source, location: path, pageSize: 2)
            #expect(report == CatalogImporter.Report(pages: 2, products: 3, variants: 4))
            let slugs = ["oak-vase", "linen-shirt", "cafe-mug"]
            let first = try await Snapshot(store, slugs: slugs)
            #expect(first.products.map(\.name) == ["Oak Vase", "Linen Shirt", "Café Mug"])
            #expect(first.products[0].description == "Turned oak, oiled")
            #expect(first.products[0].brand == "Nord")
            #expect(first.products[1].description == "Soft \"washed\" linen")
            #expect(first.variants.map { $0.map(\.sku) } == [["VASE-S", "VASE-L"], ["SHIRT-M"], ["MUG-1"]])
            #expect(first.variants[0][0].options == [SelectedOption(name: "Size", value: "S")])
            #expect(first.media[0].map(\.url) == ["https://cdn.example/v1.jpg", "https://cdn.example/v2.jpg"])
            let vase = first.variants[0][0].id
            #expect(first.prices["web-us"]?[vase]?.price.minorUnits == 1999)
            #expect(first.prices["web-eu"]?[vase]?.price.minorUnits == 1899)
            #expect(first.prices["web-eu"]?[first.variants[2][0].id] == nil)
            #expect(first.stock[vase] == 5)
            #expect(Set(first.categories.map(\.slug)) == ["home-decor", "apparel"])
            #expect(first.products[0].categoryID == first.products[2].categoryID)

            let again = try await importer.run(source: source, location: path, pageSize: 2)
            #expect(again == report)
            #expect(try await Snapshot(store, slugs: slugs) == first)

            try Self.good.replacingOccurrences(of: "1999", with: "2100").write(
                toFile: path, atomically: true, encoding: .utf8)
            _ = try await importer.run(source: source, location: path, pageSize: 500)
            let changed = try await Snapshot(store, slugs: slugs)
            #expect(changed.prices["web-us"]?[vase]?.price.minorUnits == 2100)
            #expect(changed.variants == first.variants)
        }
    }

    @Test("a bad row stops the import with its line; earlier pages stay, nothing of the bad page is imported")
    func badPage() async throws {
        try await Self.withImport { importer, source, store, root, _ in
            let path = root + "/bad.csv"
            let text = [
                Self.header,
                "a-1,A1,,,,A-1,,,100,,1,", "a-2,A2,,,,A-2,,,100,,1,",
                "b-1,B1,,,,B-1,,,100,,1,", "b-2,B2,,,,B-2,,,1.5,,1,",
            ].joined(separator: "\n")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try await importer.run(source: source, location: path, pageSize: 2)
                Issue.record("the bad file was imported")
            } catch let error as CatalogImportError {
                #expect(error.code == .invalidData)
                #expect(error.importedProducts == 2)
                #expect(error.description.contains("line 5: price:web-us must be a whole number"), "\(error)")
            }
            #expect(try await store.product(slug: "a-2") != nil)
            #expect(try await store.product(slug: "b-1") == nil)

            let unknownChannel = "product_slug,name,sku,price:web-jp\nd-1,D1,D-1,100\n"
            try unknownChannel.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try await importer.run(source: source, location: path)
                Issue.record("a price in an unknown channel was accepted")
            } catch let error as CatalogImportError {
                #expect(
                    error.description.contains("line 2: SKU D-1 has a price in channel web-jp, which does not exist"))
            }
            #expect(try await store.product(slug: "d-1") == nil)
        }
    }

    @Test("a SKU repeated in a later page is refused with both lines")
    func duplicateAcrossPages() async throws {
        try await Self.withImport { importer, source, store, root, _ in
            let path = root + "/dup.csv"
            try [Self.header, "e-1,E1,,,,E-1,,,100,,1,", "e-2,E2,,,,E-1,,,100,,1,"].joined(separator: "\n").write(
                toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try await importer.run(source: source, location: path, pageSize: 1)
                Issue.record("a duplicate SKU was accepted")
            } catch let error as CatalogImportError {
                #expect(error.description.contains("line 3: SKU E-1 was imported already from line 2"), "\(error)")
            }
            #expect(try await store.product(slug: "e-2") == nil)
        }
    }

    @Test("the command imports with the configured plugin, and again with the same result")
    func command() async throws {
        try await Self.withImport { _, _, store, root, url in
            let path = root + "/catalog.csv"
            try Self.good.write(toFile: path, atomically: true, encoding: .utf8)
            let arguments = ["import", "catalog", path, "--config", root + "/emporium.yaml", "--database-url", url]
            let first = try CommandLineTests.run(arguments + ["--page-size", "2"])
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains("Imported 3 products (4 variants) in 2 pages"), "\(first.output)")
            let before = try await Snapshot(store, slugs: ["oak-vase", "linen-shirt", "cafe-mug"])
            let second = try CommandLineTests.run(arguments + ["--plugin", "csv-catalog-source"])
            #expect(second.status == 0, "\(second.output)")
            #expect(try await Snapshot(store, slugs: ["oak-vase", "linen-shirt", "cafe-mug"]) == before)

            // No configuration at all: the csv-catalog-source built next to the executable.
            let bundled = try CommandLineTests.run(["import", "catalog", path, "--database-url", url])
            #expect(bundled.status == 0, "\(bundled.output)")
            #expect(bundled.output.contains("Imported 3 products (4 variants) in 1 page "), "\(bundled.output)")
            #expect(try await Snapshot(store, slugs: ["oak-vase", "linen-shirt", "cafe-mug"]) == before)

            try "product_slug,name,sku\nx,X\n".write(toFile: path, atomically: true, encoding: .utf8)
            let bad = try CommandLineTests.run(arguments)
            #expect(bad.status == 1)
            #expect(bad.output.contains("line 2: 2 fields, but the header has 3"), "\(bad.output)")
            let gateway = Self.libraryDirectory.appendingPathComponent("libTestGateway.so").path
            try "plugins:\n  - id: test-gateway\n    path: \(gateway)\n    config: {webhookSecret: s3cr3t-value}\n"
                .write(
                    toFile: root + "/payments.yaml", atomically: true, encoding: .utf8)
            let noSource = try CommandLineTests.run(
                ["import", "catalog", path, "--config", root + "/payments.yaml", "--database-url", url])
            #expect(noSource.status == 1)
            #expect(noSource.output.contains("No enabled plugin implements catalog.source"), "\(noSource.output)")
            #expect(!noSource.output.contains("s3cr3t-value"))
            let unknown = try CommandLineTests.run(arguments + ["--plugin", "nope"])
            #expect(unknown.status == 1)
            #expect(unknown.output.contains("No plugin nope is configured"), "\(unknown.output)")
        }
    }
}
