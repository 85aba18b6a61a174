/// What a plugin declares about itself in its exported table.
public struct PluginManifest: Sendable, Hashable {
    /// Stable id (kebab-case or reverse-DNS).
    public var id: String
    /// The plugin's version.
    public var version: SemanticVersion
    /// Lowest supported engine version (inclusive).
    public var engineMinimum: SemanticVersion
    /// First unsupported engine version (exclusive).
    public var engineLimit: SemanticVersion
    /// Hooks it implements.
    public var hooks: [String]
    /// JSON Schema of its configuration.
    public var configSchema: String
    /// `abi=1;lang=…;…;target=…`.
    public var abiTag: String

    /// The `key=value` pairs of the ABI tag.
    public var abiTagFields: [String: String] {
        var fields: [String: String] = [:]
        for part in abiTag.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        return fields
    }

    /// Whether `id` is kebab-case (`flat-rate-shipping`) or reverse-DNS (`com.example.tax`).
    static func isValidID(_ id: String) -> Bool {
        guard (1...128).contains(id.utf8.count), let first = id.utf8.first, (97...122).contains(first) else {
            return false
        }
        return id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 46 }
    }
}

/// A `major.minor.patch` version.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Components.
    public var major: Int, minor: Int, patch: Int

    /// Parses `1.2.3` (a pre-release or build suffix after `-` or `+` is ignored).
    public init?(_ text: String) {
        let core = text.split(whereSeparator: { $0 == "-" || $0 == "+" }).first.map(String.init) ?? ""
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let major = Int(parts[0]), let minor = Int(parts[1]), let patch = Int(parts[2]),
            major >= 0, minor >= 0, patch >= 0
        else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }
}
