# SPDX-License-Identifier: GPL-2.0-or-later
"""Check the output of a shipped script against CPython's own record of
the same program (workload.py --oracle, and -X importtime).

    check-script.py SCRIPT ORACLE OUTPUT WALL_MS [IMPORTTIME]

SCRIPT is the script's name (show-call-hierarchy, top-functions, ...),
OUTPUT what it printed for a run of workload.py, WALL_MS how long that
run took.  The run was either started by the script (-c: the output also
covers interpreter start-up) or attached to (-x: the workload waited for
the script before its work), so the checks look at what both share: the
workload's own functions, lines and events.  Prints one summary line,
then what is wrong; exits 1 if anything is.
"""

import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402

WORKLOAD = compare.WORKLOAD
# Workload functions that also run outside the window (the class bodies
# only there, when the module is executed).
OUTSIDE = {"<module>", "main", "window_open", "window_close", "wait_for_tracer",
           "WorkloadError", "Cycle"}

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


def is_workload(path):
    return os.path.basename(path) == WORKLOAD


def oracle_rows(path):
    return compare.window(compare.read(path))


def oracle_counts(rows, kind):
    """(function, line) -> count of KIND events of workload frames."""
    counts = collections.Counter()
    for tid, event, *f in rows:
        if event == kind and is_workload(f[0]):
            counts[f[1], int(f[2])] += 1
    return counts


# --- Call trees: show-call-hierarchy, call-flow ----------------------------

TREE_LINE = re.compile(r"\s*(\d+) (.+?)\((\d+)\):?( *) ?(=>|<=) (.+) in (.+):(\d+)( \((\d+) us\))?$")


def tree_rows(output):
    """The trace rows (tid, call|return, file, func, line, level, us) of
    a call tree, its level being its indentation, in the order of their
    timestamps: stap's per-CPU buffers reach the output in chunks, so a
    thread that moved between CPUs can have its lines out of order (as
    CPython's test_dtrace, which sorts the same way, says)."""
    rows = []
    for line in output:
        m = TREE_LINE.match(line)
        if m:
            us_since, _, tid, indent, arrow, func, path, lineno, _, us = m.groups()
            rows.append((int(us_since), [tid, "call" if arrow == "=>" else "return", path, func,
                                         lineno, len(indent), int(us) if us else None]))
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def relative_depths(rows, depth_field):
    """Per thread, the depth of each workload event minus the thread's
    smallest: a script attached with -x counts from where it started."""
    by_thread = collections.defaultdict(list)
    for row in rows:
        if row[1] in ("call", "return") and is_workload(row[2]) and row[3] not in OUTSIDE:
            by_thread[row[0]].append(row)
    result = []
    for events in by_thread.values():
        base = min(int(r[depth_field]) for r in events)
        result.append(["%s %s:%s depth %d" % (r[1], r[3], r[4], int(r[depth_field]) - base)
                       for r in events])
    return sorted(result)


def check_call_tree(oracle_path, output, wall_ms, under=None):
    rows = tree_rows(output)
    if not check(rows, "no call or return printed"):
        return "nothing printed"
    oracle = oracle_rows(oracle_path)
    if under:
        oracle = inside(oracle, under)
        rows = inside(rows, under)
    else:
        rows = compare.window(rows)
    want = relative_depths(oracle, 5)
    got = relative_depths(rows, 5)
    nwant, ngot = sum(map(len, want)), sum(map(len, got))
    # Two empty trees are equal: a program not named workload.py is none.
    check(nwant > 0, "the oracle has no call of %s" % WORKLOAD)
    if want != got:
        flat_want = ["thread %d: %s" % (i, e) for i, t in enumerate(want) for e in t]
        flat_got = ["thread %d: %s" % (i, e) for i, t in enumerate(got) for e in t]
        diff = compare.difflib.unified_diff(flat_want, flat_got, "oracle", "script", lineterm="", n=1)
        check(False, "call tree differs from the oracle:\n" + "\n".join(list(diff)[:40]))
    durations = [r[6] for r in rows if r[6] is not None]
    check(all(0 <= d <= wall_ms * 1000 for d in durations), "a call took less than 0 or more than the run")
    return "%d workload calls and returns in %d threads, oracle %d, depths relative per thread" % (
        ngot, len(got), nwant)


