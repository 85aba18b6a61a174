extension EmporiumConfiguration {
    /// A YAML-like dump of the effective configuration, one section per block, for
    /// `emporium config check` and startup logs. Secrets show as `<redacted>` or `<not set>`;
    /// `database.url` keeps its scheme, user, host, port, database and harmless parameters
    /// (`sslmode`, …) with the password redacted. An unset `server.publicBaseURL` shows the derived
    /// value with a comment.
    public func redactedDescription() -> String {
        var lines: [String] = []
        for section in ConfigurationKey.sections {
            lines.append("\(section):")
            for key in ConfigurationKey.allCases where key.section == section {
                lines.append("  \(key.name): \(renderedValue(of: key))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func renderedValue(of key: ConfigurationKey) -> String {
        switch key {
        case .databaseURL:
            let shown = RedactedValue.databaseURL(database.url)
            return database.url == nil ? shown : ConfigurationKey.quoted(.text(shown), shortened: false)
        case .adminBootstrapToken:
            return RedactedValue.secret(admin.bootstrapToken)
        case .serverPublicBaseURL where server.publicBaseURL == nil:
            return ConfigurationKey.quoted(.text(server.effectivePublicBaseURL), shortened: false)
                + "  # derived from host and port"
        default:
            switch key.value(in: self) {
            case .integer(let number)?: return String(number)
            case .boolean(let flag)?: return String(flag)
            case .text(let text)?: return ConfigurationKey.quoted(.text(text), shortened: false)
            case nil: return RedactedValue.notSet
            }
        }
    }
}
