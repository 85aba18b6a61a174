/*
 * flat-rate-shipping: one shipping rate for `fulfilment.rates`, configured per merchant.
 *
 * All state is built by `init` and never changed afterwards, so `call` may run on many threads at
 * once without locks. Every message and response is allocated with malloc and released through the
 * table's `free`.
 */
#include "FlatRateShipping.h"

#include <emporium_plugin.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"
#include <emporium_plugin_target.h>

#define FLAT_RATE_ID "flat-rate-shipping"
#define FLAT_RATE_HOOK "fulfilment.rates"
#define FLAT_RATE_MAX_BANDS 32
#define FLAT_RATE_MAX_NAME_CHARACTERS 100
/* Each character of the name takes at most 4 bytes of UTF-8, or 2 once '"' or '\' is escaped. */
#define FLAT_RATE_NAME_CAPACITY (FLAT_RATE_MAX_NAME_CHARACTERS * 4)

typedef struct weight_band {
    int64_t up_to_grams;
    int64_t rate;
} weight_band;

typedef struct flat_rate_state {
    char currency[4];
    int64_t rate;
    bool has_free_over;
    int64_t free_over;
    size_t band_count;
    weight_band bands[FLAT_RATE_MAX_BANDS];
    /* The name already escaped for a JSON string, without quotes, NUL-terminated. */
    char name_json[FLAT_RATE_NAME_CAPACITY * 2 + 1];
} flat_rate_state;

static const char config_schema[] =
    "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
    "\"title\":\"flat-rate-shipping configuration\","
    "\"type\":\"object\","
    "\"required\":[\"currency\",\"rate\"],"
    "\"additionalProperties\":false,"
    "\"properties\":{"
    "\"currency\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\","
    "\"description\":\"ISO 4217 code of the rate; requests in another currency get no rate.\"},"
    "\"rate\":{\"type\":\"integer\",\"minimum\":0,"
    "\"description\":\"Price in minor units when no weight bands are configured.\"},"
    "\"freeOver\":{\"type\":\"integer\",\"minimum\":0,"
    "\"description\":\"Shipping is free when the subtotal in minor units is at least this.\"},"
    "\"weightBands\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":32,"
    "\"description\":\"Prices by total weight, in strictly ascending upToGrams; heavier carts get no rate.\","
    "\"items\":{\"type\":\"object\",\"required\":[\"upToGrams\",\"rate\"],\"additionalProperties\":false,"
    "\"properties\":{\"upToGrams\":{\"type\":\"integer\",\"minimum\":1},"
    "\"rate\":{\"type\":\"integer\",\"minimum\":0}}}},"
    "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":100,\"pattern\":\"^[^\\\\u0000-\\\\u001F\\\\u007F]+$\","
    "\"default\":\"Standard shipping\",\"description\":\"The rate's name shown to shoppers.\"}"
    "}}";

static const char *const hooks[] = {FLAT_RATE_HOOK};

/* Sets `*message`/`*length` to a malloc'd, NUL-terminated message; both stay NULL/0 if memory runs out. */
static void set_message(char **message, size_t *length, const char *format, ...) {
    if (message == NULL || length == NULL) {
        return;
    }
    *message = NULL;
    *length = 0;
    va_list arguments;
    va_start(arguments, format);
    char probe[1];
    int needed = vsnprintf(probe, sizeof probe, format, arguments);
    va_end(arguments);
    if (needed < 0) {
        return;
    }
    char *text = malloc((size_t)needed + 1);
    if (text == NULL) {
        return;
    }
    va_start(arguments, format);
    vsnprintf(text, (size_t)needed + 1, format, arguments);
    va_end(arguments);
    *message = text;
    *length = (size_t)needed;
}

static bool is_currency_code(emporium_json_document document, emporium_json_value value, char code[4]) {
    size_t length;
    if (emporium_json_string(document, value, code, 3, &length) != 0 || length != 3) {
        return false;
    }
    for (size_t i = 0; i < 3; i++) {
        if (code[i] < 'A' || code[i] > 'Z') {
            return false;
        }
    }
    code[3] = '\0';
    return true;
}

