/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Python of the process `pytapset run` traces; see run_target.h. */
#include "run_target.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "exitcode.h"
#include "helper.h"
#include "paths.h"
#include "private_tapset.h"
#include "pybuild.h"
#include "pycommand.h"
#include "pyprocess.h"
#include "script.h"
#include "settings.h"
#include "stap_runtime.h"
#include "tapset.h"
#include "tapset_file.h"
#include "util.h"

/* What a Python without markers needs, as README and pytapset(1) say it. */
#define HELPER_ADVICE "install pytapset's marker helper into it (pip install, see pytapset(1)) " \
	"and run the program as python3 -m pytapset SCRIPT"

/*
 * The Python the command COMMAND runs, resolved in ROOT into *T (a venv's
 * site-packages searched for the helper too).  Returns a run_target
 * status; *PROGRAM is what messages name.
 */
static int resolve_command(const char *command, struct root *root, struct target *t,
			   char **program, struct diag *diag)
{
	*program = pycommand_program(command, diag);
	if (!*program)
		return EXIT_BAD_INPUT;
	enum target_status status = target_resolve(root, *program, NULL, t, diag);
	if (status == TARGET_ERROR)
		return EXIT_BAD_INPUT;
	if (py_path_kind(*program) != PY_NAME_EXECUTABLE && !t->library) {
		diag_report(diag, DIAG_ERROR, command,
			    "runs %s, which is not a Python: not named python and loads no libpython",
			    *program);
		return EXIT_BAD_INPUT;
	}
	bool helped = helper_find(root, NULL, t, diag);
	return status == TARGET_OK || helped ? EXIT_OK : EXIT_NO_MARKERS;
}

/*
 * EXIT_OK if the tapset in DIR gives every python alias SCRIPT probes;
 * else EXIT_NO_MARKERS with what is missing said, about SUBJECT, as the
 * tapset says it: an empty trace must not look like a quiet program.
 */
static int check_aliases(const char *dir, const char *script, const struct run_target *r,
			 const char *file, struct diag *diag)
{
	struct path_list aliases = {0};
	script_probed(script, "python.", &aliases);
	char *tapset = path_join(dir, TAPSET_FILE);
	int status = EXIT_OK;
	for (size_t i = 0; i < aliases.count; i++) {
		char *reason;
		switch (tapset_file_alias(tapset, aliases.items[i], &reason)) {
		case TAPSET_ALIAS_AVAILABLE:
			continue;
		case TAPSET_ALIAS_UNAVAILABLE:
			diag_report(diag, DIAG_ERROR, r->subject, "%s: %s not available: %s", file,
				    aliases.items[i], reason);
			break;
		case TAPSET_ALIAS_ABSENT:
			diag_report(diag, DIAG_ERROR, r->subject, "%s: has no marker for %s", file,
				    aliases.items[i]);
			break;
		}
		free(reason);
		status = EXIT_NO_MARKERS;
		break;
	}
	free(tapset);
	path_list_free(&aliases);
	return status;
}

int run_target_python(const char *pid, const char *command, struct pyprocess *p,
		      char **subject, struct diag *diag)
{
	*p = (struct pyprocess){0};
	int status;
	if (pid) {
		*subject = xstrdup(pid);
		enum pyprocess_status s = pyprocess_describe(pid, p, diag);
		status = s == PYPROCESS_OK ? EXIT_OK
			 : s == PYPROCESS_NO_MARKERS ? EXIT_NO_MARKERS : EXIT_BAD_INPUT;
	} else {
		p->root = root_open(NULL);
		status = resolve_command(command, p->root, &p->target, subject, diag);
	}
	if (status == EXIT_NO_MARKERS)
		diag_report(diag, DIAG_ERROR, *subject,
			    "%s: no python markers and no marker helper: " HELPER_ADVICE,
			    target_key(&p->target));
	return status;
}

int run_target_prepare(const char *pid, const char *command, const char *script,
		       const char *stap, const char *kernel, struct run_target *r,
		       struct diag *diag)
{
	*r = (struct run_target){0};
	struct pyprocess p;
	struct target *t = &p.target;
	int status = run_target_python(pid, command, &p, &r->subject, diag);
	r->sysroot = p.sysroot ? xstrdup(p.sysroot) : NULL;
	if (r->sysroot && (!kernel || kernel[0] != '/')) {
		struct utsname u;
		uname(&u);
		r->kernel_tree = xasprintf("/lib/modules/%s/build", kernel ? kernel : u.release);
	}
	if (status != EXIT_OK)
		goto out;

	r->tapset_dir = private_tapset_dir(p.root, t, setting(SETTING_TEMPLATE_DIR), diag);
	if (!r->tapset_dir) {
		status = EXIT_OUTPUT;
		goto out;
	}
	status = check_aliases(r->tapset_dir, script, r, target_key(t), diag);
	/* The directory stap would read by default: the user's, else its own. */
	const char *dir = setting_override(SETTING_TAPSET_DIR);
	r->default_dir = dir ? xstrdup(dir) : stap_share_dir(stap, "tapset");
	struct stat st;
	if (!r->default_dir || stat(r->default_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		/* A stap outside a prefix of its own: where configure found its tapsets. */
		free(r->default_dir);
		r->default_dir = xstrdup(setting(SETTING_TAPSET_DIR));
	}
out:
	pyprocess_free(&p);
	return status;
}

void run_target_free(struct run_target *r)
{
	free(r->tapset_dir);
	free(r->default_dir);
	free(r->sysroot);
	free(r->kernel_tree);
	free(r->subject);
	*r = (struct run_target){0};
}
