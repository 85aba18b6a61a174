/*
 * A small, bounds-checked JSON reader for plugin requests and configuration.
 *
 * The input is never assumed to be NUL-terminated: every read is checked against the length given.
 * `emporium_json_parse` validates a whole document once (RFC 8259 grammar, UTF-8, escapes, nesting
 * of at most EMPORIUM_JSON_MAX_DEPTH containers); the other functions then walk parts of it without
 * allocating. Numbers are split into integers and reals so that money can refuse fractions.
 */
#ifndef EMPORIUM_JSON_SCAN_H
#define EMPORIUM_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Keeps these symbols out of the plugin's exported interface. */
#if defined(__GNUC__)
#define EMPORIUM_JSON_INTERNAL __attribute__((visibility("hidden")))
#else
#define EMPORIUM_JSON_INTERNAL
#endif

#define EMPORIUM_JSON_MAX_DEPTH 32

typedef enum emporium_json_kind {
    EMPORIUM_JSON_NULL,
    EMPORIUM_JSON_BOOLEAN,
    EMPORIUM_JSON_INTEGER,
    EMPORIUM_JSON_REAL,
    EMPORIUM_JSON_STRING,
    EMPORIUM_JSON_ARRAY,
    EMPORIUM_JSON_OBJECT,
} emporium_json_kind;

/** A document: text that is not necessarily NUL-terminated, and its length in bytes. */
typedef struct emporium_json_document {
    const char *text;
    size_t length;
} emporium_json_document;

/** One value of a validated document: bytes [start, end) of its text. */
typedef struct emporium_json_value {
    emporium_json_kind kind;
    size_t start;
    size_t end;
} emporium_json_value;

typedef struct emporium_json_error {
    /** Byte offset in the document where reading stopped. */
    size_t offset;
    /** A static English message, e.g. "unterminated string". */
    const char *message;
} emporium_json_error;

typedef enum emporium_json_lookup {
    EMPORIUM_JSON_FOUND,
    EMPORIUM_JSON_MISSING,
    EMPORIUM_JSON_DUPLICATE,
} emporium_json_lookup;

/** Validates the whole document; returns 0 and its root value, or -1 and `*error`. */
EMPORIUM_JSON_INTERNAL int emporium_json_parse(
    emporium_json_document document, emporium_json_value *root, emporium_json_error *error);

/** Finds `key` in an object of a validated document; a key present twice is reported, not guessed. */
EMPORIUM_JSON_INTERNAL emporium_json_lookup emporium_json_object_member(
    emporium_json_document document, emporium_json_value object, const char *key, emporium_json_value *member);

/**
 * Steps through an object's members. Start with `*cursor == 0`; returns 1 with the next key and
 * value, 0 at the end, -1 if the value is not an object.
 */
EMPORIUM_JSON_INTERNAL int emporium_json_object_next(
    emporium_json_document document, emporium_json_value object, size_t *cursor, emporium_json_value *key,
    emporium_json_value *value);

/** Steps through an array's elements, like `emporium_json_object_next`. */
EMPORIUM_JSON_INTERNAL int emporium_json_array_next(
    emporium_json_document document, emporium_json_value array, size_t *cursor, emporium_json_value *element);

/** Reads an integer; returns 0, -1 if the value is not an integer, -2 if it does not fit in int64_t. */
EMPORIUM_JSON_INTERNAL int emporium_json_integer(
    emporium_json_document document, emporium_json_value value, int64_t *integer);

/**
 * Decodes a string's escapes into `buffer` as UTF-8 (not NUL-terminated) and sets `*length`; returns
 * 0, or -1 if the value is not a string or does not fit in `capacity` bytes.
 */
EMPORIUM_JSON_INTERNAL int emporium_json_string(
    emporium_json_document document, emporium_json_value value, char *buffer, size_t capacity, size_t *length);

/** Whether a string value decodes to exactly the NUL-terminated `literal`. */
EMPORIUM_JSON_INTERNAL int emporium_json_string_equals(
    emporium_json_document document, emporium_json_value value, const char *literal);

#endif /* EMPORIUM_JSON_SCAN_H */
