/* Test fixture: `call` writes through a NULL pointer (SIGSEGV). Safe only in process isolation. */
#include "Crashing.h"

#include <emporium_fixture.h>

static int32_t crash(
    void *state, const char *hook, const char *request, size_t request_length, char **response, size_t *response_length) {
    (void)state;
    (void)request;
    (void)request_length;
    if (!fixture_is_rates(hook, response, response_length)) {
        return EMPORIUM_PLUGIN_UNSUPPORTED_HOOK;
    }
    /* Both volatiles: the compiler must load the pointer and perform the write, not drop it as dead. */
    volatile int *volatile nowhere = NULL;
    *nowhere = 1;
    return fixture_answer(response, response_length, "{\"rates\":[]}");
}

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "fixture-crashing", "0.1.0", crash)
