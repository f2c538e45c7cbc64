#!/usr/bin/env python3
"""Archives: --shard K/N splits the inputs by path, every N-th one, and the N
parts render each input once, to the same bytes as one run; --manifest
records each input's output, SHA-256, pages, bytes and messages, in input
order, as JSON that survives hostile file names and messages; the parts'
manifests, concatenated and sorted, are the whole run's, sorted. The recipes
of docs/archives.md (GNU Parallel, GitHub Actions, GitLab, Slurm) are run as
written there, with 3 parts on this machine. Usage: check_archives.py JIANBAO ROOT"""
import filecmp
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

from checks import check, finish

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
PARTS = 3
# Quotes, backslashes, control characters (two of which JSON names), a line
# separator and a byte that is not UTF-8.
HOSTILE = os.fsdecode(b'q"b\\s\x01\x1b\t\n\xe2\x80\xa8 \xff.yaml')


def visible(text):
    """A path or message as jianbao prints it: controls and bytes that are not UTF-8 escaped."""
    out = []
    for ch in text:
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte os.fsdecode could not decode
            out.append("\\x%02x" % (ord(ch) - 0xDC00))
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            out.append("\\x%02x" % ord(ch))
        elif ord(ch) in (0x061C, 0x200E, 0x200F) or 0x2028 <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def make_archive(at):
    """Every sample input twice (two counties), a copy under a hostile name, one bad input."""
    for county in ("jiangyong", "shuangpai"):  # with the spreadsheets the inputs read
        shutil.copytree(os.path.join(root, "input"), os.path.join(at, county))
    shutil.copy(os.path.join(root, "input", "shuangpai-2022-08.yaml"), os.path.join(at, "shuangpai", HOSTILE))
    shutil.copy(os.path.join(root, "tests", "bad", "unknown_top_key.yaml"), os.path.join(at, "jiangyong"))


def workdir(tmp, name):
    """A directory holding bin/jianbao and its own copy of the archive, so that paths read alike."""
    d = os.path.join(tmp, name)
    os.makedirs(os.path.join(d, "bin"))
    os.symlink(jianbao, os.path.join(d, "bin", "jianbao"))
    shutil.copytree(os.path.join(tmp, "archive"), os.path.join(d, "archive"), symlinks=True)
    return d


def run(d, args, env=None, shell=False):
    e = dict(os.environ, PATH=os.path.join(d, "bin") + ":" + os.environ["PATH"], **(env or {}))
    return subprocess.run(args if shell else ["jianbao", *args], cwd=d, env=e, capture_output=True,
                          shell=shell, timeout=600)


def records(path):
    lines = open(path, "rb").read().decode().splitlines()
    for line in lines:
        check(not re.search(r"[\x00-\x1f\u2028\u2029]", line), f"a raw control character in {line!r}")
    return lines, [json.loads(line) for line in lines]


def pdfs(d):
    found = set()
    for top, _, files in os.walk(os.path.join(d, "pdf")):
        found.update(os.path.relpath(os.path.join(top, f), d) for f in files)
    return found


def same_pdfs(whole, d, what):
    check(pdfs(d) == pdfs(whole), f"{what}: the same PDFs as one run ({len(pdfs(d))} vs {len(pdfs(whole))})")
    for rel in pdfs(d) & pdfs(whole):
        check(filecmp.cmp(os.path.join(d, rel), os.path.join(whole, rel), shallow=False),
              f"{what}: {rel!r} has the same bytes as in one run")


def merged(d, pattern=r"manifest-\d+\.jsonl"):
    lines = []
    for name in sorted(os.listdir(d)):
        if re.fullmatch(pattern, name):
            lines += records(os.path.join(d, name))[0]
    return sorted(lines)


