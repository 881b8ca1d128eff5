# SPDX-License-Identifier: GPL-2.0-or-later
"""What configure needs to build and install the marker helper for the
Python running this, with PREFIX the configured prefix:

    ok VERSION INCLUDEDIR EXT_SUFFIX MODULEDIR
    old          (before 3.11: its own markers work, no helper needed)
    noheaders    (Python.h is not installed)

MODULEDIR is where this Python imports third-party modules from under
PREFIX: Debian's deb_system directory for its own prefix
(/usr/lib/python3/dist-packages), the directory pip would use when that
lies under PREFIX (Debian: /usr/local/lib/python3.N/dist-packages),
otherwise the posix_prefix one; written relative to ${prefix} when it
lies under PREFIX, so that `make prefix=...` moves it too.
"""

import os
import sys
import sysconfig

prefix = sys.argv[1].rstrip("/") or "/"
if sys.version_info < (3, 11):
    print("old")
    sys.exit()
include = sysconfig.get_paths()["include"]
if not os.path.exists(os.path.join(include, "Python.h")):
    print("noheaders")
    sys.exit()
under = {"base": prefix, "platbase": prefix,
         "installed_base": prefix, "installed_platbase": prefix}
default = sysconfig.get_path("platlib")
if prefix == sys.base_prefix and "deb_system" in sysconfig.get_scheme_names():
    moduledir = sysconfig.get_path("platlib", "deb_system", vars=under)
elif default.startswith(prefix + "/"):
    moduledir = default
else:
    moduledir = sysconfig.get_path("platlib", "posix_prefix", vars=under)
if moduledir.startswith(prefix + "/"):
    moduledir = "${prefix}" + moduledir[len(prefix):]
print("ok", "%d.%d" % sys.version_info[:2], include,
      sysconfig.get_config_var("EXT_SUFFIX"), moduledir)
