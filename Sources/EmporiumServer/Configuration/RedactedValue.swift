import Foundation

/// Renders secrets for display without revealing them.
enum RedactedValue {
    static let redacted = "<redacted>"
    static let notSet = "<not set>"

    /// Query parameters whose values are shown; every other value is redacted.
    static let shownQueryParameters: Set<String> = [
        "sslmode", "application_name", "connect_timeout", "target_session_attrs", "options",
    ]

    static func secret(_ value: String?) -> String {
        value == nil ? notSet : redacted
    }

    /// `postgres://user:<redacted>@host:5432/db?sslmode=require`: scheme, user, host, port, database and
    /// harmless query parameters; the password and any other parameter value redacted.
    static func databaseURL(_ value: String?) -> String {
        guard let value else { return notSet }
        guard let components = URLComponents(string: value), let scheme = components.scheme else {
            return redacted
        }
        var shown = "\(scheme)://"
        if let user = components.percentEncodedUser {
            shown += user
            if components.percentEncodedPassword != nil { shown += ":\(redacted)" }
            shown += "@"
        } else if components.percentEncodedPassword != nil {
            shown += ":\(redacted)@"
        }
        shown += components.percentEncodedHost ?? ""
        if let port = components.port { shown += ":\(port)" }
        shown += components.percentEncodedPath
        if let items = components.queryItems, !items.isEmpty {
            let rendered = items.map { item in
                guard item.value != nil else { return item.name }
                let value = shownQueryParameters.contains(item.name.lowercased()) ? item.value ?? "" : redacted
                return "\(item.name)=\(value)"
            }
            shown += "?" + rendered.joined(separator: "&")
        }
        return shown
    }
}