def inside(rows, func):
    """Per thread, the events from a call of FUNC to its return."""
    result, depth = [], collections.Counter()
    for row in rows:
        tid, kind = row[0], row[1]
        entering = kind == "call" and row[3] == func
        if depth[tid] or entering:
            result.append(row)
            if row[3] == func and kind in ("call", "return"):
                depth[tid] += 1 if kind == "call" else -1
    return result


def show_call_hierarchy(oracle, output, wall_ms):
    # A return is shown only when its call was (on 3.11 the start-up's
    # frames, entered before the helper, return by the thousand): per
    # thread, never more returns than calls so far, over the whole run.
    open_calls = collections.Counter()
    for tid, kind, *_ in tree_rows(output):
        open_calls[tid] += 1 if kind == "call" else -1
        if not check(open_calls[tid] >= 0, "thread %s: a return shown without its call" % tid):
            break
    return check_call_tree(oracle, output, wall_ms)


def call_flow(oracle, output, wall_ms):
    summary = check_call_tree(oracle, output, wall_ms, under="thread_work")
    # A call returns no later than its caller: each return's time fits in
    # the time of the call it was made from.
    stacks = collections.defaultdict(list)
    for row in tree_rows(output):
        if row[1] == "return" and row[6] is not None:
            stacks[row[0]].append((row[5], row[6]))
    for events in stacks.values():
        for (level, us), later in zip(events, events[1:]):
            if later[0] < level:
                check(us <= later[1], "a callee took longer (%d us) than its caller (%d us)" % (us, later[1]))
    return summary


# --- Tables: top-functions, top-lines, call-latency ------------------------

def table_rows(output, pattern):
    return [m.groups() for m in map(re.compile(pattern).match, output) if m]


def bpftrace_rows(output, name, order):
    """The rows of bpftrace's print of map @NAME ("@NAME[K1, K2]: V"
    lines), their fields (keys, then the value, numbered from 0) in
    ORDER: the table the stap script prints."""
    rows = []
    for line in output:
        m = re.match(r"@%s\[(.*)\]: (\d+)$" % name, line)
        if m:
            fields = m.group(1).split(", ") + [m.group(2)]
            rows.append(tuple(fields[i] for i in order))
    return rows


# A function's rows are per line where it was entered: a generator or
# coroutine resumes on another line than the one it starts on.

def top_functions(oracle, output, wall_ms):
    want = oracle_counts(oracle_rows(oracle), "call")
    rows = table_rows(output, r"\s*(\d+)\s+(\d+) (\S+)\s+(\S+):(\d+)$") + bpftrace_rows(output, "calls", (0, 4, 2, 1, 3))
    seen = set()
    for pid, calls, func, path, line in rows:
        key = func, int(line)
        if is_workload(path) and key in want:
            seen.add(key)
            check(int(calls) == want[key], "%s:%s: %s calls, the oracle saw %d" % (func, line, calls, want[key]))
    # The table is the top ROWS: with -c it also counts start-up's calls,
    # which can push workload functions out, but never one called more
    # often than its last row.
    least = min((int(r[1]) for r in rows), default=0)
    for key, n in sorted(want.items()):
        check(key in seen or n <= least, "%s:%d: %d calls, not in the table (its last row: %d)" % (key + (n, least)))
    check(seen, "no workload function in the table")
    return "%d workload functions in the table, calls equal to the oracle's, none missing above %d calls" % (
        len(seen), least)


def top_lines(oracle, output, wall_ms):
    want = collections.Counter()
    for (func, line), n in oracle_counts(oracle_rows(oracle), "line").items():
        want[func, line] += n
    resumable = compare.resumable_functions()
    rows = table_rows(output, r"\s*(\d+)\s+(\d+) (\S+):(\d+)\s+(\S+)$") + bpftrace_rows(output, "lines", (0, 4, 1, 2, 3))
    seen = 0
    for pid, count, path, line, func in rows:
        if is_workload(path) and (func, int(line)) in want:
            seen += 1
            n, expected = int(count), want[func, int(line)]
            # The line marker also fires when a generator or coroutine
            # resumes on a line (see compare.py).
            check(n == expected or (func in resumable and n > expected),
                  "%s:%s: %d executions, the oracle saw %d" % (func, line, n, expected))
    check(seen >= 2, "fewer than 2 workload lines (spin's loop) in the table")
    return "%d workload lines in the table, counts equal to the oracle's" % seen


