import EmporiumCore

/// A small catalog held in memory (the first demo products), so the fuzzer can execute prepared
/// operations thousands of times a second. Only the fuzzer uses it; the engine and its tests run on
/// PostgreSQL.
struct InMemoryCatalog: CatalogStore {
    let channelList: [Channel]
    let categoryList: [Category]
    let productList: [Product]
    let variantsByProduct: [Int64: [ProductVariant]]
    let mediaByProduct: [Int64: [Media]]
    let priceList: [String: [Int64: VariantPrice]]
    let stockByVariant: [Int64: Int]

    init(products count: Int) {
        let seed = DemoCatalog.make(productCount: count)
        channelList = seed.channels.sorted { $0.code < $1.code }
        var categoryIDs: [String: Int64] = [:]
        var paths: [String: String] = [:]
        var categories: [Category] = []
        for (index, category) in seed.categories.enumerated() {
            let id = Int64(index + 1)
            categoryIDs[category.slug] = id
            let path = category.parentSlug.flatMap { paths[$0].map { "\($0)/\(category.slug)" } } ?? category.slug
            paths[category.slug] = path
            categories.append(
                Category(
                    id: id, parentID: category.parentSlug.flatMap { categoryIDs[$0] }, slug: category.slug,
                    name: category.name, path: path, position: category.position))
        }
        categoryList = categories.sorted { $0.path < $1.path }
        var products: [Product] = []
        var variants: [Int64: [ProductVariant]] = [:]
        var media: [Int64: [Media]] = [:]
        var prices: [String: [Int64: VariantPrice]] = [:]
        var stock: [Int64: Int] = [:]
        var variantID: Int64 = 0
        let currencies = Dictionary(uniqueKeysWithValues: seed.channels.map { ($0.code, $0.currency) })
        for (index, seeded) in seed.products.enumerated() {
            let id = Int64(index + 1)
            products.append(
                Product(
                    id: id, slug: seeded.slug, name: seeded.name, description: seeded.description, brand: seeded.brand,
                    status: .active, categoryID: categoryIDs[seeded.categorySlug], attributes: seeded.attributes,
                    createdAt: seeded.createdAt, updatedAt: seeded.createdAt))
            media[id] = seeded.media.enumerated().map {
                Media(productID: id, url: $0.element.url, alt: $0.element.alt, position: $0.offset)
            }
            for (position, variant) in seeded.variants.enumerated() {
                variantID += 1
                variants[id, default: []].append(
                    ProductVariant(
                        id: variantID, productID: id, sku: variant.sku, name: variant.name, options: variant.options,
                        gtin: variant.gtin, mpn: variant.mpn, weightGrams: variant.weightGrams,
                        condition: variant.condition, position: position))
                for price in variant.prices {
                    let currency = currencies[price.channel] ?? "USD"
                    prices[price.channel, default: [:]][variantID] = VariantPrice(
                        variantID: variantID, channel: price.channel,
                        price: Money(minorUnits: price.amount, currency: currency),
                        compareAtPrice: price.compareAtAmount.map { Money(minorUnits: $0, currency: currency) })
                }
                stock[variantID] = variant.stock.reduce(0) { $0 + $1.onHand }
            }
        }
        productList = products
        variantsByProduct = variants
        mediaByProduct = media
        priceList = prices
        stockByVariant = stock
    }

    func channels() async throws -> [Channel] { channelList }

    func products(_ request: ProductListingRequest) async throws -> ProductPage {
        let matching = filtered(channel: request.channel, filter: request.filter).sorted {
            $0.name == $1.name ? $0.id < $1.id : $0.name < $1.name
        }
        let start = request.after.flatMap { after in matching.firstIndex { $0.id == after.id }.map { $0 + 1 } } ?? 0
        let page = Array(matching.dropFirst(start).prefix(request.first))
        return ProductPage(
            products: page, positions: page.map { ListingPosition(sort: request.sort, key: $0.name, id: $0.id) },
            hasNextPage: start + page.count < matching.count)
    }

    func countProducts(channel: String, filter: ProductFilter) async throws -> Int {
        filtered(channel: channel, filter: filter).count
    }

    private func filtered(channel: String, filter: ProductFilter) -> [Product] {
        productList.filter { product in
            guard variantsByProduct[product.id]?.contains(where: { priceList[channel]?[$0.id] != nil }) == true else {
                return false
            }
            if let search = filter.search?.lowercased(), !search.isEmpty,
                !product.name.lowercased().contains(search)
            {
                return false
            }
            return true
        }
    }

    func product(slug: String) async throws -> Product? { productList.first { $0.slug == slug } }
    func product(id: Int64) async throws -> Product? { productList.first { $0.id == id } }

    func variants(productIDs: [Int64]) async throws -> [Int64: [ProductVariant]] {
        variantsByProduct.filter { productIDs.contains($0.key) }
    }

    func media(productIDs: [Int64]) async throws -> [Int64: [Media]] {
        mediaByProduct.filter { productIDs.contains($0.key) }
    }

    func prices(variantIDs: [Int64], channel: String) async throws -> [Int64: VariantPrice] {
        (priceList[channel] ?? [:]).filter { variantIDs.contains($0.key) }
    }

    func availableStock(variantIDs: [Int64]) async throws -> [Int64: Int] {
        stockByVariant.filter { variantIDs.contains($0.key) }
    }

    func categories() async throws -> [Category] { categoryList }
    func catalogVersion() async throws -> Int64 { 1 }
}
