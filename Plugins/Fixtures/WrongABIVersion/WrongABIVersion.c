/* Test fixture: declares abi_version 999; otherwise valid. The host must refuse it before binding any hook. */
#include "WrongABIVersion.h"

#include <emporium_fixture.h>

EMPORIUM_FIXTURE(999u, "fixture-wrong-abi-version", "0.1.0", fixture_empty_rates)
