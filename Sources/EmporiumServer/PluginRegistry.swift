import EmporiumPluginHost
import Logging

/// The plugins listed in the configuration, loaded and initialised, in chain order.
///
/// The engine builds one at start-up; the first plugin that cannot be started stops start-up with
/// a ``PluginLoadError``. Disabled entries are skipped. Call ``shutdown()`` once the engine stops.
///
/// ```swift
/// let registry = try PluginRegistry(configuration.plugins, logger: logger)
/// for plugin in registry.plugins(for: "cart.validate", channel: "web-eu") {
///     let response = try await plugin.instance.call(hook: "cart.validate", request: body, timeout: plugin.timeout)
/// }
/// ```
public final class PluginRegistry: Sendable {
    /// A started plugin and its entry.
    public struct LoadedPlugin: Sendable {
        /// The entry's index in `plugins:`.
        public let index: Int
        /// The entry.
        public let configuration: PluginConfiguration
        /// The initialised plugin.
        public let instance: any PluginCalling
        /// Its `pricing.adjust` adapter when it implements the hook, made once: an adapter keeps the
        /// plugin's recent answer strings, which a new adapter per cart would lose.
        let pricingRule: PluginPricingRule?

        init(index: Int, configuration: PluginConfiguration, instance: any PluginCalling) {
            self.index = index
            self.configuration = configuration
            self.instance = instance
            pricingRule =
                instance.manifest.hooks.contains(PluginPricingRule.hook)
                ? PluginPricingRule(plugin: instance, timeout: configuration.timeout) : nil
        }

        /// The deadline of each call.
        public var timeout: Duration { configuration.timeout }
    }

    /// The enabled plugins, in chain order.
    public let loaded: [LoadedPlugin]

    /// Loads and initialises every enabled entry, in order; on the first failure, shuts down those
    /// already started and throws.
    /// With `metrics`, every call is counted and timed by plugin and hook, and failures by code.
    public init(
        _ configurations: [PluginConfiguration], environment: PluginHostEnvironment = .current,
        workerExecutable: String? = nil, metrics: EngineMetrics? = nil, logger: Logger
    ) throws(PluginLoadError) {
        var loaded: [LoadedPlugin] = []
        for (index, configuration) in configurations.enumerated() where configuration.enabled {
            do {
                let started = try Self.start(
                    configuration, index: index, environment: environment, workerExecutable: workerExecutable)
                let instance: any PluginCalling =
                    metrics.map { MeteredPlugin(started, metrics: $0, logger: logger) } ?? started
                loaded.append(LoadedPlugin(index: index, configuration: configuration, instance: instance))
                logger.info(
                    "plugin loaded",
                    metadata: [
                        "plugin.id": "\(configuration.id)", "plugin.version": "\(instance.manifest.version)",
                        "plugin.mode": "\(configuration.mode.rawValue)",
                        "plugin.deadline":
                            "\(configuration.mode == .process ? "enforce" : configuration.deadlineMode.rawValue)",
                        "plugin.hooks": "\(instance.manifest.hooks.joined(separator: ","))",
                    ])
            } catch {
                for plugin in loaded.reversed() { plugin.instance.shutdown() }
                logger.error("plugin refused", metadata: ["plugin.id": "\(configuration.id)", "error": "\(error)"])
                throw error
            }
        }
        self.loaded = loaded
    }

    /// Loads one entry with every check the engine makes and calls its `init` (what
    /// `emporium plugins list` does for each entry, enabled or not).
    public static func start(
        _ configuration: PluginConfiguration, index: Int, environment: PluginHostEnvironment = .current,
        workerExecutable: String? = nil
    ) throws(PluginLoadError) -> any PluginCalling {
        switch configuration.mode {
        case .inProcess:
            return try startInProcess(configuration, index: index, environment: environment)
        case .process:
            guard let executable = workerExecutable ?? PluginWorkerExecutable.current else {
                throw PluginLoadError(
                    .modeUnavailable, index: index, id: configuration.id, source: configuration.source,
                    "mode \"process\" needs the engine's executable to start workers, and it cannot be found here "
                        + "[\(PluginLoadError.Code.modeUnavailable)]")
            }
            let instance: ProcessPluginInstance
            do {
                instance = try ProcessPluginInstance(
                    path: configuration.path, sha256: configuration.sha256, configJSON: configuration.configJSON,
                    workerExecutable: executable, environment: environment)
            } catch {
                throw PluginLoadError(refusal: error, index: index, plugin: configuration)
            }
            try checkID(instance.manifest, configuration, index: index, onMismatch: instance.shutdown)
            return instance
        }
    }

    private static func startInProcess(
        _ configuration: PluginConfiguration, index: Int, environment: PluginHostEnvironment
    ) throws(PluginLoadError) -> PluginInstance {
        let library: PluginLibrary
        do {
            library = try PluginLibrary.load(
                path: configuration.path, sha256: configuration.sha256, environment: environment)
        } catch {
            throw PluginLoadError(refusal: error, index: index, plugin: configuration)
        }
        try checkID(library.manifest, configuration, index: index, onMismatch: {})
        do {
            return try library.instantiate(configJSON: configuration.configJSON, deadline: configuration.deadlineMode)
        } catch {
            throw PluginLoadError(refusal: error, index: index, plugin: configuration)
        }
    }

    private static func checkID(
        _ manifest: PluginManifest, _ configuration: PluginConfiguration, index: Int, onMismatch: () -> Void
    ) throws(PluginLoadError) {
        guard manifest.id == configuration.id else {
            onMismatch()
            throw PluginLoadError(
                .idMismatch, index: index, id: configuration.id, source: configuration.source,
                "\(configuration.path) is the plugin \"\(manifest.id)\", not \"\(configuration.id)\"; "
                    + "set plugins[\(index)].id to \(manifest.id), or point plugins[\(index)].path at the "
                    + "library of \(configuration.id) [\(PluginLoadError.Code.idMismatch)]")
        }
    }

    /// The started plugins, in chain order.
    public var instances: [any PluginCalling] { loaded.map(\.instance) }

    /// The plugins that implement `hook` and run for `channel`, in chain order. A plugin limited to
    /// some channels is left out when `channel` is nil (work that belongs to no channel).
    public func plugins(for hook: String, channel: String?) -> [LoadedPlugin] {
        loaded.filter {
            $0.instance.manifest.hooks.contains(hook) && $0.configuration.runs(forChannel: channel)
        }
    }

    /// The instances of ``plugins(for:channel:)``.
    public func instances(for hook: String, channel: String?) -> [any PluginCalling] {
        plugins(for: hook, channel: channel).map(\.instance)
    }

    /// Calls each plugin's `shutdown`, last first; calling it again does nothing.
    public func shutdown() {
        for plugin in loaded.reversed() { plugin.instance.shutdown() }
    }
}
