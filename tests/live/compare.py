# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare what SystemTap saw (events.stp) with what CPython's hooks saw
(workload.py --oracle) for the same program.

    compare.py KIND ORACLE TRACE [--creation-entries] [--workload NAME]

KIND is calls, entries, returns, lines, gc, imports (starts in order, then
each import's result) or audit.  Both files
are cut to the window: after window_open returns, before anything of
window_close.  Function events (calls, lines) are compared per thread for
frames of workload.py only, because the standard library's threading and
asyncio code take timing-dependent paths (a lock taken at once or after a
wait) that differ between two runs of the same program; a thread is known
by what it did, since thread ids differ between runs.  gc, imports and
audit events are compared in order for the whole process.

Lines are the one kind where CPython's two mechanisms disagree by design,
and the comparison allows for exactly that, nothing else:
- the line marker fires again when a generator or coroutine resumes inside
  `yield from` or `await` (the resumption jumps backwards to the SEND
  loop; maybe_dtrace_line reports every backward jump), where sys.settrace
  reports nothing: an extra marker event must be a line of a generator or
  coroutine function of workload.py;
- sys.settrace reports the first line of a comprehension or generator
  expression frame, the marker does not (its "previous instruction" is
  already on that line): a missing marker event must be a line of such a
  frame.
The summary line then also gives how many events each rule allowed.

--workload NAME names the program, a file beside this one (default
workload.py): only its frames are compared.

--creation-entries allows one more difference, for CPython 3.15.0: its
function__entry also fires when calling a generator or coroutine function
creates the object (the frame runs up to RETURN_GENERATOR), at the def's
line, or -1 for a generator expression, and no function__return follows;
sys.setprofile sees no call there.  An extra marker event must then be a
call of a generator or coroutine function, or of a comprehension.

Prints one summary line "KIND: seen N, oracle M" and, on a mismatch, the
first differences; exits 1 on a mismatch.
"""

import ast

import difflib
import os
import sys

# The program's file name: --workload changes it.
WORKLOAD = "workload.py"


def read(path):
    """Rows of a tab-separated file, the trace's SEQ column sorted away."""
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8", errors="replace")]
    if rows and rows[0][0].isdigit() and len(rows[0]) > 2 and rows[0][1].isdigit():
        rows.sort(key=lambda r: int(r[0]))
        rows = [r[1:] for r in rows]
    return rows


def window(rows):
    """The rows between window_open's return and window_close."""
    start = end = None
    for i, row in enumerate(rows):
        if len(row) >= 5 and row[1] in ("call", "return", "line"):
            func = row[3]
            if start is None and func == "window_open" and row[1] == "return":
                start = i + 1
            elif start is not None and func == "window_close":
                end = i
                break
    if start is None or end is None:
        sys.exit("compare.py: the window's bounds are missing (did the program run?)")
    return rows[start:end]


def frame_events(rows, kinds):
    """Per-thread sequences of workload frame events, sorted."""
    threads = {}
    for tid, kind, *fields in rows:
        if kind not in kinds or os.path.basename(fields[0]) != WORKLOAD:
            continue
        threads.setdefault(tid, []).append("%s %s:%s" % (kind, fields[1], fields[2]))
    return sorted(threads.values())


def resumable_functions():
    """Names of the generator and coroutine functions of the workload."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), WORKLOAD)
    names = set()
    for node in ast.walk(ast.parse(open(path).read())):
        if isinstance(node, ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.FunctionDef):
            if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(node)):
                names.add(node.name)
    return names


COMPREHENSIONS = ("<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>")


def explained_differences(want_lines, got_lines, may_add, may_miss):
    """The differences of two event sequences if may_add(event) accepts
    each extra one and may_miss(event) each missing one: (extra, missing)
    counts; None otherwise."""
    extra = missing = 0
    matcher = difflib.SequenceMatcher(None, want_lines, got_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for event in got_lines[j1:j2] if op in ("insert", "replace") else ():
            if not may_add(event):
                return None
            extra += 1
        for event in want_lines[i1:i2] if op in ("delete", "replace") else ():
            if not may_miss(event):
                return None
            missing += 1
    return extra, missing


def function_of(event):
    """"thread N: KIND FUNC:LINE" -> (KIND, FUNC)"""
    kind, where = event.split()[-2:]
    return kind, where.rpartition(":")[0]


def import_results(rows, oracle):
    """The (module, found) pairs of import.done (or, in the oracle, of
    whether the module was loaded at the end), sorted; for the trace, a
    done that does not end the innermost open import is an error."""
    if oracle:
        return sorted("%s found=%s" % (f[0], f[1]) for tid, kind, *f in rows if kind == "import.found")
    results, open_imports = [], {}
    for tid, kind, *fields in rows:
        if kind == "import.start":
            open_imports.setdefault(tid, []).append(fields[0])
        elif kind == "import.done":
            stack = open_imports.get(tid) or ["(none)"]
            if stack.pop() != fields[0]:
                results.append("%s ends an import it did not start" % fields[0])
            results.append("%s found=%s" % (fields[0], fields[1]))
    return sorted(results)


def process_events(rows, kinds):
    return ["%s %s" % (kind, " ".join(fields)) for tid, kind, *fields in rows if kind in kinds]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    global WORKLOAD
    what, oracle_path, trace_path = argv[:3]
    creation_entries = "--creation-entries" in argv[3:]
    if "--workload" in argv[3:-1]:
        WORKLOAD = argv[argv.index("--workload", 3) + 1]
    oracle_rows = read(oracle_path)
    oracle, trace = window(oracle_rows), window(read(trace_path))
    if what in ("calls", "entries", "returns", "lines"):
        kinds = {"calls": ("call", "return"), "entries": ("call",),
                 "returns": ("return",), "lines": ("line",)}[what]
        want = frame_events(oracle, kinds)
        got = frame_events(trace, kinds)
        seen, expected = sum(map(len, got)), sum(map(len, want))
        want_lines = ["thread %d: %s" % (i, e) for i, t in enumerate(want) for e in t]
        got_lines = ["thread %d: %s" % (i, e) for i, t in enumerate(got) for e in t]
        label = "%s (%d threads)" % (what, len(want))
    else:
        kinds = {"gc": ("gc.start", "gc.done"), "audit": ("audit",),
                 "imports": ("import.start",)}[what]
        want_lines = process_events(oracle, kinds)
        got_lines = process_events(trace, kinds)
        if what == "imports":
            # The oracle's results follow its window.
            want_lines += import_results(oracle_rows, True)
            got_lines += import_results(trace, False)
        seen, expected = len(got_lines), len(want_lines)
        label = what
    verdict = want_lines == got_lines
    resumable = resumable_functions()
    if not verdict and what == "lines":
        explained = explained_differences(
            want_lines, got_lines,
            lambda e: function_of(e)[1] in resumable,
            lambda e: function_of(e)[1] in COMPREHENSIONS)
        if explained:
            label += " (%d marker events on resumption, %d comprehension first lines)" % explained
            verdict = True
    if not verdict and creation_entries:
        explained = explained_differences(
            want_lines, got_lines,
            lambda e: function_of(e) in {("call", f) for f in resumable | set(COMPREHENSIONS)},
            lambda e: False)
        if explained:
            label += " (%d entries on creating a generator or coroutine)" % explained[0]
            verdict = True
    print("%s: seen %d, oracle %d" % (label, seen, expected))
    if not verdict:
        diff = list(difflib.unified_diff(want_lines, got_lines, "oracle", "systemtap", lineterm="", n=2))
        print("\n".join(diff[:60]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
