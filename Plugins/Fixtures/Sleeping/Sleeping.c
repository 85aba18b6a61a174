/* Test fixture: `call` sleeps 60 seconds, then answers {"rates":[]}: for deadline tests. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include "Sleeping.h"

#include <emporium_fixture.h>
#include <errno.h>
#include <time.h>

static int32_t sleep_then_answer(
    void *state, const char *hook, const char *request, size_t request_length, char **response, size_t *response_length) {
    (void)state;
    (void)request;
    (void)request_length;
    if (!fixture_is_rates(hook, response, response_length)) {
        return EMPORIUM_PLUGIN_UNSUPPORTED_HOOK;
    }
    struct timespec remaining = {60, 0};
    while (nanosleep(&remaining, &remaining) != 0 && errno == EINTR) {
    }
    return fixture_answer(response, response_length, "{\"rates\":[]}");
}

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "fixture-sleeping", "0.1.0", sleep_then_answer)
