public import EmporiumCore
import Foundation
public import Logging
import PostgresNIO

/// Imports a ``CatalogSource`` into PostgreSQL page by page, one transaction per page, so memory
/// holds one page and a bad page leaves the earlier ones in place.
///
/// Rows are upserted by natural key (product slug, SKU, variant and channel, variant and location),
/// and a row whose values are unchanged is not rewritten: importing the same source twice gives the
/// same catalog (the same `updatedAt` too). Media of an imported product are replaced by the source's;
/// attributes and variants the source does not mention are kept. Missing categories and stock
/// locations are created; a price in a channel that does not exist stops the import (a channel
/// needs a currency, which a source does not carry).
public struct CatalogImporter: Sendable {
    /// What an import did.
    public struct Report: Sendable, Hashable {
        /// Pages read.
        public var pages = 0
        /// Products imported (inserted or updated or unchanged).
        public var products = 0
        /// Variants imported.
        public var variants = 0

        /// Creates a report.
        public init(pages: Int = 0, products: Int = 0, variants: Int = 0) {
            self.pages = pages
            self.products = products
            self.variants = variants
        }
    }

    let database: Database
    let logger: Logger

    /// Creates an importer.
    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Reads every page of `source` at `location` and upserts it.
    public func run(source: any CatalogSource, location: String, pageSize: Int = 500)
        async throws(CatalogImportError) -> Report
    {
        var report = Report()
        var seenSKUs: [String: String] = [:]
        var seenProducts: [String: String] = [:]
        let channels = try await knownChannels(imported: 0)
        var cursor: String?
        repeat {
            let page: CatalogSourcePage
            do {
                page = try await source.page(
                    CatalogSourceRequest(location: location, cursor: cursor, pageSize: pageSize))
            } catch {
                let code: CatalogImportError.Code = error.code == .rejectedRequest ? .invalidData : .sourceFailed
                throw CatalogImportError(
                    code, error.description, importedProducts: report.products, detail: error.detail)
            }
            for (index, product) in page.products.enumerated() {
                let place =
                    index < page.productLocations.count ? page.productLocations[index] : "product \(product.slug)"
                if let earlier = seenProducts[product.slug] {
                    throw CatalogImportError(
                        .invalidData,
                        "\(place): product \(product.slug) was imported already from \(earlier); keep its rows together",
                        importedProducts: report.products)
                }
                seenProducts[product.slug] = place
                for variant in product.variants {
                    if let earlier = seenSKUs[variant.sku] {
                        throw CatalogImportError(
                            .invalidData, "\(place): SKU \(variant.sku) was imported already from \(earlier)",
                            importedProducts: report.products)
                    }
                    seenSKUs[variant.sku] = place
                    for price in variant.prices where !channels.contains(price.channel) {
                        throw CatalogImportError(
                            .invalidData,
                            "\(place): SKU \(variant.sku) has a price in channel \(price.channel), which does not exist; "
                                + "create the channel first or leave that price out",
                            importedProducts: report.products)
                    }
                }
            }
            do {
                try await upsert(page)
            } catch {
                throw CatalogImportError(
                    .databaseFailed, "the database refused a page: \(error.message)", importedProducts: report.products,
                    detail: error.debugDescription)
            }
            report.pages += 1
            report.products += page.products.count
            report.variants += page.products.reduce(0) { $0 + $1.variants.count }
            logger.info(
                "catalog page imported",
                metadata: ["import.source": "\(source.id)", "import.products": "\(report.products)"])
            cursor = page.nextCursor
        } while cursor != nil
        return report
    }

    private func knownChannels(imported: Int) async throws(CatalogImportError) -> Set<String> {
        do {
            var codes: Set<String> = []
            for row in try await database.rows("SELECT code FROM channels") {
                if let code = try? row.decode(String.self) { codes.insert(code) }
            }
            return codes
        } catch {
            throw CatalogImportError(
                .databaseFailed, "cannot read the channels: \(error.message)", importedProducts: imported,
                detail: error.debugDescription)
        }
    }

    /// Upserts one page in one transaction.
    public func upsert(_ page: CatalogSourcePage) async throws(DatabaseError) {
        let logger = self.logger
        try await database.transaction { connection in
            try await CatalogImportStatements(connection: connection, logger: logger).upsert(page)
        }
    }
}
