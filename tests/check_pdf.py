#!/usr/bin/env python3
"""End-to-end check of one input: render it, then read the PDF back with
independent tools. Usage: check_pdf.py JIANBAO DUMP_TEXT INPUT.yaml [OPTION...]
(options go to jianbao; --page-size=WxH checks the pages' size in points)"""
import os
import re
import subprocess
import sys
import tempfile


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def squeeze(s):
    return re.sub(r"\s+", "", s)


def main():
    jianbao, dump, source = sys.argv[1:4]
    extra = [a for a in sys.argv[4:] if not a.startswith("--page-size=") and a != "--no-closing"]
    closing = "--no-closing" not in sys.argv[4:]
    size = [a.split("=", 1)[1] for a in sys.argv[4:] if a.startswith("--page-size=")]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "out.pdf")
        r = run([jianbao, *extra, "-o", pdf, source])
        if r.returncode != 0:
            fail(f"jianbao exited {r.returncode}: {r.stderr}")
        # Every font embedded, as a subset, with a Unicode map; no reader warnings.
        fonts = run(["pdffonts", pdf])
        if fonts.stderr:
            fail("pdffonts warns: " + fonts.stderr)
        rows = fonts.stdout.splitlines()[2:]
        if not rows:
            fail("no fonts listed")
        for row in rows:
            cols = row.split()
            emb, sub, uni = cols[-5], cols[-4], cols[-3]
            if (emb, sub, uni) != ("yes", "yes", "yes"):
                fail("font not embedded/subset/mapped: " + row)
            if not re.match(r"^[A-Z]{6}\+", cols[0]):
                fail("subset font without a subset tag: " + row)
        check = run(["qpdf", "--check", pdf])
        if check.returncode != 0 or "No syntax or stream encoding errors" not in check.stdout:
            fail("qpdf --check: " + check.stdout + check.stderr)
        text = run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"])
        if text.stderr:
            fail("pdftotext warns: " + text.stderr)
        info = run(["pdfinfo", pdf]).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        if size:
            got_size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
            want = size[0].split("x")
            if any(abs(float(g) - float(w)) > 0.01 for g, w in zip(got_size, want)):
                fail(f"page size {got_size}, want {want}")
        expected = run([dump, source])
        if expected.returncode != 0:
            fail("dump_text: " + expected.stderr)
        blocks, footers = [], []
        for line in expected.stdout.splitlines():
            tag, body = line[0], squeeze(line[2:])
            if body and (tag != "D" or closing):
                (footers if tag == "F" else blocks).append(body)
        got = squeeze(text.stdout)
        # the page with the distribution block prints no footer lines
        has_closing = closing and any(line.startswith("D") and squeeze(line[2:])
                                      for line in expected.stdout.splitlines())
        want = pages - 1 if has_closing else pages
        for f in footers:
            if got.count(f) < want:
                fail(f"footer line {f!r} is not on all {want} pages without the 报尾")
            got = got.replace(f, "")
        got = re.sub(r"—\d+—|第\d+页共\d+页", "", got)
        at = 0
        for b in blocks:
            found = got.find(b, at)
            if found < 0:
                where = got.find(b)
                fail(f"text not found in order: {b!r}" + (" (found earlier)" if where >= 0 else ""))
            at = found + len(b)
        print(f"ok: {source} {' '.join(extra)}: {pages} pages, {len(blocks)} texts in order, {len(rows)} fonts, "
              f"{os.path.getsize(pdf)} bytes")


main()
