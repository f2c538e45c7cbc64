#!/usr/bin/env python3
"""The bad-input corpus: each tests/bad/NAME.yaml must fail with exactly the
messages and exit status in NAME.expect (English, under LC_ALL=C.UTF-8) and
in NAME.expect.zh_CN (simplified Chinese, under LC_ALL=zh_CN.UTF-8), leave no
file behind, and leave an existing PDF at the output path untouched.
NAME.args holds extra options.

A few cases (TRADITIONAL) are also checked in traditional Chinese
(NAME.expect.zh_TW, under zh_TW.UTF-8 and zh_HK.UTF-8), with the language
named by LANG alone (LC_ALL and LC_MESSAGES unset) or by LC_MESSAGES, under zh
locales that are not generated on the machine (zh_SG, zh_MO): the messages
must not depend on whether the locale is installed, and in a GB18030 locale,
where they must still be UTF-8.
Usage: check_bad.py JIANBAO BAD_DIR [--bless]"""
import os
import subprocess
import sys
import tempfile

GOOD = b"%PDF-1.4 an existing good PDF that a failed run must not replace\n"

TRADITIONAL = ["block_two_keys", "duplicate_key", "missing_title", "table_row_cells",
               "unknown_key_no_hint", "yaml_syntax", "template_bad_size", "share_of_unknown",
               "tab_indentation", "stated_share_strict"]

# (suffix of the expect file, environment variables set, variables unset)
ENGLISH = (".expect", {"LC_ALL": "C.UTF-8"}, [])
SIMPLIFIED = (".expect.zh_CN", {"LC_ALL": "zh_CN.UTF-8"}, [])
EXTRA_RUNS = [
    (".expect.zh_TW", {"LC_ALL": "zh_TW.UTF-8"}, []),
    (".expect.zh_TW", {"LC_ALL": "zh_HK.UTF-8"}, []),
    (".expect.zh_TW", {"LC_ALL": "zh_MO.UTF-8"}, []),
    (".expect.zh_CN", {"LANG": "zh_CN.UTF-8"}, ["LC_ALL", "LC_MESSAGES", "LANGUAGE"]),
    (".expect.zh_TW", {"LANG": "zh_TW.UTF-8"}, ["LC_ALL", "LC_MESSAGES", "LANGUAGE"]),
    (".expect.zh_TW", {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, ["LC_ALL"]),
    (".expect.zh_CN", {"LC_ALL": "zh_SG.UTF-8"}, []),
    (".expect.zh_CN", {"LC_ALL": "zh_CN.GB18030"}, []),  # messages stay UTF-8
    (".expect", {"LANG": "en_US.UTF-8"}, ["LC_ALL", "LC_MESSAGES", "LANGUAGE"]),
]


def environment(set_vars, unset):
    env = dict(os.environ)
    for name in unset:
        env.pop(name, None)
    env.update(set_vars)
    return env


def run_case(jianbao, bad_dir, name, out_dir, existing, env):
    args = []
    if os.path.exists(os.path.join(bad_dir, name + ".args")):
        args = open(os.path.join(bad_dir, name + ".args")).read().split()
    out = os.path.join(out_dir, "out.pdf")
    if existing:
        with open(out, "wb") as f:
            f.write(GOOD)
    r = subprocess.run([jianbao, *args, "-o", out, name + ".yaml"], cwd=bad_dir,
                       capture_output=True, text=True, timeout=60, env=env)
    left = sorted(os.listdir(out_dir))
    return r, left, (open(out, "rb").read() if os.path.exists(out) else None)


def compare(jianbao, bad_dir, name, run, bless, problems):
    suffix, set_vars, unset = run
    expect_path = os.path.join(bad_dir, name + suffix)
    with tempfile.TemporaryDirectory() as empty:
        r, left, _ = run_case(jianbao, bad_dir, name, empty, False, environment(set_vars, unset))
    got = f"exit: {r.returncode}\n{r.stderr}"
    if bless:
        open(expect_path, "w").write(got)
    if not os.path.exists(expect_path):
        problems.append(f"{name + suffix} is missing (bless it, then read it)")
        return r, left
    want = open(expect_path).read()
    if got != want:
        problems.append(f"messages under {set_vars} differ:\n--- want\n{want}--- got\n{got}")
    return r, left


def check(jianbao, bad_dir, name, bless):
    problems = []
    r, left = compare(jianbao, bad_dir, name, ENGLISH, bless, problems)
    if r.returncode == 0:
        problems.append("exit status 0 for a bad input")
    if left:
        problems.append(f"files left behind: {left}")
    with tempfile.TemporaryDirectory() as full:
        _, left2, content = run_case(jianbao, bad_dir, name, full, True,
                                     environment(*ENGLISH[1:]))
    if content != GOOD or left2 != ["out.pdf"]:
        problems.append(f"the existing PDF was replaced or files were left: {left2}")
    compare(jianbao, bad_dir, name, SIMPLIFIED, bless, problems)
    if name in TRADITIONAL:
        for i, run in enumerate(EXTRA_RUNS):
            compare(jianbao, bad_dir, name, run, bless and i == 0, problems)
    return problems


def main():
    jianbao, bad_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    bless = "--bless" in sys.argv
    names = sorted(f[:-5] for f in os.listdir(bad_dir) if f.endswith(".yaml"))
    missing = [n for n in TRADITIONAL if n not in names]
    if missing:
        print(f"FAIL: cases named for traditional Chinese are gone: {missing}")
        sys.exit(1)
    passed = failed = 0
    for name in names:
        problems = check(jianbao, bad_dir, name, bless)
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