def check_whole(whole, r):
    """The whole run's manifest against its files and its standard error."""
    lines, recs = records(os.path.join(whole, "manifest.jsonl"))
    inputs = []
    for top, _, files in os.walk(os.path.join(whole, "archive")):
        inputs += [os.path.relpath(os.path.join(top, f), whole) for f in files if f.endswith((".yaml", ".yml"))]
    inputs.sort(key=os.fsencode)
    check([rec["input"] for rec in recs] == inputs, "one record per input, in input order")
    stderr = r.stderr.decode()
    for rec in recs:
        if rec["input"] == "archive/jiangyong/unknown_top_key.yaml":
            check(rec["output"] is None and rec["sha256"] is None and rec["pages"] is None,
                  "no output recorded for the bad input")
            check(rec["status"] == "input error" and rec["errors"] == 1, f"the bad input's status: {rec}")
            check(rec["messages"] == [{"file": rec["input"], "line": 1, "column": 1, "path": None,
                                       "severity": "error",
                                       "message": "unknown key `titel`; did you mean `title`?"}],
                  f"the bad input's message: {rec['messages']}")
            continue
        out = os.path.join(whole, rec["output"])
        data = open(out, "rb").read()
        check(rec["sha256"] == hashlib.sha256(data).hexdigest(), f"{rec['output']}: SHA-256")
        check(rec["bytes"] == len(data), f"{rec['output']}: bytes")
        pages = subprocess.run(["qpdf", "--show-npages", out], capture_output=True, text=True).stdout.strip()
        check(str(rec["pages"]) == pages, f"{rec['output']}: {rec['pages']} pages recorded, {pages} in the PDF")
        check(rec["status"] == "rendered" and rec["template"].endswith("templates/bulletin.yaml")
              and rec["version"], f"{rec['input']}: status, template, version")
        check(rec["warnings"] == len(rec["messages"]), f"{rec['input']}: a message per warning")
        for m in rec["messages"]:
            printed = f"{visible(m['file'])}:{m['line']}:{m['column']}: {m['severity']}: " \
                      f"{m['path']}: {m['message']}"
            check(printed in stderr, f"the recorded message is the printed one: {printed!r}")
    hostile = [rec for rec in recs if rec["input"].endswith(HOSTILE)]
    check(len(hostile) == 1 and hostile[0]["output"] == "pdf/shuangpai/" + HOSTILE[:-5] + ".pdf",
          "a hostile file name reads back whole from the JSON")
    return inputs


def check_parts(tmp, whole, inputs):
    d = workdir(tmp, "parts")
    counts = []
    for k in range(1, PARTS + 1):
        r = run(d, ["-j", "2", "--shard", f"{k}/{PARTS}", "-o", "pdf", "--manifest", f"manifest-{k}.jsonl", "archive"])
        bad_here = "archive/jiangyong/unknown_top_key.yaml" in inputs[k - 1::PARTS]
        check(r.returncode == (1 if bad_here else 0), f"part {k}: exit {r.returncode} {r.stderr[-300:]!r}")
        got = [rec["input"] for rec in records(os.path.join(d, f"manifest-{k}.jsonl"))[1]]
        check(got == inputs[k - 1::PARTS], f"part {k} holds every {PARTS}th input from the {k}th")
        counts.append(len(got))
    check(max(counts) - min(counts) <= 1 and sum(counts) == len(inputs), f"parts balanced by count: {counts}")
    same_pdfs(whole, d, "the parts")
    check(merged(d) == sorted(records(os.path.join(whole, "manifest.jsonl"))[0]),
          "the parts' manifests, merged, are the whole run's")


def recipe(name):
    text = open(os.path.join(root, "docs", "archives.md"), encoding="utf-8").read()
    m = re.search(r"<!-- recipe: " + name + r" -->\n```\w+\n(.*?)```", text, re.S)
    return m.group(1)


