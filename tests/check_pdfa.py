#!/usr/bin/env python3
"""PDF/A-1b and reproducibility. Every input, with every template, rendered
with --pdfa must be reported valid by Apache PDFBox Preflight; so must every
input rendered with --pdfa=1a (Preflight checks level B's rules only: that
the file claims level A in its XMP and carries the structure tree, /MarkInfo
and /Lang level A asks for is checked here on the uncompressed file, the
structure itself by check_tags.py, level A's own rules by check_pdfa1a.py);
every input rendered twice, from two working directories, must give the
same bytes.
Usage: check_pdfa.py JIANBAO ROOT"""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

from checks import check, finish

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
jars = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "commons-io",
        "javax.activation", "jaxb-api"]
classpath = ":".join(f"/usr/share/java/{j}.jar" for j in jars)
inputs = sorted(f for f in os.listdir(os.path.join(root, "input")) if f.endswith(".yaml"))


with tempfile.TemporaryDirectory() as tmp:
    pdfs = []
    for template in ("bulletin", "gbt9704", "article"):
        for name in inputs:
            pdf = os.path.join(tmp, f"{template}-{name[:-5]}.pdf")
            r = subprocess.run([jianbao, "--pdfa", "--template", template, "-o", pdf,
                                os.path.join(root, "input", name)], capture_output=True, text=True)
            check(r.returncode == 0, f"{template} {name}: exit {r.returncode} {r.stderr}")
            pdfs.append(pdf)
    for name in inputs:
        pdf = os.path.join(tmp, f"level-a-{name[:-5]}.pdf")
        r = subprocess.run([jianbao, "--pdfa=1a", "-o", pdf, os.path.join(root, "input", name)],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"--pdfa=1a {name}: exit {r.returncode} {r.stderr}")
        pdfs.append(pdf)
        plain = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                               capture_output=True).stdout
        for want in (b"<pdfaid:conformance>A</pdfaid:conformance>", b"/StructTreeRoot",
                     b"/MarkInfo", b"/Marked true", b"/Lang", b"/StructParents"):
            check(want in plain, f"--pdfa=1a {name}: no {want.decode()}")
    # One Java process validates them all: Validator_A1b takes one file, so loop in a shell.
    script = "; ".join(f"java -cp {classpath} org.apache.pdfbox.preflight.Validator_A1b {p}" for p in pdfs)
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True).stdout
    for pdf in pdfs:
        ok = f"The file {os.path.basename(pdf)} is a valid PDF/A-1b file" in out
        check(ok, f"{os.path.basename(pdf)} is not valid PDF/A-1b:\n" +
              "\n".join(l for l in out.splitlines() if os.path.basename(pdf) in l or l.startswith("1.")
                        or l[:1].isdigit()))

    # The same bytes from two working directories, by relative and by absolute path.
    first, second = os.path.join(tmp, "one"), os.path.join(tmp, "two", "deeper")
    os.makedirs(first)
    os.makedirs(second)
    for name in inputs:
        shutil.copy(os.path.join(root, "input", name), first)
        if os.path.isdir(os.path.join(root, "input", "数据")):  # the spreadsheets tables read
            shutil.copytree(os.path.join(root, "input", "数据"), os.path.join(first, "数据"),
                            dirs_exist_ok=True)
        for pdfa in ([], ["--pdfa"]):
            a = subprocess.run([jianbao, *pdfa, "-o", "a.pdf", name], cwd=first, capture_output=True)
            b = subprocess.run([jianbao, *pdfa, "-o", "b.pdf", os.path.join(first, name)], cwd=second,
                               capture_output=True)
            same = (a.returncode == b.returncode == 0 and
                    filecmp.cmp(os.path.join(first, "a.pdf"), os.path.join(second, "b.pdf"), shallow=False))
            check(same, f"{name} {' '.join(pdfa)}: two runs gave different bytes")

finish()
