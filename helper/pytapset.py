# SPDX-License-Identifier: GPL-2.0-or-later
"""Run a Python program with pytapset's marker helper loaded.

    python3 -m pytapset [--wait] SCRIPT [ARG]...
    python3 -m pytapset [--wait] -m MODULE [ARG]...
    python3 -m pytapset [--wait] -c COMMAND [ARG]...

The helper (the C module _pytapset) fires CPython's function__entry,
function__return and line markers (provider python) on Pythons that lack
them (3.12 to 3.14; 3.15 lacks line) or fire them badly (3.11), for
SystemTap's python.function.entry and friends, bpftrace's usdt probes
and any other SDT tracer.  _pytapset.function_marker_file and
_pytapset.line_marker_file name the files whose markers fire.  It costs
nothing measurable until a tracer attaches.

--wait holds the program back until a tracer has attached to a
marker (for `stap -c` and `bpftrace -c`, which attach after the process
starts).

For programs whose command line cannot change, set PYTAPSET_HELPER=1 in
their environment: the pytapset-helper.pth file installed next to this
module then loads the helper at start-up.
"""

import os
import runpy
import sys
import time

import _pytapset

USAGE = """\
usage: python3 -m pytapset [--wait] SCRIPT [ARG]...
       python3 -m pytapset [--wait] -m MODULE [ARG]...
       python3 -m pytapset [--wait] -c COMMAND [ARG]...
"""


def enabled():
    """What the helper has switched on: _pytapset.FUNCTIONS | _pytapset.LINES."""
    return _pytapset.enabled()


def wait_for_tracer(timeout=None):
    """Block until a tracer attaches to a marker (or TIMEOUT seconds pass)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not _pytapset.update():
        if deadline is not None and time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--wait":
        args.pop(0)
        wait = True
    else:
        wait = False
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE) if args else sys.stderr.write(USAGE)
        return 0 if args else 2
    if args[0] in ("-m", "-c") and len(args) < 2:
        sys.stderr.write("pytapset: %s needs an argument\n%s" % (args[0], USAGE))
        return 2
    if wait:
        wait_for_tracer()
    if args[0] == "-m":
        sys.argv = args[1:]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    elif args[0] == "-c":
        sys.argv = ["-c"] + args[2:]
        sys.path[0] = ""
        exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = args
        sys.path[0] = os.path.dirname(os.path.abspath(args[0]))
        runpy.run_path(args[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
