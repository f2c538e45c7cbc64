#!/usr/bin/env python3
"""The gbt9704 template, measured from the PDF with pdftotext -bbox-layout:
the text block's left edge at 28 mm and its top line at 37 mm (within 0.5
mm); a full page of plain body text holds exactly 22 lines of 28
characters; page numbers 7 mm below the text block, at the right edge (one
character in) on odd pages and the left edge on even pages.
Usage: check_gbt9704.py JIANBAO ROOT"""
import os
import re
import subprocess
import sys
import tempfile

from checks import check, finish
import xml.etree.ElementTree as ET

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
MM = 72 / 25.4
TOLERANCE = 0.5 * MM


def lines_of(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    doc = ET.fromstring(xml)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in doc.iter("{http://www.w3.org/1999/xhtml}page"):
        lines = []
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            words = [w.text or "" for w in line.findall("x:word", ns)]
            box = {k: float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")}
            lines.append((box, "".join(words)))
        pages.append(lines)
    return pages


with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "grid.pdf")
    r = subprocess.run([jianbao, "--template", "gbt9704", "-o", pdf,
                        os.path.join(root, "tests", "templates", "grid-text.yaml")], capture_output=True, text=True)
    check(r.returncode == 0, f"render: {r.stderr}")
    pages = lines_of(pdf)
    check(len(pages) >= 3, f"{len(pages)} pages; the test text fills at least three")
    numbers = {}
    for n, lines in enumerate(pages, 1):
        body = [(b, t) for b, t in lines if not re.fullmatch(r"—\d+—", t)]
        number = [(b, t) for b, t in lines if re.fullmatch(r"—\d+—", t)]
        numbers[n] = number[0] if number else None
        if 1 < n < len(pages):  # a full page of body text
            check(len(body) == 22, f"page {n}: {len(body)} lines, want 22")
            check(all(len(t) == 28 for _, t in body), f"page {n}: line lengths {[len(t) for _, t in body]}")
            check(abs(body[0][0]["yMin"] - 37 * MM) <= TOLERANCE,
                  f"page {n}: top line at {body[0][0]['yMin'] / MM:.2f} mm, want 37")
            check(all(abs(b["xMin"] - 28 * MM) <= TOLERANCE for b, _ in body),
                  f"page {n}: left edges {sorted(set(round(b['xMin'] / MM, 2) for b, _ in body))} mm, want 28")
    for n, num in numbers.items():
        check(num is not None and num[1] == f"—{n}—", f"page {n}: page number {num}")
        if not num:
            continue
        box = num[0]
        check(abs(box["yMin"] - (37 + 225 + 7) * MM) <= TOLERANCE,
              f"page {n}: page number top at {box['yMin'] / MM:.2f} mm, want 269")
        if n % 2:
            check(abs(box["xMax"] - ((210 - 26) * MM - 14)) <= TOLERANCE,
                  f"odd page {n}: number ends at {box['xMax'] / MM:.2f} mm, want one character in from 184")
        else:
            check(abs(box["xMin"] - (28 * MM + 14)) <= TOLERANCE,
                  f"even page {n}: number starts at {box['xMin'] / MM:.2f} mm, want one character in from 28")

finish()
