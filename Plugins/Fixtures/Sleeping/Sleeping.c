/* Test fixture: `call` sleeps 60 seconds, then answers {"rates":[]}: for deadline tests. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include "Sleeping.h"

#include <emporium_fixture.h>
#include <errno.h>
#include <time.h>

static const char *sleep_then_answer(void) {
    struct timespec remaining = {60, 0};
    while (nanosleep(&remaining, &remaining) != 0 && errno == EINTR) {
    }
    return "{\"rates\":[]}";
}

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "fixture-sleeping", "0.1.0", sleep_then_answer)
