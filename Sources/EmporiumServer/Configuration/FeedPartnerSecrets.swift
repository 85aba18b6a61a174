import Foundation

/// Fills in feed partners' passwords and tokens from the secrets directory and the environment,
/// then checks that every partner can authenticate.
enum FeedPartnerSecrets {
    /// Reads `feed-<name>-password` and `feed-<name>-token` from `directory`.
    static func apply(directory: String, to partners: inout [FeedPartnerConfiguration]) throws(ConfigurationError) {
        for index in partners.indices {
            let names = partners[index].secretFileNames
            if let password = try read(directory, names.password) { partners[index].password = password }
            if let token = try read(directory, names.token) { partners[index].token = token }
        }
    }

    /// Whether `name` is a feed credential variable (`EMPORIUM_FEED_…`), which the loader applies here.
    static func isFeedVariable(_ name: String) -> Bool {
        name.hasPrefix("EMPORIUM_FEED_")
    }

    /// Applies `EMPORIUM_FEED_<NAME>_PASSWORD` and `EMPORIUM_FEED_<NAME>_TOKEN`; any other
    /// `EMPORIUM_FEED_` variable is an error.
    static func apply(environment: [String: String], to partners: inout [FeedPartnerConfiguration])
        throws(ConfigurationError)
    {
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where isFeedVariable(name) {
            guard !value.isEmpty else { continue }
            let source = ConfigurationSource.environmentVariable(name: name)
            guard
                let index = partners.firstIndex(where: {
                    $0.environmentVariableNames.password == name || $0.environmentVariableNames.token == name
                })
            else {
                throw ConfigurationError.at(
                    source, key: nil, .unknownKey,
                    "not a feed credential: expected EMPORIUM_FEED_<NAME>_PASSWORD or EMPORIUM_FEED_<NAME>_TOKEN "
                        + "for a partner listed under feeds:")
            }
            if partners[index].environmentVariableNames.password == name {
                partners[index].password = value
            } else {
                partners[index].token = value
            }
        }
    }

    /// Every partner needs a token, or a username with a password; secrets at least 16 characters.
    static func validate(_ partners: [FeedPartnerConfiguration]) throws(ConfigurationError) {
        for partner in partners {
            let key = "feeds[\(partner.name)]"
            if partner.username != nil, partner.password == nil {
                throw .at(
                    nil, key: key, .missingRequired,
                    "username is set but no password: put it in \(partner.secretFileNames.password) or "
                        + partner.environmentVariableNames.password)
            }
            guard partner.token != nil || partner.password != nil else {
                throw .at(
                    nil, key: key, .missingRequired,
                    "a partner needs credentials: \(partner.secretFileNames.token) (URL token) or a username with "
                        + "\(partner.secretFileNames.password), in the secrets directory or the environment")
            }
            for secret in [partner.password, partner.token].compactMap({ $0 }) where secret.count < 16 {
                throw .at(nil, key: key, .invalidValue, "feed passwords and tokens need at least 16 characters")
            }
        }
    }

    private static func read(_ directory: String, _ name: String) throws(ConfigurationError) -> String? {
        let path = SecretsDirectory.join(directory, name)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw .at(.secretFile(path: path), key: nil, .invalidValue, "the secret file cannot be read as UTF-8 text")
        }
        return SecretsDirectory.trimmingTrailingNewline(text)
    }
}