static bool is_country_code(emporium_json_document document, emporium_json_value value) {
    char code[2];
    size_t length;
    if (emporium_json_string(document, value, code, sizeof code, &length) != 0 || length != 2) {
        return false;
    }
    return code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

static bool read_non_negative(emporium_json_document document, emporium_json_value value, int64_t *integer) {
    return emporium_json_integer(document, value, integer) == 0 && *integer >= 0;
}

/* Escapes '"', '\' for a JSON string; control characters were rejected before. */
static void escape_name(const char *name, size_t length, char *out) {
    size_t written = 0;
    for (size_t i = 0; i < length; i++) {
        if (name[i] == '"' || name[i] == '\\') {
            out[written++] = '\\';
        }
        out[written++] = name[i];
    }
    out[written] = '\0';
}

static bool read_name(emporium_json_document document, emporium_json_value value, char *name_json) {
    char name[FLAT_RATE_NAME_CAPACITY];
    size_t length;
    if (emporium_json_string(document, value, name, sizeof name, &length) != 0 || length == 0) {
        return false;
    }
    size_t characters = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F) {
            return false;
        }
        if ((c & 0xC0) != 0x80) {
            characters++;
        }
    }
    if (characters > FLAT_RATE_MAX_NAME_CHARACTERS) {
        return false;
    }
    escape_name(name, length, name_json);
    return true;
}

/* Looks up an optional member; reports a duplicate key as an error. */
static bool find_member(
    emporium_json_document document, emporium_json_value object, const char *key, const char *path,
    emporium_json_value *member, bool *present, char **error, size_t *error_length) {
    switch (emporium_json_object_member(document, object, key, member)) {
    case EMPORIUM_JSON_FOUND:
        *present = true;
        return true;
    case EMPORIUM_JSON_MISSING:
        *present = false;
        return true;
    case EMPORIUM_JSON_DUPLICATE:
        break;
    }
    set_message(error, error_length, "%s.%s appears more than once", path, key);
    return false;
}

/* Rejects keys outside `known`, naming the key when it is short printable ASCII. */
static bool check_known_keys(
    emporium_json_document document, emporium_json_value object, const char *const *known, size_t known_count,
    const char *path, char **error, size_t *error_length) {
    size_t cursor = 0;
    emporium_json_value key;
    emporium_json_value value;
    while (emporium_json_object_next(document, object, &cursor, &key, &value) == 1) {
        bool is_known = false;
        for (size_t i = 0; i < known_count && !is_known; i++) {
            is_known = emporium_json_string_equals(document, key, known[i]);
        }
        if (is_known) {
            continue;
        }
        char name[41];
        size_t length;
        bool printable = emporium_json_string(document, key, name, sizeof name - 1, &length) == 0;
        for (size_t i = 0; printable && i < length; i++) {
            printable = name[i] >= 0x20 && name[i] < 0x7F;
        }
        if (printable) {
            name[length] = '\0';
            set_message(error, error_length, "%s has an unknown key \"%s\"", path, name);
        } else {
            set_message(error, error_length, "%s has an unknown key", path);
        }
        return false;
    }
    return true;
}

