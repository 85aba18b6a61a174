import CEmporiumPluginABI
import EmporiumPluginKit
import Foundation

/// `catalog.source` from a CSV file, one page of products per call; see
/// `docs/plugins/csv-catalog-source.md`.
///
/// Configuration: `{"directory": "/srv/imports"}` (optional: relative locations are resolved against
/// it). Request: `{"location": "catalog.csv", "cursor": null, "pageSize": 500}`. The cursor is the
/// byte offset and line of the next product's first row, so each call reads only its own page and
/// the plugin keeps no state between calls.
struct CSVCatalogSource: EmporiumPlugin {
    static let manifest = PluginDescription(
        id: "csv-catalog-source", version: "1.0.0", engineMinimum: "0.1.0", engineLimit: "2.0.0",
        hooks: ["catalog.source"],
        configSchema: """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "properties":{"directory":{"type":"string","minLength":1}}}
            """)

    /// The largest page a request may ask for.
    static let maxPageSize = 10_000

    let directory: String?

    init(configuration: [UInt8]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(configuration)) as? [String: Any] else {
            throw PluginFailure.invalidInput("the configuration must be a JSON object")
        }
        for key in object.keys.sorted() where key != "directory" {
            throw PluginFailure.invalidInput("config.\(key) is not a known setting (directory)")
        }
        if let value = object["directory"] {
            guard let text = value as? String, !text.isEmpty else {
                throw PluginFailure.invalidInput("config.directory must be a non-empty path")
            }
            directory = text
        } else {
            directory = nil
        }
    }

    func handle(hook: String, request: [UInt8]) throws -> [UInt8] {
        guard hook == "catalog.source" else { throw PluginFailure.unsupportedHook(hook) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request)) as? [String: Any],
            let location = object["location"] as? String, !location.isEmpty
        else { throw PluginFailure.invalidInput("catalog.source: the request needs a location (the CSV file's path)") }
        guard let size = object["pageSize"] as? Int, (1...Self.maxPageSize).contains(size) else {
            throw PluginFailure.invalidInput(
                "catalog.source: pageSize must be an integer from 1 to \(Self.maxPageSize)")
        }
        var start: (offset: UInt64, line: Int)?
        if let cursor = object["cursor"] as? String {
            let parts = cursor.split(separator: ":")
            guard parts.count == 2, let offset = UInt64(parts[0]), let line = Int(parts[1]), line > 1 else {
                throw PluginFailure.invalidInput("catalog.source: cursor \"\(cursor)\" is not one this plugin returned")
            }
            start = (offset, line)
        }
        let path = location.hasPrefix("/") || directory == nil ? location : directory! + "/" + location
        return Array(try JSONSerialization.data(withJSONObject: try page(path, start: start, size: size)))
    }

    /// Reads the header, then the products from `start` until `size` are complete.
    func page(_ path: String, start: (offset: UInt64, line: Int)?, size: Int) throws -> [String: Any] {
        let headerReader = try CSVRecordReader(path: path)
        guard let header = try headerReader.next() else {
            throw PluginFailure.invalidInput("line 1: the file is empty; it needs a header row")
        }
        let columns = try CSVColumns(header: header)
        let reader: CSVRecordReader
        if let start {
            reader = try CSVRecordReader(path: path, offset: start.offset, line: start.line)
        } else {
            reader = headerReader
        }
        var products: [[String: Any]] = []
        var current: CSVProductGroup?
        var productLines: [String: Int] = [:]
        var skuLines: [String: Int] = [:]
        var categories: [String] = []
        var nextCursor: String?
        while let record = try reader.next() {
            guard record.fields.count == columns.count else {
                throw PluginFailure.invalidInput(
                    "line \(record.line): \(record.fields.count) fields, but the header has \(columns.count)")
            }
            let slug = columns.value("product_slug", in: record)
            if slug != current?.slug {
                if let finished = current { products.append(finished.json) }
                if products.count == size {
                    nextCursor = "\(record.offset):\(record.line)"
                    current = nil
                    break
                }
                if let earlier = productLines[slug] {
                    throw PluginFailure.invalidInput(
                        "line \(record.line): product \(slug) began at line \(earlier); keep the rows of a product together"
                    )
                }
                let group = try CSVProductGroup(first: record, columns: columns)
                productLines[slug] = record.line
                if !group.category.isEmpty, !categories.contains(group.category) { categories.append(group.category) }
                current = group
            }
            let sku = columns.value("sku", in: record)
            if let earlier = skuLines[sku] {
                throw PluginFailure.invalidInput("line \(record.line): SKU \(sku) appears already at line \(earlier)")
            }
            skuLines[sku] = record.line
            try current?.add(record, columns: columns)
        }
        if let finished = current { products.append(finished.json) }
        var response: [String: Any] = [
            "products": products,
            "categories": categories.map { ["slug": $0, "name": Self.displayName($0), "position": 0] },
        ]
        if let nextCursor { response["nextCursor"] = nextCursor }
        return response
    }

    /// `home-decor` → `Home decor`.
    static func displayName(_ slug: String) -> String {
        let words = slug.replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}

/// The library's entry point.
@_cdecl("emporium_plugin_entry_v1")
public func emporiumPluginEntry() -> UnsafePointer<emporium_plugin_v1> {
    PluginExport.table(for: CSVCatalogSource.self)
}
