import EmporiumCore
import EmporiumServer
import Foundation
import Testing

@Suite("CSVCatalogSource: catalog.source from a CSV file, enabled from emporium.yaml, through CatalogSource")
struct CSVCatalogSourceTests {
    static let library = PluginLibraries.path("CSVCatalogSource")

    static let header =
        "product_slug,name,description,brand,category_slug,sku,variant_name,options,price:web-us,"
        + "price:web-eu,stock:main,image_urls"

    /// Three products; quoted fields with commas, quotes, a line break and non-ASCII text; CRLF line ends.
    static let good =
        [
            header,
            #"oak-vase,Oak Vase,"Turned oak, oiled","Atelier ""Nord""",home-decor,VASE-S,Small,Size=S,1999,1899,5,https://cdn.example/vase-1.jpg|https://cdn.example/vase-2.jpg"#,
            "oak-vase,,,,,VASE-L,Large,Size=L,2999,2799,0,",
            #"linen-shirt,Linen Shirt,"Soft linen,"#,
            #"washed twice",Crème,apparel,SHIRT-M-NAVY,,Size=M;Color=Navy,4500,,12,"#,
            "linen-shirt,,,,,SHIRT-L-NAVY,,Size=L;Color=Navy,4500,4200,,",
            "café-mug,x,,,,MUG-1,,,900,,3,",
        ].joined(separator: "\r\n").replacingOccurrences(of: "café-mug,x", with: "cafe-mug,Café Mug") + "\r\n"

    static func withSource(_ body: (any CatalogSource, PluginTestSite) async throws -> Void) async throws {
        let site = try PluginTestSite {
            "plugins:\n  - id: csv-catalog-source\n    path: \(library)\n    config: {directory: \($0)}\n"
        }
        defer { site.remove() }
        let registry = try site.registry()
        defer { registry.shutdown() }
        let source = try #require(registry.catalogSources().first)
        #expect(source.id == "csv-catalog-source")
        try await body(source, site)
    }

