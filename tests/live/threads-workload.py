# SPDX-License-Identifier: GPL-2.0-or-later
"""The program of the live tests of threads, and CPython's own record of it.

    python threads-workload.py [--oracle FILE] [--wait FILE]

Threads of every kind, each started as soon as the program can: right
after window_open, the program's first call.  One by _thread, which
starts another; one by threading; one of C code (pthread_create through
ctypes) that calls into Python after ctypes' PyGILState_Ensure; and a
child of os.fork() that runs Python itself and in a thread of its own.
Each calls fib(6) and a generator.  The work is deterministic, so two runs
make the same calls in each thread: one is traced, the other records what
CPython's hooks see.

--oracle FILE  record, inside the window, what sys.setprofile sees, in
               the form of workload.py's oracle (oracle.py).  threading
               sets the profile function in its threads, and the oracle
               in the others (Oracle.thread_start); the fork child sends
               its record back through a pipe, so the record holds every
               thread of both processes
--wait FILE    as in workload.py: before the window, write the process
               id to FILE and wait until it is removed (and for the
               marker helper)
"""

import _thread
import os
import sys
import threading

import oracle as oracle_module
# The marker helper's own test program (tests/helper/threads.py).
from threads import c_thread
from workload import wait_for_tracer, window_close, window_open

oracle = None


def started(target):
    """TARGET as a thread that threading does not start runs it."""
    return oracle.thread_start(target) if oracle else target


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def work():
    return fib(6) + sum(countdown(3))


def by_thread_module(done):
    work()
    nested_done = _thread.allocate_lock()
    nested_done.acquire()
    _thread.start_new_thread(started(nested), (nested_done,))
    nested_done.acquire()
    done.release()


def nested(done):
    work()
    done.release()


def by_threading():
    work()


def by_c(arg):
    work()
    return None


def in_child():
    work()
    t = threading.Thread(target=by_threading)
    t.start()
    t.join()


def fork():
    """A child that runs Python and a thread; it sends the oracle's record
    of itself back through a pipe."""
    r, w = os.pipe()
    known = len(oracle.events) if oracle else 0
    pid = os.fork()
    if pid == 0:
        os.close(r)
        in_child()
        if oracle:
            oracle.send_since(known, w)
        os._exit(0)
    os.close(w)
    if oracle:
        oracle.receive(r)
    os.waitpid(pid, 0)


def main(argv):
    global oracle
    args = list(argv)
    while args:
        option = args.pop(0)
        if option == "--oracle":
            oracle = oracle_module.Oracle(), args.pop(0)
        elif option == "--wait":
            wait_for_tracer(args.pop(0))
        else:
            sys.exit("usage: threads-workload.py [--oracle FILE] [--wait FILE]")
    if oracle:
        oracle, path = oracle
        oracle.install(lines=False)
    window_open()
    done = _thread.allocate_lock()
    done.acquire()
    _thread.start_new_thread(started(by_thread_module), (done,))
    t = threading.Thread(target=by_threading)
    t.start()
    c_thread(started(by_c))
    t.join()
    done.acquire()
    fork()
    window_close()
    if oracle:
        oracle.finish()
        sys.setprofile(None)
        oracle.write(path)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
