import Foundation

/// Reads secrets laid out one file per secret, as a Kubernetes Secret volume mounts them.
enum SecretsDirectory {
    /// Entries for the secret files present; a trailing newline (`\n` or `\r\n`) is trimmed. Hidden
    /// entries (Kubernetes' `..data` links) and unrelated files are ignored, but another spelling of a
    /// secret's name (`database_url`, `DATABASE_URL`) is an error, so it does not silently drop a secret.
    static func read(path: String) throws(ConfigurationError) -> [ConfigurationEntry] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .at(.secretFile(path: path), key: nil, .fileNotFound, "no such secrets directory")
        }
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: path)
        } catch {
            throw .at(.secretFile(path: path), key: nil, .fileNotFound, "the secrets directory cannot be read")
        }
        let secretKeys = ConfigurationKey.allCases.filter(\.isSecret)
        let knownNames = secretKeys.flatMap(\.secretFileNames)
        for name in names.sorted() where !name.hasPrefix(".") && !knownNames.contains(name) {
            let spelling = KeySuggestion.normalized(name)
            guard
                let suggestion = secretKeys.first(where: { KeySuggestion.normalized($0.path) == spelling })?
                    .secretFileNames[0]
            else { continue }
            throw .at(
                .secretFile(path: join(path, name)),
                key: nil,
                .unknownKey,
                "not a known secret file; did you mean \(suggestion)?",
                suggestion: suggestion
            )
        }
        var entries: [ConfigurationEntry] = []
        for key in secretKeys {
            var found: (value: String, source: ConfigurationSource)?
            for name in key.secretFileNames where names.contains(name) {
                let filePath = join(path, name)
                let source = ConfigurationSource.secretFile(path: filePath)
                var fileIsDirectory: ObjCBool = false
                guard fileManager.fileExists(atPath: filePath, isDirectory: &fileIsDirectory),
                    !fileIsDirectory.boolValue
                else { continue }
                guard let data = fileManager.contents(atPath: filePath) else {
                    throw .at(source, key: key.path, .fileNotFound, "the secret file cannot be read")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw .at(source, key: key.path, .invalidValue, "expected UTF-8 text")
                }
                let value = trimmingTrailingNewline(text)
                if let earlier = found {
                    guard earlier.value == value else {
                        throw .at(
                            source,
                            key: key.path,
                            .invalidValue,
                            "differs from \(earlier.source); keep only \(key.secretFileNames[0])"
                        )
                    }
                    continue
                }
                found = (value, source)
            }
            if let found {
                entries.append(ConfigurationEntry(key: key, value: .text(found.value), source: found.source))
            }
        }
        return entries
    }

    static func trimmingTrailingNewline(_ text: String) -> String {
        var value = Substring(text)
        while let last = value.last, last == "\n" || last == "\r" || last == "\r\n" { value.removeLast() }
        return String(value)
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
