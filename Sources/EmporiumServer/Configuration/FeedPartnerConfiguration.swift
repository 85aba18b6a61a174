import EmporiumCore
import EmporiumFeeds

/// A partner that fetches product feeds at `/feeds/{name}/{format}.xml`, from the `feeds:` list
/// of `emporium.yaml`.
///
/// Credentials are secrets and never come from the YAML file: the password from the secret file
/// `feed-<name>-password` or `EMPORIUM_FEED_<NAME>_PASSWORD`, the URL token from
/// `feed-<name>-token` or `EMPORIUM_FEED_<NAME>_TOKEN`. A partner needs a token, or a username
/// with a password, or both.
public struct FeedPartnerConfiguration: Sendable, Hashable {
    /// The partner's name in URLs (`google`, `meta-eu`): lower-case letters, digits and `-`.
    public var name: String
    /// The channel whose prices, currency and storefront links the feed uses.
    public var channel: String
    /// The formats this partner may fetch. Default: every format.
    public var formats: [FeedFormat]
    /// Only products under these category slugs (and their subcategories). Default: all.
    public var categories: [String]
    /// Leave out variants that cannot be bought now. Default `false`.
    public var inStockOnly: Bool
    /// Item link template (see ``FeedOptions/linkTemplate``); `nil` for the default.
    public var linkTemplate: String?
    /// The feed's title. Default `Emporium`.
    public var title: String
    /// A flat shipping rate written into Google and Meta items; `nil` for none.
    public var shipping: FlatShippingConfiguration?
    /// HTTP Basic user name; `nil` when the partner uses the URL token only.
    public var username: String?
    /// HTTP Basic password (a secret).
    public var password: String?
    /// The secret URL token, given as `?token=` (a secret).
    public var token: String?

    /// A partner with the defaults and no credentials.
    public init(name: String, channel: String) {
        self.name = name
        self.channel = channel
        self.formats = FeedFormat.allCases
        self.categories = []
        self.inStockOnly = false
        self.linkTemplate = nil
        self.title = "Emporium"
        self.shipping = nil
        self.username = nil
        self.password = nil
        self.token = nil
    }

    /// Whether `name` may name a partner.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (1...63).contains(name.utf8.count), first != UInt8(ascii: "-") else {
            return false
        }
        return name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// The secret file names of the password and the token.
    public var secretFileNames: (password: String, token: String) {
        ("feed-\(name)-password", "feed-\(name)-token")
    }

    /// The environment variables of the password and the token.
    public var environmentVariableNames: (password: String, token: String) {
        let upper = name.uppercased().replacing("-", with: "_")
        return ("EMPORIUM_FEED_\(upper)_PASSWORD", "EMPORIUM_FEED_\(upper)_TOKEN")
    }

    /// The feed options for the library, with media made absolute against `mediaBaseURL`.
    public func options(mediaBaseURL: String) -> FeedOptions {
        var options = FeedOptions(
            channel: channel, categories: categories, inStockOnly: inStockOnly, mediaBaseURL: mediaBaseURL, title: title
        )
        if let linkTemplate { options.linkTemplate = linkTemplate }
        options.shipping = shipping.map {
            FlatShipping(country: $0.country, service: $0.service, amount: $0.amount)
        }
        return options
    }
}

/// A flat shipping rate in the partner's channel currency.
public struct FlatShippingConfiguration: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 country code.
    public var country: String
    /// Service name. Default `Standard`.
    public var service: String
    /// The rate in minor units of the channel's currency.
    public var amount: Int64

    /// Creates a rate.
    public init(country: String, service: String = "Standard", amount: Int64) {
        self.country = country
        self.service = service
        self.amount = amount
    }
}

extension FeedPartnerConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A summary with the password and token redacted.
    public var description: String {
        "FeedPartnerConfiguration(name: \(name), channel: \(channel), formats: \(formats.map(\.rawValue)), "
            + "username: \(username ?? RedactedValue.notSet), password: \(RedactedValue.secret(password)), "
            + "token: \(RedactedValue.secret(token)))"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror with the secrets redacted.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "name": name, "channel": channel, "formats": formats.map(\.rawValue), "categories": categories,
                "inStockOnly": inStockOnly, "username": username as Any,
                "password": RedactedValue.secret(password), "token": RedactedValue.secret(token),
            ], displayStyle: .struct)
    }
}
