import EmporiumFeeds
import Foundation

/// The HTTP rules of feed responses: validators, conditional requests, ranges and encodings.
enum FeedRequest {
    /// The strong entity tag of one representation: `"v42-google"`, `"v42-google-gzip"`.
    static func entityTag(version: Int64, format: FeedFormat, gzip: Bool) -> String {
        "\"v\(version)-\(format.rawValue)\(gzip ? "-gzip" : "")\""
    }

    /// Whether `If-None-Match` names the current version (either encoding) or `*`.
    static func matches(ifNoneMatch header: String, version: Int64, format: FeedFormat) -> Bool {
        let tags = header.split(separator: ",").map {
            var tag = $0.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag
        }
        return tags.contains("*") || tags.contains(entityTag(version: version, format: format, gzip: false))
            || tags.contains(entityTag(version: version, format: format, gzip: true))
    }

    /// Whether `If-Modified-Since` is at or after the last change (second precision).
    static func notModified(ifModifiedSince header: String, changedAt: Int64) -> Bool {
        guard let since = FeedTime.parseHTTPDate(header) else { return false }
        return changedAt <= since
    }

    /// Whether `Accept-Encoding` accepts gzip (a `q=0` refuses it).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for part in header.lowercased().split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.first == "gzip" || fields.first == "x-gzip" else { continue }
            let quality = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }

    /// The outcome of a `Range` header against a representation of `size` bytes.
    enum RangeOutcome: Equatable {
        case whole
        case partial(ClosedRange<Int>)
        case unsatisfiable
    }

    /// One `bytes=` range (`a-b`, `a-`, `-n`); several ranges or other units serve the whole file.
    static func range(_ header: String?, size: Int) -> RangeOutcome {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        let bounds = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard bounds.count == 2 else { return .whole }
        if bounds[0].isEmpty {
            guard let suffix = Int(bounds[1]), suffix > 0 else { return .unsatisfiable }
            guard size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - suffix)...(size - 1))
        }
        guard let start = Int(bounds[0]), start >= 0 else { return .whole }
        guard start < size else { return .unsatisfiable }
        let end = bounds[1].isEmpty ? size - 1 : min(Int(bounds[1]) ?? -1, size - 1)
        guard end >= start else { return bounds[1].isEmpty ? .unsatisfiable : .whole }
        return .partial(start...end)
    }
}
