#!/usr/bin/env python3
"""Installs the build into a temporary DESTDIR and runs the installed binary
on a bad input under zh_CN.UTF-8 and zh_TW.UTF-8: it must find the installed
catalogues (relative to its own directory, the build tree being elsewhere)
and print the messages of the corpus's Chinese expect files.
Usage: check_install.py BUILD_DIR SOURCE_ROOT"""
import os
import subprocess
import sys
import tempfile

build, root = sys.argv[1], sys.argv[2]
bad = os.path.join(root, "tests", "bad")
problems = []
with tempfile.TemporaryDirectory() as dest:
    subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild",
                    "--quiet"], check=True, stdout=subprocess.DEVNULL)
    binaries = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs
                if f == "jianbao" and os.path.basename(d) == "bin"]
    catalogues = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs
                  if f == "jianbao.mo"]
    if len(binaries) != 1:
        problems.append(f"installed binaries: {binaries}")
    for lang in ("zh_CN", "zh_TW"):
        if not any(f"/{lang}/LC_MESSAGES/" in c for c in catalogues):
            problems.append(f"no {lang} catalogue installed: {catalogues}")
    for binary in binaries[:1]:
        for lang in ("zh_CN", "zh_TW"):
            env = dict(os.environ, LC_ALL=lang + ".UTF-8")
            r = subprocess.run([binary, "--check", "duplicate_key.yaml"], cwd=bad, env=env,
                               capture_output=True, text=True)
            want = open(os.path.join(bad, f"duplicate_key.expect.{lang}")).read()
            if f"exit: {r.returncode}\n{r.stderr}" != want:
                problems.append(f"installed binary under {lang}: got {r.stderr!r}")
        r = subprocess.run([binary, "--help"], env=dict(os.environ, LC_ALL="zh_CN.UTF-8"),
                           capture_output=True, text=True)
        if not r.stdout.startswith("用法：jianbao"):
            problems.append(f"installed --help is not in Chinese: {r.stdout[:60]!r}")
for p in problems:
    print("FAIL", p)
print("installed binary speaks Chinese" if not problems else f"{len(problems)} problems")
sys.exit(1 if problems else 0)
