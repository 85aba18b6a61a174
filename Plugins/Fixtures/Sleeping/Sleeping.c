/*
 * Test fixture: `call` sleeps, then answers {"rates":[]}: for deadline tests. It sleeps 60 seconds,
 * or the whole milliseconds of a request that starts with {"sleepMilliseconds":N} (for tests of
 * in-process deadlines measured after the call, which hold the caller's thread while it sleeps).
 * A request that ends with ,"malformed":true} is answered with a truncated document instead, for
 * tests of an answer that is both late and malformed; one that ends with ,"print":true} first
 * prints a line to standard output, as a chatty plugin would (in a worker process, standard output
 * must not reach the engine's pipe).
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include "Sleeping.h"

#include <emporium_fixture.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>

/* N of a request that starts with {"sleepMilliseconds":N, else 60000. */
static long requested_milliseconds(const char *request, size_t request_length) {
    static const char prefix[] = "{\"sleepMilliseconds\":";
    size_t prefix_length = sizeof(prefix) - 1;
    if (request == NULL || request_length <= prefix_length || memcmp(request, prefix, prefix_length) != 0) {
        return 60000;
    }
    long milliseconds = 0;
    for (size_t index = prefix_length; index < request_length && request[index] >= '0' && request[index] <= '9';
         index++) {
        milliseconds = milliseconds * 10 + (request[index] - '0');
        if (milliseconds > 60000) {
            return 60000;
        }
    }
    return milliseconds;
}

/* Whether the request ends with `suffix`. */
static int ends_with(const char *request, size_t request_length, const char *suffix, size_t suffix_length) {
    return request != NULL && request_length >= suffix_length &&
           memcmp(request + request_length - suffix_length, suffix, suffix_length) == 0;
}

/* Whether the request ends with ,"malformed":true} (then the answer is a truncated document). */
static int wants_malformed(const char *request, size_t request_length) {
    static const char suffix[] = ",\"malformed\":true}";
    return ends_with(request, request_length, suffix, sizeof(suffix) - 1);
}

static const char *sleep_then_answer(const char *request, size_t request_length) {
    static const char print_suffix[] = ",\"print\":true}";
    if (ends_with(request, request_length, print_suffix, sizeof(print_suffix) - 1)) {
        printf("fixture-sleeping: a line on standard output\n");
        fflush(stdout);
    }
    long milliseconds = requested_milliseconds(request, request_length);
    struct timespec remaining = {milliseconds / 1000, (milliseconds % 1000) * 1000000L};
    while (nanosleep(&remaining, &remaining) != 0 && errno == EINTR) {
    }
    return wants_malformed(request, request_length) ? "{\"rates\": [" : "{\"rates\":[]}";
}

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "fixture-sleeping", "0.1.0", sleep_then_answer)
