# SPDX-License-Identifier: GPL-2.0-or-later
"""The program the live tests trace, and CPython's own record of it.

    python workload.py [--oracle FILE] [--profile] [--wait FILE]

Recursion, generators (with yield from and a generator expression),
exceptions caught several frames up, two threads, coroutines under
asyncio, explicit garbage collections of made cycles, imports (one of
them failing) and audit events.  The work inside the window (between the
returns of window_open and window_close) is deterministic, so two runs of
it make the same Python calls, lines, collections, imports and audit
events: one run is traced by SystemTap, the other records what CPython's
own hooks see.

--oracle FILE  record, inside the window, what CPython's hooks see, as
               tab-separated lines "TID KIND FIELDS..." written to FILE:
                 TID call|return FILE FUNC LINE DEPTH
                                      sys.setprofile, threading.setprofile;
                                      DEPTH counts the frames under it
                 TID line FILE FUNC LINE DEPTH    sys.settrace
                 TID gc.start GENERATION          gc.callbacks
                 TID gc.done COLLECTED
                 TID audit EVENT                  sys.addaudithook
                 TID import.start MODULE          the "import" audit event
               (oracle.py: its own frames are not the workload's)
--profile      set a profile function that does nothing (slice) for the run
               (CPython 3.11 then takes its slow call path, where the
               function__entry marker fires for every call)
--wait FILE    before the window, write the process id to FILE and wait
               until FILE is removed (so a tracer can attach with -x PID),
               then, under the marker helper, until it has switched on
               what the tracer asks for
"""

import gc

# Garbage collection only where the workload asks for it: automatic
# collections depend on allocations, which the oracle's own bookkeeping
# would change.
gc.disable()

import asyncio  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import oracle as oracle_module  # noqa: E402

WORKLOAD = __file__


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def chained(n):
    yield from countdown(n)
    yield 0


def spin(n):
    total = 0
    for i in range(n):
        total += i
    return total


def squares(n):
    return sum(x * x for x in range(n))


class WorkloadError(Exception):
    pass


def fail(depth):
    if depth == 0:
        raise WorkloadError("deep")
    return fail(depth - 1)


def catch():
    try:
        fail(3)
    except WorkloadError:
        return "caught"


def thread_work(n):
    total = fib(n)
    for value in chained(3):
        total += value
    return total + squares(4)


async def leaf(x):
    await asyncio.sleep(0)
    return x * 2


async def branch(x):
    a = await leaf(x)
    b = await leaf(x + 1)
    return a + b


async def tree():
    return await branch(1) + await branch(2)


class Cycle:
    def __init__(self):
        self.me = self


def collect():
    for _ in range(7):
        Cycle()
    gc.collect(0)
    for _ in range(5):
        Cycle()
    gc.collect(1)
    gc.collect(2)


def imports():
    import json  # noqa: F401
    import fractions  # noqa: F401
    import colorsys  # noqa: F401
    try:
        import pytapset_no_such_module  # noqa: F401
    except ImportError:
        pass


def audit():
    sys.audit("pytapset.live", 1, "two")
    with open(WORKLOAD, "rb") as f:
        f.read(1)


def work():
    fib(9)
    spin(2000)
    list(chained(4))
    squares(5)
    catch()
    workers = [threading.Thread(target=thread_work, args=(n,), name="worker%d" % n)
               for n in (5, 6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    asyncio.run(tree())
    collect()
    imports()
    audit()


def window_open():
    pass


def window_close():
    pass


def wait_for_tracer(path):
    with open(path + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(path + ".tmp", path)
    while os.path.exists(path):
        time.sleep(0.05)
    # Under the marker helper (python3 -m pytapset) the tracer's markers
    # are switched on by its poller, a tenth of a second later at most:
    # the window must not open before.
    helper = sys.modules.get("_pytapset")
    deadline = time.monotonic() + 30
    while helper and not helper.update():
        if time.monotonic() > deadline:
            sys.exit("workload.py: the marker helper sees no tracer after 30 s")
        time.sleep(0.01)


def main(argv):
    # Started as a background job (an attached run, or a test suite run
    # with &), a program inherits SIGINT ignored, and asyncio.run() then
    # takes another path (no enum lookup of the handler, so fewer audit
    # events): every run behaves as in the foreground.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    oracle = None
    args = list(argv)
    while args:
        option = args.pop(0)
        if option == "--oracle":
            oracle = oracle_module.Oracle(), args.pop(0)
        elif option == "--profile":
            # A profile function written in C (any callable taking three
            # arguments will do): a Python one would run frames of its own,
            # whose returns 3.11 reports without their entries.
            sys.setprofile(slice)
            threading.setprofile(slice)
        elif option == "--wait":
            wait_for_tracer(args.pop(0))
        else:
            sys.exit("usage: workload.py [--oracle FILE] [--profile] [--wait FILE]")
    if oracle:
        oracle[0].install()
    window_open()
    work()
    window_close()
    if oracle:
        oracle[0].finish()
        sys.settrace(None)
        sys.setprofile(None)
        oracle[0].write(oracle[1])
    # No interpreter finalization: its collections and calls would be
    # counted by a tracer but seen by no oracle.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
