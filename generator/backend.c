/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Choosing `pytapset run`'s tracer (see backend.h).
 */
#include "backend.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "process.h"
#include "settings.h"
#include "util.h"

/* Whether the first line of PATH starts with TEXT. */
static bool first_line_starts(const char *path, const char *text)
{
	char line[256] = "";
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool starts = fgets(line, sizeof(line), f) && strncmp(line, text, strlen(text)) == 0;
	fclose(f);
	return starts;
}

const char *kernel_module_refusal(void)
{
	if (access("/proc/modules", F_OK) != 0)
		return "this kernel cannot load modules (no /proc/modules)";
	if (first_line_starts("/proc/sys/kernel/modules_disabled", "1"))
		return "loading modules is disabled (/proc/sys/kernel/modules_disabled is 1)";
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");
	char line[256] = "";
	bool locked = f && fgets(line, sizeof(line), f) && !strstr(line, "[none]");
	if (f)
		fclose(f);
	if (locked)
		return "the kernel is locked down (Secure Boot): it loads no unsigned module";
	if (first_line_starts("/sys/module/module/parameters/sig_enforce", "Y"))
		return "the kernel enforces module signatures: it loads no unsigned module";
	return NULL;
}

static bool installed(enum setting program)
{
	char *found = process_find(setting(program));
	free(found);
	return found != NULL;
}

int backend_choose(const char *asked, bool stap_only, enum backend *chosen, char **why)
{
	if (asked) {
		if (strcmp(asked, "stap") != 0 && strcmp(asked, "bpftrace") != 0)
			return -1;
		*chosen = strcmp(asked, "stap") == 0 ? BACKEND_STAP : BACKEND_BPFTRACE;
		*why = xstrdup("as asked (--backend)");
		return 0;
	}
	if (stap_only) {
		*chosen = BACKEND_STAP;
		*why = xstrdup("options only stap has were given");
		return 0;
	}
	const char *refusal = kernel_module_refusal();
	bool stap = installed(SETTING_STAP);
	*chosen = BACKEND_STAP;
	if (!stap || refusal) {
		if (installed(SETTING_BPFTRACE)) {
			*chosen = BACKEND_BPFTRACE;
			*why = xasprintf("SystemTap cannot run here: %s",
					 stap ? refusal : "stap is not installed");
		} else {
			*why = xasprintf("bpftrace is not installed, although %s",
					 stap ? refusal : "stap is not installed");
		}
		return 0;
	}
	*why = xstrdup("this kernel can load SystemTap's modules");
	return 0;
}
