#!/usr/bin/env python3
"""Batches: a file renders to the same bytes alone, inside a batch of other
files with -j 2, from a directory walk, and from another working directory;
one bad file fails alone; the summary counts. Usage: check_batch.py JIANBAO ROOT"""
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile

from checks import check, finish

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
inputs = sorted(f for f in os.listdir(os.path.join(root, "input")) if f.endswith(".yaml"))


def copy_input(name, dest):
    """An input with the spreadsheets its tables read (input/数据/)."""
    shutil.copy(os.path.join(root, "input", name), dest)
    data = os.path.join(root, "input", "数据")
    if os.path.isdir(data):
        shutil.copytree(data, os.path.join(dest, "数据"), dirs_exist_ok=True)


def run(args, cwd):
    return subprocess.run([jianbao, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def compared_with(name):
    """The input that NAME's compare_with names, which must stay beside it."""
    m = re.search(r"^compare_with:\s*(\S+)", open(os.path.join(root, "input", name)).read(), re.M)
    return m.group(1) if m else None


# Spread the inputs over three levels; a bulletin stays beside the one it compares with.
level = {}
for i, name in enumerate(inputs):
    level[name] = "" if i == 0 else "county" if i == 1 else os.path.join("county", "month")
for name in inputs:
    if compared_with(name) in level:
        level[name] = level[compared_with(name)]

with tempfile.TemporaryDirectory() as tmp:
    tree = os.path.join(tmp, "tree")
    os.makedirs(os.path.join(tree, "county", "month"))
    for name in inputs:
        copy_input(name, os.path.join(tree, level[name]))
    shutil.copy(os.path.join(root, "tests", "bad", "unknown_top_key.yaml"), os.path.join(tree, "county"))

    alone = os.path.join(tmp, "alone")
    os.makedirs(alone)
    for name in inputs:
        r = run(["-j", "1", "-o", os.path.join(alone, name[:-5] + ".pdf"), os.path.join(root, "input", name)], tmp)
        check(r.returncode == 0, f"{name} alone: exit {r.returncode} {r.stderr}")

    batch = os.path.join(tmp, "batch")
    r = run(["-j", "2", "-o", batch, tree], tmp)
    check(r.returncode == 1, f"batch with one bad file exits 1, not {r.returncode}")
    check("unknown_top_key.yaml:1:1: error: unknown key `titel`; did you mean `title`?" in r.stderr,
          "the bad file's message is printed")
    summary = r.stderr.strip().splitlines()[-1]
    check(summary.startswith(f"jianbao: {len(inputs)} rendered, 1 failed, 1 with warnings, in "),
          f"summary line: {summary!r}")
    check(not os.path.exists(os.path.join(batch, "county", "unknown_top_key.pdf")), "no PDF for the bad file")
    for name in inputs:
        got = os.path.join(batch, level[name], name[:-5] + ".pdf")
        check(os.path.exists(got) and filecmp.cmp(got, os.path.join(alone, name[:-5] + ".pdf"), shallow=False),
              f"{name}: the batch's PDF differs from the one rendered alone (or is missing)")

    # Collisions are found before anything is rendered, naming both inputs.
    clash = os.path.join(tmp, "clash")
    for d in ("d1", "d2"):
        os.makedirs(os.path.join(clash, d))
        shutil.copy(os.path.join(root, "input", inputs[0]), os.path.join(clash, d, "x.yaml"))
    r = run(["-o", "out", "d1/x.yaml", "d2/x.yaml"], clash)
    check(r.returncode == 2 and "d1/x.yaml and d2/x.yaml would both be written to out/x.pdf" in r.stderr
          and not os.listdir(os.path.join(clash, "out")), f"same name from two directories: {r.returncode} {r.stderr!r}")
    r = run(["d1/x.yaml", "./d2//x.yaml"], clash)
    check(r.returncode == 2 and "would both be written to x.pdf" in r.stderr and not os.path.exists(os.path.join(clash, "x.pdf")),
          f"same name, no -o: {r.returncode} {r.stderr!r}")
    shutil.copy(os.path.join(root, "input", inputs[0]), os.path.join(clash, "d1", "x.yml"))
    r = run(["-o", "out2", "d1"], clash)
    check(r.returncode == 2 and "d1/x.yaml and d1/x.yml would both be written to out2/x.pdf" in r.stderr,
          f"x.yaml and x.yml: {r.returncode} {r.stderr!r}")

    # What a directory walk takes: *.yaml and *.yml in any case, links to files;
    # links to directories are not followed (a warning); FIFOs and dangling links are reported.
    walk = os.path.join(tmp, "walk")
    os.makedirs(os.path.join(walk, "sub"))
    shutil.copy(os.path.join(root, "input", inputs[0]), os.path.join(walk, "UPPER.YAML"))
    shutil.copy(os.path.join(root, "input", inputs[0]), os.path.join(walk, "sub", "mixed.Yml"))
    os.symlink(os.path.join(root, "input", inputs[0]), os.path.join(walk, "linked.yaml"))
    os.symlink("/nonexistent/x.yaml", os.path.join(walk, "dangling.yaml"))
    os.symlink("..", os.path.join(walk, "loop"))
    os.mkfifo(os.path.join(walk, "fifo.yaml"))
    os.mkfifo(os.path.join(walk, "red\x1b[31m.yaml"))
    r = run(["-j", "2", "-o", "walked", walk], tmp)
    got = sorted(os.path.relpath(os.path.join(d, f), os.path.join(tmp, "walked"))
                 for d, _, fs in os.walk(os.path.join(tmp, "walked")) for f in fs)
    check(got == ["UPPER.pdf", "linked.pdf", "sub/mixed.pdf"], f"walked: {got}")
    check(r.returncode == 1 and f"{walk}/fifo.yaml: error: not a regular file" in r.stderr
          and f"{walk}/dangling.yaml: error: a symbolic link to nothing" in r.stderr
          and f"{walk}/loop: warning: a symbolic link to a directory, not followed" in r.stderr
          and "jianbao: 3 rendered, 3 failed" in r.stderr, f"walk report: {r.returncode} {r.stderr!r}")
    check("red\\x1b[31m.yaml: error: not a regular file" in r.stderr and "\x1b" not in r.stderr,
          f"a file name's control characters reach the terminal: {r.stderr!r}")

    # On a terminal, a progress line; elsewhere (above) only the summary.
    import pty
    master, slave = pty.openpty()
    p = subprocess.Popen([jianbao, "-j", "2", "-o", os.path.join(tmp, "tty"), tree], stderr=slave,
                         stdout=subprocess.DEVNULL, cwd=tmp)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    p.wait()
    os.close(master)
    check(re.search(rb"\[\d+/\d+\] \d+ failed, [\d.]+ files/s, \d+ s left", seen) is not None,
          f"no progress line on a terminal: {seen[-300:]!r}")
    check("files/s" not in r.stderr, "a progress line when standard error is not a terminal")

    # Another working directory, relative paths: the same bytes.
    other = os.path.join(tmp, "elsewhere", "deeper")
    os.makedirs(other)
    copy_input(inputs[0], other)
    r = run(["-o", "again.pdf", inputs[0]], other)
    check(r.returncode == 0 and filecmp.cmp(os.path.join(other, "again.pdf"),
                                            os.path.join(alone, inputs[0][:-5] + ".pdf"), shallow=False),
          "rendering from another directory gives other bytes")
    leftovers = [f for d, _, fs in os.walk(tmp) for f in fs if f.startswith(".")]
    check(not leftovers, f"temporary files left: {leftovers}")

finish()
