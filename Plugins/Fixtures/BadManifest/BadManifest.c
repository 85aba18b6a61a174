/* Test fixture: an empty id and an engine_min that is not a version. The host must refuse it. */
#include "BadManifest.h"

#include <emporium_fixture.h>

static int32_t answer_empty(
    void *state, const char *hook, const char *request, size_t request_length, char **response, size_t *response_length) {
    (void)state;
    (void)request;
    (void)request_length;
    if (!fixture_is_rates(hook, response, response_length)) {
        return EMPORIUM_PLUGIN_UNSUPPORTED_HOOK;
    }
    return fixture_answer(response, response_length, "{\"rates\":[]}");
}

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "", "not-a-version", answer_empty)