static bool read_weight_bands(
    emporium_json_document document, emporium_json_value array, flat_rate_state *state, char **error,
    size_t *error_length) {
    static const char *const band_keys[] = {"upToGrams", "rate"};
    if (array.kind != EMPORIUM_JSON_ARRAY) {
        set_message(error, error_length, "config.weightBands must be an array of {\"upToGrams\", \"rate\"} objects");
        return false;
    }
    size_t cursor = 0;
    emporium_json_value band;
    size_t index = 0;
    while (emporium_json_array_next(document, array, &cursor, &band) == 1) {
        char path[48];
        snprintf(path, sizeof path, "config.weightBands[%zu]", index);
        if (index == FLAT_RATE_MAX_BANDS) {
            set_message(error, error_length, "config.weightBands may have at most %d bands", FLAT_RATE_MAX_BANDS);
            return false;
        }
        if (band.kind != EMPORIUM_JSON_OBJECT) {
            set_message(error, error_length, "%s must be an object with upToGrams and rate", path);
            return false;
        }
        if (!check_known_keys(document, band, band_keys, 2, path, error, error_length)) {
            return false;
        }
        emporium_json_value member;
        bool present;
        weight_band *parsed = &state->bands[index];
        if (!find_member(document, band, "upToGrams", path, &member, &present, error, error_length)) {
            return false;
        }
        if (!present || !read_non_negative(document, member, &parsed->up_to_grams) || parsed->up_to_grams == 0) {
            set_message(error, error_length, "%s.upToGrams must be a positive integer", path);
            return false;
        }
        if (index > 0 && parsed->up_to_grams <= state->bands[index - 1].up_to_grams) {
            set_message(
                error, error_length, "%s.upToGrams must be greater than the previous band's (%lld)", path,
                (long long)state->bands[index - 1].up_to_grams);
            return false;
        }
        if (!find_member(document, band, "rate", path, &member, &present, error, error_length)) {
            return false;
        }
        if (!present || !read_non_negative(document, member, &parsed->rate)) {
            set_message(error, error_length, "%s.rate must be a non-negative integer", path);
            return false;
        }
        index++;
    }
    if (index == 0) {
        set_message(error, error_length, "config.weightBands must not be empty; leave it out for a flat rate");
        return false;
    }
    state->band_count = index;
    return true;
}

static bool read_config(
    emporium_json_document document, flat_rate_state *state, char **error, size_t *error_length) {
    static const char *const config_keys[] = {"currency", "rate", "freeOver", "weightBands", "name"};
    emporium_json_value root;
    emporium_json_error parse_error;
    if (emporium_json_parse(document, &root, &parse_error) != 0) {
        set_message(
            error, error_length, "config is not valid JSON: %s at byte %zu", parse_error.message, parse_error.offset);
        return false;
    }
    if (root.kind != EMPORIUM_JSON_OBJECT) {
        set_message(error, error_length, "config must be a JSON object");
        return false;
    }
    if (!check_known_keys(document, root, config_keys, 5, "config", error, error_length)) {
        return false;
    }
    emporium_json_value member;
    bool present;

    if (!find_member(document, root, "currency", "config", &member, &present, error, error_length)) {
        return false;
    }
    if (!present) {
        set_message(error, error_length, "config.currency is required");
        return false;
    }
    if (!is_currency_code(document, member, state->currency)) {
        set_message(error, error_length, "config.currency must be a three-letter ISO 4217 code such as \"USD\"");
        return false;
    }

    if (!find_member(document, root, "rate", "config", &member, &present, error, error_length)) {
        return false;
    }
    if (!present) {
        set_message(error, error_length, "config.rate is required");
        return false;
    }
    if (!read_non_negative(document, member, &state->rate)) {
        set_message(error, error_length, "config.rate must be a non-negative integer (minor units)");
        return false;
    }

    if (!find_member(document, root, "freeOver", "config", &member, &state->has_free_over, error, error_length)) {
        return false;
    }
    if (state->has_free_over && !read_non_negative(document, member, &state->free_over)) {
        set_message(error, error_length, "config.freeOver must be a non-negative integer (minor units)");
        return false;
    }

    if (!find_member(document, root, "weightBands", "config", &member, &present, error, error_length)) {
        return false;
    }
    if (present && !read_weight_bands(document, member, state, error, error_length)) {
        return false;
    }

    if (!find_member(document, root, "name", "config", &member, &present, error, error_length)) {
        return false;
    }
    if (!present) {
        escape_name("Standard shipping", strlen("Standard shipping"), state->name_json);
    } else if (!read_name(document, member, state->name_json)) {
        set_message(
            error, error_length, "config.name must be a string of 1 to %d characters without control characters",
            FLAT_RATE_MAX_NAME_CHARACTERS);
        return false;
    }
    return true;
}

