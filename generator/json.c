/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json.h"

#include <inttypes.h>

void json_init(struct json *j, FILE *out)
{
	*j = (struct json){.out = out};
}

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

/*
 * Length of the well-formed UTF-8 sequence at P (1 to 4), or 0 if P does
 * not start one: overlong forms, surrogates and values past U+10FFFF are
 * not well-formed.
 */
static size_t utf8_sequence(const unsigned char *p)
{
	static const struct {
		unsigned char lead_min, lead_max, second_min, second_max;
		size_t length;
	} forms[] = {
		{0xc2, 0xdf, 0x80, 0xbf, 2},
		{0xe0, 0xe0, 0xa0, 0xbf, 3},
		{0xe1, 0xec, 0x80, 0xbf, 3},
		{0xed, 0xed, 0x80, 0x9f, 3},
		{0xee, 0xef, 0x80, 0xbf, 3},
		{0xf0, 0xf0, 0x90, 0xbf, 4},
		{0xf1, 0xf3, 0x80, 0xbf, 4},
		{0xf4, 0xf4, 0x80, 0x8f, 4},
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (p[0] < forms[i].lead_min || p[0] > forms[i].lead_max)
			continue;
		if (p[1] < forms[i].second_min || p[1] > forms[i].second_max)
			return 0;
		for (size_t k = 2; k < forms[i].length; k++)
			if (p[k] < 0x80 || p[k] > 0xbf)
				return 0;
		return forms[i].length;
	}
	return 0;
}

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
				 * invalid: it stands for the Latin-1 code point it is.
				 */
				fprintf(out, "\\u%04x", *p);
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

void json_int(struct json *j, int64_t v)
{
	begin_value(j);
	fprintf(j->out, "%" PRId64, v);
}

void json_uint(struct json *j, uint64_t v)
{
	begin_value(j);
	fprintf(j->out, "%" PRIu64, v);
}

void json_bool(struct json *j, bool v)
{
	begin_value(j);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j)
{
	begin_value(j);
	fputs("null", j->out);
}

void json_hex(struct json *j, uint64_t v)
{
	begin_value(j);
	fprintf(j->out, "\"0x%" PRIx64 "\"", v);
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
	json_int(j, v);
}

void json_member_uint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_member_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_member_hex(struct json *j, const char *key, uint64_t v, bool zero_is_null)
{
	json_key(j, key);
	if (v || !zero_is_null)
		json_hex(j, v);
	else
		json_null(j);
}

void json_begin_document(struct json *j, FILE *out, const char *schema,
			 const char *list_key)
{
	json_init(j, out);
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
