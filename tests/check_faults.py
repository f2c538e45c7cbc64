#!/usr/bin/env python3
"""Faults: unwritable output, a full file system, missing or broken fonts and
templates, a missing input, signals. Each must end with the right exit
status and message, leave no partial file and never replace a good PDF.
compare_with naming a FIFO is refused without reading it.
Usage: check_faults.py JIANBAO ROOT"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from checks import check, finish
import time

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
sample = os.path.join(root, "input", "shuangpai-2022-08.yaml")


def run(args, cwd=None):
    return subprocess.run([jianbao, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def dot_files(d):
    return [f for _, _, fs in os.walk(d) for f in fs if f.startswith(".")]


with tempfile.TemporaryDirectory() as tmp:
    # An output directory that cannot exist: its parent is a file.
    blocker = os.path.join(tmp, "file")
    open(blocker, "w").write("x")
    r = run(["-o", os.path.join(blocker, "out.pdf"), sample])
    check(r.returncode == 3, f"unwritable output: exit {r.returncode}")
    check(f"cannot write {blocker}/out.pdf: Not a directory" in r.stderr, f"message: {r.stderr!r}")

    # A full file system: the good PDF already there stays, nothing else is left.
    small = os.path.join(tmp, "small")
    os.makedirs(small)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", small],
                             capture_output=True).returncode == 0
    if mounted:
        try:
            good = b"%PDF-1.4 a good PDF\n" * 10
            open(os.path.join(small, "out.pdf"), "wb").write(good)
            r = run(["-o", os.path.join(small, "out.pdf"), sample])
            check(r.returncode == 3, f"full file system: exit {r.returncode}")
            check("No space left on device" in r.stderr and os.path.join(small, "out.pdf") in r.stderr,
                  f"full file system message: {r.stderr!r}")
            check(open(os.path.join(small, "out.pdf"), "rb").read() == good, "the good PDF was replaced")
            check(sorted(os.listdir(small)) == ["out.pdf"], f"left behind: {os.listdir(small)}")
        finally:
            subprocess.run(["umount", small])
    else:
        print("note: cannot mount a tmpfs here; the full-file-system case was not run")

    # Fonts: missing (every face a template names), truncated, not a font.
    gone = os.path.join(tmp, "gone.yaml")
    open(gone, "w").write("extends: bulletin\nfaces:\n  song: {file: gone-song.ttc}\n"
                          "  hei: {file: gone-hei.ttc}\n  kai: {file: gone-kai.ttf}\n"
                          "  ming: {file: gone-ming.ttc}\n  biaosong: {file: gone-biaosong.ttc}\n")
    r = run(["--template", gone, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 1 and "font gone-song.ttc not found in the font directories" in r.stderr
          and "no face of their chains could be loaded for masthead, issue" in r.stderr,
          f"missing fonts: {r.returncode} {r.stderr!r}")
    broken = os.path.join(tmp, "fonts")
    shutil.copytree(os.path.join(root, "fonts"), broken)
    with open(os.path.join(broken, "uming.ttc"), "r+b") as f:
        f.truncate(1000)
    r = run(["--fonts", broken, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 3 and os.path.join(broken, "uming.ttc") in r.stderr and "not a usable font" in r.stderr,
          f"truncated font: {r.returncode} {r.stderr!r}")
    open(os.path.join(broken, "uming.ttc"), "wb").write(b"this is not a font" * 100)
    r = run(["--fonts", broken, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 3 and "not a usable font" in r.stderr, f"not a font: {r.returncode} {r.stderr!r}")
    check(not os.path.exists(os.path.join(tmp, "x.pdf")), "a PDF was written without fonts")

    # A missing template and a missing input: exit statuses, and the others still render.
    r = run(["--template", "nonesuch", "-o", os.path.join(tmp, "t.pdf"), sample])
    check(r.returncode == 1 and "unknown template `nonesuch`; the templates are: article, bulletin, gbt9704" in r.stderr,
          f"missing template: {r.returncode} {r.stderr!r}")
    out = os.path.join(tmp, "mixed")
    r = run(["-o", out, os.path.join(tmp, "missing.yaml"), sample])
    check(r.returncode == 3 and "missing.yaml: error: cannot read" in r.stderr, f"missing input: {r.returncode}")
    check(os.path.exists(os.path.join(out, "shuangpai-2022-08.pdf")), "the other file was not rendered")

    # -o - writes the PDF to standard output.
    out = subprocess.run([jianbao, "-o", "-", sample], capture_output=True, timeout=120)
    check(out.returncode == 0 and out.stdout.startswith(b"%PDF-1.4") and out.stdout.rstrip().endswith(b"%%EOF"),
          "-o - did not write a PDF to standard output")

    # --check writes nothing.
    r = run(["--check", "-o", os.path.join(tmp, "checked.pdf"), sample])
    check(r.returncode == 0 and not os.path.exists(os.path.join(tmp, "checked.pdf")), "--check wrote a file")

    # compare_with naming a FIFO: refused at once, never read (a read would hang).
    fifo_dir = os.path.join(tmp, "fifo")
    os.makedirs(fifo_dir)
    os.mkfifo(os.path.join(fifo_dir, "earlier.yaml"))
    with open(os.path.join(fifo_dir, "now.yaml"), "w", encoding="utf-8") as f:
        f.write("title: t\ndate: 2023-03-31\ncompare_with: earlier.yaml\nlead: x\nsections: []\n")
    r = run(["--check", "now.yaml"], cwd=fifo_dir)
    check(r.returncode == 1 and "compare_with: earlier.yaml is not a file" in r.stderr,
          f"compare_with a FIFO: {r.returncode} {r.stderr!r}")

    # Signals: a batch stopped by SIGTERM or SIGINT leaves no temporary file.
    many = os.path.join(tmp, "many")
    os.makedirs(many)
    for i in range(60):
        shutil.copy(sample, os.path.join(many, f"s{i:02}.yaml"))
    for sig in (signal.SIGTERM, signal.SIGINT):
        dest = os.path.join(tmp, f"stopped-{int(sig)}")
        p = subprocess.Popen([jianbao, "-j", "2", "-o", dest, many], stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline and not (os.path.isdir(dest) and len(os.listdir(dest)) >= 3):
            time.sleep(0.005)
        p.send_signal(sig)
        code = p.wait(timeout=60)
        time.sleep(0.2)
        check(code == -sig, f"stopped by signal {int(sig)}: exit {code}")
        check(not dot_files(dest), f"temporary files left after signal {int(sig)}: {dot_files(dest)}")

finish()
