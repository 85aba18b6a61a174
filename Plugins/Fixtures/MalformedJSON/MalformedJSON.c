/* Test fixture: `call` reports success with a truncated JSON document. */
#include "MalformedJSON.h"

#include <emporium_fixture.h>

static int32_t answer_truncated(
    void *state, const char *hook, const char *request, size_t request_length, char **response, size_t *response_length) {
    (void)state;
    (void)request;
    (void)request_length;
    if (!fixture_is_rates(hook, response, response_length)) {
        return EMPORIUM_PLUGIN_UNSUPPORTED_HOOK;
    }
    return fixture_answer(response, response_length, "{\"rates\": [");
}

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "fixture-malformed-json", "0.1.0", answer_truncated)