    @Test("a good file: fields decoded per RFC 4180, rows grouped into products, pages joined by the cursor")
    func goodFile() async throws {
        try await Self.withSource { source, site in
            let path = try site.write(Self.good, to: "catalog.csv")
            let first = try await source.page(CatalogSourceRequest(location: path, cursor: nil, pageSize: 2))
            #expect(first.products.map(\.slug) == ["oak-vase", "linen-shirt"])
            #expect(first.productLocations == ["line 2", "line 4"])
            #expect(first.categories.map(\.slug) == ["home-decor", "apparel"])
            #expect(first.categories.first?.name == "Home decor")
            let vase = first.products[0]
            #expect(vase.description == "Turned oak, oiled")
            #expect(vase.brand == "Atelier \"Nord\"")
            #expect(vase.categorySlug == "home-decor")
            #expect(vase.media.map(\.url) == ["https://cdn.example/vase-1.jpg", "https://cdn.example/vase-2.jpg"])
            #expect(vase.variants.map(\.sku) == ["VASE-S", "VASE-L"])
            #expect(vase.variants[0].options == [SelectedOption(name: "Size", value: "S")])
            #expect(
                vase.variants[0].prices == [
                    SeedPrice(channel: "web-us", amount: 1999, compareAtAmount: nil),
                    SeedPrice(channel: "web-eu", amount: 1899, compareAtAmount: nil),
                ])
            #expect(vase.variants[1].stock == [SeedStock(location: "main", onHand: 0)])
            let shirt = first.products[1]
            #expect(shirt.description == "Soft linen,\r\nwashed twice")
            #expect(shirt.brand == "Crème")
            #expect(shirt.variants[0].name == "M / Navy")
            #expect(shirt.variants[0].prices.map(\.channel) == ["web-us"])
            #expect(shirt.variants[1].stock.isEmpty)

            let cursor = try #require(first.nextCursor)
            let second = try await source.page(
                CatalogSourceRequest(location: "catalog.csv", cursor: cursor, pageSize: 2))
            #expect(second.products.map(\.name) == ["Café Mug"])
            #expect(second.productLocations == ["line 7"])
            #expect(second.nextCursor == nil)
        }
    }

    @Test("a byte order mark is skipped and blank lines and a missing final line break are fine")
    func byteOrderMark() async throws {
        try await Self.withSource { source, site in
            let path = try site.write("\u{FEFF}product_slug,name,sku\nmug,Mug,MUG-1\n\nbowl,Bowl,BOWL-1", to: "bom.csv")
            let page = try await source.page(CatalogSourceRequest(location: path, cursor: nil, pageSize: 10))
            #expect(page.products.map(\.slug) == ["mug", "bowl"])
            #expect(page.productLocations == ["line 2", "line 4"])
            #expect(page.products[1].variants.map(\.sku) == ["BOWL-1"])
        }
    }

    @Test("bad rows are refused with their line number")
    func badRows() async throws {
        let row = "oak-vase,Oak Vase,,,,VASE-S,,,1999,,5,"
        let cases: [(String, String)] = [
            ("product_slug,name,price:web-us\noak-vase,Oak,1\n", "line 1: missing column sku"),
            ("product_slug,name,sku,colour\n", "line 1: unknown column \"colour\""),
            (
                [Self.header, row, "oak-vase,,,,,VASE-L,,,19.99,,1,"].joined(separator: "\n"),
                "line 3: price:web-us must be a whole number of minor units (1999 for 19.99), got \"19.99\""
            ),
            (
                [Self.header, row, "mug,Mug,,,,VASE-S,,,100,,1,"].joined(separator: "\n"),
                "line 3: SKU VASE-S appears already at line 2"
            ),
            (
                [Self.header, row, "mug,Mug,,,,MUG,,,100,,1"].joined(separator: "\n"),
                "line 3: 11 fields, but the header has 12"
            ),
            (
                [Self.header, row, "mug,\"Mug,,,,MUG,,,100,,1,"].joined(separator: "\n"),
                "line 3: a quoted field is not closed"
            ),
            (
                [Self.header, row, "mug,Mug,,,,MUG,,,100,,1,", "oak-vase,,,,,VASE-X,,,1,,1,"].joined(separator: "\n"),
                "line 4: product oak-vase began at line 2"
            ),
            (
                [Self.header, row, "oak-vase,Oak Jar,,,,VASE-L,,,1,,1,"].joined(separator: "\n"),
                "line 3: name differs from line 2"
            ),
            (
                [Self.header, "Oak Vase,Oak Vase,,,,VASE-S,,,1999,,5,"].joined(separator: "\n"),
                "line 2: product_slug \"Oak Vase\" must be lower-case"
            ),
            (
                [Self.header, "oak-vase,Oak Vase,,,,VASE-S,,Size,1999,,5,"].joined(separator: "\n"),
                "line 2: options must be Name=Value pairs"
            ),
            (
                [Self.header, "oak-vase,Oak Vase,,,,VASE-S,,,1999,,-5,"].joined(separator: "\n"),
                "line 2: stock:main must be a whole number of units, got \"-5\""
            ),
        ]
        try await Self.withSource { source, site in
            for (index, (text, words)) in cases.enumerated() {
                let path = try site.write(text, to: "bad-\(index).csv")
                do {
                    let page = try await source.page(CatalogSourceRequest(location: path, cursor: nil, pageSize: 100))
                    Issue.record("case \(index) accepted: \(page.products.map(\.slug))")
                } catch let error as ExtensionPointError {
                    #expect(error.code == .rejectedRequest, "case \(index)")
                    #expect(error.description.contains(words), "case \(index): \(error.description)")
                }
            }
            let invalid = site.root + "/latin1.csv"
            try Data(Array("product_slug,name,sku\na,Caf".utf8) + [0xE9] + Array(",A-1\n".utf8)).write(
                to: URL(fileURLWithPath: invalid))
            do {
                _ = try await source.page(CatalogSourceRequest(location: invalid, cursor: nil, pageSize: 5))
                Issue.record("a Latin-1 file was read")
            } catch let error as ExtensionPointError {
                #expect(error.description.contains("line 2: field 2 is not valid UTF-8"), "\(error)")
            }
            do {
                _ = try await source.page(CatalogSourceRequest(location: invalid, cursor: "12", pageSize: 5))
                Issue.record("a made-up cursor was accepted")
            } catch let error as ExtensionPointError {
                #expect(error.description.contains("cursor \"12\" is not one this plugin returned"), "\(error)")
            }
            do {
                _ = try await source.page(
                    CatalogSourceRequest(location: site.root + "/nope.csv", cursor: nil, pageSize: 5))
                Issue.record("a missing file was read")
            } catch let error as ExtensionPointError {
                #expect(error.description.contains("nope.csv does not exist or cannot be read"))
            }
        }
    }
}
