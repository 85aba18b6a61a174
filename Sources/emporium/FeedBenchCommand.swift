import ArgumentParser
import EmporiumCore
import EmporiumFeeds
import Foundation

/// `emporium feed bench-writer --items N --out FILE`: the Swift writing stage alone (cleaning,
/// limits, libxml2 writer) on a synthetic catalog built in memory batch by batch, shaped like
/// `Benchmarks/FeedWriterC/feed.c`, for `scripts/bench-feeds`.
struct FeedBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-writer", abstract: "Write a synthetic Google feed of --items variants (benchmark).")

    @Option(help: "Variants to write (4 per product).")
    var items = 100_000

    @Option(help: "The file to write; - for standard output.")
    var out = "-"

    func run() async throws {
        let descriptor = out == "-" ? 1 : open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CommandFailure("Cannot write \(out).") }
        defer { if descriptor != 1 { close(descriptor) } }
        let options = FeedOptions(channel: "web-us", mediaBaseURL: "https://shop.example.com", batchSize: 500)
        let result = try await FeedGenerator(format: .google, options: options).generate(
            from: SyntheticFeedSource(variants: items), to: FileDescriptorSink(descriptor: descriptor))
        FileHandle.standardError.write(Data("items=\(result.report.itemsWritten)\n".utf8))
    }
}

/// Products with four variants each, generated per batch so memory stays flat.
struct SyntheticFeedSource: FeedCatalogSource {
    let variants: Int

    func readFeedCatalog(
        scope: FeedCatalogScope, categorySlugs: [String], batchSize: Int,
        _ body: (FeedCatalogBatch) async throws -> Void
    ) async throws -> FeedCatalogSnapshot {
        let snapshot = FeedCatalogSnapshot(
            version: 1, changedAt: 1_795_000_000,
            channels: [
                Channel(
                    code: "web-us", name: "Web US", currency: "USD", storefrontBaseURL: "https://shop.example.com/us")
            ])
        let description =
            "Everyday linen shirt in a relaxed fit, garment-washed for softness. Breathable, durable and easy "
            + "to care for; machine wash cold, tumble dry low."
        var next = 0
        while next < variants {
            var batch: [FeedProduct] = []
            while batch.count < batchSize, next < variants {
                let productID = Int64(next / 4 + 1)
                let count = min(4, variants - next)
                let slug = "acme-linen-shirt-\(productID - 1)"
                let product = Product(
                    id: productID, slug: slug, name: "Acme Linen Shirt \(productID - 1)", description: description,
                    brand: "Acme", status: .active, categoryID: 1, attributes: [], createdAt: 0, updatedAt: 0)
                let feedVariants = (0..<count).map { index in
                    let id = Int64(next + index)
                    return FeedVariant(
                        variant: ProductVariant(
                            id: id, productID: productID, sku: "DEMO-\(productID - 1)-\(index)",
                            name: "M / Blue \(index)",
                            options: [SelectedOption(name: "Size", value: "M / Blue \(index)")], gtin: "04006381333931",
                            mpn: nil, weightGrams: nil, condition: .new, position: index),
                        prices: [
                            VariantPrice(
                                variantID: id, channel: "web-us",
                                price: Money(minorUnits: Int64(1000 + next % 9000), currency: "USD"),
                                compareAtPrice: nil)
                        ],
                        stock: [StockLevel(variantID: id, location: "main", onHand: 10, reserved: 0)])
                }
                let media = [
                    Media(productID: productID, url: "/media/placeholder/\(slug)-1.svg", alt: "", position: 0),
                    Media(productID: productID, url: "/media/placeholder/\(slug)-2.svg", alt: "", position: 1),
                ]
                batch.append(
                    FeedProduct(
                        product: product, categoryPath: ["Apparel", "Shirts"], categorySlugs: ["apparel", "shirts"],
                        variants: feedVariants, media: media))
                next += count
            }
            try await body(FeedCatalogBatch(snapshot: snapshot, products: batch))
        }
        return snapshot
    }
}
