extension EmporiumConfiguration {
    /// Checks that the configuration can run the server or migrations: `database.url` is set, and
    /// every value (including ones set in code after loading) is within its allowed range and form.
    public func validateForServing() throws(ConfigurationError) {
        try validate()
        guard database.url != nil else {
            let key = ConfigurationKey.databaseURL
            throw .at(
                nil,
                key: key.path,
                .missingRequired,
                "required to serve and migrate; set \(key.environmentVariableName), put it in the secret file "
                    + "\(key.secretFileNames[0]) of the secrets directory, or pass --database-url"
            )
        }
    }

    /// Checks every value set against its key's range and form, with the same messages as loading.
    public func validate() throws(ConfigurationError) {
        for key in ConfigurationKey.allCases {
            guard let value = key.value(in: self) else { continue }
            let raw: RawConfigurationValue
            switch value {
            case .integer(let number): raw = .yamlScalar(String(number), integer: number, boolean: nil)
            case .boolean(let flag): raw = .yamlScalar(String(flag), integer: nil, boolean: flag)
            case .text(let text): raw = .text(text)
            }
            _ = try key.parse(raw, from: .defaults)
        }
        try validatePlugins()
    }

    /// The checks loading makes of plugin entries, for entries built in code.
    func validatePlugins() throws(ConfigurationError) {
        var indexByID: [String: Int] = [:]
        for (index, plugin) in plugins.enumerated() {
            let prefix = "plugins[\(index)]"
            guard PluginConfiguration.isValidID(plugin.id) else {
                throw .at(
                    plugin.source, key: "\(prefix).id", .invalidValue,
                    "expected a kebab-case or reverse-DNS id (lower-case letters, digits, '-', '.')")
            }
            if let earlier = indexByID.updateValue(index, forKey: plugin.id) {
                throw .at(
                    plugin.source, key: "\(prefix).id", .invalidValue,
                    "\"\(plugin.id)\" is already the id of plugins[\(earlier)]; each plugin is listed once")
            }
            guard !plugin.path.isEmpty else {
                throw .at(plugin.source, key: "\(prefix).path", .missingRequired, "required")
            }
            if let digest = plugin.sha256, !PluginConfiguration.isSHA256(digest) {
                throw .at(plugin.source, key: "\(prefix).sha256", .invalidValue, "expected 64 hexadecimal digits")
            }
            let range = PluginConfiguration.timeoutRange
            guard range.contains(plugin.timeoutMilliseconds) else {
                throw .at(
                    plugin.source, key: "\(prefix).timeoutMilliseconds", .outOfRange,
                    "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(plugin.timeoutMilliseconds)"
                )
            }
            if let deadline = plugin.deadline, plugin.mode == .process {
                throw .at(
                    plugin.source, key: "\(prefix).deadline", .invalidValue,
                    PluginConfiguration.deadlineWithProcessMode(deadline))
            }
        }
    }
}
