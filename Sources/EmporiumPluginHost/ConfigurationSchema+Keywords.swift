import Foundation

extension ConfigurationSchema {
    func checkNumber(_ number: NSNumber, _ schema: [String: Any], _ path: String, _ found: inout [String]) {
        let value = number.doubleValue
        if let minimum = Self.number(schema["minimum"] as Any)?.doubleValue, value < minimum {
            found.append("\(path): must be at least \(Self.render(schema["minimum"] as Any))")
        }
        if let maximum = Self.number(schema["maximum"] as Any)?.doubleValue, value > maximum {
            found.append("\(path): must be at most \(Self.render(schema["maximum"] as Any))")
        }
        if let bound = Self.number(schema["exclusiveMinimum"] as Any)?.doubleValue, value <= bound {
            found.append("\(path): must be greater than \(Self.render(schema["exclusiveMinimum"] as Any))")
        }
        if let bound = Self.number(schema["exclusiveMaximum"] as Any)?.doubleValue, value >= bound {
            found.append("\(path): must be less than \(Self.render(schema["exclusiveMaximum"] as Any))")
        }
        if let step = Self.number(schema["multipleOf"] as Any)?.doubleValue, step > 0,
            (value / step).rounded() != value / step
        {
            found.append("\(path): must be a multiple of \(Self.render(schema["multipleOf"] as Any))")
        }
    }

    func checkString(_ text: String, _ schema: [String: Any], _ path: String, _ found: inout [String]) {
        let length = text.count
        if let minimum = schema["minLength"] as? Int, length < minimum {
            found.append("\(path): must have at least \(minimum) characters")
        }
        if let maximum = schema["maxLength"] as? Int, length > maximum {
            found.append("\(path): must have at most \(maximum) characters")
        }
        if let pattern = schema["pattern"] as? String {
            guard let expression = try? NSRegularExpression(pattern: pattern) else {
                found.append("\(path): the schema's pattern is not a valid regular expression")
                return
            }
            let range = NSRange(text.startIndex..., in: text)
            if expression.firstMatch(in: text, range: range) == nil {
                found.append("\(path): must match the pattern \(pattern)")
            }
        }
    }

    func checkArray(_ list: [Any], _ schema: [String: Any], _ path: String, _ found: inout [String]) {
        if let minimum = schema["minItems"] as? Int, list.count < minimum {
            found.append("\(path): must have at least \(minimum) items")
        }
        if let maximum = schema["maxItems"] as? Int, list.count > maximum {
            found.append("\(path): must have at most \(maximum) items")
        }
        if schema["uniqueItems"] as? Bool == true {
            for index in list.indices where list[..<index].contains(where: { Self.equal($0, list[index]) }) {
                found.append("\(path)[\(index)]: repeats an earlier item")
            }
        }
        if let items = schema["items"] {
            for (index, item) in list.enumerated() {
                validateChild(item, against: items, at: "\(path)[\(index)]", into: &found)
            }
        }
    }

    func checkObject(_ object: [String: Any], _ schema: [String: Any], _ path: String, _ found: inout [String]) {
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for key in (schema["required"] as? [String] ?? []) where object[key] == nil {
            found.append("\(path).\(key): is required")
        }
        for key in object.keys.sorted() {
            let child = object[key]!
            if let property = properties[key] {
                validateChild(child, against: property, at: "\(path).\(key)", into: &found)
            } else if let additional = schema["additionalProperties"] {
                if additional as? Bool == false {
                    let known = properties.keys.sorted().joined(separator: ", ")
                    found.append("\(path).\(key): is not a known setting\(known.isEmpty ? "" : " (known: \(known))")")
                } else {
                    validateChild(child, against: additional, at: "\(path).\(key)", into: &found)
                }
            }
        }
    }

    private func validateChild(_ value: Any, against schema: Any, at path: String, into found: inout [String]) {
        validate(value, against: schema, at: path, into: &found)
    }

    // MARK: JSON values as JSONSerialization returns them

    static func number(_ value: Any) -> NSNumber? {
        guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
        return number
    }

    static func isBoolean(_ number: NSNumber) -> Bool {
        // JSONSerialization boxes JSON booleans, and only them, as `char` numbers.
        String(cString: number.objCType) == "c"
    }

    static func typeName(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case is String: "string"
        case is [Any]: "array"
        case is [String: Any]: "object"
        case let number as NSNumber:
            isBoolean(number) ? "boolean" : (isIntegral(number) ? "integer" : "number")
        default: "an unknown value"
        }
    }

    static func isIntegral(_ number: NSNumber) -> Bool {
        let value = number.doubleValue
        return value.isFinite && value.rounded() == value
    }

    static func matches(_ value: Any, type expected: Any) -> Bool {
        let names = (expected as? [String]) ?? [(expected as? String) ?? ""]
        let actual = typeName(value)
        return names.contains { name in
            name == actual || (name == "number" && actual == "integer")
        }
    }

    static func describe(_ expected: Any) -> String {
        ((expected as? [String]) ?? [(expected as? String) ?? "?"]).joined(separator: " or ")
    }

    static func equal(_ left: Any, _ right: Any) -> Bool {
        switch (left, right) {
        case (is NSNull, is NSNull): true
        case (let left as String, let right as String): left == right
        case (let left as NSNumber, let right as NSNumber): isBoolean(left) == isBoolean(right) && left == right
        case (let left as [Any], let right as [Any]):
            left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (let left as [String: Any], let right as [String: Any]):
            left.count == right.count && left.allSatisfy { key, value in right[key].map { equal(value, $0) } ?? false }
        default: false
        }
    }

    static func render(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed]),
            let text = String(data: data, encoding: .utf8)
        else { return "\(value)" }
        return String(text.dropFirst().dropLast())
    }
}
