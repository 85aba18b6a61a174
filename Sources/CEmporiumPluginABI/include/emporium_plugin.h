/*
 * Emporium plugin ABI, version 1.
 *
 * A plugin is a shared library that exports one symbol, `emporium_plugin_entry_v1`, returning a
 * pointer to a static `emporium_plugin_v1` table. The engine loads the library with dlopen, checks
 * `abi_version` and the engine range before it binds any hook, then calls `init` once with the
 * merchant's configuration and `call` for each hook invocation.
 *
 * Requests, responses and configuration cross the boundary as UTF-8 JSON documents whose shape is
 * documented per hook in docs/plugins/hooks/. Money is always integer minor units plus an ISO 4217
 * currency code. Memory a plugin hands to the engine (responses, error messages) is released with
 * the plugin's own `free`; the engine never frees plugin memory otherwise and the plugin never frees
 * engine memory. Nothing language-specific crosses the boundary.
 *
 * Rules both sides follow:
 * - `config` and `request` are NOT NUL-terminated: read exactly `*_length` bytes. `hook` is.
 * - `*response` / `*error` may be left NULL (for example with EMPORIUM_PLUGIN_UNSUPPORTED_HOOK or when
 *   out of memory); their lengths never count a trailing NUL.
 * - `shutdown` is not called after a failed `init`: the plugin frees what it allocated itself.
 * - `init` and `shutdown` never run at the same time as `call`; `call` may run on several threads.
 */
#ifndef EMPORIUM_PLUGIN_H
#define EMPORIUM_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes; the first field of every plugin table. */
#define EMPORIUM_PLUGIN_ABI_VERSION 1u

/** Status codes returned by `init` and `call`. */
enum {
    /** Success: `*response` holds a JSON document (for `call`). */
    EMPORIUM_PLUGIN_OK = 0,
    /** The request or configuration is not what the hook's schema allows; `*response` holds a message. */
    EMPORIUM_PLUGIN_INVALID_INPUT = 1,
    /** The plugin failed; `*response` holds a message safe to log. */
    EMPORIUM_PLUGIN_FAILED = 2,
    /** The plugin does not implement this hook. */
    EMPORIUM_PLUGIN_UNSUPPORTED_HOOK = 3,
};

/** The table a plugin exports. Every string is NUL-terminated UTF-8 and lives as long as the library. */
typedef struct emporium_plugin_v1 {
    /** Must be EMPORIUM_PLUGIN_ABI_VERSION. */
    uint32_t abi_version;
    /**
     * "abi=1;lang=c;target=x86_64-unknown-linux-gnu" or
     * "abi=1;lang=swift;swift=6.3.1;target=x86_64-unknown-linux-gnu": Swift plugins must be built with
     * the engine's toolchain (Swift has no stable ABI on Linux), and the host refuses a mismatch.
     */
    const char *abi_tag;
    /** Stable id, kebab-case or reverse-DNS, e.g. "flat-rate-shipping". */
    const char *id;
    /** The plugin's own semantic version, e.g. "1.2.0". */
    const char *version;
    /** Lowest engine version supported (inclusive), e.g. "0.1.0". */
    const char *engine_min;
    /** First engine version no longer supported (exclusive), e.g. "2.0.0". */
    const char *engine_max;
    /** The hooks implemented, e.g. { "fulfilment.rates" }. */
    const char *const *hooks;
    size_t hook_count;
    /** A JSON Schema (draft-07) for the plugin's configuration object. */
    const char *config_schema;

    /**
     * Called once. `config` is the merchant's configuration as JSON. On success store any state in
     * `*state` and return EMPORIUM_PLUGIN_OK; otherwise set `*error`/`*error_length` to a message
     * allocated by the plugin (released with `free`).
     */
    int32_t (*init)(const char *config, size_t config_length, void **state, char **error, size_t *error_length);
    /**
     * Called per hook invocation, possibly from several threads at once. `request` is the hook's
     * request JSON. Set `*response`/`*response_length` to the response JSON (or, on failure, a
     * message), allocated by the plugin and released with `free`.
     */
    int32_t (*call)(
        void *state, const char *hook, const char *request, size_t request_length, char **response,
        size_t *response_length);
    /** Releases memory the plugin returned from `init` or `call`. */
    void (*free)(char *memory);
    /** Called once before the engine stops using the plugin. */
    void (*shutdown)(void *state);
} emporium_plugin_v1;

/** The one exported entry point. */
typedef const emporium_plugin_v1 *(*emporium_plugin_entry_v1_fn)(void);

/** The name a plugin exports its entry point under (define it with C linkage and default visibility). */
#define EMPORIUM_PLUGIN_ENTRY_SYMBOL "emporium_plugin_entry_v1"

#ifdef __cplusplus
}
#endif

#endif /* EMPORIUM_PLUGIN_H */
