import Foundation
import GraphQL
import OrderedCollections

/// A GraphQL-over-HTTP request: `{"query", "variables", "operationName", "extensions"}`.
public struct GraphQLRequest: Sendable {
    /// The document text; `nil` when only a persisted-query hash was sent.
    public var query: String?
    /// Variable values.
    public var variables: [String: Map]
    /// The operation to run when the document has several.
    public var operationName: String?
    /// `extensions.persistedQuery.sha256Hash`, lower-case hex, when sent.
    public var persistedQueryHash: String?

    /// Creates a request.
    public init(
        query: String?, variables: [String: Map] = [:], operationName: String? = nil, persistedQueryHash: String? = nil
    ) {
        self.query = query
        self.variables = variables
        self.operationName = operationName
        self.persistedQueryHash = persistedQueryHash
    }

    /// Decodes a JSON body. Every malformed shape is a `BAD_REQUEST` that says what is wrong.
    public static func decode(json body: some Collection<UInt8>) throws(APIError) -> GraphQLRequest {
        if let common = body.withContiguousStorageIfAvailable({ decodeCommonShape(UnsafeRawBufferPointer($0)) }),
            let common
        {
            return common
        }
        return try decodeWithFoundation(json: body)
    }

    /// The general decoder: any shape, with an error that says what is wrong.
    static func decodeWithFoundation(json body: some Collection<UInt8>) throws(APIError) -> GraphQLRequest {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, "The request body is not valid JSON.")
        }
        guard let fields = object as? [String: Any] else {
            throw APIError(.badRequest, "The request body must be a JSON object with a \"query\" string.")
        }
        return try decode(fields: fields, variablesAreJSONText: false)
    }

    /// Decodes the query parameters of `GET /graphql?query=…&variables=…`.
    public static func decode(queryParameters: [String: String]) throws(APIError) -> GraphQLRequest {
        var fields: [String: Any] = [:]
        for (key, value) in queryParameters { fields[key] = value }
        return try decode(fields: fields, variablesAreJSONText: true)
    }

    private static func decode(fields: [String: Any], variablesAreJSONText: Bool) throws(APIError) -> GraphQLRequest {
        var request = GraphQLRequest(query: nil)
        switch fields["query"] {
        case nil, is NSNull: break
        case let query as String: request.query = query
        default: throw APIError(.badRequest, "\"query\" must be a string.")
        }
        switch fields["operationName"] {
        case nil, is NSNull: break
        case let name as String: request.operationName = name.isEmpty ? nil : name
        default: throw APIError(.badRequest, "\"operationName\" must be a string.")
        }
        var variables = fields["variables"]
        var extensions = fields["extensions"]
        if variablesAreJSONText {
            variables = try (variables as? String).map { text throws(APIError) in try parseJSONText(text, "variables") }
            extensions = try (extensions as? String).map { text throws(APIError) in
                try parseJSONText(text, "extensions")
            }
        }
        switch variables {
        case nil, is NSNull: break
        case let object as [String: Any]:
            for (name, value) in object { request.variables[name] = try map(value) }
        default: throw APIError(.badRequest, "\"variables\" must be a JSON object.")
        }
        switch extensions {
        case nil, is NSNull: break
        case let object as [String: Any]:
            if let persisted = object["persistedQuery"] {
                guard let persisted = persisted as? [String: Any], let hash = persisted["sha256Hash"] as? String,
                    hash.count == 64, hash.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
                else {
                    throw APIError(
                        .badRequest, "\"extensions.persistedQuery.sha256Hash\" must be 64 lower-case hex digits.")
                }
                request.persistedQueryHash = hash
            }
        default: throw APIError(.badRequest, "\"extensions\" must be a JSON object.")
        }
        if request.query == nil && request.persistedQueryHash == nil {
            throw APIError(.badRequest, "The request has no \"query\".")
        }
        return request
    }

    private static func parseJSONText(_ text: String, _ name: String) throws(APIError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, "\"\(name)\" is not valid JSON.")
        }
    }

    private static func map(_ value: Any) throws(APIError) -> Map {
        switch value {
        case is NSNull: return .null
        case let number as NSNumber:
            // JSONSerialization stores JSON booleans as char-typed numbers.
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            let double = number.doubleValue
            if double.rounded() == double, abs(double) < 9.0e15 { return .number(Number(number.intValue)) }
            return .number(Number(double))
        case let string as String: return .string(string)
        case let array as [Any]:
            var result: [Map] = []
            for element in array { result.append(try map(element)) }
            return .array(result)
        case let object as [String: Any]:
            var result: OrderedDictionary<String, Map> = [:]
            for key in object.keys.sorted() { result[key] = try map(object[key]!) }
            return .dictionary(result)
        default:
            throw APIError(.badRequest, "\"variables\" contains a value that is not JSON.")
        }
    }
}
