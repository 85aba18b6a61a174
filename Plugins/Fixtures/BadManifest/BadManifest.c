/* Test fixture: an empty id and an engine_min that is not a version. The host must refuse it. */
#include "BadManifest.h"

#include <emporium_fixture.h>

EMPORIUM_FIXTURE(EMPORIUM_PLUGIN_ABI_VERSION, "", "not-a-version", fixture_empty_rates)