def check_recipes(tmp, whole):
    expected = sorted(records(os.path.join(whole, "manifest.jsonl"))[0])
    # GNU Parallel: the same command, with this machine for the hosts and 3 parts.
    d = workdir(tmp, "parallel")
    script = recipe("parallel").replace("-S host1,host2 ", "").replace("/8", f"/{PARTS}").replace("seq 8", f"seq {PARTS}")
    r = run(d, script, shell=True)
    check(r.returncode == 0, f"the parallel recipe runs: {r.stderr[-500:]!r}")
    same_pdfs(whole, d, "parallel")
    check(sorted(records(os.path.join(d, "manifest.jsonl"))[0]) == expected, "parallel: the merged manifest")
    # GitHub Actions: the matrix's jianbao step, once per value.
    job = yaml.safe_load(recipe("github"))["jobs"]["render"]
    step = next(s["run"] for s in job["steps"] if "run" in s and "--shard" in s["run"])
    d = workdir(tmp, "github")
    for shard in job["strategy"]["matrix"]["shard"][:PARTS]:
        run(d, step.replace("${{ matrix.shard }}", str(shard)).replace("/8", f"/{PARTS}"), shell=True)
    same_pdfs(whole, d, "GitHub Actions")
    check(merged(d) == expected, "GitHub Actions: the merged manifest")
    # GitLab: the script with the variables GitLab sets for `parallel:`.
    job = yaml.safe_load(recipe("gitlab"))["render"]
    d = workdir(tmp, "gitlab")
    for k in range(1, PARTS + 1):
        for line in job["script"]:
            run(d, line, {"CI_NODE_INDEX": str(k), "CI_NODE_TOTAL": str(PARTS)}, shell=True)
    same_pdfs(whole, d, "GitLab")
    check(merged(d) == expected, "GitLab: the merged manifest")
    # Slurm: the script with the variables an array task gets.
    d = workdir(tmp, "slurm")
    with open(os.path.join(d, "render.sh"), "w") as f:
        f.write(recipe("slurm").replace("/8", f"/{PARTS}"))
    for k in range(1, PARTS + 1):
        run(d, "sh render.sh", {"SLURM_ARRAY_TASK_ID": str(k), "SLURM_CPUS_PER_TASK": "2"}, shell=True)
    same_pdfs(whole, d, "Slurm")
    check(merged(d) == expected, "Slurm: the merged manifest")
    # The integrity check the page gives, on the whole run, then with one PDF changed.
    verify = recipe("verify")
    r = run(whole, verify, shell=True)
    check(r.returncode == 0 and not r.stdout, f"the page's integrity check passes: {r.stdout[-300:]!r}")
    changed = os.path.join(d, "pdf", "shuangpai", "taidong-2023-05.pdf")
    with open(changed, "r+b") as f:
        f.seek(100)
        f.write(b"#")
    r = run(d, "cat manifest-*.jsonl > manifest.jsonl && " + verify, shell=True)
    check(r.returncode == 1 and r.stdout.count(b"changed") == 1, f"the integrity check finds a changed PDF: {r.stdout!r}")


def check_usage(tmp):
    d = workdir(tmp, "usage")
    for bad in ["0/3", "4/3", "1/0", "3", "1/3x", "x/3", "-1/3", "", "1/-3", "99999999999999999999/3"]:
        r = run(d, ["--shard", bad, "-o", "pdf", "archive"])
        check(r.returncode == 2 and b"--shard takes K/N" in r.stderr and not os.path.exists(os.path.join(d, "pdf")),
              f"--shard {bad!r} is a usage error: {r.returncode} {r.stderr!r}")
    r = run(d, ["--check", "--manifest", "checked.jsonl", "archive"])
    recs = records(os.path.join(d, "checked.jsonl"))[1]
    check(r.returncode == 1 and all(rec["output"] is None and rec["sha256"] is None for rec in recs)
          and sum(rec["status"] == "rendered" for rec in recs) == len(recs) - 1,
          "--check records every input, with no output")
    r = run(d, ["--shard", "1/2", "-o", "pdf", "--manifest", "missing/m.jsonl", "archive"])
    check(r.returncode == 3 and not os.path.exists(os.path.join(d, "missing")), f"an unwritable manifest: exit {r.returncode}")
    check(not [f for f in os.listdir(d) if f.startswith(".")], "no temporary file left")


with tempfile.TemporaryDirectory() as tmp:
    make_archive(os.path.join(tmp, "archive"))
    whole = workdir(tmp, "whole")
    r = run(whole, ["-j", "2", "-o", "pdf", "--manifest", "manifest.jsonl", "archive"])
    check(r.returncode == 1, f"one run over the archive exits 1 (one bad input), not {r.returncode}")
    inputs = check_whole(whole, r)
    check_parts(tmp, whole, inputs)
    check_recipes(tmp, whole)
    check_usage(tmp)
finish()
