# SPDX-License-Identifier: GPL-2.0-or-later
"""README's sentence and what CPython's own hook says it must print.

    sentence.py program DIR           write the howto's test.py in DIR
    sentence.py oracle PROGRAM OUT    run PROGRAM (that test.py) under
                                      sys.setprofile, its calls and
                                      returns written to OUT
    sentence.py check ORACLE OUTPUT   show-call-hierarchy's OUTPUT of the
                                      same program holds the oracle's
                                      whole tree

The tree is PROGRAM's own frames (<module>, one, two): each call and
return in order, with its function, its line and its depth relative to
<module>'s.  Prints one summary line, then the difference; exits 1 if
there is one.
"""

import difflib
import importlib.util
import os
import runpy
import sys

# CPython's howto "Instrumenting CPython with DTrace and SystemTap".
PROGRAM = "test.py"
TEXT = """\
def two():
    c = 1 + 2
    return c
def one():
    d = two()
    return d
one()
"""


def record(program, out):
    events = []

    def profile(frame, event, arg):
        if event in ("call", "return") and frame.f_code.co_filename == program:
            depth, caller = 0, frame.f_back
            while caller:
                depth, caller = depth + 1, caller.f_back
            events.append((event, frame.f_code.co_name, frame.f_lineno, depth))

    sys.setprofile(profile)
    runpy.run_path(program, run_name="__main__")
    sys.setprofile(None)
    with open(out, "w") as f:
        for event in events:
            f.write("\t".join(map(str, event)) + "\n")


def relative(events):
    base = min((depth for *_, depth in events), default=0)
    return ["%s %s:%s depth %d" % (kind, func, line, depth - base) for kind, func, line, depth in events]


def check(oracle, output):
    # The tree's parser is check-script.py's (a file name with a dash).
    spec = importlib.util.spec_from_file_location(
        "check_script", os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-script.py"))
    check_script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_script)
    want = relative([(k, f, int(l), int(d)) for k, f, l, d in
                     (line.rstrip("\n").split("\t") for line in open(oracle))])
    lines = open(output, encoding="utf-8", errors="replace").read().splitlines()
    got = relative([(kind, func, int(line), level) for _, kind, path, func, line, level, _ in
                    check_script.tree_rows(lines) if os.path.basename(path) == PROGRAM])
    print("show-call-hierarchy: %d calls and returns of %s, the oracle's %d" % (len(got), PROGRAM, len(want)))
    if got != want:
        print("\n".join(difflib.unified_diff(want, got, "oracle", "output", lineterm="")))
        return 1
    return 0


def main(argv):
    if len(argv) == 2 and argv[0] == "program":
        with open(os.path.join(argv[1], PROGRAM), "w") as f:
            f.write(TEXT)
        return 0
    if len(argv) == 3 and argv[0] == "oracle":
        return record(os.path.abspath(argv[1]), argv[2])
    if len(argv) == 3 and argv[0] == "check":
        return check(argv[1], argv[2])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
