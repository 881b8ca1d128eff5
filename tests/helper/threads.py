# SPDX-License-Identifier: GPL-2.0-or-later
"""Threads of every kind, for the marker helper's tests of threads.

    threads.py run [GO]    start them all (first wait for the file GO to
                           exist, and for the marker helper, if loaded, to
                           have switched its events on)
    threads.py profile     the same under CPython's own hooks, and print,
                           per function of this file, how often it was
                           entered (E) and left (R)
    threads.py switch GO STOP
                           once a tracer is there (GO), a thread of each
                           kind says whether the helper's hook reaches it,
                           then STOP is made, for the harness to stop the
                           tracer; once the helper has switched off, each
                           says it again, and so does a thread started
                           then (prints KIND WHILE-TRACED AFTER lines)
    threads.py join GO     the main thread waits for a thread (joins it),
                           which waits for GO, then a second, then calls
                           fib(5)

The threads, each started as soon as the program can (its first
statements, right after the wait): one by threading, one by _thread, which
starts another (nested), one of C code (pthread_create through ctypes)
that calls into Python by ctypes' PyGILState_Ensure, a child of os.fork()
that starts a thread of its own, and, where the interpreter has
sub-interpreters (_xxsubinterpreters, 3.11 and 3.12), one created after
the start.  Each runs in_KIND, which calls fib(5).

The oracle (profile) is sys.setprofile and threading.setprofile set
before anything starts; threads started otherwise than by threading
set sys.setprofile first thing, as threading does for its own, and the
fork child and the sub-interpreter send their counts back through a pipe.
"""

import _thread
import collections
import os
import sys
import threading
import time
import warnings

HERE = __file__
counts = collections.Counter()
profiling = False


def hook(frame, event, arg):
    if frame.f_code.co_filename == HERE and event in ("call", "return"):
        counts["E" if event == "call" else "R", frame.f_code.co_name] += 1


def profiled(target):
    """TARGET as a thread not started by threading runs it: under the
    oracle, with its profile function set first, as threading does."""
    if not profiling:
        return target

    def with_profile(*args):
        sys.setprofile(hook)
        return target(*args)
    return with_profile


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def in_threading():
    fib(5)


def in_nested(done):
    fib(5)
    done.release()


def in_thread_module(done):
    fib(5)
    nested = _thread.allocate_lock()
    nested.acquire()
    _thread.start_new_thread(profiled(in_nested), (nested,))
    nested.acquire()
    done.release()


def in_c_thread(arg):
    fib(5)
    return None


def in_fork_child():
    fib(5)
    t = threading.Thread(target=in_fork_child_thread)
    t.start()
    t.join()


def in_fork_child_thread():
    fib(5)


def in_subinterpreter():
    fib(5)


def c_thread(target):
    """Run TARGET in a thread that C code starts (pthread_create): ctypes
    calls it after PyGILState_Ensure.  pthread_join releases the GIL.
    (ctypes is imported here: 3.12's sub-interpreters cannot load it.)"""
    import ctypes
    START_ROUTINE = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)
    libc = ctypes.CDLL(None)
    libc.pthread_create.argtypes = [ctypes.POINTER(ctypes.c_ulong), ctypes.c_void_p,
                                    START_ROUTINE, ctypes.c_void_p]
    libc.pthread_join.argtypes = [ctypes.c_ulong, ctypes.c_void_p]
    routine = START_ROUTINE(target)
    tid = ctypes.c_ulong()
    if libc.pthread_create(ctypes.byref(tid), None, routine, None) != 0:
        sys.exit("pthread_create failed")
    libc.pthread_join(tid.value, None)


def forked():
    """A child of os.fork() that starts a thread; under the oracle it
    sends its counts back."""
    r, w = os.pipe()
    # 3.12 and later warn of forking with threads: these have ended.
    warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
    pid = os.fork()
    if pid == 0:
        os.close(r)
        counts.clear()  # the parent's, copied
        in_fork_child()
        sys.setprofile(None)
        os.write(w, repr(dict(counts)).encode())
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as f:
        got = f.read()
    os.waitpid(pid, 0)
    return eval(got) if profiling else {}


