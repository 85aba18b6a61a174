import GraphQL
import OrderedCollections

/// Turns argument literals and variables into the `Map` values resolvers read.
enum ValueResolution {
    static func map(_ value: any Value, variables: [String: Map], operation: OperationDefinition) throws -> Map {
        switch value {
        case let variable as Variable:
            let name = variable.name.value
            if let provided = variables[name] { return provided }
            if let definition = operation.variableDefinitions.first(where: { $0.variable.name.value == name }),
                let defaultValue = definition.defaultValue
            {
                return try map(defaultValue, variables: [:], operation: operation)
            }
            return .undefined
        case let int as IntValue:
            guard let number = Int(int.value) else { throw Unsupported() }
            return .number(Number(number))
        case let string as StringValue: return .string(string.value)
        case let boolean as BooleanValue: return .bool(boolean.value)
        case is NullValue: return .null
        case let enumValue as EnumValue: return .string(enumValue.value)
        case let list as ListValue:
            return .array(try list.values.map { try map($0, variables: variables, operation: operation) })
        case let object as ObjectValue:
            var fields: OrderedDictionary<String, Map> = [:]
            for field in object.fields {
                let resolved = try map(field.value, variables: variables, operation: operation)
                if !resolved.isUndefined { fields[field.name.value] = resolved }
            }
            return .dictionary(fields)
        default:
            throw Unsupported()
        }
    }
}
