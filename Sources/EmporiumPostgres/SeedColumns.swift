import EmporiumCore
import Foundation

/// The rows of a batch of ``SeedProduct``s as parallel column arrays, ready to bind to
/// `unnest(…)`: one statement writes a whole batch. Shared by the seeder (plain inserts) and the
/// importer (upserts). `NULL` is carried as a sentinel the SQL turns back with `NULLIF`: an empty
/// string for gtin and mpn, -1 for weight and compare-at amount.
struct SeedColumns {
    struct Attributes {
        var product: [Int64] = [], key: [String] = [], type: [String] = [], value: [String] = []
        var position: [Int32] = []
    }

    struct MediaRows {
        var product: [Int64] = [], url: [String] = [], alt: [String] = [], position: [Int32] = []
    }

    struct VariantRows {
        var product: [Int64] = [], sku: [String] = [], name: [String] = [], options: [String] = []
        var gtin: [String] = [], mpn: [String] = [], weight: [Int32] = [], condition: [String] = []
        var position: [Int32] = []
    }

    var attributes = Attributes()
    var media = MediaRows()
    var variants = VariantRows()

    /// The attribute, media and variant rows of the products whose slug has an id.
    init(_ products: [SeedProduct], productIDs: [String: Int64]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for product in products {
            guard let id = productIDs[product.slug] else { continue }
            for (position, attribute) in product.attributes.enumerated() {
                attributes.product.append(id)
                attributes.key.append(attribute.key)
                attributes.type.append(attribute.value.typeName)
                attributes.value.append(attribute.value.stringValue)
                attributes.position.append(Int32(position))
            }
            for (position, item) in product.media.enumerated() {
                media.product.append(id)
                media.url.append(item.url)
                media.alt.append(item.alt)
                media.position.append(Int32(position))
            }
            for (position, variant) in product.variants.enumerated() {
                variants.product.append(id)
                variants.sku.append(variant.sku)
                variants.name.append(variant.name)
                variants.options.append(String(decoding: try encoder.encode(variant.options), as: UTF8.self))
                variants.gtin.append(variant.gtin ?? "")
                variants.mpn.append(variant.mpn ?? "")
                variants.weight.append(variant.weightGrams.map { Int32(clamping: $0) } ?? -1)
                variants.condition.append(variant.condition.rawValue)
                variants.position.append(Int32(position))
            }
        }
    }
}

/// The price and stock rows of a batch of variants whose SKU has an id, as parallel column arrays.
struct PriceAndStockColumns {
    var priceVariant: [Int64] = [], priceChannel: [String] = [], amount: [Int64] = [], compareAt: [Int64] = []
    var stockVariant: [Int64] = [], stockLocation: [String] = [], onHand: [Int32] = []

    init(_ variants: [SeedVariant], variantIDs: [String: Int64]) {
        for variant in variants {
            guard let id = variantIDs[variant.sku] else { continue }
            for price in variant.prices {
                priceVariant.append(id)
                priceChannel.append(price.channel)
                amount.append(price.amount)
                compareAt.append(price.compareAtAmount ?? -1)
            }
            for stock in variant.stock {
                stockVariant.append(id)
                stockLocation.append(stock.location)
                onHand.append(Int32(clamping: stock.onHand))
            }
        }
    }
}
