# SPDX-License-Identifier: GPL-2.0-or-later
"""What pyproject.toml cannot say with the setuptools of Debian 12 (66):
the C extension _pytapset, the pytapset-helper.pth file installed beside
the modules (it loads the helper at start-up when PYTAPSET_HELPER is
set), and the version, which configure.ac's AC_INIT alone states."""

import os
import re

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
PTH = "pytapset-helper.pth"


def version():
    """configure.ac's version in the source tree; in an sdist (which has
    no configure.ac) the version it was made with, in its PKG-INFO."""
    pkg_info = os.path.join(HERE, "PKG-INFO")
    if os.path.exists(pkg_info):
        with open(pkg_info) as f:
            return re.search(r"^Version: *(\S+)$", f.read(), re.M).group(1)
    try:
        with open(os.path.join(HERE, "..", "configure.ac")) as f:
            return re.search(r"^AC_INIT\(\[pytapset\], \[([^]]+)\]", f.read(), re.M).group(1)
    except FileNotFoundError:
        raise SystemExit("setup.py: no ../configure.ac to read the version from: "
                         "build from pytapset's source tree, or from the sdist (make helper-dist)")


class build_py_with_pth(build_py):
    """build_py that also puts the .pth file at the top of the build, so
    that it lands in site-packages itself, where site.py reads it."""

    def run(self):
        super().run()
        self.copy_file(os.path.join(HERE, PTH), os.path.join(self.build_lib, PTH), preserve_mode=False)

    def get_outputs(self, include_bytecode=True):
        return super().get_outputs(include_bytecode) + [os.path.join(self.build_lib, PTH)]


setup(
    version=version(),
    py_modules=["pytapset"],
    ext_modules=[
        Extension(
            "_pytapset",
            sources=["_pytapset.c"],
            depends=["sdt_format.h"],
            # As helper/Makefile.am builds it.  <sys/sdt.h> comes from
            # SystemTap's SDT headers (systemtap-sdt-dev).
            define_macros=[("_GNU_SOURCE", None)],
            extra_compile_args=["-std=c11", "-fvisibility=hidden"],
            libraries=["pthread"],
        )
    ],
    cmdclass={"build_py": build_py_with_pth},
)
