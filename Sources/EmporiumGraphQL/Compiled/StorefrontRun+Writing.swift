import EmporiumCore
import GraphQL

extension StorefrontRun {
    func write(_ selection: [ResolvedField]) -> ExecutionOutcome {
        // The body is written around the data in the same buffer; with errors the data alone is
        // passed on, for the endpoint to shape them.
        writer.raw(#"{"data":"#)
        let dataStart = writer.count
        writer.raw(UInt8(ascii: "{"))
        do {
            for (index, field) in selection.enumerated() {
                if index > 0 { writer.raw(UInt8(ascii: ",")) }
                writer.key(field.keyBytes)
                path.append(.field(Unmanaged.passUnretained(field)))
                defer { path.removeLast() }
                try writeRoot(field)
            }
        } catch {
            // A non-null root field failed: no data at all, and only that error (as GraphQLSwift does).
            return .encoded(data: nil, errors: [error.error])
        }
        writer.raw(UInt8(ascii: "}"))
        JSONWriter.noteResponseSize(writer.count + 1)
        return writer.finishBody(dataStart: dataStart, errors: errors)
    }

    private func writeRoot(_ field: ResolvedField) throws(NullPropagation) {
        let isNullable = field.name == "product" || field.name == "category"
        guard let outcome = roots[field.key] else { return writer.null() }
        let value: RootValue
        switch outcome {
        case .success(let resolved): value = resolved
        case .failure(let error):
            let located = locate(error, field)
            if isNullable {
                errors.append(located)
                return writer.null()
            }
            throw NullPropagation(error: located)
        }
        switch value {
        case .products(let connection):
            try writeConnection(connection, field.childFields)
        case .product(let node):
            guard let node else { return writer.null() }
            nullable(field) { run throws(NullPropagation) in
                try run.writeProduct(node.product, node.channel, field.childFields)
            }
        case .categories(let connection):
            try writeCategoryConnection(connection, field.childFields)
        case .category(let category):
            guard let category else { return writer.null() }
            nullable(field) { run throws(NullPropagation) in try run.writeCategory(category, field.childFields) }
        case .channels(let channels):
            try writeList(channels) { run, channel throws(NullPropagation) in
                run.writeChannel(channel, field.childFields)
            }
        case .typename:
            writer.string("Query")
        }
    }

    // MARK: Helpers

    func locate(_ error: any Error, _ field: ResolvedField) -> GraphQLError {
        if let graphQL = error as? GraphQLError { return graphQL }
        return GraphQLError(
            message: String(describing: error), nodes: field.asts, path: path.indexPath, originalError: error)
    }

    /// Writes a nullable value: a failure below turns it into `null` and records the error.
    func nullable(_ field: ResolvedField, _ body: (StorefrontRun) throws(NullPropagation) -> Void) {
        let mark = writer.count
        do {
            try body(self)
        } catch {
            writer.truncate(to: mark)
            writer.null()
            errors.append(error.error)
        }
    }

    func writeList<Element>(
        _ elements: [Element], _ body: (StorefrontRun, Element) throws(NullPropagation) -> Void
    ) throws(NullPropagation) {
        writer.raw(UInt8(ascii: "["))
        // By index, so that each element is borrowed from the array rather than copied out of it.
        for index in elements.indices {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            path.append(.index(index))
            defer { path.removeLast() }
            try body(self, elements[index])
        }
        writer.raw(UInt8(ascii: "]"))
    }

    func writeObject(
        _ fields: FieldList, _ body: (StorefrontRun, ResolvedField) throws(NullPropagation) -> Void
    ) throws(NullPropagation) {
        writer.raw(UInt8(ascii: "{"))
        for index in fields.indices {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            // The plan (held by the caller for the whole run) keeps the field alive.
            let failure = fields[index]._withUnsafeGuaranteedRef { field -> NullPropagation? in
                writer.key(field.keyBytes)
                path.append(.field(fields[index]))
                defer { path.removeLast() }
                do throws(NullPropagation) {
                    try body(self, field)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
        }
        writer.raw(UInt8(ascii: "}"))
    }

    /// The error for a field whose data failed to load.
    func missing(_ field: ResolvedField) -> NullPropagation {
        NullPropagation(
            error: locate(loadFailure ?? APIError(.internalError, "Internal error."), field))
    }

    // MARK: Types

    func writeConnection(_ connection: ProductConnectionNode, _ fields: FieldList) throws(NullPropagation) {
        let page = connection.page
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .edges:
                // Over the indices, so that products are not copied into pairs with their positions.
                try run.writeList(Array(page.products.indices)) { run, item throws(NullPropagation) in
                    try run.writeObject(field.childFields) { run, edgeField throws(NullPropagation) in
                        switch edgeField.kind {
                        case .cursor: run.writer.cursor(page.positions[item])
                        case .node: try run.writeProduct(page.products[item], connection.channel, edgeField.childFields)
                        default: run.writer.string("ProductEdge")
                        }
                    }
                }
            case .nodes:
                try run.writeList(page.products) { run, product throws(NullPropagation) in
                    try run.writeProduct(product, connection.channel, field.childFields)
                }
            case .pageInfo:
                try run.writePageInfo(
                    field.childFields, hasNext: page.hasNextPage, hasPrevious: connection.afterGiven,
                    start: page.positions.first.map(OpaqueIdentifier.cursor),
                    end: page.positions.last.map(OpaqueIdentifier.cursor))
            case .totalCount:
                switch run.counts[CountKey(channel: connection.channel.code, filter: connection.filter)] {
                case .success(let count)?: run.writer.int(count)
                case .failure(let error)?: throw NullPropagation(error: run.locate(error, field))
                case nil: throw run.missing(field)
                }
            default:
                run.writer.string("ProductConnection")
            }
        }
    }

    func writePageInfo(_ fields: FieldList, hasNext: Bool, hasPrevious: Bool, start: String?, end: String?)
        throws(NullPropagation)
    {
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .hasNextPage: run.writer.bool(hasNext)
            case .hasPreviousPage: run.writer.bool(hasPrevious)
            case .startCursor: run.writer.optionalString(start)
            case .endCursor: run.writer.optionalString(end)
            default: run.writer.string("PageInfo")
            }
        }
    }

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

    func writeCategory(_ category: Category, _ fields: FieldList) throws(NullPropagation) {
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .id: run.writer.string(OpaqueIdentifier.nodeID(type: "Category", id: category.id))
            case .slug: run.writer.string(category.slug)
            case .name: run.writer.string(category.name)
            case .path: run.writer.string(category.path)
            case .position: run.writer.int(category.position)
            case .parent:
                guard let parent = category.parentID.flatMap({ run.categoriesByID[$0] }) else {
                    return run.writer.null()
                }
                run.nullable(field) { run throws(NullPropagation) in try run.writeCategory(parent, field.childFields) }
            case .children:
                guard run.categoriesLoaded else { throw run.missing(field) }
                let children = run.categories.filter { $0.parentID == category.id }
                    .sorted { ($0.position, $0.slug) < ($1.position, $1.slug) }
                try run.writeList(children) { run, child throws(NullPropagation) in
                    try run.writeCategory(child, field.childFields)
                }
            case .products:
                switch run.nested[NestedKey(field: ObjectIdentifier(field), category: category.id)] {
                case .success(let connection)?: try run.writeConnection(connection, field.childFields)
                case .failure(let error)?: throw NullPropagation(error: run.locate(error, field))
                case nil: throw run.missing(field)
                }
            default:
                run.writer.string("Category")
            }
        }
    }

    func writeCategoryConnection(_ connection: CategoryConnectionNode, _ fields: FieldList)
        throws(NullPropagation)
    {
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .edges:
                try run.writeList(Array(connection.categories.enumerated())) { run, item throws(NullPropagation) in
                    try run.writeObject(field.childFields) { run, edgeField throws(NullPropagation) in
                        switch edgeField.kind {
                        case .cursor:
                            run.writer.string(StorefrontSchema.categoryCursor(connection.startIndex + item.offset))
                        case .node: try run.writeCategory(item.element, edgeField.childFields)
                        default: run.writer.string("CategoryEdge")
                        }
                    }
                }
            case .nodes:
                try run.writeList(connection.categories) { run, category throws(NullPropagation) in
                    try run.writeCategory(category, field.childFields)
                }
            case .pageInfo:
                let last = connection.startIndex + connection.categories.count - 1
                try run.writePageInfo(
                    field.childFields, hasNext: connection.hasNextPage, hasPrevious: connection.startIndex > 0,
                    start: connection.categories.isEmpty ? nil : StorefrontSchema.categoryCursor(connection.startIndex),
                    end: connection.categories.isEmpty ? nil : StorefrontSchema.categoryCursor(last))
            case .totalCount: run.writer.int(connection.totalCount)
            default: run.writer.string("CategoryConnection")
            }
        }
    }

    func writeChannel(_ channel: Channel, _ fields: FieldList) {
        try? writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .code: run.writer.string(channel.code)
            case .name: run.writer.string(channel.name)
            case .currencyCode: run.writer.string(channel.currency)
            case .storefrontUrl: run.writer.string(channel.storefrontBaseURL)
            default: run.writer.string("Channel")
            }
        }
    }
}
