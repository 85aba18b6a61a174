/// Why a plugin was refused or a call failed. `description` names the plugin, the check and what
/// to do; it is safe to log and to print in `emporium plugins verify`.
public struct PluginError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The failed check, as a stable code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code as text, e.g. `PLUGIN_TIMEOUT`.
        public let value: String
        private init(_ value: String) { self.value = value }
        /// The file does not exist or cannot be read.
        public static let fileNotFound = Code("PLUGIN_FILE_NOT_FOUND")
        /// The file's SHA-256 is not the one configured.
        public static let checksumMismatch = Code("PLUGIN_CHECKSUM_MISMATCH")
        /// dlopen refused the file.
        public static let notALibrary = Code("PLUGIN_NOT_A_LIBRARY")
        /// The library does not export `emporium_plugin_entry_v1`, or it returned nothing.
        public static let entryMissing = Code("PLUGIN_ENTRY_MISSING")
        /// The table's ABI version is not one this engine speaks.
        public static let abiMismatch = Code("PLUGIN_ABI_MISMATCH")
        /// A Swift plugin built with another toolchain or for another target.
        public static let toolchainMismatch = Code("PLUGIN_TOOLCHAIN_MISMATCH")
        /// The plugin does not support this engine version.
        public static let engineUnsupported = Code("PLUGIN_ENGINE_UNSUPPORTED")
        /// A manifest field is missing or malformed.
        public static let invalidManifest = Code("PLUGIN_INVALID_MANIFEST")
        /// The plugin's `init` refused the configuration.
        public static let configRejected = Code("PLUGIN_CONFIG_REJECTED")
        /// The configuration does not fit the schema in the plugin's manifest (checked before `init`).
        public static let configInvalid = Code("PLUGIN_CONFIG_INVALID")
        /// The plugin does not implement the hook.
        public static let unsupportedHook = Code("PLUGIN_UNSUPPORTED_HOOK")
        /// The plugin rejected the request as invalid.
        public static let invalidRequest = Code("PLUGIN_INVALID_REQUEST")
        /// The plugin reported a failure.
        public static let callFailed = Code("PLUGIN_CALL_FAILED")
        /// The plugin did not answer before the call's deadline.
        public static let timeout = Code("PLUGIN_TIMEOUT")
        /// The plugin answered with something that is not a JSON object.
        public static let malformedResponse = Code("PLUGIN_MALFORMED_RESPONSE")
        public var description: String { value }
    }

    /// The code.
    public var code: Code
    /// The plugin id, or the file path before the id is known.
    public var plugin: String
    /// What failed and what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, plugin: String, _ message: String) {
        self.code = code
        self.plugin = plugin
        self.message = message
    }

    public var description: String { "plugin \(plugin): \(message) [\(code)]" }
}
