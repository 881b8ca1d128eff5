// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The python executable of an --enable-shared CPython build, as its
 * Programs/python.c is: all of CPython is in libpython, which the
 * executable finds through DT_NEEDED and its RUNPATH ($ORIGIN/../lib).
 * The live tests link it against Debian's libpython3.11 copied into such a
 * prefix, so the markers are reached as
 * process("PREFIX/bin/python3.11").library("PREFIX/lib/libpython3.11.so.1.0").
 */
#include <Python.h>

int main(int argc, char **argv)
{
	return Py_BytesMain(argc, argv);
}
