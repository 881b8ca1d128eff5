/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the ELF note reader: the input is an ELF image,
 * read from memory exactly as pytapset reads a file, then the tapset is
 * rendered from whatever markers it yields, so the renderer sees hostile
 * provider and marker names too.  The reader parses the operands of every
 * note (to report one it cannot decode), so the argument-spec parser sees
 * the specs of hostile notes as well.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "provider.h"
#include "sdt_file.h"
#include "tapset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct provider provider;
static const char *template_dir;

static void load_description(void)
{
	static int loaded;
	if (loaded)
		return;
	loaded = 1;
	template_dir = getenv("PYTAPSET_TEMPLATEDIR");
	if (!template_dir)
		template_dir = "templates";
	struct diag diag = {0};
	char path[4096];
	snprintf(path, sizeof(path), "%s/python.markers", template_dir);
	if (provider_load(path, &provider, &diag) != 0)
		abort(); /* run from the source tree or set PYTAPSET_TEMPLATEDIR */
	diag_free(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	load_description();

	struct diag diag = {0};
	struct sdt_file file;
	if (sdt_file_read_memory("fuzz", data, size, &file, &diag) == 0) {
		struct tapset_source source = {.exe = "/usr/bin/python3.11",
					       .family = "python3_11", .markers = &file};
		char *text = NULL;
		size_t text_size = 0;
		if (tapset_render(&source, 1, &provider, template_dir, &text,
				  &text_size, &diag) == 0)
			free(text);
	}
	sdt_file_free(&file);
	diag_free(&diag);
	return 0;
}
