import EmporiumCore
import GraphQL

/// One admin request on the compiled path. Mutation fields run one after another, in document
/// order, as the specification requires.
final class AdminRun {
    let context: AdminContext
    var writer = JSONWriter(capacity: 1_024)
    var errors: [GraphQLError] = []

    init(context: AdminContext) {
        self.context = context
    }

    func execute(_ selection: [ResolvedField], serially: Bool) async -> ExecutionOutcome {
        var results: [String: Result<Value, any Error>] = [:]
        for field in selection {
            do {
                switch field.kind {
                case .catalogVersion:
                    results[field.key] = .success(.text(String(try await context.store.catalogVersion())))
                case .channels: results[field.key] = .success(.channels(try await context.store.channels()))
                case .stockSet:
                    results[field.key] = .success(
                        .payload(try await AdminSchema.stockSet(field.arguments, context: context)))
                case .variantPriceSet:
                    results[field.key] = .success(
                        .payload(try await AdminSchema.variantPriceSet(field.arguments, context: context)))
                default: results[field.key] = .success(.text(serially ? "Mutation" : "Query"))
                }
            } catch {
                results[field.key] = .failure(error)
            }
        }
        let dataStart = writer.beginBody()
        writer.raw(UInt8(ascii: "{"))
        for (index, field) in selection.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.key(field.keyBytes)
            switch results[field.key] {
            case .success(let value)?: write(value, field.children)
            case .failure(let error)?:
                // Every admin root field is non-null: no data, only this error.
                return .encoded(
                    data: nil,
                    errors: [
                        error as? GraphQLError
                            ?? GraphQLError(
                                message: String(describing: error), nodes: field.asts, path: IndexPath([field.key]),
                                originalError: error)
                    ])
            case nil: writer.null()
            }
        }
        writer.raw(UInt8(ascii: "}"))
        return writer.finishBody(dataStart: dataStart, errors: errors)
    }

    enum Value {
        case text(String)
        case channels([Channel])
        case payload(AdminSchema.VariantPayload)
    }

    private func write(_ value: Value, _ fields: [ResolvedField]) {
        switch value {
        case .text(let text): writer.string(text)
        case .channels(let channels):
            list(channels) { run, channel in
                run.object(fields) { run, field in
                    switch field.kind {
                    case .code: run.writer.string(channel.code)
                    case .name: run.writer.string(channel.name)
                    case .currencyCode: run.writer.string(channel.currency)
                    default: run.writer.string("Channel")
                    }
                }
            }
        case .payload(let payload):
            object(fields) { run, field in
                switch field.kind {
                case .variant:
                    guard let variant = payload.variant else { return run.writer.null() }
                    run.object(field.children) { run, variantField in
                        switch variantField.kind {
                        case .id: run.writer.string(OpaqueIdentifier.nodeID(type: "ProductVariant", id: variant.id))
                        case .sku: run.writer.string(variant.sku)
                        case .name: run.writer.string(variant.name)
                        default: run.writer.string("ProductVariant")
                        }
                    }
                case .userErrors:
                    run.list(payload.userErrors) { run, userError in
                        run.object(field.children) { run, errorField in
                            switch errorField.kind {
                            case .code: run.writer.string(userError.code)
                            case .field:
                                guard let path = userError.field else { return run.writer.null() }
                                run.list(path) { run, part in run.writer.string(part) }
                            case .message: run.writer.string(userError.message)
                            default: run.writer.string("UserError")
                            }
                        }
                    }
                default: run.writer.string("VariantPayload")
                }
            }
        }
    }

    private func object(_ fields: [ResolvedField], _ body: (AdminRun, ResolvedField) -> Void) {
        writer.raw(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.key(field.keyBytes)
            body(self, field)
        }
        writer.raw(UInt8(ascii: "}"))
    }

    private func list<Element>(_ elements: [Element], _ body: (AdminRun, Element) -> Void) {
        writer.raw(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            body(self, element)
        }
        writer.raw(UInt8(ascii: "]"))
    }
}
