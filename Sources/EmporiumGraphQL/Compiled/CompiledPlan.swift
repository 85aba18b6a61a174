import EmporiumCore
import GraphQL
import OrderedCollections

/// A field occurrence of a document, flattened through fragments, as compiled once per document
/// and operation. `@skip`/`@include` conditions of the field and of enclosing fragments are kept
/// for the request-time step, because they may name variables.
final class PlannedField: Sendable {
    let key: String
    let name: String
    let arguments: [(name: String, value: any Value)]
    let conditions: [(include: Bool, value: any Value)]
    let children: [PlannedField]
    let ast: Field

    init(
        key: String, name: String, arguments: [(name: String, value: any Value)],
        conditions: [(include: Bool, value: any Value)], children: [PlannedField], ast: Field
    ) {
        self.key = key
        self.name = name
        self.arguments = arguments
        self.conditions = conditions
        self.children = children
        self.ast = ast
    }
}

/// The compiled form of one operation: its root fields, and whether the plan can be resolved once
/// for every request (no variables in arguments or conditions).
final class CompiledOperation: Sendable {
    let operation: OperationDefinition
    let root: [PlannedField]
    let dependsOnVariables: Bool
    /// The selection resolved once, when it does not depend on variables.
    let staticSelection: [ResolvedField]?
    /// What a storefront listing may leave out for ``staticSelection`` (``StorefrontRun/omissions(in:)``).
    let staticOmissions: ListingOmissions

    init(operation: OperationDefinition, root: [PlannedField], dependsOnVariables: Bool) {
        self.operation = operation
        self.root = root
        self.dependsOnVariables = dependsOnVariables
        staticSelection =
            dependsOnVariables ? nil : try? ResolvedField.resolve(root, variables: [:], operation: operation)
        staticOmissions = staticSelection.map(StorefrontRun.omissions(in:)) ?? []
    }
}

/// Why a document cannot run on the compiled path; it then runs on GraphQLSwift's executor.
struct Unsupported: Error {}

/// Compiles validated documents. The storefront and admin schemas have object types only (no
/// interfaces or unions), so a valid fragment always applies to the type it is spread in and can be
/// flattened at compile time.
enum PlanCompiler {
    static func compile(_ document: Document, operation: OperationDefinition) throws(Unsupported) -> CompiledOperation {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment
        }
        var usesVariables = false
        let root = try flatten(
            operation.selectionSet, fragments: fragments, conditions: [], usesVariables: &usesVariables, depth: 0)
        if root.contains(where: { $0.name == "__schema" || $0.name == "__type" }) { throw Unsupported() }
        return CompiledOperation(operation: operation, root: root, dependsOnVariables: usesVariables)
    }

    private static func flatten(
        _ selectionSet: SelectionSet, fragments: [String: FragmentDefinition],
        conditions: [(include: Bool, value: any Value)], usesVariables: inout Bool, depth: Int
    ) throws(Unsupported) -> [PlannedField] {
        guard depth < 64 else { throw Unsupported() }
        var fields: [PlannedField] = []
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                let own = try directiveConditions(field.directives, usesVariables: &usesVariables)
                let children =
                    try field.selectionSet.map { set throws(Unsupported) in
                        try flatten(
                            set, fragments: fragments, conditions: [], usesVariables: &usesVariables, depth: depth + 1)
                    } ?? []
                var arguments: [(name: String, value: any Value)] = []
                for argument in field.arguments {
                    if containsVariable(argument.value) { usesVariables = true }
                    arguments.append((argument.name.value, argument.value))
                }
                fields.append(
                    PlannedField(
                        key: field.alias?.value ?? field.name.value, name: field.name.value, arguments: arguments,
                        conditions: conditions + own, children: children, ast: field))
            case let inline as InlineFragment:
                let own = try directiveConditions(inline.directives, usesVariables: &usesVariables)
                fields += try flatten(
                    inline.selectionSet, fragments: fragments, conditions: conditions + own,
                    usesVariables: &usesVariables, depth: depth + 1)
            case let spread as FragmentSpread:
                guard let fragment = fragments[spread.name.value] else { throw Unsupported() }
                let own = try directiveConditions(spread.directives, usesVariables: &usesVariables)
                fields += try flatten(
                    fragment.selectionSet, fragments: fragments, conditions: conditions + own,
                    usesVariables: &usesVariables, depth: depth + 1)
            default:
                throw Unsupported()
            }
        }
        return fields
    }

    private static func directiveConditions(
        _ directives: [Directive], usesVariables: inout Bool
    ) throws(Unsupported) -> [(include: Bool, value: any Value)] {
        var conditions: [(include: Bool, value: any Value)] = []
        for directive in directives {
            guard directive.name.value == "include" || directive.name.value == "skip",
                let argument = directive.arguments.first(where: { $0.name.value == "if" })
            else { throw Unsupported() }
            if argument.value is Variable { usesVariables = true }
            conditions.append((directive.name.value == "include", argument.value))
        }
        return conditions
    }

    private static func containsVariable(_ value: any Value) -> Bool {
        switch value {
        case is Variable: return true
        case let list as ListValue: return list.values.contains(where: containsVariable)
        case let object as ObjectValue: return object.fields.contains { containsVariable($0.value) }
        default: return false
        }
    }
}

