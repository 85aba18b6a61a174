public import CEmporiumPluginABI

#if canImport(Glibc)
    import Glibc
#endif

/// Builds the C table of a Swift plugin. One plugin type per library.
public enum PluginExport {
    /// The table for `plugin`, built on the first call and kept for the life of the library.
    public static func table<Plugin: EmporiumPlugin>(for plugin: Plugin.Type) -> UnsafePointer<emporium_plugin_v1> {
        if let built = exported { return built }
        registered = Registration(plugin)
        let manifest = Plugin.manifest
        declaredHooks = manifest.hooks
        let hooks = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: manifest.hooks.count)
        for (index, hook) in manifest.hooks.enumerated() { hooks[index] = UnsafePointer(strdup(hook)) }
        let table = UnsafeMutablePointer<emporium_plugin_v1>.allocate(capacity: 1)
        table.initialize(
            to: emporium_plugin_v1(
                abi_version: EMPORIUM_PLUGIN_ABI_VERSION,
                abi_tag: UnsafePointer(strdup(abiTag)),
                id: UnsafePointer(strdup(manifest.id)),
                version: UnsafePointer(strdup(manifest.version)),
                engine_min: UnsafePointer(strdup(manifest.engineMinimum)),
                engine_max: UnsafePointer(strdup(manifest.engineLimit)),
                hooks: UnsafePointer(hooks),
                hook_count: manifest.hooks.count,
                config_schema: UnsafePointer(strdup(manifest.configSchema)),
                init: { config, length, state, error, errorLength in
                    PluginExport.initialize(config, length, state, error, errorLength)
                },
                call: { state, hook, request, length, response, responseLength in
                    PluginExport.call(state, hook, request, length, response, responseLength)
                },
                free: { memory in Glibc.free(memory) },
                shutdown: { state in PluginExport.shutdown(state) }))
        exported = UnsafePointer(table)
        return UnsafePointer(table)
    }

    /// `abi=1;lang=swift;swift=X.Y;target=…`: the host refuses a plugin built with another toolchain.
    static var abiTag: String {
        #if compiler(>=6.4)
            let swift = "6.4"
        #elseif compiler(>=6.3)
            let swift = "6.3"
        #else
            let swift = "6.2"
        #endif
        #if arch(x86_64) && os(Linux)
            let target = "x86_64-unknown-linux-gnu"
        #elseif arch(arm64) && os(Linux)
            let target = "aarch64-unknown-linux-gnu"
        #else
            let target = "unknown"
        #endif
        return "abi=\(EMPORIUM_PLUGIN_ABI_VERSION);lang=swift;swift=\(swift);target=\(target)"
    }

    /// Erases the plugin type so the C thunks (which cannot capture) can reach it.
    struct Registration: Sendable {
        let make: @Sendable ([UInt8]) throws -> any EmporiumPlugin

        init<Plugin: EmporiumPlugin>(_ type: Plugin.Type) {
            make = { try Plugin(configuration: $0) }
        }
    }

    // Written once by `table(for:)`, which the host calls (through the entry point) before any other
    // function of the table; only read afterwards.
    nonisolated(unsafe) static var registered: Registration?
    nonisolated(unsafe) static var exported: UnsafePointer<emporium_plugin_v1>?
    nonisolated(unsafe) static var declaredHooks: [String] = []

    /// The manifest's own `String` for the hook `name` names, so that a call to a declared hook makes
    /// no `String` of its name; a name the plugin did not declare is made into one.
    static func hookName(_ name: UnsafePointer<CChar>) -> String {
        if let table = exported {
            for index in 0..<min(table.pointee.hook_count, declaredHooks.count)
            where table.pointee.hooks[index].map({ strcmp($0, name) == 0 }) == true {
                return declaredHooks[index]
            }
        }
        return String(cString: name)
    }

    /// Boxes a plugin instance behind the opaque state pointer.
    final class Instance {
        let plugin: any EmporiumPlugin
        init(_ plugin: any EmporiumPlugin) { self.plugin = plugin }
    }

    static func bytes(_ pointer: UnsafePointer<CChar>?, _ length: Int) -> [UInt8] {
        guard let pointer, length > 0 else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    static func hand(
        _ bytes: [UInt8], to out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        length: UnsafeMutablePointer<Int>?
    ) {
        let memory = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { memory.update(from: base, count: chars.count) }
            }
        }
        out?.pointee = memory
        length?.pointee = bytes.count
    }

    static func status(of error: any Error) -> (Int32, String) {
        switch error {
        case PluginFailure.invalidInput(let message): (Int32(EMPORIUM_PLUGIN_INVALID_INPUT), message)
        case PluginFailure.unsupportedHook(let message): (Int32(EMPORIUM_PLUGIN_UNSUPPORTED_HOOK), message)
        case PluginFailure.failed(let message): (Int32(EMPORIUM_PLUGIN_FAILED), message)
        default: (Int32(EMPORIUM_PLUGIN_FAILED), String(describing: error))
        }
    }

    static func initialize(
        _ config: UnsafePointer<CChar>?, _ length: Int, _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
        _ errorOut: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ errorLength: UnsafeMutablePointer<Int>?
    ) -> Int32 {
        guard let registered else {
            hand(Array("the plugin was not registered".utf8), to: errorOut, length: errorLength)
            return Int32(EMPORIUM_PLUGIN_FAILED)
        }
        do {
            let plugin = try registered.make(bytes(config, length))
            state?.pointee = Unmanaged.passRetained(Instance(plugin)).toOpaque()
            return Int32(EMPORIUM_PLUGIN_OK)
        } catch {
            let (code, message) = status(of: error)
            hand(Array(message.utf8), to: errorOut, length: errorLength)
            return code
        }
    }

    /// The first size of an answer's buffer: most answers fit, larger ones grow it.
    static let answerCapacity = 1024

    static func call(
        _ state: UnsafeMutableRawPointer?, _ hook: UnsafePointer<CChar>?, _ request: UnsafePointer<CChar>?,
        _ length: Int, _ response: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ responseLength: UnsafeMutablePointer<Int>?
    ) -> Int32 {
        guard let state, let hook else { return Int32(EMPORIUM_PLUGIN_FAILED) }
        // Retained for the call: a call the host gave up on (its deadline passed) may still be running
        // when the host shuts the plugin down, and must not find its instance freed under it.
        let instance = Unmanaged<Instance>.fromOpaque(state).takeUnretainedValue()
        do {
            let body = UnsafeRawBufferPointer(start: request, count: request == nil ? 0 : max(length, 0))
            var answer = PluginJSONWriter(capacity: answerCapacity)
            try instance.plugin.handle(hook: hookName(hook), request: body, answer: &answer)
            // The writer's buffer comes from malloc: it is the answer, released by the table's `free`.
            let (memory, count) = answer.handOver()
            guard let response else {
                free(memory)
                return Int32(EMPORIUM_PLUGIN_OK)
            }
            response.pointee = UnsafeMutableRawPointer(memory).assumingMemoryBound(to: CChar.self)
            responseLength?.pointee = count
            return Int32(EMPORIUM_PLUGIN_OK)
        } catch {
            let (code, message) = status(of: error)
            hand(Array(message.utf8), to: response, length: responseLength)
            return code
        }
    }

    static func shutdown(_ state: UnsafeMutableRawPointer?) {
        guard let state else { return }
        Unmanaged<Instance>.fromOpaque(state).release()
    }
}
