/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rendering python.stp.
 *
 * Each file that holds markers becomes one probe-point prefix, in the
 * form target_name_points() chose: process("EXE"),
 * process("EXE").library("LIB") or process("LIB").  A file appears once
 * whatever the number of ways it was reached, so every marker site is
 * probed exactly once.
 *
 * Two families of aliases share the points: python.MARKER over every
 * file, and pythonX_Y.MARKER over the files of one version.  Aliases exist
 * only for markers some file has, with variables only for the arguments
 * every site has.  A described marker that no file has gets an alias whose
 * probe point cannot resolve and carries the reason in a comment: stap
 * prints that line with its error, so the user reads why instead of a
 * bare "no match".
 */
#include "tapset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "probepoint.h"
#include "tapset_file.h"
#include "template.h"
#include "util.h"

#define GENERIC_FAMILY "python"

/*
 * CPython has about fifteen markers.  A file with thousands of distinct
 * undescribed ones is broken or hostile; aliases for the first few
 * hundred keep the tapset (and stap's parse of it) bounded.
 */
#define MAX_UNDESCRIBED_MARKERS 256

/* One marker of a file: its name and the fewest arguments of its sites. */
struct marker_entry {
	const char *name;
	size_t args;
};

struct holder {
	const char *file;	/* the file with the markers: sort key */
	char *point;		/* probe-point prefix, see above */
	const char *family;	/* "python3_11", or NULL if the version is unknown */
	bool helper;		/* the file is pytapset's marker helper */
	char *summary;		/* one line for the tapset header */
	/*
	 * The provider's usable markers, sorted by name, so that a file with
	 * a huge number of notes costs O(n log n), not O(n^2).
	 */
	struct marker_entry *entries;
	size_t entry_count;
};

struct templates {
	char *header, *alias, *missing;
};

struct render {
	FILE *out;
	const struct provider *provider;
	const struct templates *templates;
	struct holder *holders;
	size_t holder_count;
	struct diag *diag;
};

static int holder_compare(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	return c ? c : strcmp(x->point, y->point);
}

static int entry_compare(const void *a, const void *b)
{
	const struct marker_entry *x = a, *y = b;
	return strcmp(x->name, y->name);
}

/*
 * Index the markers of FILE that belong to PROVIDER: one entry per name
 * with the smallest argument count of its sites (a variable must exist at
 * every site).  Names that are not identifiers cannot be part of an alias
 * and could carry code into the tapset: they are dropped with a warning.
 */
static void index_markers(struct holder *h, const struct sdt_file *file,
			  const char *provider, struct diag *diag)
{
	size_t dropped = 0;
	h->entries = xcalloc(file->probe_count, sizeof(*h->entries));
	for (size_t i = 0; i < file->probe_count; i++) {
		const struct sdt_probe *p = &file->probes[i];
		if (strcmp(p->provider, provider) != 0)
			continue;
		if (!probepoint_is_identifier(p->name)) {
			dropped++;
			continue;
		}
		h->entries[h->entry_count++] = (struct marker_entry){
			.name = p->name, .args = p->arg_count};
	}
	if (dropped)
		diag_report(diag, DIAG_WARNING, h->file,
			    "%zu %s marker site%s with a name that is not an identifier: skipped",
			    dropped, provider, dropped == 1 ? "" : "s");
	if (h->entry_count == 0)
		return;

	qsort(h->entries, h->entry_count, sizeof(*h->entries), entry_compare);
	size_t unique = 0;
	for (size_t i = 0; i < h->entry_count; i++) {
		struct marker_entry *last = unique ? &h->entries[unique - 1] : NULL;
		if (last && strcmp(last->name, h->entries[i].name) == 0) {
			if (h->entries[i].args < last->args)
				last->args = h->entries[i].args;
		} else {
			h->entries[unique++] = h->entries[i];
		}
	}
	h->entry_count = unique;
}

/* Whether H has marker NAME; *ARGS becomes its smallest argument count. */
static bool holder_has(const struct holder *h, const char *name, size_t *args)
{
	struct marker_entry key = {.name = name};
	const struct marker_entry *e =
		h->entry_count ? bsearch(&key, h->entries, h->entry_count,
					 sizeof(*h->entries), entry_compare)
			       : NULL;
	if (e)
		*args = e->args;
	return e != NULL;
}

