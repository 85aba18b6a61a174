import EmporiumCore
import GraphQL

/// Writing products, their variants, prices and money: the listing's hot path.
extension StorefrontRun {
    /// Writes a product. `listed`: its page's details, the product at `row` of them; without,
    /// its variants, media, prices and stock are looked up by id in what loading brought.
    func writeProduct(
        _ product: Product, _ channel: Channel, _ fields: FieldList, listed: ListingDetails? = nil, row: Int = 0
    ) throws(NullPropagation) {
        if let listed {
            return try writeListedProduct(product, channel, fields, listed, row)
        }
        // Looked up once for `variants`, `priceRange` and `available`.
        let variantList = variants[product.id]
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .media:
                guard let list = run.media[product.id] else { throw run.missing(field) }
                try run.writeMedia(list, field.childFields)
            case .variants:
                guard let list = variantList else { throw run.missing(field) }
                let prices = run.channelPrices(channel.code)
                try run.writeList(list) { run, variant throws(NullPropagation) in
                    try run.writeVariant(variant, .loaded(prices), field.childFields)
                }
            case .priceRange:
                guard let list = variantList else { throw run.missing(field) }
                let prices = run.channelPrices(channel.code)
                guard prices.prices != nil || list.isEmpty else { throw run.missing(field) }
                var low: Money?
                var high: Money?
                for variant in list {
                    let price: Money
                    switch prices.lookup(variant.id) {
                    case .notLoaded: throw run.missing(field)
                    case .unpriced: continue
                    case .priced(let loaded): price = loaded.price
                    }
                    if low.map({ price.minorUnits < $0.minorUnits }) ?? true { low = price }
                    if high.map({ price.minorUnits > $0.minorUnits }) ?? true { high = price }
                }
                try run.writePriceRange(low, high, channel, field.childFields)
            case .available:
                guard let list = variantList else { throw run.missing(field) }
                var available = false
                for variant in list {
                    guard let units = run.stock[variant.id] else { throw run.missing(field) }
                    if units > 0 {
                        available = true
                        break
                    }
                }
                run.writer.bool(available)
            default:
                try run.writeProductField(product, field)
            }
        }
    }

    /// Writes a product of a page from the page's details, by position: no lookups by id.
    private func writeListedProduct(
        _ product: Product, _ channel: Channel, _ fields: FieldList, _ listed: ListingDetails, _ row: Int
    ) throws(NullPropagation) {
        let variantRange = listed.variantRange(ofProductAt: row)
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .media:
                try run.writeMedia(listed.mediaList[listed.mediaRange(ofProductAt: row)], field.childFields)
            case .variants:
                try run.writeList(variantRange) { run, index throws(NullPropagation) in
                    try run.writeVariant(
                        listed.variantList[index],
                        .listed(price: listed.variantPrices[index], units: listed.variantUnits[index]),
                        field.childFields)
                }
            case .priceRange:
                var low: Money?
                var high: Money?
                for index in variantRange {
                    guard let price = listed.variantPrices[index]?.price else { continue }
                    if low.map({ price.minorUnits < $0.minorUnits }) ?? true { low = price }
                    if high.map({ price.minorUnits > $0.minorUnits }) ?? true { high = price }
                }
                try run.writePriceRange(low, high, channel, field.childFields)
            case .available:
                run.writer.bool(variantRange.contains { listed.variantUnits[$0] > 0 })
            default:
                try run.writeProductField(product, field)
            }
        }
    }

    /// A product's fields that come from the product alone (or its category), and `__typename`.
    private func writeProductField(_ product: Product, _ field: ResolvedField) throws(NullPropagation) {
        switch field.kind {
        case .id: writer.nodeID(type: "Product", id: product.id)
        case .slug: writer.string(product.slug)
        case .name: writer.string(product.name)
        case .description: writer.string(product.description)
        case .brand: writer.optionalString(product.brand)
        case .createdAt: writer.int(Int(product.createdAt))
        case .updatedAt: writer.int(Int(product.updatedAt))
        case .attributes:
            try writeList(product.attributes) { run, attribute throws(NullPropagation) in
                try run.writeObject(field.childFields) { run, attributeField throws(NullPropagation) in
                    switch attributeField.kind {
                    case .key: run.writer.string(attribute.key)
                    case .type: run.writer.string(attribute.value.typeName)
                    case .value: run.writer.string(attribute.value.stringValue)
                    default: run.writer.string("ProductAttribute")
                    }
                }
            }
        case .category:
            guard let id = product.categoryID, let category = categoriesByID[id] else {
                if product.categoryID != nil && !categoriesLoaded {
                    nullable(field) { run throws(NullPropagation) in throw run.missing(field) }
                } else {
                    writer.null()
                }
                return
            }
            nullable(field) { run throws(NullPropagation) in try run.writeCategory(category, field.childFields) }
        default:
            writer.string("Product")
        }
    }

    /// A product's media.
    func writeMedia<List: RandomAccessCollection<Media>>(_ list: List, _ fields: FieldList) throws(NullPropagation)
    where List.Index == Int {
        try writeList(list) { run, item throws(NullPropagation) in
            try run.writeObject(fields) { run, mediaField throws(NullPropagation) in
                switch mediaField.kind {
                case .url: run.writer.string(item.url)
                case .alt: run.writer.string(item.alt)
                case .position: run.writer.int(item.position)
                default: run.writer.string("Media")
                }
            }
        }
    }

    /// A `PriceRange` of the lowest and highest price (zero in the channel's currency without any).
    func writePriceRange(_ low: Money?, _ high: Money?, _ channel: Channel, _ fields: FieldList)
        throws(NullPropagation)
    {
        let zero = Money(minorUnits: 0, currency: channel.currency)
        let (lowest, highest) = (low ?? zero, high ?? zero)
        try writeObject(fields) { run, rangeField throws(NullPropagation) in
            switch rangeField.kind {
            case .minVariantPrice: try run.writeMoney(lowest, rangeField.childFields)
            case .maxVariantPrice: try run.writeMoney(highest, rangeField.childFields)
            default: run.writer.string("PriceRange")
            }
        }
    }

    /// Where a variant's price and units come from.
    enum VariantFacts {
        /// Looked up by id in what loading brought, in these prices of the channel.
        case loaded(ChannelPrices)
        /// Read with the variant from its page's details.
        case listed(price: VariantPrice?, units: Int)
    }

    /// The loaded prices of a channel. Writing runs after loading, so they no longer change: the
    /// last channel's are kept, rather than hashing its code twice for every product written.
    func channelPrices(_ code: String) -> ChannelPrices {
        if let last = lastChannelPrices, last.code == code { return last.prices }
        let prices = ChannelPrices(run: self, channel: code)
        lastChannelPrices = (code, prices)
        return prices
    }

    /// A channel's loaded prices, looked up once per list of variants instead of once per value.
    struct ChannelPrices {
        let prices: [Int64: VariantPrice]?
        let looked: Set<Int64>?

        init(run: StorefrontRun, channel: String) {
            prices = run.prices[channel]
            looked = run.pricesLoaded[channel]
        }

        /// The variant's price, with one lookup for a priced variant.
        func lookup(_ id: Int64) -> PriceLookup {
            if let price = prices?[id] { return .priced(price) }
            return looked?.contains(id) == true ? .unpriced : .notLoaded
        }
    }

    /// What a channel's loaded prices say about a variant. (An enum of its own: nested optionals of
    /// `VariantPrice` were copied through the runtime's generic value witnesses.)
    enum PriceLookup {
        /// Its price was not loaded: the field failed to load.
        case notLoaded
        /// It was looked up and has no price: a real null.
        case unpriced
        /// Its price in the channel.
        case priced(VariantPrice)
    }

    func writeVariant(_ variant: ProductVariant, _ facts: VariantFacts, _ fields: FieldList)
        throws(NullPropagation)
    {
        // Each looked up once for all the variant's fields (price and compare-at price, available
        // and quantity), and only when a field asks.
        var priceLooked = false
        var price = PriceLookup.notLoaded
        var unitsLooked = false
        var units: Int?
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .id: run.writer.nodeID(type: "ProductVariant", id: variant.id)
            case .sku: run.writer.string(variant.sku)
            case .name: run.writer.string(variant.name)
            case .options:
                try run.writeList(variant.options) { run, option throws(NullPropagation) in
                    try run.writeObject(field.childFields) { run, optionField throws(NullPropagation) in
                        switch optionField.kind {
                        case .name: run.writer.string(option.name)
                        case .value: run.writer.string(option.value)
                        default: run.writer.string("SelectedOption")
                        }
                    }
                }
            case .gtin: run.writer.optionalString(variant.gtin)
            case .mpn: run.writer.optionalString(variant.mpn)
            case .weightGrams:
                if let grams = variant.weightGrams { run.writer.int(grams) } else { run.writer.null() }
            case .condition: run.writer.string(variant.condition.rawValue.uppercased())
            case .price, .compareAtPrice:
                if !priceLooked {
                    switch facts {
                    case .loaded(let channelPrices): price = channelPrices.lookup(variant.id)
                    case .listed(let listedPrice, _): price = listedPrice.map(PriceLookup.priced) ?? .unpriced
                    }
                    priceLooked = true
                }
                let money: Money?
                switch price {
                case .notLoaded:
                    run.nullable(field) { run throws(NullPropagation) in throw run.missing(field) }
                    return
                case .unpriced: money = nil
                case .priced(let loaded): money = field.kind == .price ? loaded.price : loaded.compareAtPrice
                }
                guard let money else { return run.writer.null() }
                run.nullable(field) { run throws(NullPropagation) in try run.writeMoney(money, field.childFields) }
            case .available, .quantityAvailable:
                if !unitsLooked {
                    switch facts {
                    case .loaded: units = run.stock[variant.id]
                    case .listed(_, let listedUnits): units = listedUnits
                    }
                    unitsLooked = true
                }
                guard let units else {
                    if field.kind == .available { throw run.missing(field) }
                    run.nullable(field) { run throws(NullPropagation) in throw run.missing(field) }
                    return
                }
                if field.kind == .available { run.writer.bool(units > 0) } else { run.writer.int(units) }
            default:
                run.writer.string("ProductVariant")
            }
        }
    }

    func writeMoney(_ money: Money, _ fields: FieldList) throws(NullPropagation) {
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .amount: run.writer.decimal(money)
            case .currencyCode: run.writer.string(money.currency)
            case .minorUnits: run.writer.int(Int(clamping: money.minorUnits))
            default: run.writer.string("Money")
            }
        }
    }
}
