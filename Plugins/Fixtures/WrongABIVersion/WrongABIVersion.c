/* Test fixture: declares abi_version 999; otherwise valid. The host must refuse it before binding any hook. */
#include "WrongABIVersion.h"

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

EMPORIUM_FIXTURE(999u, "fixture-wrong-abi-version", "0.1.0", answer_empty)
