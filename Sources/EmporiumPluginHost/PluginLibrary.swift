public import CEmporiumPluginABI
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the host is: the engine version and, for Swift plugins, the toolchain and target a plugin
/// must have been built with.
public struct PluginHostEnvironment: Sendable, Hashable {
    /// The engine's version, checked against each plugin's range.
    public var engineVersion: SemanticVersion
    /// The Swift compiler version plugins written in Swift must match (`swift=` in the ABI tag).
    public var swiftVersion: String
    /// The target triple every plugin must match (`target=` in the ABI tag).
    public var target: String

    /// This build of the engine.
    public static let current = PluginHostEnvironment(
        engineVersion: SemanticVersion("0.1.0")!, swiftVersion: hostSwiftVersion, target: hostTarget)

    static var hostSwiftVersion: String {
        #if compiler(>=6.4)
            "6.4"
        #elseif compiler(>=6.3)
            "6.3"
        #else
            "6.2"
        #endif
    }

    static var hostTarget: String {
        #if arch(x86_64) && os(Linux)
            "x86_64-unknown-linux-gnu"
        #elseif arch(arm64) && os(Linux)
            "aarch64-unknown-linux-gnu"
        #elseif arch(arm64) && os(macOS)
            "arm64-apple-macosx"
        #else
            "unknown"
        #endif
    }
}

/// A plugin library that passed every check before any hook is bound: file, checksum, dlopen,
/// entry symbol, ABI version, manifest, toolchain and target, engine range.
public final class PluginLibrary: @unchecked Sendable {
    // The dlopen handle and the plugin's static table are immutable after loading, and the library is
    // loaded with RTLD_NODELETE and never closed (unloading a Swift library crashed later casts), so
    // the table pointer stays valid for the life of the process.
    /// Where it was loaded from.
    public let path: String
    /// What it declares.
    public let manifest: PluginManifest
    let table: UnsafePointer<emporium_plugin_v1>
    /// The manifest's configuration schema, checked at load and applied before `init`.
    public let configurationSchema: ConfigurationSchema

    init(
        path: String, manifest: PluginManifest, table: UnsafePointer<emporium_plugin_v1>,
        configurationSchema: ConfigurationSchema
    ) {
        self.path = path
        self.manifest = manifest
        self.table = table
        self.configurationSchema = configurationSchema
    }

