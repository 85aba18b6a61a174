import CLibXML2

/// The rules a feed must follow that XSD cannot express: unique ids, price formats, a date for
/// preorders, an identifier (GTIN, MPN or `identifier_exists` `no`), and a sale price below the
/// price. Runs over a generated document; used by the tests and by `emporium feed export --check`.
public enum FeedRules {
    /// The rule violations in `document` of `format` (`item 3 (SKU-1): …`); empty when it follows every rule.
    public static func violations(in document: [UInt8], format: FeedFormat) throws(FeedError) -> [String] {
        let parsed = try FeedDocument(bytes: document)
        guard let root = xmlDocGetRootElement(parsed.document) else { return ["the document has no root element"] }
        var violations: [String] = []
        var ids: Set<String> = []
        let itemName = format == .googleAtom ? "entry" : format == .emporium ? "variant" : "item"
        var index = 0
        walk(root) { node in
            guard name(of: node) == itemName else { return }
            index += 1
            if format == .emporium {
                let sku = attribute(node, "sku") ?? ""
                if !ids.insert(sku).inserted { violations.append("variant \(index): SKU \(sku) is not unique") }
                return
            }
            var fields: [String: [String]] = [:]
            for child in children(of: node) { fields[name(of: child), default: []].append(content(of: child)) }
            let id = fields["g:id"]?.first ?? ""
            let label = "item \(index) (\(id))"
            if id.isEmpty { violations.append("\(label): no g:id") }
            if !ids.insert(id).inserted { violations.append("\(label): g:id is not unique") }
            let price = fields["g:price"]?.first.flatMap(parsePrice)
            if price == nil { violations.append("\(label): g:price is not like 15.00 USD") }
            if let text = fields["g:sale_price"]?.first {
                if let sale = parsePrice(text), let price {
                    if sale.currency != price.currency || sale.amount >= price.amount {
                        violations.append("\(label): g:sale_price is not below g:price")
                    }
                } else {
                    violations.append("\(label): g:sale_price is not like 15.00 USD")
                }
            }
            let availability = fields["g:availability"]?.first ?? ""
            if availability == "preorder", fields["g:availability_date"] == nil {
                violations.append("\(label): preorder without g:availability_date")
            }
            if fields["g:gtin"] == nil, fields["g:mpn"] == nil, fields["g:identifier_exists"]?.first != "no" {
                violations.append("\(label): needs g:gtin, g:mpn or g:identifier_exists no")
            }
        }
        return violations
    }

    /// `15.00 USD` as (minor units as written, currency), or `nil` when malformed.
    static func parsePrice(_ text: String) -> (amount: Int64, currency: String)? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 3, parts[1].allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            return nil
        }
        let number = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(number.count), number.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isWholeNumber) }),
            let whole = Int64(number[0])
        else { return nil }
        let fraction = number.count == 2 ? Int64(number[1]) ?? 0 : 0
        let scale: Int64 = number.count == 2 ? Int64(pow10(number[1].count)) : 1
        return (whole * scale + fraction, String(parts[1]))
    }

    private static func pow10(_ digits: Int) -> Int {
        (0..<digits).reduce(1) { result, _ in result * 10 }
    }

    private static func walk(_ node: xmlNodePtr, _ visit: (xmlNodePtr) -> Void) {
        visit(node)
        for child in children(of: node) { walk(child, visit) }
    }

    private static func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    /// The qualified name as written with the conventional prefixes (`g:id`).
    private static func name(of node: xmlNodePtr) -> String {
        let local = String(cString: node.pointee.name)
        if let namespace = node.pointee.ns, let href = namespace.pointee.href,
            String(cString: href) == googleNamespace
        {
            return "g:" + local
        }
        return local
    }

    private static func content(of node: xmlNodePtr) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        guard xmlNodeBufGetContent(buffer, node) == 0, let text = xmlBufferContent(buffer) else { return "" }
        return String(cString: text)
    }

    private static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let attribute = xmlHasProp(node, name) else { return nil }
        return attribute.withMemoryRebound(to: xmlNode.self, capacity: 1) { content(of: $0) }
    }
}
