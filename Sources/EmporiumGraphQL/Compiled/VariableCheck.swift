import GraphQL

/// A strict check that a request's variable values are exactly of their declared types. Anything
/// that would need coercion or produce a coercion error (numbers as IDs, a single value for a
/// list, a missing required value) sends the request to GraphQLSwift's executor, whose messages
/// for those cases are the reference.
struct VariableCheck: Sendable {
    /// Input object fields of the schema: type name → field name → type AST text form.
    let inputObjects: [String: [String: InputTypeShape]]
    /// Enum values by type name.
    let enums: [String: Set<String>]

    indirect enum InputTypeShape: Sendable {
        case named(String)
        case list(InputTypeShape)
        case nonNull(InputTypeShape)
    }

    func accepts(_ operation: OperationDefinition, variables: [String: Map]) -> Bool {
        for definition in operation.variableDefinitions {
            let shape = Self.shape(of: definition.type)
            guard let value = variables[definition.variable.name.value] else {
                if case .nonNull = shape, definition.defaultValue == nil { return false }
                continue
            }
            guard check(value, shape) else { return false }
        }
        return true
    }

    static func shape(of type: any GraphQL.`Type`) -> InputTypeShape {
        switch type {
        case let nonNull as NonNullType: return .nonNull(shape(of: nonNull.type))
        case let list as ListType: return .list(shape(of: list.type))
        case let named as NamedType: return .named(named.name.value)
        default: return .named("")
        }
    }

    private func check(_ value: Map, _ shape: InputTypeShape) -> Bool {
        switch shape {
        case .nonNull(let inner):
            if case .null = value { return false }
            return check(value, inner)
        case .list(let element):
            if case .null = value { return true }
            guard case .array(let items) = value else { return false }
            return items.allSatisfy { check($0, element) }
        case .named(let name):
            if case .null = value { return true }
            switch (name, value) {
            case ("Int", .number(let number)):
                return number.storageType == .int
                    && Int(exactly: number.intValue).map { Int32(exactly: $0) != nil } == true
            case ("String", .string), ("ID", .string), ("Boolean", .bool): return true
            case (_, .string(let text)) where enums[name] != nil: return enums[name]!.contains(text)
            case (_, .dictionary(let fields)) where inputObjects[name] != nil:
                let declared = inputObjects[name]!
                for (key, fieldValue) in fields {
                    guard let fieldShape = declared[key], check(fieldValue, fieldShape) else { return false }
                }
                for (key, fieldShape) in declared {
                    if case .nonNull = fieldShape, fields[key] == nil { return false }
                }
                return true
            default:
                return false
            }
        }
    }
}
