# SPDX-License-Identifier: GPL-2.0-or-later
"""Run a Python program with pytapset's marker helper loaded.

    python3 -m pytapset [--wait] SCRIPT [ARG]...
    python3 -m pytapset [--wait] -m MODULE [ARG]...
    python3 -m pytapset [--wait] -c COMMAND [ARG]...
    python3 -m pytapset --attach PID

The helper (the C module _pytapset) fires CPython's function__entry,
function__return and line markers (provider python) on Pythons that lack
them (3.12 to 3.14; 3.15 lacks line) or fire them badly (3.11), for
SystemTap's python.function.entry and friends, bpftrace's usdt probes
and any other SDT tracer.  _pytapset.function_marker_file and
_pytapset.line_marker_file name the files whose markers fire.  It costs
nothing measurable until a tracer attaches.

--wait holds the program back until a tracer has attached to a
function or line marker (for `stap -c` and `bpftrace -c`, which attach
after the process starts).

For programs whose command line cannot change, set PYTAPSET_HELPER=1 in
their environment: the pytapset-helper.pth file installed next to this
module then loads the helper at start-up.

--attach loads the helper into a Python that is already running, without
a restart (CPython 3.14 and later, through sys.remote_exec: PEP 768):
then `stap -x PID` or `bpftrace -p PID` trace it.  Run it with the same
Python version as the target, as root or as the target's user (as for a
debugger).  The target imports _pytapset from the directory this module's
_pytapset was loaded from, leaving its sys.path alone; it does so the
next time it runs Python code, which this waits for.
"""

import os
import runpy
import sys
import tempfile
import time

import _pytapset

USAGE = """\
usage: python3 -m pytapset [--wait] SCRIPT [ARG]...
       python3 -m pytapset [--wait] -m MODULE [ARG]...
       python3 -m pytapset [--wait] -c COMMAND [ARG]...
       python3 -m pytapset --attach PID
"""

ATTACH_SECONDS = 10

# What --attach runs in the target: the helper from {dir}, once, whatever
# the program's sys.path says.
ATTACH_SCRIPT = """\
import importlib.machinery, importlib.util, sys
if "_pytapset" not in sys.modules:
    spec = importlib.machinery.PathFinder.find_spec("_pytapset", [{dir!r}])
    if spec is None:
        raise ImportError("pytapset --attach: no _pytapset for this Python in " + {dir!r})
    module = importlib.util.module_from_spec(spec)
    sys.modules["_pytapset"] = module
    spec.loader.exec_module(module)
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


class AttachError(Exception):
    pass


def mapped_helper(pid):
    """The _pytapset file process PID has loaded, or None.  Its memory map
    tells, without the target's help, whether the import has happened."""
    with open("/proc/%d/maps" % pid) as maps:
        for line in maps:
            path = line.split(None, 5)[5:]
            if path and os.path.basename(path[0]).startswith("_pytapset."):
                return path[0].strip()
    return None


def attach(pid, timeout=ATTACH_SECONDS):
    """Load the helper into the running Python process PID; return its file."""
    if not hasattr(sys, "remote_exec"):
        raise AttachError("--attach needs Python 3.14 or later (sys.remote_exec); this is %d.%d"
                          % sys.version_info[:2])
    try:
        loaded = mapped_helper(pid)
    except FileNotFoundError:
        raise AttachError("no process %d" % pid)
    except OSError as e:
        raise AttachError("process %d: %s" % (pid, e.strerror))
    if loaded:
        return loaded
    fd, script = tempfile.mkstemp(prefix="pytapset-attach-", suffix=".py")
    keep = False
    try:
        with os.fdopen(fd, "w") as f:
            f.write(ATTACH_SCRIPT.format(dir=os.path.dirname(os.path.abspath(_pytapset.__file__))))
        os.chmod(script, 0o644)  # the target may run as another user
        sys.remote_exec(pid, script)
        deadline = time.monotonic() + timeout
        while not mapped_helper(pid):
            if time.monotonic() >= deadline:
                # It may still run: leave it the script.
                keep = True
                raise AttachError(
                    "process %d has not loaded the helper after %d s: either it runs no "
                    "Python code now (it will when it does: %s is kept for it), or the "
                    "import failed (see its standard error)" % (pid, timeout, script))
            time.sleep(0.05)
        return mapped_helper(pid)
    except (OSError, RuntimeError, ValueError) as e:
        raise AttachError("cannot attach to process %d: %s" % (pid, e))
    finally:
        if not keep:
            os.unlink(script)


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--attach":
        if len(args) != 2 or not args[1].isdigit():
            sys.stderr.write("pytapset: --attach needs a process id\n%s" % USAGE)
            return 2
        try:
            path = attach(int(args[1]))
        except AttachError as e:
            sys.stderr.write("pytapset: %s\n" % e)
            return 1
        print("pytapset: process %s has the marker helper loaded: %s" % (args[1], path))
        return 0
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
