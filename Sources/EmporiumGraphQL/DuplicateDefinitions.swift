import GraphQL

/// Finds operations or fragments that share a name (or several anonymous operations) before
/// GraphQLSwift's validator sees them: its validation context keys dictionaries by definitions
/// whose `==` is structural while their hash is not, so two identical definitions abort the
/// process ("Duplicate keys of type 'OperationDefinition'"; found by fuzzing). The spec rejects
/// these documents anyway (Operation Name Uniqueness, Lone Anonymous Operation, Fragment Name
/// Uniqueness), so no valid document is refused. Linear in the number of definitions.
enum DuplicateDefinitions {
    /// A validation message for the first duplicate, or nil.
    static func first(in document: Document) -> String? {
        var operationNames: Set<String> = []
        var anonymous = 0
        var operations = 0
        var fragmentNames: Set<String> = []
        for definition in document.definitions {
            switch definition {
            case let operation as OperationDefinition:
                operations += 1
                if let name = operation.name?.value {
                    if !operationNames.insert(name).inserted {
                        return "There can be only one operation named \"\(name.prefix(100))\"."
                    }
                } else {
                    anonymous += 1
                }
            case let fragment as FragmentDefinition:
                if !fragmentNames.insert(fragment.name.value).inserted {
                    return "There can be only one fragment named \"\(fragment.name.value.prefix(100))\"."
                }
            default:
                continue
            }
        }
        if anonymous > 0 && operations > 1 {
            return "This anonymous operation must be the only defined operation."
        }
        return nil
    }
}
