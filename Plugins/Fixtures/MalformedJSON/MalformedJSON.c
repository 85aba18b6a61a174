/* Test fixture: `call` reports success with a truncated JSON document. */
#include "MalformedJSON.h"

#include <emporium_fixture.h>

static const char *truncated(const char *request, size_t request_length) {
    (void)request;
    (void)request_length;
    return "{\"rates\": [";
}

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "fixture-malformed-json", "0.1.0", truncated)
