# SPDX-License-Identifier: GPL-2.0-or-later
"""CPython's own record of a program, for the live tests (see workload.py).

A module of its own so that its frames, which CPython's hooks call, are
never mistaken for the workload's.
"""

import gc
import os
import sys
import threading


class Oracle:
    """What CPython's own hooks see, kept in memory until the end."""

    def __init__(self):
        self.events = []
        self.recording = False
        # Reading frame.f_code raises an audit event: the oracle must not
        # record what its own bookkeeping causes.
        self.busy = threading.local()

    def record(self, *fields):
        if self.recording:
            self.events.append((threading.get_native_id(),) + fields)

    def record_frame(self, event, frame):
        self.busy.on = True
        code = frame.f_code
        depth, caller = 0, frame.f_back
        while caller:
            depth, caller = depth + 1, caller.f_back
        self.record(event, code.co_filename, code.co_name, frame.f_lineno, depth)
        self.busy.on = False

    def profile(self, frame, event, arg):
        if event in ("call", "return"):
            self.record_frame(event, frame)

    def trace(self, frame, event, arg):
        if event == "line":
            self.record_frame("line", frame)
        return self.trace

    def gc_callback(self, phase, info):
        if phase == "start":
            self.record("gc.start", info["generation"])
        else:
            self.record("gc.done", info["collected"] + info["uncollectable"])

    def audit_hook(self, event, args):
        # threading installs the oracle's hooks in each new thread, which
        # raises these two: the oracle's doing, not the program's.
        if getattr(self.busy, "on", False) or event in ("sys.settrace", "sys.setprofile"):
            return
        self.record("audit", event)
        # import_find_and_load() raises "import" with sys.path as its
        # third argument right where the import__find__load__start marker
        # fires; the loader of an extension module raises it again with
        # the module's file and no sys.path.
        if event == "import" and args[2] is not None:
            self.record("import.start", args[0])

    def install(self, lines=True):
        """Start recording; without LINES, calls, returns, collections
        and audit events only."""
        sys.addaudithook(self.audit_hook)
        gc.callbacks.append(self.gc_callback)
        threading.setprofile(self.profile)
        sys.setprofile(self.profile)
        if lines:
            threading.settrace(self.trace)
            sys.settrace(self.trace)
            # sys.settrace reaches only frames started after it: the
            # frames already running (main's) get their line events
            # this way.
            frame = sys._getframe(1)
            while frame:
                frame.f_trace = self.trace
                frame = frame.f_back
        self.recording = True

    def thread_start(self, target):
        """TARGET for a thread that threading does not start (_thread, C
        code): it sets the profile function first, as threading does in
        the threads it starts."""
        def with_profile(*args):
            sys.setprofile(self.profile)
            return target(*args)
        return with_profile

    def send_since(self, known, fd):
        """In a fork child: stop, and write the events recorded since there
        were KNOWN to the pipe FD, for the parent's receive()."""
        sys.setprofile(None)
        self.recording = False
        with os.fdopen(fd, "w") as f:
            for event in self.events[known:]:
                f.write("\t".join(str(field) for field in event) + "\n")

    def receive(self, fd):
        """Add a fork child's events, read from the pipe FD until the child
        closes it."""
        with os.fdopen(fd) as f:
            self.events.extend(tuple(line.rstrip("\n").split("\t")) for line in f)

    def finish(self):
        """Stop recording; say which of the imports seen succeeded."""
        self.recording = False
        for event in list(self.events):
            if event[1] == "import.start":
                self.events.append((event[0], "import.found", event[2], int(event[2] in sys.modules)))

    def write(self, path):
        with open(path, "w") as f:
            for event in self.events:
                f.write("\t".join(str(field) for field in event) + "\n")
