import EmporiumCore

/// Why a catalog import stopped. Pages before the failing one stay imported (each page is one
/// transaction); nothing of the failing page is. ``description`` is safe to print for the merchant:
/// it says where in the source the problem is.
public struct CatalogImportError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }
        /// The source's data is wrong: a bad row, a duplicate SKU, an unknown channel.
        public static let invalidData = Code("IMPORT_INVALID_DATA")
        /// The source failed, timed out, or answered with output the engine refused.
        public static let sourceFailed = Code("IMPORT_SOURCE_FAILED")
        /// The database refused or failed a page.
        public static let databaseFailed = Code("IMPORT_DATABASE_FAILED")
        public var description: String { value }
    }

    /// The code.
    public var code: Code
    /// What went wrong and where.
    public var message: String
    /// Products imported before the failure (from earlier pages).
    public var importedProducts: Int
    /// Details for logs.
    public var detail: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, importedProducts: Int, detail: String? = nil) {
        self.code = code
        self.message = message
        self.importedProducts = importedProducts
        self.detail = detail
    }

    public var description: String {
        "\(message) [\(code)]; \(importedProducts) products from earlier pages were imported, none of the failing page"
    }

    public var debugDescription: String { description + (detail.map { " (\($0))" } ?? "") }
}
