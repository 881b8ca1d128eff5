# SPDX-License-Identifier: GPL-2.0-or-later
"""A call-heavy Python program for the overhead benchmarks: recursive
fib(N) (default 20: 21,891 calls), timed inside the program so that
interpreter start-up and a tracer's own start-up are left out.  Prints
"CALLS MS"."""

import sys
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
start = time.perf_counter()
fib(n)
elapsed = time.perf_counter() - start
# fib(n) makes 2 * F(n + 1) - 1 calls.
a, b = 0, 1
for _ in range(n + 1):
    a, b = b, a + b
calls = 2 * a - 1
print("%d %.3f" % (calls, elapsed * 1000))
