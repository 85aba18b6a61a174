import EmporiumCore
import GraphQL

extension StorefrontRun {
    func write(_ selection: [ResolvedField]) -> ExecutionOutcome {
        // The body is written around the data in the same buffer; with errors the data alone is
        // passed on, for the endpoint to shape them.
        let dataStart = writer.beginBody()
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

    /// Writes a list: an array, or the indices of one (so that a connection's edges can read its
    /// products and cursors by position without pairing them up in a new array).
    func writeList<Elements: RandomAccessCollection>(
        _ elements: Elements, _ body: (StorefrontRun, Elements.Element) throws(NullPropagation) -> Void
    ) throws(NullPropagation) where Elements.Index == Int {
        writer.raw(UInt8(ascii: "["))
        // By index, so that each element is borrowed from the array rather than copied out of it.
        for index in elements.indices {
            let position = index - elements.startIndex
            if position > 0 { writer.raw(UInt8(ascii: ",")) }
            path.append(.index(position))
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
        // Details that describe the page are read by the product's position (see `loadConnection`).
        let listed = page.details.flatMap { $0.describes(page.products) ? $0 : nil }
        try writeObject(fields) { run, field throws(NullPropagation) in
            switch field.kind {
            case .edges:
                try run.writeList(page.products.indices) { run, item throws(NullPropagation) in
                    try run.writeObject(field.childFields) { run, edgeField throws(NullPropagation) in
                        switch edgeField.kind {
                        case .cursor: run.writer.cursor(page.positions[item])
                        case .node:
                            try run.writeProduct(
                                page.products[item], connection.channel, edgeField.childFields, listed: listed,
                                row: item)
                        default: run.writer.string("ProductEdge")
                        }
                    }
                }
            case .nodes:
                try run.writeList(page.products.indices) { run, item throws(NullPropagation) in
                    try run.writeProduct(
                        page.products[item], connection.channel, field.childFields, listed: listed, row: item)
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
                try run.writeList(connection.categories.indices) { run, item throws(NullPropagation) in
                    try run.writeObject(field.childFields) { run, edgeField throws(NullPropagation) in
                        switch edgeField.kind {
                        case .cursor:
                            run.writer.string(StorefrontSchema.categoryCursor(connection.startIndex + item))
                        case .node: try run.writeCategory(connection.categories[item], edgeField.childFields)
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
