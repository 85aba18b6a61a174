import Foundation

/// What `emporium dev` created, as printed and as written to `<data-dir>/dev-credentials.json`.
struct DevCredentials: Codable, Sendable {
    struct FeedPartner: Codable, Sendable {
        var name: String
        var token: String
    }

    var engineUrl: String
    var storefrontUrl: String
    var databaseUrl: String
    var adminToken: String
    var feedPartner: FeedPartner

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        let temporary = path + ".tmp"
        FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    func summary(path: String) -> String {
        """

        Emporium dev is running.
          Storefront API   \(engineUrl)/graphql
          Admin API        \(engineUrl)/admin/graphql   (Authorization: Bearer \(adminToken))
          Health           \(engineUrl)/healthz  \(engineUrl)/readyz  \(engineUrl)/metrics
          Storefront       \(storefrontUrl)   (served by the storefront process)
          Database         \(databaseUrl)
          Feed partner     \(feedPartner.name) (token \(feedPartner.token))
          Feeds            \(engineUrl)/feeds/\(feedPartner.name)/google.xml?token=\(feedPartner.token)
                           (also google-atom.xml, meta.xml, emporium.xml)
          Credentials      \(path)
        Try: curl -s \(engineUrl)/graphql -H 'content-type: application/json' \\
               -d '{"query":"{ products(first: 3) { edges { node { name priceRange { minVariantPrice { amount currencyCode } } } } } }"}'
        Stop with Ctrl-C.

        """
    }
}

/// Dev-only secrets kept in `<data-dir>/secrets`, generated on first run (files are 0600).
struct DevSecrets {
    let adminToken: String
    let feedToken: String

    init(directory: String) throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        adminToken = try Self.secret(named: "admin-bootstrap-token", in: directory)
        feedToken = try Self.secret(named: "feed-demo-token", in: directory)
    }

    static func secret(named name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        if let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            let trimmed = existing.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count >= 24 { return trimmed }
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        FileManager.default.createFile(atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        return token
    }
}
