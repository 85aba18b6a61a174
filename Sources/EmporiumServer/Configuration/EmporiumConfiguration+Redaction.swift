extension EmporiumConfiguration {
    /// A YAML-like dump of the effective configuration, one section per block, for
    /// `emporium config check` and startup logs. Secrets show as `<redacted>` or `<not set>`;
    /// `database.url` keeps its scheme, user, host, port, database and harmless parameters
    /// (`sslmode`, …) with the password redacted. An unset `server.publicBaseURL` shows the derived
    /// value with a comment. Plugins, when there are any, follow in chain order, each plugin's
    /// `config` shown only as its number of keys (plugin settings may hold secrets).
    public func redactedDescription() -> String {
        var lines: [String] = []
        for section in ConfigurationKey.sections {
            lines.append("\(section):")
            for key in ConfigurationKey.allCases where key.section == section {
                lines.append("  \(key.name): \(renderedValue(of: key))")
            }
        }
        if !plugins.isEmpty { lines.append("plugins:") }
        for plugin in plugins { lines += pluginLines(plugin) }
        if !feeds.isEmpty { lines.append("feeds:") }
        for partner in feeds { lines += feedLines(partner) }
        return lines.joined(separator: "\n")
    }

    private func pluginLines(_ plugin: PluginConfiguration) -> [String] {
        func text(_ value: String) -> String { ConfigurationKey.quoted(.text(value), shortened: false) }
        let sha256: String = plugin.sha256.map(text) ?? RedactedValue.notSet
        let channels: String = plugin.channels.map { "[" + $0.map(text).joined(separator: ", ") + "]" } ?? "<all>"
        let keys = plugin.configKeyCount == 1 ? "1 key" : "\(plugin.configKeyCount) keys"
        return [
            "  - id: \(text(plugin.id))",
            "    path: \(text(plugin.path))",
            "    sha256: \(sha256)",
            "    channels: \(channels)",
            "    config: <\(keys)>",
            "    mode: \(plugin.mode.rawValue)",
            "    timeoutMilliseconds: \(plugin.timeoutMilliseconds)",
            "    deadline: \(plugin.mode == .process ? "enforce (process)" : plugin.deadlineMode.rawValue)",
            "    enabled: \(plugin.enabled)",
        ]
    }

    private func feedLines(_ partner: FeedPartnerConfiguration) -> [String] {
        [
            "  - name: \(partner.name)",
            "    channel: \(partner.channel)",
            "    formats: [\(partner.formats.map(\.rawValue).joined(separator: ", "))]",
            "    username: \(partner.username ?? RedactedValue.notSet)",
            "    password: \(RedactedValue.secret(partner.password))",
            "    token: \(RedactedValue.secret(partner.token))",
        ]
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