    /// Loads and checks a plugin; throws the first failed check.
    public static func load(
        path: String, sha256: String? = nil, environment: PluginHostEnvironment = .current
    ) throws(PluginError) -> PluginLibrary {
        let name = (path as NSString).lastPathComponent
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw PluginError(.fileNotFound, plugin: name, "\(path) does not exist or cannot be read.")
        }
        if let expected = sha256?.lowercased() {
            let actual = SHA256.hash(data: contents).map { String(format: "%02x", $0) }.joined()
            guard actual == expected else {
                throw PluginError(
                    .checksumMismatch, plugin: name,
                    "the SHA-256 of \(path) is \(actual), not the configured \(expected); rebuild or update the configuration."
                )
            }
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw PluginError(.notALibrary, plugin: name, "dlopen refused \(path): \(reason)")
        }
        guard let symbol = dlsym(handle, EMPORIUM_PLUGIN_ENTRY_SYMBOL) else {
            throw PluginError(
                .entryMissing, plugin: name,
                "\(path) does not export \(EMPORIUM_PLUGIN_ENTRY_SYMBOL); it is not an Emporium plugin.")
        }
        let entry = unsafeBitCast(symbol, to: emporium_plugin_entry_v1_fn.self)
        guard let table = entry() else {
            throw PluginError(.entryMissing, plugin: name, "\(EMPORIUM_PLUGIN_ENTRY_SYMBOL) returned no table.")
        }
        guard table.pointee.abi_version == EMPORIUM_PLUGIN_ABI_VERSION else {
            throw PluginError(
                .abiMismatch, plugin: name,
                "it speaks plugin ABI \(table.pointee.abi_version); this engine speaks ABI \(EMPORIUM_PLUGIN_ABI_VERSION). Rebuild it against this engine's emporium_plugin.h."
            )
        }
        let manifest = try readManifest(table, fileName: name)
        try check(manifest, environment: environment)
        let schema: ConfigurationSchema
        do {
            schema = try ConfigurationSchema(manifest.configSchema)
        } catch {
            throw PluginError(
                .invalidManifest, plugin: manifest.id, "its config_schema cannot be used: \(error.message).")
        }
        return PluginLibrary(path: path, manifest: manifest, table: table, configurationSchema: schema)
    }

    private static func readManifest(_ table: UnsafePointer<emporium_plugin_v1>, fileName: String) throws(PluginError)
        -> PluginManifest
    {
        let fields = table.pointee
        func text(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(PluginError) -> String {
            guard let pointer else {
                throw PluginError(.invalidManifest, plugin: fileName, "the manifest has no \(field).")
            }
            return String(cString: pointer)
        }
        let id = try text(fields.id, "id")
        guard PluginManifest.isValidID(id) else {
            throw PluginError(
                .invalidManifest, plugin: fileName,
                "the id \"\(id.prefix(64))\" is not kebab-case or reverse-DNS (lower-case letters, digits, '-', '.').")
        }
        func version(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(PluginError) -> SemanticVersion {
            let value = try text(pointer, field)
            guard let parsed = SemanticVersion(value) else {
                throw PluginError(
                    .invalidManifest, plugin: id, "\(field) \"\(value.prefix(32))\" is not a version like 1.2.3.")
            }
            return parsed
        }
        let pluginVersion = try version(fields.version, "version")
        let minimum = try version(fields.engine_min, "engine_min")
        let limit = try version(fields.engine_max, "engine_max")
        guard fields.hook_count <= 64, fields.hook_count == 0 || fields.hooks != nil else {
            throw PluginError(.invalidManifest, plugin: id, "hooks and hook_count do not agree.")
        }
        var hooks: [String] = []
        for index in 0..<fields.hook_count {
            hooks.append(try text(fields.hooks![index], "hook \(index)"))
        }
        guard !hooks.isEmpty else { throw PluginError(.invalidManifest, plugin: id, "it implements no hook.") }
        guard fields.`init` != nil, fields.call != nil, fields.free != nil, fields.shutdown != nil else {
            throw PluginError(.invalidManifest, plugin: id, "init, call, free and shutdown must all be set.")
        }
        return PluginManifest(
            id: id, version: pluginVersion, engineMinimum: minimum, engineLimit: limit, hooks: hooks,
            configSchema: try text(fields.config_schema, "config_schema"), abiTag: try text(fields.abi_tag, "abi_tag"))
    }

    private static func check(_ manifest: PluginManifest, environment: PluginHostEnvironment) throws(PluginError) {
        let tag = manifest.abiTagFields
        guard tag["abi"] == String(EMPORIUM_PLUGIN_ABI_VERSION), let language = tag["lang"] else {
            throw PluginError(
                .invalidManifest, plugin: manifest.id, "abi_tag \"\(manifest.abiTag)\" lacks abi=1 or lang=.")
        }
        guard tag["target"] == environment.target else {
            throw PluginError(
                .toolchainMismatch, plugin: manifest.id,
                "it was built for \(tag["target"] ?? "an unknown target"); this engine runs on \(environment.target).")
        }
        if language == "swift" {
            guard tag["swift"] == environment.swiftVersion else {
                throw PluginError(
                    .toolchainMismatch, plugin: manifest.id,
                    "it was built with Swift \(tag["swift"] ?? "?"); Swift has no stable ABI on Linux, so rebuild it with this engine's Swift \(environment.swiftVersion) toolchain."
                )
            }
        } else if language != "c" {
            throw PluginError(.invalidManifest, plugin: manifest.id, "lang=\(language) is neither c nor swift.")
        }
        guard manifest.engineMinimum <= environment.engineVersion, environment.engineVersion < manifest.engineLimit
        else {
            throw PluginError(
                .engineUnsupported, plugin: manifest.id,
                "it supports engine versions \(manifest.engineMinimum) up to (not including) \(manifest.engineLimit); this engine is \(environment.engineVersion)."
            )
        }
    }

    /// Calls the plugin's `init` with its configuration and returns the ready instance, whose calls
    /// keep their deadlines as `deadline` says.
    public func instantiate(
        configJSON: String, deadline: PluginDeadlineMode = .measure
    ) throws(PluginError) -> PluginInstance {
        try checkConfiguration(configJSON)
        var state: UnsafeMutableRawPointer?
        var message: UnsafeMutablePointer<CChar>?
        var length = 0
        let bytes = Array(configJSON.utf8)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                table.pointee.`init`(chars.baseAddress, chars.count, &state, &message, &length)
            }
        }
        let text = takeString(message, length)
        guard status == Int32(EMPORIUM_PLUGIN_OK) else {
            throw PluginError(
                .configRejected, plugin: manifest.id, "its configuration was refused: \(text ?? "no reason given")")
        }
        return PluginInstance(library: self, state: state, deadline: deadline)
    }

    /// Checks settings against the manifest's configuration schema, as loading does before `init`.
    public func checkConfiguration(_ configJSON: String) throws(PluginError) {
        let violations = configurationSchema.violations(of: configJSON)
        guard violations.isEmpty else {
            throw PluginError(
                .configInvalid, plugin: manifest.id,
                "its configuration does not fit the plugin's schema: \(violations.prefix(5).joined(separator: "; "))"
                    + (violations.count > 5 ? " (and \(violations.count - 5) more)" : ""))
        }
    }

    /// Copies and releases (with the plugin's `free`) memory the plugin returned.
    func takeBytes(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> [UInt8]? {
        guard let pointer else { return nil }
        defer { table.pointee.free(pointer) }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: max(length, 0)) {
            Array(UnsafeBufferPointer(start: $0, count: max(length, 0)))
        }
    }

    func takeString(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> String? {
        takeBytes(pointer, length).map { String(decoding: $0, as: UTF8.self) }
    }
}
