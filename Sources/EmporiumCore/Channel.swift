/// A sales channel: a storefront with its own currency and prices (for example `web-us`, `web-eu`).
public struct Channel: Sendable, Hashable, Codable {
    /// Stable code used in the API and configuration.
    public var code: String
    /// Human-readable name.
    public var name: String
    /// ISO 4217 currency code of every price in this channel.
    public var currency: String
    /// Base URL of the channel's storefront, used to build absolute product links.
    public var storefrontBaseURL: String

    /// Creates a channel.
    public init(code: String, name: String, currency: String, storefrontBaseURL: String) {
        self.code = code
        self.name = name
        self.currency = currency
        self.storefrontBaseURL = storefrontBaseURL
    }
}

extension Channel {
    /// The channel with `code` among `channels` (sorted by code), or the first of them when `code`
    /// is `nil`: how a request that names no channel gets the default one.
    public static func resolve(_ code: String?, in channels: [Channel]) -> Channel? {
        guard let code else { return channels.first }
        return channels.first { $0.code == code }
    }
}
