#!/usr/bin/env python3
"""Slips made on purpose: every line of every sample input is changed in one
of the ways people typing with a Chinese input method change it (a full-width
colon or space after a key, a tab or a space too few or too many in the
indentation, no space after a list dash, ": " inside text), one line at a
time. Each changed file that no longer loads cleanly must have a message at
the changed line or naming it, and the slips that always break the file must
break it and name the character. Prints the figures per kind of slip.
Usage: check_slips.py JIANBAO INPUT_DIR"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

KEY = r"^(\s*(?:- )?[a-z_]+):"

# name: (change one line or return it unchanged, must it break the file, what the message names)
SLIPS = {
    "full-width colon": (lambda l: re.sub(KEY + " ", r"\1： ", l, count=1), True, "U+FF1A"),
    "full-width space after the colon": (lambda l: re.sub(KEY + " ", "\\1:\u3000", l, count=1),
                                         True, "U+3000"),
    "no-break space after the colon": (lambda l: re.sub(KEY + " ", "\\1:\u00a0", l, count=1),
                                       True, "U+00A0"),
    "tab in the indentation": (lambda l: re.sub(r"^  ", "\t", l, count=1), True, "tab"),
    "one space too few": (lambda l: l[1:] if l.startswith("   ") else l, False, None),
    "one space too many": (lambda l: " " + l if re.match(KEY, l) else l, False, None),
    "no space after the dash": (lambda l: re.sub(r"^(\s*)- ", r"\1-", l, count=1), False, None),
    "': ' inside text": (lambda l: re.sub(KEY + r" ([^\"'\[{|>&*\s][^，]*)，", r"\1: \2: ", l,
                                          count=1), True, None),
}


def messages(jianbao, text, work):
    path = os.path.join(work, "m.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    r = subprocess.run([jianbao, "--check", "m.yaml"], cwd=work, capture_output=True,
                       text=True, timeout=60)
    return r.returncode, [m for m in r.stderr.split("\n") if m]


def names_line(message, line):
    at = re.match(r"m\.yaml:(\d+):\d+:", message)
    return (at and int(at.group(1)) == line) or re.search(rf"line {line}\D", message)


def main():
    jianbao, input_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        # beside copies of the inputs, so that compare_with finds its bulletin
        work = os.path.join(tmp, "input")
        shutil.copytree(input_dir, work)
        for name, (change, must_break, names) in SLIPS.items():
            tried = found = unchanged = 0
            for path in sorted(glob.glob(os.path.join(input_dir, "*.yaml"))):
                lines = open(path, encoding="utf-8").read().split("\n")
                _, before = messages(jianbao, "\n".join(lines), work)
                for i, line in enumerate(lines):
                    slipped = change(line)
                    if slipped == line or line.lstrip().startswith("#"):
                        continue
                    tried += 1
                    text = "\n".join(lines[:i] + [slipped] + lines[i + 1:])
                    _, got = messages(jianbao, text, work)
                    new = [m for m in got if m not in before]
                    where = f"{os.path.basename(path)}:{i + 1} ({name})"
                    if not new:
                        unchanged += 1
                        if must_break:
                            failures.append(f"{where}: the file still loads")
                        continue
                    if not any(names_line(m, i + 1) for m in new):
                        failures.append(f"{where}: no message names the line: {new[:1]}")
                        continue
                    if names and not any(names in m for m in new if names_line(m, i + 1)):
                        failures.append(f"{where}: the message does not name {names}: {new[:1]}")
                        continue
                    found += 1
            print(f"{name}: {tried} lines changed, {found} reported at or naming the line, "
                  f"{unchanged} still load with no new message")
    for f in failures:
        print("FAIL " + f)
    sys.exit(1 if failures else 0)


main()