SUBINTERPRETER = """\
import runpy, sys, time
sys.argv = [{here!r}, "subinterpreter"] + (["profile"] if {profiling!r} else [])
# Under the marker helper, the poller notices a new interpreter within
# a tenth of a second.
time.sleep(0.3)
module = runpy.run_path({here!r}, run_name="__main__")
if {profiling!r}:
    import os
    os.write({fd}, repr(dict(module["counts"])).encode())
"""


def subinterpreter():
    try:
        import _xxsubinterpreters as interpreters
    except ImportError:
        return {}
    r, w = os.pipe()
    interp = interpreters.create()
    interpreters.run_string(interp, SUBINTERPRETER.format(here=HERE, profiling=profiling, fd=w))
    os.close(w)
    with os.fdopen(r) as f:
        got = f.read()
    interpreters.destroy(interp)
    return eval(got) if profiling else {}


def run():
    done = _thread.allocate_lock()
    done.acquire()
    t = threading.Thread(target=in_threading)
    t.start()
    _thread.start_new_thread(profiled(in_thread_module), (done,))
    c_thread(profiled(in_c_thread))
    t.join()
    done.acquire()
    return [forked(), subinterpreter()]


def switch(go, stop):
    """Threads of each kind wait; each says whether the helper's hook is
    on it while the tracer is there and after it went."""
    import _pytapset
    tracer_gone = threading.Event()
    seen = {}

    def waiter(kind, ready):
        before = _pytapset.hooked()
        ready.release()
        tracer_gone.wait()
        seen[kind] = (before, _pytapset.hooked())

    wait_for_go(go)
    ready = threading.Semaphore(0)
    threads = [threading.Thread(target=waiter, args=("threading", ready))]
    threads[0].start()
    _thread.start_new_thread(waiter, ("_thread", ready))
    c = threading.Thread(target=c_thread, args=(lambda arg: waiter("c", ready),))
    c.start()
    for _ in range(3):
        if not ready.acquire(timeout=30):
            # The others wait for ever: no sys.exit.
            sys.stderr.write("threads.py: a thread did not say whether the hook reaches it\n")
            os._exit(1)
    open(stop, "w").close()
    # The poller switches off once the tracer is gone.
    while _pytapset.enabled():
        time.sleep(0.01)
    tracer_gone.set()
    after = threading.Thread(target=lambda: seen.update(new=(None, _pytapset.hooked())))
    after.start()
    after.join()
    c.join()
    threads[0].join()
    while len(seen) < 4:
        time.sleep(0.01)
    for kind in sorted(seen):
        print(kind, *seen[kind])


def join(go):
    """Without the helper's wait: the tracer comes while the main thread
    waits in join(), which runs no bytecode."""
    def worker():
        while not os.path.exists(go):
            time.sleep(0.01)
        time.sleep(1)  # ten times what the helper takes to switch on
        fib(5)
    t = threading.Thread(target=worker)
    t.start()
    t.join()


def wait_for_go(go):
    """Wait for the file GO, then for the marker helper, if loaded, to
    have switched on what the tracer asks for."""
    while not os.path.exists(go):
        time.sleep(0.01)
    if "_pytapset" in sys.modules:
        import pytapset
        pytapset.wait_for_tracer()


def main():
    global profiling
    what = sys.argv[1] if len(sys.argv) > 1 else "run"
    if what == "subinterpreter":
        profiling = "profile" in sys.argv
        if profiling:
            sys.setprofile(hook)
        in_subinterpreter()
        sys.setprofile(None)
    elif what == "run":
        if len(sys.argv) > 2:
            wait_for_go(sys.argv[2])
        run()
    elif what == "switch":
        switch(sys.argv[2], sys.argv[3])
    elif what == "join":
        join(sys.argv[2])
    else:
        profiling = True
        threading.setprofile(hook)
        sys.setprofile(hook)
        others = run()
        sys.setprofile(None)
        threading.setprofile(None)
        for other in others:
            counts.update(other)
        for (k, name), n in sorted(counts.items()):
            if n and (name == "fib" or name.startswith("in_")):
                print(k, name, n)


if __name__ == "__main__":
    main()
