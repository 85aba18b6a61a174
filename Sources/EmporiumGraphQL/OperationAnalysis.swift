import GraphQL

/// Static limits on an operation: field depth and estimated cost, computed on the validated AST.
///
/// Cost: every field costs 1; a list field multiplies the cost of what it selects by its page size
/// (`first`, or the field's default) or, for bounded lists, by a nominal size. Fragments are
/// measured once each (memoised), so fragment fan-out cannot make the analysis itself expensive.
/// Introspection fields (`__schema`, `__type`) are not counted.
public struct OperationAnalysis {
    /// Multipliers of list fields: the page-size argument name and the default size.
    public struct ListField: Sendable, Hashable {
        /// Argument holding the page size, if any.
        public var sizeArgument: String?
        /// Size assumed when the argument is absent.
        public var defaultSize: Int

        /// Creates a list-field rule.
        public init(sizeArgument: String?, defaultSize: Int) {
            self.sizeArgument = sizeArgument
            self.defaultSize = defaultSize
        }
    }

    let fragments: [String: FragmentDefinition]
    let listFields: [String: ListField]
    let variables: [String: Map]
    private var variableDefaults: [String: Int] = [:]
    private var depthMemo: [String: Int] = [:]
    private var costMemo: [String: Int] = [:]

    /// Prepares an analysis of a document.
    public init(document: Document, listFields: [String: ListField], variables: [String: Map] = [:]) {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment
        }
        self.fragments = fragments
        self.listFields = listFields
        self.variables = variables
    }

    /// The deepest field nesting over all operations of the document.
    public static func maxDepth(of document: Document) -> Int {
        var analysis = OperationAnalysis(document: document, listFields: [:])
        var deepest = 0
        for case let operation as OperationDefinition in document.definitions {
            deepest = max(deepest, analysis.depth(of: operation.selectionSet))
        }
        return deepest
    }

    /// The estimated cost of an operation with the request's variables.
    public mutating func cost(of operation: OperationDefinition) -> Int {
        for definition in operation.variableDefinitions {
            if let literal = definition.defaultValue as? IntValue, let value = Int(literal.value) {
                variableDefaults[definition.variable.name.value] = value
            }
        }
        return cost(of: operation.selectionSet)
    }

    mutating func depth(of selectionSet: SelectionSet) -> Int {
        var deepest = 0
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                if field.name.value.hasPrefix("__") && field.name.value != "__typename" { continue }
                deepest = max(deepest, 1 + (field.selectionSet.map { depth(of: $0) } ?? 0))
            case let inline as InlineFragment:
                deepest = max(deepest, depth(of: inline.selectionSet))
            case let spread as FragmentSpread:
                let name = spread.name.value
                if let known = depthMemo[name] {
                    deepest = max(deepest, known)
                } else if let fragment = fragments[name] {
                    depthMemo[name] = 0  // a cycle (rejected by validation anyway) stops here
                    let measured = depth(of: fragment.selectionSet)
                    depthMemo[name] = measured
                    deepest = max(deepest, measured)
                }
            default: continue
            }
        }
        return deepest
    }

    mutating func cost(of selectionSet: SelectionSet) -> Int {
        var total = 0
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                if field.name.value.hasPrefix("__") { continue }
                let inner = field.selectionSet.map { cost(of: $0) } ?? 0
                total = saturatingAdd(total, saturatingAdd(1, saturatingMultiply(multiplier(of: field), inner)))
            case let inline as InlineFragment:
                total = saturatingAdd(total, cost(of: inline.selectionSet))
            case let spread as FragmentSpread:
                let name = spread.name.value
                if let known = costMemo[name] {
                    total = saturatingAdd(total, known)
                } else if let fragment = fragments[name] {
                    costMemo[name] = 0
                    let measured = cost(of: fragment.selectionSet)
                    costMemo[name] = measured
                    total = saturatingAdd(total, measured)
                }
            default: continue
            }
        }
        return total
    }

    private func multiplier(of field: Field) -> Int {
        guard let rule = listFields[field.name.value] else { return 1 }
        guard let argumentName = rule.sizeArgument,
            let argument = field.arguments.first(where: { $0.name.value == argumentName })
        else { return rule.defaultSize }
        switch argument.value {
        case let literal as IntValue: return max(0, Int(literal.value) ?? rule.defaultSize)
        case let variable as Variable:
            let name = variable.name.value
            return max(0, variables[name]?.int ?? variableDefaults[name] ?? rule.defaultSize)
        default: return rule.defaultSize
        }
    }

    private func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    private func saturatingMultiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }
}
