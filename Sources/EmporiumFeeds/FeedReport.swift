/// Every change a feed made to the catalog's data to stay within a partner's rules, counted by
/// kind and field, plus the items written. Nothing is changed silently: the server logs the
/// report and exports it as the metric `emporium_feed_adjustments_total`.
public struct FeedReport: Sendable, Hashable {
    /// What happened to a value or an item.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        /// A value longer than the partner's limit was cut on a character boundary.
        case truncated
        /// An item was left out; the field names the reason (`id`, `price`, `image_link`, …).
        case itemOmitted = "item_omitted"
        /// A value was dropped (an extra image over the limit, an over-long optional value).
        case valueDropped = "value_dropped"
        /// Characters not allowed in XML 1.0 were removed (counted per character).
        case charactersRemoved = "characters_removed"
        /// Invalid UTF-8 sequences were removed (counted per sequence).
        case invalidUTF8 = "invalid_utf8"
        /// HTML markup was removed from a plain-text field.
        case htmlRemoved = "html_removed"
        /// An item did not pass the partner's filters (not an error; counted for completeness).
        case filtered

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A kind and the field it concerns.
    public struct Case: Sendable, Hashable, Comparable {
        /// The kind.
        public var kind: Kind
        /// The field, in the partner's vocabulary (`title`, `g:description`, …).
        public var field: String

        public static func < (lhs: Case, rhs: Case) -> Bool {
            (lhs.kind, lhs.field) < (rhs.kind, rhs.field)
        }
    }

    /// Items (variants, or products in the catalog format) written.
    public var itemsWritten = 0
    /// Counts per case.
    public private(set) var counts: [Case: Int] = [:]

    /// An empty report.
    public init() {}

    /// Adds `amount` to the count of `kind` for `field`.
    public mutating func count(_ kind: Kind, field: String, by amount: Int = 1) {
        guard amount > 0 else { return }
        counts[Case(kind: kind, field: field), default: 0] += amount
    }

    /// Adds every count of `other` (not its items).
    mutating func add(_ other: FeedReport) {
        guard !other.counts.isEmpty else { return }
        for (key, amount) in other.counts { counts[key, default: 0] += amount }
    }

    /// The count of `kind` for `field`.
    public func count(of kind: Kind, field: String) -> Int {
        counts[Case(kind: kind, field: field)] ?? 0
    }

    /// The total of `kind` over every field.
    public func total(of kind: Kind) -> Int {
        counts.reduce(0) { $0 + ($1.key.kind == kind ? $1.value : 0) }
    }

    /// Adjustments in a stable order (kind, then field).
    public var entries: [(case: Case, count: Int)] {
        counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// A one-line summary for logs: `items=120 truncated.g:title=2 item_omitted.g:id=1`.
    public var summary: String {
        (["items=\(itemsWritten)"] + entries.map { "\($0.case.kind.rawValue).\($0.case.field)=\($0.count)" })
            .joined(separator: " ")
    }
}