static bool holder_exists(const struct render *r, const char *file)
{
	for (size_t i = 0; i < r->holder_count; i++)
		if (strcmp(r->holders[i].file, file) == 0)
			return true;
	return false;
}

static void add_holder(struct render *r, const struct tapset_source *s)
{
	const char *file = s->library ? s->library : s->exe;
	if (holder_exists(r, file))
		return;

	struct holder h = {.file = file,
			   .family = s->family && *s->family ? s->family : NULL,
			   .helper = s->helper};
	index_markers(&h, s->markers, r->provider->name, r->diag);
	switch (s->form) {
	case TARGET_IN_EXE:
		h.point = probepoint_in_exe(s->exe);
		break;
	case TARGET_IN_EXE_LIBRARY:
		h.point = probepoint_in_exe_library(s->exe, s->library);
		break;
	case TARGET_IN_LIBRARY:
		h.point = probepoint_in_library(s->library);
		break;
	}
	h.summary = tapset_file_covered_line(s->form, s->exe, s->library, s->helper);
	if (!h.family)
		diag_report(r->diag, DIAG_WARNING, file,
			    "cannot tell the Python version from the file name: no per-version aliases");

	r->holders = xreallocarray(r->holders, r->holder_count + 1, sizeof(*r->holders));
	r->holders[r->holder_count++] = h;
}

static bool in_family(const struct holder *h, const char *family)
{
	return strcmp(family, GENERIC_FAMILY) == 0 ||
	       (h->family && strcmp(h->family, family) == 0);
}

/*
 * Whether H's own sites of marker M are left out: M is not faithful in
 * H's family without the marker helper, and no helper of that family is
 * covered.
 */
static bool needs_absent_helper(const struct render *r, const struct holder *h,
				const struct marker_desc *m)
{
	if (!m || !m->needs_helper_reason || h->helper || !h->family)
		return false;
	char family[PY_FAMILY_SIZE];
	py_version_family(&m->needs_helper, family);
	if (strcmp(h->family, family) != 0)
		return false;
	for (size_t i = 0; i < r->holder_count; i++)
		if (r->holders[i].helper && r->holders[i].family &&
		    strcmp(r->holders[i].family, h->family) == 0)
			return false;
	return true;
}