/// The fields of a selection as unretained references (``ResolvedField/childFields``).
typealias FieldList = UnsafeBufferPointer<Unmanaged<ResolvedField>>

/// A field of one request's selection: conditions applied, same response keys merged (their
/// sub-selections concatenated, as the specification's CollectFields and MergeSelectionSets do),
/// arguments turned into values.
final class ResolvedField: @unchecked Sendable {
    // Built once by `resolve` and never mutated after, so sharing between tasks is safe. For the
    // same reason the dynamic exclusivity checks on the `var`s (set only while resolving) can never
    // catch a conflict; unchecked, reading `children` for every value written costs no access record.
    let key: String
    /// `"key"` escaped, in memory of the field's own (freed with it).
    let keyBytes: UnsafeBufferPointer<UInt8>
    let name: String
    let kind: FieldName
    let arguments: Map
    @exclusivity(unchecked) private(set) var children: [ResolvedField] {
        didSet {
            childFields.deallocate()
            childFields = FieldList(start: nil, count: 0)
            guard !children.isEmpty else { return }
            let list = UnsafeMutableBufferPointer<Unmanaged<ResolvedField>>.allocate(capacity: children.count)
            _ = list.initialize(from: children.lazy.map { Unmanaged.passUnretained($0) })
            childFields = FieldList(list)
        }
    }
    /// ``children`` as references the writer reads without counting them. The selection of an
    /// operation without variables is resolved once and shared by every request of its document,
    /// so the fields' reference counts are shared too, by requests running on other cores; a retain
    /// and a release of each field and its key for every value written were the largest part of
    /// rendering a listing. `children` keeps the fields alive as long as this list.
    @exclusivity(unchecked) private(set) var childFields = FieldList(start: nil, count: 0)
    @exclusivity(unchecked) private(set) var asts: [Field]
    @exclusivity(unchecked) private var pending: [PlannedField]

    init(key: String, name: String, arguments: Map, ast: Field, pending: [PlannedField]) {
        self.key = key
        let escaped = JSONWriter.escaped(key)
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: escaped.count)
        _ = bytes.initialize(from: escaped)
        keyBytes = UnsafeBufferPointer(bytes)
        self.name = name
        kind = FieldName(rawValue: name) ?? .other
        self.arguments = arguments
        children = []
        asts = [ast]
        self.pending = pending
    }

    deinit {
        keyBytes.deallocate()
        childFields.deallocate()
    }

    /// Resolves a list of planned fields for the given variable values.
    static func resolve(_ planned: [PlannedField], variables: [String: Map], operation: OperationDefinition) throws
        -> [ResolvedField]
    {
        var merged: OrderedDictionary<String, ResolvedField> = [:]
        for field in planned {
            guard try included(field, variables: variables, operation: operation) else { continue }
            if let existing = merged[field.key] {
                existing.asts.append(field.ast)
                existing.pending += field.children
            } else {
                var arguments: OrderedDictionary<String, Map> = [:]
                for (name, value) in field.arguments {
                    let resolved = try ValueResolution.map(value, variables: variables, operation: operation)
                    if !resolved.isUndefined { arguments[name] = resolved }
                }
                merged[field.key] = ResolvedField(
                    key: field.key, name: field.name, arguments: .dictionary(arguments), ast: field.ast,
                    pending: field.children)
            }
        }
        let fields = Array(merged.values)
        for field in fields {
            field.children = try resolve(field.pending, variables: variables, operation: operation)
            field.pending = []
        }
        return fields
    }

    private static func included(_ field: PlannedField, variables: [String: Map], operation: OperationDefinition)
        throws -> Bool
    {
        for condition in field.conditions {
            let value = try ValueResolution.map(condition.value, variables: variables, operation: operation)
            guard case .bool(let flag) = value else { throw Unsupported() }
            if flag != condition.include { return false }
        }
        return true
    }
}
