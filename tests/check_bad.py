#!/usr/bin/env python3
"""The bad-input corpus: each tests/bad/NAME.yaml must fail with exactly the
messages and exit status in NAME.expect, leave no file behind, and leave an
existing PDF at the output path untouched. NAME.args holds extra options.
Usage: check_bad.py JIANBAO BAD_DIR [--bless]"""
import os
import subprocess
import sys
import tempfile

GOOD = b"%PDF-1.4 an existing good PDF that a failed run must not replace\n"


def run_case(jianbao, bad_dir, name, out_dir, existing):
    args = []
    if os.path.exists(os.path.join(bad_dir, name + ".args")):
        args = open(os.path.join(bad_dir, name + ".args")).read().split()
    out = os.path.join(out_dir, "out.pdf")
    if existing:
        with open(out, "wb") as f:
            f.write(GOOD)
    r = subprocess.run([jianbao, *args, "-o", out, name + ".yaml"], cwd=bad_dir,
                       capture_output=True, text=True, timeout=60)
    left = sorted(os.listdir(out_dir))
    return r, left, (open(out, "rb").read() if os.path.exists(out) else None)


def main():
    jianbao, bad_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    bless = "--bless" in sys.argv
    names = sorted(f[:-5] for f in os.listdir(bad_dir) if f.endswith(".yaml"))
    passed = failed = 0
    for name in names:
        expect_path = os.path.join(bad_dir, name + ".expect")
        problems = []
        with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as full:
            r, left, _ = run_case(jianbao, bad_dir, name, empty, existing=False)
            got = f"exit: {r.returncode}\n{r.stderr}"
            if bless:
                open(expect_path, "w").write(got)
            want = open(expect_path).read()
            if got != want:
                problems.append(f"messages differ:\n--- want\n{want}--- got\n{got}")
            if r.returncode == 0:
                problems.append("exit status 0 for a bad input")
            if left:
                problems.append(f"files left behind: {left}")
            r2, left2, content = run_case(jianbao, bad_dir, name, full, existing=True)
            if content != GOOD or left2 != ["out.pdf"]:
                problems.append(f"the existing PDF was replaced or files were left: {left2}")
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
