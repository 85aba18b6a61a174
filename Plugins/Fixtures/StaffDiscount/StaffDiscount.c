/* Test fixture: a `pricing.adjust` plugin that always takes 2000 off the order. */
#include "StaffDiscount.h"

#include <emporium_fixture.h>

static const char *const staff_hooks[] = {"pricing.adjust"};

static int32_t staff_call(
    void *state, const char *hook, const char *request, size_t request_length, char **response,
    size_t *response_length) {
    (void)state;
    (void)request;
    (void)request_length;
    *response = NULL;
    *response_length = 0;
    if (hook == NULL || strcmp(hook, "pricing.adjust") != 0) {
        return EMPORIUM_PLUGIN_UNSUPPORTED_HOOK;
    }
    return fixture_answer(
        response, response_length,
        "{\"currency\":\"EUR\",\"orderDiscounts\":[{\"amount\":2000,\"label\":\"Staff discount\","
        "\"promotionId\":\"staff\"}],\"rejectedCoupons\":[{\"code\":\"LAUNCH\",\"reason\":\"INVALID_COUPON\","
        "\"message\":\"unknown here\"}]}");
}

static const emporium_plugin_v1 staff_plugin = {
    .abi_version = EMPORIUM_PLUGIN_ABI_VERSION,
    .abi_tag = EMPORIUM_PLUGIN_C_ABI_TAG,
    .id = "fixture-staff-discount",
    .version = "1.0.0",
    .engine_min = "0.1.0",
    .engine_max = "2.0.0",
    .hooks = staff_hooks,
    .hook_count = 1,
    .config_schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}",
    .init = fixture_init,
    .call = staff_call,
    .free = fixture_free,
    .shutdown = fixture_shutdown,
};

__attribute__((visibility("default"))) const emporium_plugin_v1 *emporium_plugin_entry_v1(void);
__attribute__((visibility("default"))) const emporium_plugin_v1 *emporium_plugin_entry_v1(void) {
    return &staff_plugin;
}
