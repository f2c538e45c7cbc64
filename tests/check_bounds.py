#!/usr/bin/env python3
"""Hostile inputs within the default bounds: each must end within its time and
peak memory (measured on the child with wait4), with the expected exit status
and a capped number of message lines. Inputs are generated, not committed.
Usage: check_bounds.py JIANBAO [CASE...]  (--figures prints every measurement)"""
import os
import subprocess
import sys
import tempfile
import time

HEAD = "title: 测试简报\ndate: 2022-08-01\n"
BODY = "sections:\n  - heading: 工作情况\n    content:\n      - 本月完成各项工作。\n"
PARA = "本月完成各项工作，全县经济运行总体平稳。" * 50  # 1,000 characters


def many_keys(n=40000):
    keys = "".join(f"  k{i}: 1\n" for i in range(n))
    return HEAD + BODY + "extra:\n" + keys


def many_anchors(n=40000):
    # every alias names an early anchor: a search from the latest one is slow
    items = "".join(f"  - &a{i} x\n" for i in range(n)) + "".join(
        f"  - *a{i}\n" for i in range(n))
    return HEAD + BODY + "extra:\n" + items


def many_unknown_references(figures=10000, refs=2000):
    figs = "".join(f"  figure_{i:05d}:\n    label: 项{i}\n    value: {i}\n"
                   for i in range(figures))
    para = "".join(f"{{nope_{i}}}" for i in range(refs))
    return (HEAD + "figures:\n" + figs + "sections:\n  - heading: 工作情况\n    content:\n"
            f"      - \"{para}\"\n")


def private_use(n=100000):
    return HEAD + "sections:\n  - heading: 工作情况\n    content:\n      - " + "\ue000" * n + "\n"


def empty_headings(n=10000):
    return HEAD + "sections:\n" + "".join(f"  - heading: 标题{i}\n" for i in range(n))


def aliased_paragraph(n=6000):
    return (HEAD + "sections:\n  - heading: 工作情况\n    content:\n"
            f"      - &p {PARA}\n" + "      - *p\n" * n)


def long_paragraphs(megabytes=29.7):
    line = "      - " + PARA[:30000 // 3] + "\n"
    count = int(megabytes * 1e6 / len(line.encode()))
    return HEAD + "sections:\n  - heading: 工作情况\n    content:\n" + line * count


def share_of_loop(n=10000):
    figs = "".join(f"  f{i}: {{label: 项, value: {n - i}, share_of: f{(i + 1) % n}}}\n"
                   for i in range(n))
    return HEAD + "figures:\n" + figs + BODY


def many_references(n=33000):
    return (HEAD + "figures:\n  a: {label: 甲, value: 1}\n"
            + "sections:\n  - heading: 工作情况\n    content:\n      - \"" + "{a}" * n + "\"\n")


def long_heading(n=40000):
    return HEAD + "sections:\n  - heading: " + "标" * n + "\n    content:\n      - 正文。\n"


# name: (input, extra options, exit status, seconds, MiB, most message lines).
# Before these bounds held, the same inputs took 3 to 14 s, 1.6 to 9.8 GB or
# printed 100,000 lines; the margins here leave room for a sanitizer build.
CASES = {
    "40,000 keys in one mapping": (many_keys, [], 1, 2, 400, 3),
    "40,000 anchors and aliases": (many_anchors, [], 1, 2, 400, 3),
    "10,000 figures, 2,000 unknown references": (many_unknown_references, [], 1, 3, 400, 102),
    "100,000 private-use characters": (private_use, [], 1, 2, 400, 102),
    "10,000 empty headings": (empty_headings, [], 0, 20, 400, 0),
    "a 1,000-character paragraph aliased 6,000 times": (aliased_paragraph, [], 1, 2, 400, 1),
    "the same, text unbounded, stopped by the page bound while laying out":
        (aliased_paragraph, ["--limit", "text=0", "--limit", "pages=100"], 1, 5, 400, 1),
    "a 29.7 MB file of long paragraphs": (long_paragraphs, [], 1, 5, 800, 1),
    "a heading of 40,000 characters": (long_heading, [], 1, 2, 400, 1),
    "a share_of loop through 10,000 figures": (share_of_loop, [], 1, 2, 400, 1),
    "33,000 references on one line": (many_references, ["--check"], 0, 2, 400, 0),
}


def run(jianbao, path, extra, out_dir):
    start = time.monotonic()
    p = subprocess.Popen([jianbao, *extra, "-o", os.path.join(out_dir, "out.pdf"), path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, time.monotonic() - start, usage.ru_maxrss / 1024, err.decode()


def check_short_names(jianbao, tmp):
    """Names shorter than `.yaml` and an empty -o: no read before a string's start
    (ASan checks it in CI), a clear usage error for the empty path; a file name
    with control characters is quoted with escapes."""
    problems = []
    with open(os.path.join(tmp, "a.y"), "w") as f:
        f.write(HEAD + BODY)
    r = subprocess.run([jianbao, "a.y"], cwd=tmp, capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or not os.path.exists(os.path.join(tmp, "a.y.pdf")):
        problems.append(f"input a.y: exit {r.returncode}, {os.listdir(tmp)} {r.stderr}")
    r = subprocess.run([jianbao, "-o", "", "a.y"], cwd=tmp, capture_output=True, text=True,
                       timeout=60)
    if r.returncode != 2 or "-o takes a path" not in r.stderr:
        problems.append(f"-o '': exit {r.returncode}, {r.stderr!r}")
    r = subprocess.run([jianbao, "gone\x1b]0;owned\x07.yaml"], cwd=tmp, capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 3 or "\x1b" in r.stderr or "gone\\x1b]0;owned\\x07.yaml" not in r.stderr:
        problems.append(f"a file name with escapes: exit {r.returncode}, {r.stderr!r}")
    for leftover in os.listdir(tmp):
        os.unlink(os.path.join(tmp, leftover))
    print(("FAIL short names: " + "; ".join(problems)) if problems else "ok short names")
    return 1 if problems else 0


def main():
    jianbao = os.path.abspath(sys.argv[1])
    chosen = [a for a in sys.argv[2:] if not a.startswith("--")]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        if not chosen:
            failed += check_short_names(jianbao, tmp)
        for name, (make, extra, want_exit, seconds, mib, lines) in CASES.items():
            if chosen and not any(c in name for c in chosen):
                continue
            path = os.path.join(tmp, "in.yaml")
            with open(path, "w") as f:
                f.write(make())
            code, took, peak, err = run(jianbao, path, extra, tmp)
            count = err.count("\n")
            problems = []
            if code != want_exit:
                problems.append(f"exit {code}, want {want_exit}")
            if took > seconds:
                problems.append(f"{took:.2f} s, bound {seconds} s")
            if peak > mib:
                problems.append(f"{peak:.0f} MiB peak, bound {mib} MiB")
            if count > lines:
                problems.append(f"{count} message lines, bound {lines}")
            figures = f"{took:.2f} s, {peak:.0f} MiB, exit {code}, {count} lines"
            if problems:
                failed += 1
                print(f"FAIL {name}: {'; '.join(problems)}\n{err[:2000]}")
            else:
                print(f"ok {name}: {figures}")
            for leftover in os.listdir(tmp):
                if leftover != "in.yaml":
                    os.unlink(os.path.join(tmp, leftover))
    sys.exit(1 if failed else 0)


main()
