# SPDX-License-Identifier: GPL-2.0-or-later
"""A deterministic program for the marker helper's live test.

    calls.py run [GO]      run the workload once (first wait for the
                           file GO to exist, and for the marker helper,
                           if loaded, to have switched its events on)
    calls.py profile       run it under sys.setprofile and print, per
                           function of this file, how often it was
                           entered (E) and left (R)
    calls.py trace         the same with sys.settrace, and lines (L)

The counts are printed as `KIND FUNCNAME COUNT` lines, sorted: the form
the test reduces the tracer's output to.
"""

import collections
import sys
import threading


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def countdown(n):
    while n:
        yield n
        n -= 1


def fails(depth):
    if depth == 0:
        raise ValueError("bottom")
    fails(depth - 1)


def catches():
    try:
        fails(3)
    except ValueError:
        return "caught"


class Box:
    def __init__(self, value):
        self.value = value

    def double(self):
        return Box(self.value * 2)


def in_thread():
    total = 0
    for i in range(5):
        total += fib(5)
    return total


def workload():
    fib(12)
    sum(countdown(7))
    for _ in range(4):
        catches()
    box = Box(1)
    for _ in range(3):
        box = box.double()
    t = threading.Thread(target=in_thread)
    t.start()
    t.join()


def counted(kind):
    counts = collections.Counter()
    here = __file__

    def hook(frame, event, arg):
        if frame.f_code.co_filename == here:
            if event == "call":
                counts["E", frame.f_code.co_name] += 1
            elif event == "return":
                counts["R", frame.f_code.co_name] += 1
            elif event == "line":
                counts["L", frame.f_code.co_name] += 1
        return hook

    setter = sys.setprofile if kind == "profile" else sys.settrace
    threading_setter = threading.setprofile if kind == "profile" else threading.settrace
    threading_setter(hook)
    setter(hook)
    workload()
    setter(None)
    threading_setter(None)
    for (k, name), n in sorted(counts.items()):
        if n:
            print(k, name, n)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "run"
    if what == "run":
        if len(sys.argv) > 2:
            import os
            import time
            while not os.path.exists(sys.argv[2]):
                time.sleep(0.01)
            if "_pytapset" in sys.modules:
                import pytapset
                pytapset.wait_for_tracer()
        workload()
    else:
        counted(what)