static int32_t flat_rate_init(const char *config, size_t config_length, void **state, char **error, size_t *error_length) {
    if (error != NULL && error_length != NULL) {
        *error = NULL;
        *error_length = 0;
    }
    if (state == NULL) {
        set_message(error, error_length, "init was called without a place to store the plugin state");
        return EMPORIUM_PLUGIN_FAILED;
    }
    *state = NULL;
    if (config == NULL) {
        set_message(error, error_length, "config is required");
        return EMPORIUM_PLUGIN_INVALID_INPUT;
    }
    flat_rate_state *parsed = calloc(1, sizeof *parsed);
    if (parsed == NULL) {
        set_message(error, error_length, "out of memory");
        return EMPORIUM_PLUGIN_FAILED;
    }
    emporium_json_document document = {config, config_length};
    if (!read_config(document, parsed, error, error_length)) {
        free(parsed);
        return EMPORIUM_PLUGIN_INVALID_INPUT;
    }
    *state = parsed;
    return EMPORIUM_PLUGIN_OK;
}

/* The request fields this hook needs; see docs/plugins/hooks/fulfilment.rates.request.schema.json. */
typedef struct rates_request {
    char currency[4];
    int64_t subtotal;
    int64_t total_weight_grams;
} rates_request;

static bool read_required(
    emporium_json_document document, emporium_json_value object, const char *key, const char *path,
    emporium_json_value *member, char **message, size_t *message_length) {
    bool present;
    if (!find_member(document, object, key, path, member, &present, message, message_length)) {
        return false;
    }
    if (!present) {
        set_message(message, message_length, "%s.%s is required", path, key);
        return false;
    }
    return true;
}

static bool read_request(
    emporium_json_document document, rates_request *request, char **message, size_t *message_length) {
    emporium_json_value root;
    emporium_json_error parse_error;
    if (emporium_json_parse(document, &root, &parse_error) != 0) {
        set_message(
            message, message_length, "request is not valid JSON: %s at byte %zu", parse_error.message,
            parse_error.offset);
        return false;
    }
    if (root.kind != EMPORIUM_JSON_OBJECT) {
        set_message(message, message_length, "request must be a JSON object");
        return false;
    }
    emporium_json_value member;
    if (!read_required(document, root, "currency", "request", &member, message, message_length)) {
        return false;
    }
    if (!is_currency_code(document, member, request->currency)) {
        set_message(message, message_length, "request.currency must be a three-letter ISO 4217 code");
        return false;
    }

    emporium_json_value subtotal;
    if (!read_required(document, root, "subtotal", "request", &subtotal, message, message_length)) {
        return false;
    }
    if (subtotal.kind != EMPORIUM_JSON_OBJECT) {
        set_message(message, message_length, "request.subtotal must be an object with minorUnits and currency");
        return false;
    }
    if (!read_required(document, subtotal, "minorUnits", "request.subtotal", &member, message, message_length)) {
        return false;
    }
    if (!read_non_negative(document, member, &request->subtotal)) {
        set_message(message, message_length, "request.subtotal.minorUnits must be a non-negative integer");
        return false;
    }
    if (!read_required(document, subtotal, "currency", "request.subtotal", &member, message, message_length)) {
        return false;
    }
    char subtotal_currency[4];
    if (!is_currency_code(document, member, subtotal_currency)) {
        set_message(message, message_length, "request.subtotal.currency must be a three-letter ISO 4217 code");
        return false;
    }
    if (strcmp(subtotal_currency, request->currency) != 0) {
        set_message(message, message_length, "request.subtotal.currency must equal request.currency");
        return false;
    }

    if (!read_required(document, root, "totalWeightGrams", "request", &member, message, message_length)) {
        return false;
    }
    if (!read_non_negative(document, member, &request->total_weight_grams)) {
        set_message(message, message_length, "request.totalWeightGrams must be a non-negative integer");
        return false;
    }

    emporium_json_value destination;
    if (!read_required(document, root, "destination", "request", &destination, message, message_length)) {
        return false;
    }
    if (destination.kind != EMPORIUM_JSON_OBJECT) {
        set_message(message, message_length, "request.destination must be an object with countryCode");
        return false;
    }
    if (!read_required(document, destination, "countryCode", "request.destination", &member, message, message_length)) {
        return false;
    }
    if (!is_country_code(document, member)) {
        set_message(message, message_length, "request.destination.countryCode must be a two-letter ISO 3166-1 code");
        return false;
    }
    return true;
}

