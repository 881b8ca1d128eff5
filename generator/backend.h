/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which tracer `pytapset run` uses: SystemTap, whose kernel runtime is a
 * module, or bpftrace, which needs none.  SystemTap unless asked
 * otherwise or unless it cannot run here: not installed, or a kernel that
 * loads no module stap builds (no module support, loading disabled,
 * lockdown or enforced signatures: stap's modules are unsigned), the
 * cheap part of `pytapset doctor`'s verdict.
 */
#ifndef PYTAPSET_BACKEND_H
#define PYTAPSET_BACKEND_H

#include <stdbool.h>

enum backend { BACKEND_STAP, BACKEND_BPFTRACE };

/* The program names of the backends, as --backend takes them. */
#define BACKEND_NAMES "stap or bpftrace"

/*
 * Choose: ASKED is "stap", "bpftrace" or NULL (choose as above; STAP_ONLY:
 * the user gave options only stap has, which choose it).  Returns 0 with
 * *CHOSEN and *WHY (one phrase, malloc'd), or -1 for an unknown ASKED.
 */
int backend_choose(const char *asked, bool stap_only, enum backend *chosen, char **why);

/*
 * Why the running kernel loads no module stap builds (a phrase, static),
 * or NULL when it may.
 */
const char *kernel_module_refusal(void);

#endif
