import EmporiumCore
import GraphQL

/// Writing products, their variants, prices and money: the listing's hot path.
extension StorefrontRun {
    func writeProduct(_ product: Product, _ channel: Channel, _ fields: FieldList) throws(NullPropagation) {
        // Looked up once for `variants`, `priceRange` and `available`.
        let variantList = variants[product.id]
        try writeObject(fields) { run, field throws(NullPropagation) in
            let writer = run
            switch field.kind {
            case .id: writer.writer.nodeID(type: "Product", id: product.id)
            case .slug: writer.writer.string(product.slug)
            case .name: writer.writer.string(product.name)
            case .description: writer.writer.string(product.description)
            case .brand: writer.writer.optionalString(product.brand)
            case .createdAt: writer.writer.int(Int(product.createdAt))
            case .updatedAt: writer.writer.int(Int(product.updatedAt))
            case .attributes:
                try run.writeList(product.attributes) { run, attribute throws(NullPropagation) in
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
                guard let id = product.categoryID, let category = run.categoriesByID[id] else {
                    if product.categoryID != nil && !run.categoriesLoaded {
                        run.nullable(field) { run throws(NullPropagation) in throw run.missing(field) }
                    } else {
                        run.writer.null()
                    }
                    return
                }
                run.nullable(field) { run throws(NullPropagation) in try run.writeCategory(category, field.childFields)
                }
            case .media:
                guard let list = run.media[product.id] else { throw run.missing(field) }
                try run.writeList(list) { run, item throws(NullPropagation) in
                    try run.writeObject(field.childFields) { run, mediaField throws(NullPropagation) in
                        switch mediaField.kind {
                        case .url: run.writer.string(item.url)
                        case .alt: run.writer.string(item.alt)
                        case .position: run.writer.int(item.position)
                        default: run.writer.string("Media")
                        }
                    }
                }
            case .variants:
                guard let list = variantList else { throw run.missing(field) }
                let prices = run.channelPrices(channel.code)
                try run.writeList(list) { run, variant throws(NullPropagation) in
                    try run.writeVariant(variant, prices, field.childFields)
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
                let zero = Money(minorUnits: 0, currency: channel.currency)
                let (lowest, highest) = (low ?? zero, high ?? zero)
                try run.writeObject(field.childFields) { run, rangeField throws(NullPropagation) in
                    switch rangeField.kind {
                    case .minVariantPrice: try run.writeMoney(lowest, rangeField.childFields)
                    case .maxVariantPrice: try run.writeMoney(highest, rangeField.childFields)
                    default: run.writer.string("PriceRange")
                    }
                }
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
                run.writer.string("Product")
            }
        }
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

    func writeVariant(_ variant: ProductVariant, _ channelPrices: ChannelPrices, _ fields: FieldList)
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
                    price = channelPrices.lookup(variant.id)
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
                    units = run.stock[variant.id]
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
