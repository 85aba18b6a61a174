/// How an in-process plugin's per-call deadline is kept (configuration key `deadline`). A plugin in
/// `process` isolation always has its deadline enforced: the worker process is stopped.
///
/// Neither mode can stop a plugin's code that runs in the engine's own process; they differ in whether
/// the caller waits for it. See `docs/plugins/host.md` ("Deadlines").
public enum PluginDeadlineMode: String, Sendable, Hashable, CaseIterable {
    /// The call runs on the caller's thread and is timed: an answer that comes after the deadline is
    /// discarded and the call fails with `PLUGIN_TIMEOUT`. No thread hop (about 2–4 µs of CPU cheaper
    /// per call than ``enforce``), but a call that blocks holds the caller's thread until it returns,
    /// and one that never returns holds it for good. The default, for plugins that compute and do not wait.
    case measure
    /// The call runs on a worker thread and the caller is released with `PLUGIN_TIMEOUT` at the
    /// deadline, while the plugin's thread runs on. For in-process plugins that may block (network,
    /// files) and are trusted not to crash; untrusted plugins belong in `process` isolation.
    case enforce
}