def call_latency(oracle, output, wall_ms):
    want = oracle_counts(oracle_rows(oracle), "call")
    rows = table_rows(output, r"\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+) (.+?) \((.+):(\d+)\)$")
    # bpftrace's keys: the same columns, inclusive and exclusive in us.
    rows += [(calls, int(incl) / 1000, int(excl) / 1000, *rest)
             for calls, incl, excl, *rest in bpftrace_rows(output, "latency", range(8))]
    seen = 0
    for calls, incl, excl, avg, longest, func, path, line in rows:
        incl, excl, avg, longest = float(incl), float(excl), float(avg), int(longest)
        check(0 <= excl <= incl + 0.001, "%s: exclusive %.3f ms, inclusive %.3f ms" % (func, excl, incl))
        check(0 <= avg <= longest + 1, "%s: average %.3f us above its longest %d us" % (func, avg, longest))
        check(longest <= wall_ms * 1000, "%s: a call of %d us in a run of %d ms" % (func, longest, wall_ms))
        key = func, int(line)
        if is_workload(path) and key in want:
            seen += 1
            check(int(calls) == want[key], "%s:%s: %s calls, the oracle saw %d" % (func, line, calls, want[key]))
    # A full table (ROWS 200) of a run started with -c under the helper
    # is start-up's imports, with only the workload's longest calls left.
    # (A function's name can have spaces: 3.12's "<generic parameters of
    # C>".)
    check(seen >= (1 if len(rows) >= 200 else 5), "fewer than 5 workload functions in a table of %d rows" % len(rows))
    return "%d workload functions in %d rows, calls equal to the oracle's, times consistent" % (seen, len(rows))


# --- folded-stacks -----------------------------------------------------------

FRAME = re.compile(r"(.+) \((.+):(\d+)\)$")


def oracle_paths(rows):
    """Per thread, the stacks of window functions the oracle saw, as
    tuples of names (replayed from calls and returns)."""
    paths, stacks = set(), collections.defaultdict(list)
    for tid, kind, *f in rows:
        if kind not in ("call", "return") or not is_workload(f[0]) or f[1] in OUTSIDE:
            continue
        if kind == "call":
            stacks[tid].append(f[1])
            paths.add(tuple(stacks[tid]))
        elif stacks[tid]:
            stacks[tid].pop()
    return paths


def folded_stacks(oracle, output, wall_ms):
    want = oracle_paths(oracle_rows(oracle))
    per_root = collections.Counter()
    seen = set()
    for line in output:
        stack, _, us = line.rpartition(" ")
        if not stack or not us.isdigit():
            continue
        frames = stack.split(";")
        per_root[frames[0]] += int(us)
        names = []
        for frame in frames[1:]:
            m = FRAME.match(frame)
            if m and is_workload(m.group(2)) and m.group(1) not in OUTSIDE:
                names.append(m.group(1))
        if names:
            seen.add(tuple(names))
    check(seen, "no stack with a workload function")
    for path in sorted(seen - want):
        check(False, "a stack the oracle never saw: %s" % ";".join(path))
    for root, us in per_root.items():
        check(us <= wall_ms * 1000, "%s: %d us in a run of %d ms" % (root, us, wall_ms))
    return "%d workload stacks, all seen by the oracle; %d threads, each within the run's %d ms" % (
        len(seen), len(per_root), wall_ms)


# --- gc-pauses, import-tree, audit-log ---------------------------------------