/* The alias of an undescribed marker: "foo__bar" -> "foo.bar". */
static char *alias_of_undescribed(const char *name)
{
	char *alias = xmalloc(strlen(name) + 1), *w = alias;
	for (const char *p = name; *p; p++) {
		if (p[0] == '_' && p[1] == '_') {
			*w++ = '.';
			p++;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return alias;
}

/* Append to a growing text buffer. */
static void append(char **buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(char **buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *piece = xvasprintf(fmt, ap);
	va_end(ap);
	char *joined = xasprintf("%s%s", *buf ? *buf : "", piece);
	free(*buf);
	free(piece);
	*buf = joined;
}

static void describe_variables(const struct marker_desc *m, size_t args,
			       char **vardocs, char **locals)
{
	for (size_t i = 0; i < args; i++) {
		if (m && i < m->arg_count) {
			const struct arg_desc *a = &m->args[i];
			append(vardocs, "%s * @%s: %s", *vardocs ? "\n" : "", a->variable, a->doc);
			if (a->type == VAR_STRING)
				append(locals, "%s\t%s = user_string($arg%zu, \"\")",
				       *locals ? "\n" : "", a->variable, i + 1);
			else
				append(locals, "%s\t%s = $arg%zu", *locals ? "\n" : "",
				       a->variable, i + 1);
		} else {
			append(vardocs, "%s * @arg%zu: argument %zu, undescribed",
			       *vardocs ? "\n" : "", i + 1, i + 1);
			append(locals, "%s\targ%zu = $arg%zu", *locals ? "\n" : "", i + 1, i + 1);
		}
	}
}

static char *doc_lines(const struct marker_desc *m, const char *name)
{
	char *doc = NULL;
	const char *text = m ? m->doc : NULL;
	append(&doc, " * Fires at the %s marker.", name);
	if (!text)
		return doc;
	char *copy = xstrdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		append(&doc, "\n * %s", line);
	free(copy);
	return doc;
}

/* Emit FAMILY.ALIAS for marker NAME if some file of the family has it. */
static void emit_alias(struct render *r, const char *family, const char *name,
		       const struct marker_desc *m)
{
	char *points = NULL;
	size_t min_args = 0;
	bool any = false, left_out = false;
	const struct holder *first = NULL;
	for (size_t i = 0; i < r->holder_count; i++) {
		const struct holder *h = &r->holders[i];
		size_t n = 0;
		if (!in_family(h, family))
			continue;
		if (!first)
			first = h;
		if (!holder_has(h, name, &n))
			continue;
		if (needs_absent_helper(r, h, m)) {
			/* Said once, in the first family emitted. */
			if (strcmp(family, GENERIC_FAMILY) == 0)
				diag_report(r->diag, DIAG_WARNING, h->file,
					    "%s left out: %s", name, m->needs_helper_reason);
			left_out = true;
			continue;
		}
		if (!any || n < min_args)
			min_args = n;
		char *point = probepoint_mark(h->point, name);
		append(&points, "%s\t%s ?", any ? ",\n" : "", point);
		free(point);
		any = true;
	}
	if (!first || (!any && !left_out && (!m || !m->missing)))
		goto out;

	char *alias_suffix = m ? xstrdup(m->alias) : alias_of_undescribed(name);
	char *alias = xasprintf("%s.%s", family, alias_suffix);
	const char *summary = m ? m->summary : "an undescribed marker";
	if (!any) {
		char *reason = left_out ? xstrdup(m->needs_helper_reason)
					: xasprintf("none of the Pythons covered has the %s marker (%s)",
						    name, m->missing);
		/* A left-out marker exists: name one that cannot. */
		char *absent = xasprintf("%s%s", name, left_out ? "__without_helper" : "");
		char *point = probepoint_mark(first->point, absent);
		free(absent);
		const struct template_var vars[] = {
			{"ALIAS", alias}, {"SUMMARY", summary},
			{"REASON", reason}, {"POINT", point},
		};
		template_expand(r->out, r->templates->missing, vars, 4);
		free(reason);
		free(point);
	} else {
		char *vardocs = NULL, *locals = NULL;
		describe_variables(m, min_args, &vardocs, &locals);
		char *doc = doc_lines(m, name);
		const struct template_var vars[] = {
			{"ALIAS", alias}, {"SUMMARY", summary}, {"POINTS", points},
			{"VARDOCS", vardocs ? vardocs : " *"}, {"LOCALS", locals ? locals : ""},
			{"DOC", doc},
		};
		template_expand(r->out, r->templates->alias, vars, 6);
		free(vardocs);
		free(locals);
		free(doc);
	}
	free(alias_suffix);
	free(alias);
out:
	free(points);
}

static bool name_listed(const char **names, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static int name_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Markers the files have that the description lacks, sorted and unique,
 * each warned about once.
 */
static const char **undescribed_markers(struct render *r, size_t *count)
{
	size_t total = 0;
	for (size_t i = 0; i < r->holder_count; i++)
		total += r->holders[i].entry_count;
	const char **names = xcalloc(total, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < r->holder_count; i++)
		for (size_t j = 0; j < r->holders[i].entry_count; j++)
			if (!provider_find(r->provider, r->holders[i].entries[j].name))
				names[n++] = r->holders[i].entries[j].name;
	if (n)
		qsort(names, n, sizeof(*names), name_compare);

	size_t unique = 0;
	for (size_t i = 0; i < n; i++) {
		if (unique && strcmp(names[unique - 1], names[i]) == 0)
			continue;
		names[unique++] = names[i];
	}
	*count = unique < MAX_UNDESCRIBED_MARKERS ? unique : MAX_UNDESCRIBED_MARKERS;
	for (size_t i = 0; i < *count; i++)
		diag_report(r->diag, DIAG_WARNING, NULL,
			    "marker %s:%s is not described; its aliases have raw variables arg1, arg2...",
			    r->provider->name, names[i]);
	if (unique > *count)
		diag_report(r->diag, DIAG_WARNING, NULL,
			    "%zu more undescribed %s markers get no alias (at most %d do)",
			    unique - *count, r->provider->name, MAX_UNDESCRIBED_MARKERS);
	return names;
}

static void emit_family(struct render *r, const char *family, const char **undescribed,
			size_t undescribed_count)
{
	for (size_t i = 0; i < r->provider->marker_count; i++)
		emit_alias(r, family, r->provider->markers[i].name, &r->provider->markers[i]);
	for (size_t i = 0; i < undescribed_count; i++)
		emit_alias(r, family, undescribed[i], NULL);
}

static int family_compare(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

static void emit_all(struct render *r)
{
	char **covered = xcalloc(r->holder_count, sizeof(*covered));
	for (size_t i = 0; i < r->holder_count; i++)
		covered[i] = r->holders[i].summary;
	tapset_file_write_header(r->out, r->templates->header, covered, r->holder_count);
	free(covered);

	size_t undescribed_count;
	const char **undescribed = undescribed_markers(r, &undescribed_count);
	emit_family(r, GENERIC_FAMILY, undescribed, undescribed_count);

	const char **families = NULL;
	size_t family_count = 0;
	for (size_t i = 0; i < r->holder_count; i++) {
		const char *f = r->holders[i].family;
		if (f && !name_listed(families, family_count, f)) {
			families = xreallocarray(families, family_count + 1, sizeof(*families));
			families[family_count++] = r->holders[i].family;
		}
	}
	if (family_count)
		qsort(families, family_count, sizeof(*families), family_compare);
	for (size_t i = 0; i < family_count; i++)
		emit_family(r, families[i], undescribed, undescribed_count);
	free(families);
	free(undescribed);
}

static void free_templates(struct templates *t)
{
	free(t->header);
	free(t->alias);
	free(t->missing);
}

struct tapset_source *tapset_sources(const struct target *targets, size_t count, size_t *n)
{
	struct tapset_source *sources = xcalloc(2 * count + 1, sizeof(*sources));
	*n = 0;
	for (size_t i = 0; i < count; i++) {
		const struct target *t = &targets[i];
		if (target_has_markers(t->markers))
			sources[(*n)++] = (struct tapset_source){
				.exe = t->exe,
				.library = t->library,
				.form = t->form,
				.family = t->family,
				.markers = t->markers,
			};
		if (t->helper)
			sources[(*n)++] = (struct tapset_source){
				.library = t->helper,
				.form = TARGET_IN_LIBRARY,
				.family = t->family,
				.markers = t->helper_markers,
				.helper = true,
			};
	}
	return sources;
}

int tapset_render(const struct tapset_source *sources, size_t count,
		  const struct provider *provider, const char *template_dir,
		  char **text, size_t *size, struct diag *diag)
{
	struct templates templates = {
		.header = template_load(template_dir, "tapset-header.stp", diag),
		.alias = template_load(template_dir, "tapset-alias.stp", diag),
		.missing = template_load(template_dir, "tapset-missing.stp", diag),
	};
	if (!templates.header || !templates.alias || !templates.missing) {
		free_templates(&templates);
		return -1;
	}

	struct render r = {.provider = provider, .templates = &templates, .diag = diag};
	for (size_t i = 0; i < count; i++)
		add_holder(&r, &sources[i]);
	qsort(r.holders, r.holder_count, sizeof(*r.holders), holder_compare);

	/* A memory stream fails only without memory. */
	r.out = open_memstream(text, size);
	if (!r.out)
		out_of_memory();
	emit_all(&r);
	if (fclose(r.out) != 0)
		out_of_memory();

	for (size_t i = 0; i < r.holder_count; i++) {
		free(r.holders[i].entries);
		free(r.holders[i].point);
		free(r.holders[i].summary);
	}
	free(r.holders);
	free_templates(&templates);
	return 0;
}

int tapset_render_targets(struct target *targets, size_t count, const char *template_dir,
			  char **text, size_t *size, struct diag *diag)
{
	char *description = path_join(template_dir, PROVIDER_DESCRIPTION_FILE);
	struct provider provider;
	int loaded = provider_load(description, &provider, diag);
	free(description);
	if (loaded != 0)
		return -1;

	target_name_points(targets, count);
	size_t n;
	struct tapset_source *sources = tapset_sources(targets, count, &n);
	int ret = tapset_render(sources, n, &provider, template_dir, text, size, diag);
	free(sources);
	provider_free(&provider);
	return ret;
}
