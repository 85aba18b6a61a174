/* Test fixture: `call` writes through a NULL pointer (SIGSEGV). Safe only in process isolation. */
#include "Crashing.h"

#include <emporium_fixture.h>

static const char *crash(const char *request, size_t request_length) {
    (void)request;
    (void)request_length;
    /* Both volatiles: the compiler must load the pointer and perform the write, not drop it as dead. */
    volatile int *volatile nowhere = NULL;
    *nowhere = 1;
    return "{\"rates\":[]}";
}

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "fixture-crashing", "0.1.0", crash)
