#!/usr/bin/env python3
"""Only messages depend on the language: the sample renders to the same bytes
and exit status under LC_ALL=C.UTF-8, zh_CN.UTF-8 and zh_TW.UTF-8.
Usage: check_language_output.py JIANBAO SOURCE_ROOT"""
import os
import subprocess
import sys
import tempfile

jianbao, root = sys.argv[1], sys.argv[2]
sample = os.path.join(root, "input", "shuangpai-2022-08.yaml")
results = {}
with tempfile.TemporaryDirectory() as out:
    for lang in ("C.UTF-8", "zh_CN.UTF-8", "zh_TW.UTF-8"):
        pdf = os.path.join(out, lang + ".pdf")
        r = subprocess.run([jianbao, "-o", pdf, sample], env=dict(os.environ, LC_ALL=lang),
                           capture_output=True, text=True)
        results[lang] = (r.returncode, open(pdf, "rb").read() if os.path.exists(pdf) else None,
                         r.stderr)
english = results["C.UTF-8"]
failed = english[1] is None
for lang, (status, pdf, messages) in results.items():
    if (status, pdf) != english[:2]:
        print(f"FAIL under {lang}: exit {status}, PDF differs: {pdf != english[1]}")
        failed = True
if results["zh_CN.UTF-8"][2] == english[2] or "警告" not in results["zh_CN.UTF-8"][2]:
    print("FAIL the sample's warnings are not in Chinese under zh_CN.UTF-8")
    failed = True
print("same PDF in every language" if not failed else "differences")
sys.exit(1 if failed else 0)
