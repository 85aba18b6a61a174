#include "json_scan.h"

#include <string.h>

typedef struct scanner {
    const unsigned char *text;
    /* Reads stop here: the document's length, or the end of the value being walked. */
    size_t limit;
    emporium_json_error *error;
} scanner;

static int scan_value(const scanner *s, size_t position, int depth, emporium_json_value *value);

static int fail(const scanner *s, size_t offset, const char *message) {
    if (s->error != NULL) {
        s->error->offset = offset;
        s->error->message = message;
    }
    return -1;
}

static size_t skip_whitespace(const scanner *s, size_t position) {
    while (position < s->limit) {
        unsigned char c = s->text[position];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            break;
        }
        position++;
    }
    return position;
}

static int hex_digit(unsigned char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Reads the four hex digits after "\u" at `position` (which points at the 'u'). */
static int read_hex4(const scanner *s, size_t position, uint32_t *code_unit) {
    if (s->limit - position < 5) {
        return fail(s, position, "truncated \\u escape");
    }
    uint32_t result = 0;
    for (size_t i = 1; i <= 4; i++) {
        int digit = hex_digit(s->text[position + i]);
        if (digit < 0) {
            return fail(s, position + i, "invalid \\u escape");
        }
        result = (result << 4) | (uint32_t)digit;
    }
    *code_unit = result;
    return 0;
}

/*
 * Reads one escape sequence starting at the backslash; returns the code point and sets `*next`
 * past the sequence. A surrogate pair counts as one sequence.
 */
static int read_escape(const scanner *s, size_t position, uint32_t *code_point, size_t *next) {
    if (position + 1 >= s->limit) {
        return fail(s, position, "unterminated string");
    }
    unsigned char c = s->text[position + 1];
    switch (c) {
    case '"': *code_point = '"'; break;
    case '\\': *code_point = '\\'; break;
    case '/': *code_point = '/'; break;
    case 'b': *code_point = '\b'; break;
    case 'f': *code_point = '\f'; break;
    case 'n': *code_point = '\n'; break;
    case 'r': *code_point = '\r'; break;
    case 't': *code_point = '\t'; break;
    case 'u': {
        uint32_t high;
        if (read_hex4(s, position + 1, &high) != 0) {
            return -1;
        }
        if (high >= 0xDC00 && high <= 0xDFFF) {
            return fail(s, position, "unpaired low surrogate in \\u escape");
        }
        if (high < 0xD800 || high > 0xDBFF) {
            *code_point = high;
            *next = position + 6;
            return 0;
        }
        size_t low_start = position + 6;
        if (s->limit - low_start < 2 || s->text[low_start] != '\\' || s->text[low_start + 1] != 'u') {
            return fail(s, position, "unpaired high surrogate in \\u escape");
        }
        uint32_t low;
        if (read_hex4(s, low_start + 1, &low) != 0) {
            return -1;
        }
        if (low < 0xDC00 || low > 0xDFFF) {
            return fail(s, low_start, "unpaired high surrogate in \\u escape");
        }
        *code_point = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        *next = low_start + 6;
        return 0;
    }
    default:
        return fail(s, position, "invalid escape in string");
    }
    *next = position + 2;
    return 0;
}

/* Reads one UTF-8 sequence (non-ASCII lead byte at `position`), rejecting overlong forms and surrogates. */
static int read_utf8(const scanner *s, size_t position, uint32_t *code_point, size_t *next) {
    unsigned char lead = s->text[position];
    size_t count;
    uint32_t minimum;
    uint32_t result;
    if (lead >= 0xC2 && lead <= 0xDF) {
        count = 1;
        minimum = 0x80;
        result = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        count = 2;
        minimum = 0x800;
        result = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        count = 3;
        minimum = 0x10000;
        result = lead & 0x07;
    } else {
        return fail(s, position, "invalid UTF-8");
    }
    if (s->limit - position <= count) {
        return fail(s, position, "truncated UTF-8 sequence");
    }
    for (size_t i = 1; i <= count; i++) {
        unsigned char continuation = s->text[position + i];
        if ((continuation & 0xC0) != 0x80) {
            return fail(s, position + i, "invalid UTF-8");
        }
        result = (result << 6) | (continuation & 0x3F);
    }
    if (result < minimum || result > 0x10FFFF || (result >= 0xD800 && result <= 0xDFFF)) {
        return fail(s, position, "invalid UTF-8");
    }
    *code_point = result;
    *next = position + count + 1;
    return 0;
}

/* `position` is at the opening quote; sets `*end` past the closing quote. */
static int scan_string(const scanner *s, size_t position, size_t *end) {
    size_t p = position + 1;
    while (p < s->limit) {
        unsigned char c = s->text[p];
        uint32_t code_point;
        if (c == '"') {
            *end = p + 1;
            return 0;
        }
        if (c < 0x20) {
            return fail(s, p, "control character in string");
        }
        if (c == '\\') {
            if (read_escape(s, p, &code_point, &p) != 0) {
                return -1;
            }
        } else if (c >= 0x80) {
            if (read_utf8(s, p, &code_point, &p) != 0) {
                return -1;
            }
        } else {
            p++;
        }
    }
    return fail(s, position, "unterminated string");
}

static int is_digit(const scanner *s, size_t position) {
    return position < s->limit && s->text[position] >= '0' && s->text[position] <= '9';
}

static int scan_number(const scanner *s, size_t position, emporium_json_value *value) {
    size_t p = position;
    value->kind = EMPORIUM_JSON_INTEGER;
    if (p < s->limit && s->text[p] == '-') {
        p++;
    }
    if (!is_digit(s, p)) {
        return fail(s, p, "invalid number");
    }
    if (s->text[p] == '0') {
        p++;
    } else {
        while (is_digit(s, p)) {
            p++;
        }
    }
    if (p < s->limit && s->text[p] == '.') {
        p++;
        if (!is_digit(s, p)) {
            return fail(s, p, "invalid number");
        }
        while (is_digit(s, p)) {
            p++;
        }
        value->kind = EMPORIUM_JSON_REAL;
    }
    if (p < s->limit && (s->text[p] == 'e' || s->text[p] == 'E')) {
        p++;
        if (p < s->limit && (s->text[p] == '+' || s->text[p] == '-')) {
            p++;
        }
        if (!is_digit(s, p)) {
            return fail(s, p, "invalid number");
        }
        while (is_digit(s, p)) {
            p++;
        }
        value->kind = EMPORIUM_JSON_REAL;
    }
    value->start = position;
    value->end = p;
    return 0;
}

static int scan_literal(const scanner *s, size_t position, const char *literal, emporium_json_value *value) {
    size_t length = strlen(literal);
    if (s->limit - position < length || memcmp(s->text + position, literal, length) != 0) {
        return fail(s, position, "unexpected character");
    }
    value->kind = literal[0] == 'n' ? EMPORIUM_JSON_NULL : EMPORIUM_JSON_BOOLEAN;
    value->start = position;
    value->end = position + length;
    return 0;
}

/* Objects and arrays: `close` is '}' or ']'; objects read "key": before each value. */
static int scan_container(const scanner *s, size_t position, int depth, emporium_json_value *value) {
    int is_object = s->text[position] == '{';
    unsigned char close = is_object ? '}' : ']';
    if (depth >= EMPORIUM_JSON_MAX_DEPTH) {
        return fail(s, position, "nesting deeper than 32 levels");
    }
    size_t p = skip_whitespace(s, position + 1);
    if (p < s->limit && s->text[p] == close) {
        p++;
    } else {
        for (;;) {
            if (is_object) {
                if (p >= s->limit || s->text[p] != '"') {
                    return fail(s, p, "expected a string key");
                }
                if (scan_string(s, p, &p) != 0) {
                    return -1;
                }
                p = skip_whitespace(s, p);
                if (p >= s->limit || s->text[p] != ':') {
                    return fail(s, p, "expected ':'");
                }
                p++;
            }
            emporium_json_value element;
            if (scan_value(s, p, depth + 1, &element) != 0) {
                return -1;
            }
            p = skip_whitespace(s, element.end);
            if (p < s->limit && s->text[p] == ',') {
                p = skip_whitespace(s, p + 1);
                continue;
            }
            if (p < s->limit && s->text[p] == close) {
                p++;
                break;
            }
            return fail(s, p, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
    }
    value->kind = is_object ? EMPORIUM_JSON_OBJECT : EMPORIUM_JSON_ARRAY;
    value->start = position;
    value->end = p;
    return 0;
}

static int scan_value(const scanner *s, size_t position, int depth, emporium_json_value *value) {
    size_t p = skip_whitespace(s, position);
    if (p >= s->limit) {
        return fail(s, p, "unexpected end of document");
    }
    switch (s->text[p]) {
    case '{':
    case '[':
        return scan_container(s, p, depth, value);
    case '"':
        value->kind = EMPORIUM_JSON_STRING;
        value->start = p;
        return scan_string(s, p, &value->end);
    case 't':
        return scan_literal(s, p, "true", value);
    case 'f':
        return scan_literal(s, p, "false", value);
    case 'n':
        return scan_literal(s, p, "null", value);
    default:
        if (s->text[p] == '-' || (s->text[p] >= '0' && s->text[p] <= '9')) {
            return scan_number(s, p, value);
        }
        return fail(s, p, "unexpected character");
    }
}

int emporium_json_parse(emporium_json_document document, emporium_json_value *root, emporium_json_error *error) {
    scanner s = {(const unsigned char *)document.text, document.length, error};
    if (document.text == NULL) {
        return fail(&s, 0, "no document");
    }
    if (scan_value(&s, 0, 0, root) != 0) {
        return -1;
    }
    size_t end = skip_whitespace(&s, root->end);
    if (end != document.length) {
        return fail(&s, end, "unexpected characters after the document");
    }
    return 0;
}

/* Walking a validated value: reads are bounded by the value's own end as well. */
static int next_in_container(
    emporium_json_document document, emporium_json_value container, size_t *cursor, emporium_json_value *key,
    emporium_json_value *value) {
    if (container.end > document.length || container.end - container.start < 2) {
        return -1;
    }
    scanner s = {(const unsigned char *)document.text, container.end - 1, NULL};
    size_t p = *cursor == 0 ? container.start + 1 : *cursor;
    p = skip_whitespace(&s, p);
    if (p >= s.limit) {
        return 0;
    }
    if (*cursor != 0) {
        if (s.text[p] != ',') {
            return -1;
        }
        p = skip_whitespace(&s, p + 1);
    }
    if (key != NULL) {
        if (p >= s.limit || s.text[p] != '"') {
            return -1;
        }
        key->kind = EMPORIUM_JSON_STRING;
        key->start = p;
        if (scan_string(&s, p, &key->end) != 0) {
            return -1;
        }
        p = skip_whitespace(&s, key->end);
        if (p >= s.limit || s.text[p] != ':') {
            return -1;
        }
        p++;
    }
    /* Depth is relative here; the whole document was already checked against the limit. */
    if (scan_value(&s, p, 0, value) != 0) {
        return -1;
    }
    *cursor = value->end;
    return 1;
}

int emporium_json_object_next(
    emporium_json_document document, emporium_json_value object, size_t *cursor, emporium_json_value *key,
    emporium_json_value *value) {
    if (object.kind != EMPORIUM_JSON_OBJECT || key == NULL) {
        return -1;
    }
    return next_in_container(document, object, cursor, key, value);
}

int emporium_json_array_next(
    emporium_json_document document, emporium_json_value array, size_t *cursor, emporium_json_value *element) {
    if (array.kind != EMPORIUM_JSON_ARRAY) {
        return -1;
    }
    return next_in_container(document, array, cursor, NULL, element);
}

emporium_json_lookup emporium_json_object_member(
    emporium_json_document document, emporium_json_value object, const char *key, emporium_json_value *member) {
    size_t cursor = 0;
    emporium_json_value candidate_key;
    emporium_json_value candidate_value;
    emporium_json_lookup result = EMPORIUM_JSON_MISSING;
    while (emporium_json_object_next(document, object, &cursor, &candidate_key, &candidate_value) == 1) {
        if (emporium_json_string_equals(document, candidate_key, key)) {
            if (result == EMPORIUM_JSON_FOUND) {
                return EMPORIUM_JSON_DUPLICATE;
            }
            *member = candidate_value;
            result = EMPORIUM_JSON_FOUND;
        }
    }
    return result;
}

int emporium_json_integer(emporium_json_document document, emporium_json_value value, int64_t *integer) {
    if (value.kind != EMPORIUM_JSON_INTEGER || value.end > document.length || value.end <= value.start) {
        return -1;
    }
    const char *text = document.text;
    size_t p = value.start;
    int negative = text[p] == '-';
    if (negative) {
        p++;
    }
    /* The magnitude of INT64_MIN is INT64_MAX + 1. */
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    uint64_t magnitude = 0;
    for (; p < value.end; p++) {
        uint64_t digit = (uint64_t)(text[p] - '0');
        if (magnitude > (limit - digit) / 10u) {
            return -2;
        }
        magnitude = magnitude * 10u + digit;
    }
    if (negative) {
        *integer = magnitude == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)magnitude;
    } else {
        *integer = (int64_t)magnitude;
    }
    return 0;
}

static size_t encode_utf8(uint32_t code_point, unsigned char out[4]) {
    if (code_point < 0x80) {
        out[0] = (unsigned char)code_point;
        return 1;
    }
    if (code_point < 0x800) {
        out[0] = (unsigned char)(0xC0 | (code_point >> 6));
        out[1] = (unsigned char)(0x80 | (code_point & 0x3F));
        return 2;
    }
    if (code_point < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (code_point >> 12));
        out[1] = (unsigned char)(0x80 | ((code_point >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (code_point & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (code_point >> 18));
    out[1] = (unsigned char)(0x80 | ((code_point >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((code_point >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (code_point & 0x3F));
    return 4;
}

int emporium_json_string(
    emporium_json_document document, emporium_json_value value, char *buffer, size_t capacity, size_t *length) {
    if (value.kind != EMPORIUM_JSON_STRING || value.end > document.length || value.end - value.start < 2) {
        return -1;
    }
    scanner s = {(const unsigned char *)document.text, value.end - 1, NULL};
    size_t p = value.start + 1;
    size_t written = 0;
    while (p < s.limit) {
        unsigned char encoded[4];
        size_t encoded_length;
        if (s.text[p] == '\\') {
            uint32_t code_point;
            if (read_escape(&s, p, &code_point, &p) != 0) {
                return -1;
            }
            encoded_length = encode_utf8(code_point, encoded);
        } else {
            encoded[0] = s.text[p];
            encoded_length = 1;
            p++;
        }
        if (capacity - written < encoded_length) {
            return -1;
        }
        memcpy(buffer + written, encoded, encoded_length);
        written += encoded_length;
    }
    *length = written;
    return 0;
}

int emporium_json_string_equals(emporium_json_document document, emporium_json_value value, const char *literal) {
    char decoded[128];
    size_t length;
    size_t literal_length = strlen(literal);
    if (literal_length > sizeof decoded) {
        return 0;
    }
    if (emporium_json_string(document, value, decoded, sizeof decoded, &length) != 0) {
        return 0;
    }
    return length == literal_length && memcmp(decoded, literal, length) == 0;
}