/* Returns false when no rate applies: another currency, or heavier than every band. */
static bool price_for(const flat_rate_state *state, const rates_request *request, int64_t *price) {
    if (strcmp(request->currency, state->currency) != 0) {
        return false;
    }
    *price = state->rate;
    if (state->band_count > 0) {
        size_t band = 0;
        while (band < state->band_count && state->bands[band].up_to_grams < request->total_weight_grams) {
            band++;
        }
        if (band == state->band_count) {
            return false;
        }
        *price = state->bands[band].rate;
    }
    if (state->has_free_over && request->subtotal >= state->free_over) {
        *price = 0;
    }
    return true;
}

static int32_t flat_rate_call(
    void *state, const char *hook, const char *request, size_t request_length, char **response,
    size_t *response_length) {
    if (response == NULL || response_length == NULL) {
        return EMPORIUM_PLUGIN_FAILED;
    }
    *response = NULL;
    *response_length = 0;
    if (hook == NULL || strcmp(hook, FLAT_RATE_HOOK) != 0) {
        return EMPORIUM_PLUGIN_UNSUPPORTED_HOOK;
    }
    const flat_rate_state *configured = state;
    if (configured == NULL) {
        set_message(response, response_length, "flat-rate-shipping was called before a successful init");
        return EMPORIUM_PLUGIN_FAILED;
    }
    if (request == NULL) {
        set_message(response, response_length, "request is required");
        return EMPORIUM_PLUGIN_INVALID_INPUT;
    }
    emporium_json_document document = {request, request_length};
    rates_request parsed;
    if (!read_request(document, &parsed, response, response_length)) {
        return EMPORIUM_PLUGIN_INVALID_INPUT;
    }
    int64_t price;
    if (!price_for(configured, &parsed, &price)) {
        set_message(response, response_length, "{\"rates\":[]}");
    } else {
        set_message(
            response, response_length,
            "{\"rates\":[{\"id\":\"" FLAT_RATE_ID ":standard\",\"name\":\"%s\","
            "\"price\":{\"minorUnits\":%lld,\"currency\":\"%s\"}}]}",
            configured->name_json, (long long)price, configured->currency);
    }
    if (*response == NULL) {
        return EMPORIUM_PLUGIN_FAILED;
    }
    return EMPORIUM_PLUGIN_OK;
}

static void flat_rate_free(char *memory) {
    free(memory);
}

static void flat_rate_shutdown(void *state) {
    free(state);
}

static const emporium_plugin_v1 flat_rate_plugin = {
    .abi_version = EMPORIUM_PLUGIN_ABI_VERSION,
    .abi_tag = EMPORIUM_PLUGIN_C_ABI_TAG,
    .id = FLAT_RATE_ID,
    .version = "1.0.0",
    .engine_min = "0.1.0",
    .engine_max = "2.0.0",
    .hooks = hooks,
    .hook_count = sizeof hooks / sizeof hooks[0],
    .config_schema = config_schema,
    .init = flat_rate_init,
    .call = flat_rate_call,
    .free = flat_rate_free,
    .shutdown = flat_rate_shutdown,
};

__attribute__((visibility("default"))) const emporium_plugin_v1 *emporium_plugin_entry_v1(void);

__attribute__((visibility("default"))) const emporium_plugin_v1 *emporium_plugin_entry_v1(void) {
    return &flat_rate_plugin;
}
