public import CEmporiumPluginABI

/// A plugin written in Swift. Conform a type, then export it from the library with one line:
///
/// ```swift
/// @_cdecl("emporium_plugin_entry_v1")
/// public func emporiumPluginEntry() -> UnsafePointer<emporium_plugin_v1> {
///     PluginExport.table(for: QuantityLimits.self)
/// }
/// ```
///
/// The kit builds the ABI table, decodes nothing on your behalf (requests and responses are the
/// hook's JSON documents, as bytes), maps thrown errors to ABI status codes, and frees the memory it
/// hands to the engine. It depends on the C ABI only, never on the engine's own modules.
public protocol EmporiumPlugin: Sendable {
    /// What the plugin declares: id, version, engine range, hooks, configuration schema.
    static var manifest: PluginDescription { get }

    /// Creates the plugin from the merchant's configuration (a JSON object, as bytes).
    /// Throw ``PluginFailure/invalidInput(_:)`` with a precise message when it is wrong.
    init(configuration: [UInt8]) throws

    /// Handles one hook invocation; may be called from several threads at once.
    /// Return the response JSON; throw ``PluginFailure`` to report a failure.
    func handle(hook: String, request: [UInt8]) throws -> [UInt8]

    /// Handles one hook invocation reading the request where the engine wrote it (valid during the
    /// call only). The default copies it and calls the array variant; a plugin on a
    /// hot path implements this instead to read the request in place.
    func handle(hook: String, request: UnsafeRawBufferPointer) throws -> [UInt8]
}

extension EmporiumPlugin {
    /// Copies the request and calls the array variant.
    public func handle(hook: String, request: UnsafeRawBufferPointer) throws -> [UInt8] {
        try handle(hook: hook, request: Array(request))
    }
}

/// The manifest of a Swift plugin.
public struct PluginDescription: Sendable {
    /// Stable id, kebab-case or reverse-DNS.
    public var id: String
    /// The plugin's version, `major.minor.patch`.
    public var version: String
    /// Lowest engine version supported (inclusive).
    public var engineMinimum: String
    /// First engine version no longer supported (exclusive).
    public var engineLimit: String
    /// Hooks implemented.
    public var hooks: [String]
    /// JSON Schema (draft-07) of the configuration.
    public var configSchema: String

    /// Creates a description.
    public init(
        id: String, version: String, engineMinimum: String, engineLimit: String, hooks: [String], configSchema: String
    ) {
        self.id = id
        self.version = version
        self.engineMinimum = engineMinimum
        self.engineLimit = engineLimit
        self.hooks = hooks
        self.configSchema = configSchema
    }
}

/// Errors a plugin throws, mapped to the ABI's status codes.
public enum PluginFailure: Error, Sendable {
    /// The request or configuration does not fit the schema (EMPORIUM_PLUGIN_INVALID_INPUT).
    case invalidInput(String)
    /// The plugin failed (EMPORIUM_PLUGIN_FAILED).
    case failed(String)
    /// The hook is not implemented (EMPORIUM_PLUGIN_UNSUPPORTED_HOOK).
    case unsupportedHook(String)
}
