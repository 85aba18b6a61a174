/* Test fixture: Declares abi_version 999; otherwise a valid plugin. The host must refuse it before binding any hook. */
#include "WrongABIVersion.h"

#include <emporium_plugin.h>
#include <limits.h> /* pulls in glibc's <features.h>, which defines __GLIBC__ */
#include <stdlib.h>
#include <string.h>

/* The abi_tag's target, derived from the compiler (as in FlatRateShipping/plugin_target.h). */
#if defined(__x86_64__)
#define FIXTURE_ARCH "x86_64"
#elif defined(__aarch64__) && defined(__APPLE__)
#define FIXTURE_ARCH "arm64"
#elif defined(__aarch64__)
#define FIXTURE_ARCH "aarch64"
#else
#error "unsupported architecture"
#endif
#if defined(__linux__) && defined(__GLIBC__)
#define FIXTURE_TARGET FIXTURE_ARCH "-unknown-linux-gnu"
#elif defined(__linux__)
#define FIXTURE_TARGET FIXTURE_ARCH "-swift-linux-musl"
#elif defined(__APPLE__)
#define FIXTURE_TARGET FIXTURE_ARCH "-apple-macosx"
#else
#error "unsupported operating system"
#endif

static const char *const hooks[] = {"fulfilment.rates"};

static int32_t answer(char **response, size_t *response_length, const char *text) {
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

static int32_t fixture_init(const char *config, size_t config_length, void **state, char **error, size_t *error_length) {
    (void)config;
    (void)config_length;
    *state = NULL;
    *error = NULL;
    *error_length = 0;
    return EMPORIUM_PLUGIN_OK;
}

static int32_t fixture_call(
    void *state, const char *hook, const char *request, size_t request_length, char **response,
    size_t *response_length) {
    (void)state;
    (void)request;
    (void)request_length;
    *response = NULL;
    *response_length = 0;
    if (hook == NULL || strcmp(hook, "fulfilment.rates") != 0) {
        return EMPORIUM_PLUGIN_UNSUPPORTED_HOOK;
    }
    return answer(response, response_length, "{\"rates\":[]}");
}

static void fixture_free(char *memory) {
    free(memory);
}

static void fixture_shutdown(void *state) {
    (void)state;
}

static const emporium_plugin_v1 fixture_plugin = {
    .abi_version = 999u,
    .abi_tag = "abi=1;lang=c;target=" FIXTURE_TARGET,
    .id = "fixture-wrong-abi-version",
    .version = "1.0.0",
    .engine_min = "0.1.0",
    .engine_max = "2.0.0",
    .hooks = hooks,
    .hook_count = 1,
    .config_schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}",
    .init = fixture_init,
    .call = fixture_call,
    .free = fixture_free,
    .shutdown = fixture_shutdown,
};

__attribute__((visibility("default"))) const emporium_plugin_v1 *emporium_plugin_entry_v1(void);

__attribute__((visibility("default"))) const emporium_plugin_v1 *emporium_plugin_entry_v1(void) {
    return &fixture_plugin;
}
