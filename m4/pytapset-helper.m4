# SPDX-License-Identifier: GPL-2.0-or-later
# PYTAPSET_PYTHON_HELPER: find the Pythons the marker helper (helper/) is
# built for, and where it is installed for each.
#
# The helper is a CPython extension module, so it is built once per
# Python (3.11 and later: older ones have working markers of their own)
# with that Python's headers.  Every python3.N in /usr/bin counts (the
# system's Pythons, whose markers the tapset describes), else those in
# PATH; --with-helper-pythons names them instead.  A Python without its
# headers is reported and skipped.
#
# Each is installed into the directory that Python imports third-party
# modules from, under the configured prefix: for --prefix=/usr/local on
# Debian that is /usr/local/lib/python3.N/dist-packages, for --prefix=/usr
# Debian's /usr/lib/python3/dist-packages (scheme deb_system), elsewhere
# what sysconfig says for the prefix.  --with-python-helper-dir overrides
# it for every Python (the module file names carry the Python's ABI tag,
# so several Pythons share a directory).
#
# Sets HELPER_BUILDS: one word per Python,
# VERSION:INCLUDEDIR:EXT_SUFFIX:DIR:PYTHON, with DIR relative to ${prefix}
# where it lies under it (the tests run PYTHON); and HELPER_DIRS, those
# DIRs joined by ':', where the generator looks for the helper.
AC_DEFUN([PYTAPSET_PYTHON_HELPER], [
AC_ARG_WITH([helper-pythons],
  [AS_HELP_STRING([--with-helper-pythons=PYTHONS],
                  [Python 3.11+ executables to build the marker helper for, separated by spaces, or "no" @<:@every python3.N in /usr/bin, else in PATH@:>@])],
  [], [with_helper_pythons=detect])
AC_ARG_WITH([python-helper-dir],
  [AS_HELP_STRING([--with-python-helper-dir=DIR],
                  [install the marker helper into DIR for every Python @<:@each Python's module directory under PREFIX@:>@])],
  [], [with_python_helper_dir=])

pytapset_helper_pythons=
AS_CASE([$with_helper_pythons],
  [no], [],
  [detect], [
    for pytapset_v in 11 12 13 14 15 16 17 18 19 20; do
      if test -x /usr/bin/python3.$pytapset_v; then
        pytapset_helper_pythons="$pytapset_helper_pythons /usr/bin/python3.$pytapset_v"
      fi
    done
    if test -z "$pytapset_helper_pythons"; then
      for pytapset_v in 11 12 13 14 15 16 17 18 19 20; do
        AS_UNSET([pytapset_py])
        AC_PATH_PROG([pytapset_py], [python3.$pytapset_v])
        AS_UNSET([ac_cv_path_pytapset_py])
        test -n "$pytapset_py" && pytapset_helper_pythons="$pytapset_helper_pythons $pytapset_py"
      done
    fi],
  [pytapset_helper_pythons=$with_helper_pythons])

pytapset_prefix=$prefix
test "x$pytapset_prefix" = xNONE && pytapset_prefix=$ac_default_prefix
HELPER_BUILDS=
HELPER_DIRS=
for pytapset_py in $pytapset_helper_pythons; do
  AC_MSG_CHECKING([the marker helper for $pytapset_py])
  pytapset_info=`"$pytapset_py" "$srcdir/helper/python-info.py" "$pytapset_prefix" 2>&AS_MESSAGE_LOG_FD`
  set dummy $pytapset_info
  AS_CASE([$[2]],
    [ok], [
      pytapset_dir=$[6]
      test -n "$with_python_helper_dir" && pytapset_dir=$with_python_helper_dir
      HELPER_BUILDS="$HELPER_BUILDS $[3]:$[4]:$[5]:$pytapset_dir:$pytapset_py"
      AS_CASE([":$HELPER_DIRS:"], [*":$pytapset_dir:"*], [],
              [HELPER_DIRS="${HELPER_DIRS:+$HELPER_DIRS:}$pytapset_dir"])
      AC_MSG_RESULT([$[3], into $pytapset_dir])],
    [old], [AC_MSG_RESULT([not needed before 3.11])],
    [noheaders], [AC_MSG_RESULT([no: its headers (Python.h) are not installed])
                  AC_MSG_WARN([$pytapset_py has no headers: the marker helper is not built for it (install its -dev package)])],
    [AC_MSG_RESULT([no: it does not run])])
done
AC_SUBST([HELPER_BUILDS])
AC_SUBST([HELPER_DIRS])
AC_CONFIG_FILES([helper/Makefile])
])
