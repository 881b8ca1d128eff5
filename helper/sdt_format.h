/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SDT note format: the names and numbers <sys/sdt.h> writes into an
 * ELF file, in one place for both programs that read them: the
 * generator's note reader (sdt_notes.c) and the marker helper
 * (helper/_pytapset.c), which finds its interpreter's semaphores at run
 * time.  Plain macros, so that the helper can include this beside
 * <Python.h> without anything of the generator.  It lives in helper/
 * because the helper's Python package (pyproject.toml) is built from
 * that directory alone; the generator finds it there (-I helper).
 *
 * A marker leaves one note in SDT_NOTE_SECTION: owner SDT_NOTE_OWNER
 * (namesz counts its NUL), type SDT_NOTE_TYPE, and a descriptor made of
 * three addresses (the probe's pc, the link-time address of
 * SDT_BASE_SECTION and the semaphore's address, 0 when there is none)
 * followed by three NUL-terminated strings: provider, name and argument
 * spec.  The addresses are 4 or 8 bytes wide, as the file's class says,
 * in the file's byte order.  Semaphores live in SDT_SEMAPHORE_SECTION.
 */
#ifndef PYTAPSET_SDT_FORMAT_H
#define PYTAPSET_SDT_FORMAT_H

#define SDT_NOTE_SECTION ".note.stapsdt"
#define SDT_NOTE_OWNER "stapsdt"
#define SDT_NOTE_TYPE 3
#define SDT_BASE_SECTION ".stapsdt.base"
#define SDT_SEMAPHORE_SECTION ".probes"

#endif
