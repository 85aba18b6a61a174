import EmporiumFeeds
import Foundation
import Yams

extension YAMLConfigurationFile {
    /// The keys a `feeds:` entry may have.
    static let feedKeys = [
        "name", "channel", "formats", "categories", "inStockOnly", "linkTemplate", "title", "shipping", "username",
    ]

    /// Reads the `feeds:` list: one mapping per partner, names unique.
    static func feeds(_ body: Node, path: String) throws(ConfigurationError) -> [FeedPartnerConfiguration] {
        guard case .sequence(let list) = body else {
            throw .at(
                source(path, body.mark), key: "feeds", .invalidType,
                "expected a list of partners (- name: …, channel: …), got \(describe(body))")
        }
        var partners: [FeedPartnerConfiguration] = []
        for (index, item) in list.enumerated() {
            let partner = try feedPartner(item, prefix: "feeds[\(index)]", path: path)
            if partners.contains(where: { $0.name == partner.name }) {
                throw .at(
                    source(path, item.mark), key: "feeds[\(index)].name", .invalidValue,
                    "\"\(partner.name)\" is already the name of another partner; each partner is listed once")
            }
            partners.append(partner)
        }
        return partners
    }

    private static func feedPartner(_ item: Node, prefix: String, path: String) throws(ConfigurationError)
        -> FeedPartnerConfiguration
    {
        guard case .mapping(let mapping) = item else {
            throw .at(
                source(path, item.mark), key: prefix, .invalidType,
                "expected a mapping with at least name and channel, got \(describe(item))")
        }
        var values: [String: Node] = [:]
        for (keyNode, valueNode) in mapping {
            let name = keyNode.scalar?.string ?? "<complex key>"
            if name == "password" || name == "token" {
                throw .at(
                    source(path, keyNode.mark), key: "\(prefix).\(name)", .invalidValue,
                    "feed credentials are secrets: put them in the secrets directory (feed-<name>-\(name)) or "
                        + "EMPORIUM_FEED_<NAME>_\(name.uppercased()), not in the YAML file")
            }
            guard feedKeys.contains(name) else {
                let suggestion = KeySuggestion.closest(to: name, among: feedKeys).map { "\(prefix).\($0)" }
                throw .unknownKey("\(prefix).\(name)", at: source(path, keyNode.mark), suggestion: suggestion)
            }
            guard values[name] == nil else {
                throw .at(source(path, keyNode.mark), key: "\(prefix).\(name)", .invalidYAML, "appears more than once")
            }
            if let scalar = valueNode.scalar, isNull(scalar) { continue }
            values[name] = valueNode
        }
        func string(_ key: String, _ what: String) throws(ConfigurationError) -> String? {
            guard let node = values[key] else { return nil }
            guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).\(key)", .invalidType,
                    "expected \(what), got \(describe(node))")
            }
            return scalar.string
        }
        func list(_ key: String, _ what: String) throws(ConfigurationError) -> [String]? {
            guard let node = values[key] else { return nil }
            guard case .sequence(let items) = node else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).\(key)", .invalidType,
                    "expected a list of \(what), got \(describe(node))")
            }
            var result: [String] = []
            for item in items {
                guard let text = item.scalar?.string, !text.isEmpty else {
                    throw .at(source(path, item.mark), key: "\(prefix).\(key)", .invalidType, "expected \(what)")
                }
                result.append(text)
            }
            return result
        }
        guard let name = try string("name", "the partner's name") else {
            throw .at(source(path, item.mark), key: "\(prefix).name", .missingRequired, "required (the partner's name)")
        }
        guard FeedPartnerConfiguration.isValidName(name) else {
            throw .at(
                source(path, values["name"]?.mark), key: "\(prefix).name", .invalidValue,
                "expected lower-case letters, digits and '-' (it is part of the URL), got \"\(name)\"")
        }
        guard let channel = try string("channel", "a channel code") else {
            throw .at(
                source(path, item.mark), key: "\(prefix).channel", .missingRequired,
                "required (the channel whose prices the feed uses)")
        }
        var partner = FeedPartnerConfiguration(name: name, channel: channel)
        if let formats = try list("formats", "format names") {
            partner.formats = []
            for format in formats {
                guard let parsed = FeedFormat(rawValue: format) else {
                    throw .at(
                        source(path, values["formats"]?.mark), key: "\(prefix).formats", .invalidValue,
                        "unknown format \"\(format)\"; expected "
                            + FeedFormat.allCases.map(\.rawValue).joined(separator: ", "))
                }
                partner.formats.append(parsed)
            }
        }
        partner.categories = try list("categories", "category slugs") ?? []
        if let node = values["inStockOnly"] {
            guard node.tag == Tag(.bool), let flag = node.scalar.flatMap(Bool.construct(from:)) else {
                throw .at(
                    source(path, node.mark), key: "\(prefix).inStockOnly", .invalidType,
                    "expected true or false, got \(describe(node))")
            }
            partner.inStockOnly = flag
        }
        partner.linkTemplate = try string("linkTemplate", "a URL template with {storefront}, {slug}, {sku}")
        partner.title = try string("title", "the feed's title") ?? partner.title
        partner.username = try string("username", "the HTTP Basic user name")
        if let node = values["shipping"] {
            partner.shipping = try shipping(node, key: "\(prefix).shipping", path: path)
        }
        return partner
    }

    private static func shipping(_ node: Node, key: String, path: String) throws(ConfigurationError)
        -> FlatShippingConfiguration
    {
        let expected = "a mapping with country, service and amount (minor units)"
        guard case .mapping(let mapping) = node,
            let country = mapping["country"]?.string, country.count == 2, country == country.uppercased(),
            let amountNode = mapping["amount"], amountNode.tag == Tag(.int),
            let amount = amountNode.scalar.flatMap(Int.construct(from:)), amount >= 0
        else {
            throw .at(source(path, node.mark), key: key, .invalidValue, "expected \(expected)")
        }
        return FlatShippingConfiguration(
            country: country, service: mapping["service"]?.string ?? "Standard", amount: Int64(amount))
    }
}
