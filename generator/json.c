/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json.h"

#include <inttypes.h>

#include "util.h"

/* Separate a value from its predecessor and indent it. */
static void begin_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		fputs(j->need_comma[j->depth] ? ",\n" : "\n", j->out);
		j->need_comma[j->depth] = true;
		fprintf(j->out, "%*s", 2 * j->depth, "");
	}
}

static void open_container(struct json *j, char c)
{
	begin_value(j);
	fputc(c, j->out);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_container(struct json *j, char c)
{
	bool had_members = j->need_comma[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (had_members)
		fprintf(j->out, "\n%*s", 2 * j->depth, "");
	fputc(c, j->out);
	if (j->depth == 0)
		fputc('\n', j->out);
}

void json_begin_object(struct json *j) { open_container(j, '{'); }
void json_end_object(struct json *j) { close_container(j, '}'); }
void json_begin_array(struct json *j) { open_container(j, '['); }
void json_end_array(struct json *j) { close_container(j, ']'); }

static void write_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		size_t n;
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				fprintf(out, "\\u%04x", *p);
			} else if (*p < 0x80) {
				fputc(*p, out);
			} else if ((n = utf8_sequence(p)) > 0) {
				fwrite(p, 1, n, out);
				p += n - 1;
			} else {
				/*
				 * A byte that is not UTF-8 would make the document
				 * invalid.  It becomes the lone surrogate U+DC80 +
				 * byte, which no UTF-8 text holds, as Python's
				 * "surrogateescape" does: the bytes can be had back.
				 */
				fprintf(out, "\\udc%02x", *p);
			}
		}
	}
	fputc('"', out);
}

void json_key(struct json *j, const char *key)
{
	begin_value(j);
	write_string(j->out, key);
	fputs(": ", j->out);
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	begin_value(j);
	write_string(j->out, s);
}

void json_null(struct json *j)
{
	begin_value(j);
	fputs("null", j->out);
}

void json_member_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_member_string_or_null(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	if (s)
		json_string(j, s);
	else
		json_null(j);
}

void json_member_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	begin_value(j);
	fprintf(j->out, "%" PRId64, v);
}

void json_member_uint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	begin_value(j);
	fprintf(j->out, "%" PRIu64, v);
}

void json_member_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	begin_value(j);
	fputs(v ? "true" : "false", j->out);
}

void json_member_hex(struct json *j, const char *key, uint64_t v, bool zero_is_null)
{
	json_key(j, key);
	if (v || !zero_is_null) {
		begin_value(j);
		fprintf(j->out, "\"0x%" PRIx64 "\"", v);
	} else {
		json_null(j);
	}
}

void json_begin_document(struct json *j, FILE *out, const char *schema,
			 const char *list_key)
{
	*j = (struct json){.out = out};
	json_begin_object(j);
	json_member_string(j, "schema", schema);
	json_key(j, list_key);
	json_begin_array(j);
}

void json_end_document(struct json *j)
{
	json_end_array(j);
	json_end_object(j);
}
