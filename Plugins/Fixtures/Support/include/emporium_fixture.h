/*
 * Shared parts of the test-fixture plugins: each fixture supplies only its `call` (and, for the
 * refusal fixtures, the table fields it gets wrong). Never configure a fixture in a deployment.
 */
#ifndef EMPORIUM_FIXTURE_H
#define EMPORIUM_FIXTURE_H

#include <emporium_plugin.h>
#include <emporium_plugin_target.h>
#include <stdlib.h>
#include <string.h>

static const char *const fixture_hooks[] = {"fulfilment.rates"};

/* Copies `text` into plugin-owned memory as the response. */
static inline int32_t fixture_answer(char **response, size_t *response_length, const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy == NULL) {
        return EMPORIUM_PLUGIN_FAILED;
    }
    memcpy(copy, text, length + 1);
    *response = copy;
    *response_length = length;
    return EMPORIUM_PLUGIN_OK;
}

/* What a fixture does when called with a request: returns the response text (or never returns). */
typedef const char *(*fixture_action)(const char *request, size_t request_length);

/* The plain answer, for fixtures whose fault is in the table, not the call. */
static inline const char *fixture_empty_rates(const char *request, size_t request_length) {
    (void)request;
    (void)request_length;
    return "{\"rates\":[]}";
}

static inline int32_t fixture_init(
    const char *config, size_t config_length, void **state, char **error, size_t *error_length) {
    (void)config;
    (void)config_length;
    *state = NULL;
    *error = NULL;
    *error_length = 0;
    return EMPORIUM_PLUGIN_OK;
}

static inline void fixture_free(char *memory) { free(memory); }

static inline void fixture_shutdown(void *state) { (void)state; }

/* Defines the call (the one hook, then `action`), the table and the exported entry point of a fixture. */
#define EMPORIUM_FIXTURE(abi, plugin_id, engine_minimum, action)                                           \
    static int32_t fixture_call(                                                                           \
        void *state, const char *hook, const char *request, size_t request_length, char **response,        \
        size_t *response_length) {                                                                         \
        (void)state;                                                                                       \
        *response = NULL;                                                                                  \
        *response_length = 0;                                                                              \
        if (hook == NULL || strcmp(hook, "fulfilment.rates") != 0) {                                       \
            return EMPORIUM_PLUGIN_UNSUPPORTED_HOOK;                                                       \
        }                                                                                                  \
        return fixture_answer(response, response_length, (action)(request, request_length));               \
    }                                                                                                      \
    static const emporium_plugin_v1 fixture_plugin = {                                                     \
        .abi_version = (abi),                                                                              \
        .abi_tag = EMPORIUM_PLUGIN_C_ABI_TAG,                                                              \
        .id = (plugin_id),                                                                                 \
        .version = "1.0.0",                                                                                \
        .engine_min = (engine_minimum),                                                                    \
        .engine_max = "2.0.0",                                                                             \
        .hooks = fixture_hooks,                                                                            \
        .hook_count = 1,                                                                                   \
        .config_schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}",  \
        .init = fixture_init,                                                                              \
        .call = fixture_call,                                                                              \
        .free = fixture_free,                                                                              \
        .shutdown = fixture_shutdown,                                                                      \
    };                                                                                                     \
    __attribute__((visibility("default"))) const emporium_plugin_v1 *emporium_plugin_entry_v1(void);      \
    __attribute__((visibility("default"))) const emporium_plugin_v1 *emporium_plugin_entry_v1(void) {     \
        return &fixture_plugin;                                                                            \
    }

#endif /* EMPORIUM_FIXTURE_H */
