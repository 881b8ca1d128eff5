/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal streaming JSON writer: enough for pytapset's own documents,
 * with correct string escaping and commas placed by the writer, so callers
 * cannot produce malformed output.
 */
#ifndef PYTAPSET_JSON_H
#define PYTAPSET_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
};

/*
 * pytapset's documents: {"schema": SCHEMA, LIST_KEY: [ ... ]}.  Begin
 * leaves the writer inside the list; end closes the list and the object.
 */
void json_begin_document(struct json *j, FILE *out, const char *schema,
			 const char *list_key);
void json_end_document(struct json *j);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);
void json_null(struct json *j);

/* An object member: the key, then the value. */
void json_member_string(struct json *j, const char *key, const char *s);
void json_member_int(struct json *j, const char *key, int64_t v);
void json_member_uint(struct json *j, const char *key, uint64_t v);
void json_member_bool(struct json *j, const char *key, bool v);
/*
 * A 64-bit address as a "0x..." string (JSON numbers lose precision past
 * 2^53), or null when V is 0 and ZERO_IS_NULL is set.
 */
void json_member_hex(struct json *j, const char *key, uint64_t v, bool zero_is_null);
/* The string, or null when S is NULL. */
void json_member_string_or_null(struct json *j, const char *key, const char *s);

#endif
