/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing generated files: atomically, so that SystemTap never reads half
 * a tapset and a failure leaves the previous file untouched.
 */
#ifndef PYTAPSET_OUTPUT_H
#define PYTAPSET_OUTPUT_H

#include <stddef.h>

#include "diag.h"

/*
 * Write SIZE bytes of DATA to PATH ("-": standard output).  The bytes go
 * to a temporary file in PATH's directory whose name does not end in
 * ".stp" (stap reads every *.stp file of a tapset directory, hidden ones
 * too), are flushed to disk, get mode 0644 whatever the umask, and the
 * file is renamed over PATH.  A symbolic link at PATH is followed: the
 * file it names is replaced and the link stays.  A PATH that exists and is
 * not a regular file (directory, device, FIFO, socket), or a link to one
 * or to nothing, is refused.  Returns 0, or -1 with the reason in DIAG and
 * PATH as it was.
 */
int output_write_atomic(const char *path, const char *data, size_t size,
			struct diag *diag);

#endif