def gc_pauses(oracle, output, wall_ms):
    collections_by_gen, collected = collections.Counter(), 0
    for tid, kind, *f in oracle_rows(oracle):
        if kind == "gc.start":
            collections_by_gen[int(f[0])] += 1
        elif kind == "gc.done":
            collected += int(f[0])
    rows = table_rows(output, r"\s*(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+(\d+)\s+(\d+)$")
    got, got_collected = collections.Counter(), 0
    for gen, count, objects, pause_ms, avg, longest in rows:
        got[int(gen)] += int(count)
        got_collected += int(objects)
        check(float(pause_ms) * 1000 <= wall_ms * 1000, "generation %s: paused longer than the run" % gen)
        check(int(avg) <= int(longest), "generation %s: average pause above the longest" % gen)
    # Start-up may collect before the workload disables automatic
    # collection: a run started by the script can only have more.
    for gen, n in collections_by_gen.items():
        check(got[gen] >= n, "generation %d: %d collections, the oracle saw %d" % (gen, got[gen], n))
    check(got_collected >= collected, "%d collected, the oracle saw %d" % (got_collected, collected))
    return "collections per generation %s, oracle %s; collected %d, oracle %d" % (
        dict(sorted(got.items())), dict(sorted(collections_by_gen.items())), got_collected, collected)


def importtime_tree(path, modules):
    """(depth, name) of -X importtime's lines for MODULES, in order."""
    tree = []
    for line in open(path):
        m = re.match(r"import time:\s+\d+ \|\s+\d+ \|( *)(\S+)$", line.rstrip("\n"))
        if m and m.group(2) in modules:
            tree.append((len(m.group(1)) // 2, m.group(2)))
    return tree


def import_tree(oracle, output, wall_ms, importtime):
    window = [f[0] for tid, kind, *f in oracle_rows(oracle) if kind == "import.start"]
    tree, missing = [], []
    for line in output:
        m = re.match(r"(?:\d+: )?import time:\s+(-?\d+) \|\s+(-?\d+) \|( *)(\S+)( \(not found\))?$", line)
        if not m or m.group(4) not in window:
            continue
        own, cumulative = int(m.group(1)), int(m.group(2))
        check(0 <= own <= cumulative <= wall_ms * 1000, "%s: times %d/%d us" % (m.group(4), own, cumulative))
        if m.group(5):
            missing.append(m.group(4))
        tree.append((len(m.group(3)) // 2, m.group(4)))
    # Depths relative to the outermost import of the window.
    def relative(t):
        base = min((d for d, _ in t), default=0)
        return [(d - base, n) for d, n in t]
    want = relative(importtime_tree(importtime, set(window)))
    check(relative(tree) == want, "import tree %s, -X importtime: %s" % (relative(tree), want))
    check(missing == ["pytapset_no_such_module"], "not found: %s" % missing)
    return "%d imports in the tree as -X importtime shows them, %d not found" % (len(tree), len(missing))


def audit_log(oracle, output, wall_ms):
    want = [f[0] for tid, kind, *f in oracle_rows(oracle) if kind == "audit"]
    logged = [m.groups() for m in map(re.compile(r"\s*(\d+\.\d{6})\s+\d+\s+\d+ .{16} (\S+)$").match, output) if m]
    got = [event for _, event in sorted(logged, key=lambda e: tuple(map(int, e[0].split("."))))]
    counted = sum(int(n) for n, _ in table_rows(output, r"\s*(\d+) (\S+)$"))
    check(counted == len(got), "the summary counts %d events, %d were printed" % (counted, len(got)))
    # The window's events, in order, somewhere in the log.
    found = any(got[i:i + len(want)] == want for i in range(len(got) - len(want) + 1))
    check(want and found, "the %d events of the oracle are not in the log in that order" % len(want))
    return "%d events logged, the oracle's %d among them in order" % (len(got), len(want))


CHECKS = {
    "show-call-hierarchy": show_call_hierarchy,
    "call-flow": call_flow,
    "top-functions": top_functions,
    "top-lines": top_lines,
    "call-latency": call_latency,
    "folded-stacks": folded_stacks,
    "gc-pauses": gc_pauses,
    "import-tree": import_tree,
    "audit-log": audit_log,
}


def main(argv):
    if len(argv) < 4 or argv[0] not in CHECKS:
        sys.exit(__doc__)
    script, oracle, output_path, wall_ms = argv[:4]
    output = open(output_path, encoding="utf-8", errors="replace").read().splitlines()
    extra = argv[4:]
    summary = CHECKS[script](oracle, output, int(wall_ms), *extra)
    print("%s: %s" % (script, summary))
    for problem in problems[:20]:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
