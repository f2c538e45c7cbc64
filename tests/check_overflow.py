#!/usr/bin/env python3
"""Content that does not fit: footer lines that wrap, footers taller than a
page, tables wider than the text block. Each either fits, with no two words
of a page drawn over each other (read back with pdftotext -bbox), or is an
error with its position; a PDF of overprinted text is never written.
Usage: check_overflow.py JIANBAO ROOT"""
import os
import re
import subprocess
import sys
import tempfile
import time

from checks import check, finish

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
HEAD = "title: 页脚测试\ndate: 2022-08-01\nsections:\n  - heading: 概况\n    content:\n      - 正文一段。\n"
LONG = "主办单位：中共湖南省委组织部　承办单位：双牌县委组织部　技术支持：湖南红网新媒体集团有限公司网络技术部　联系电话：0746-1234567　地址：湖南省永州市双牌县泷泊镇"


def words(pdf):
    """Each page's word boxes (x0, y0, x1, y1, text)."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                      re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def overprinted(pdf):
    """The first pair of words drawn over each other by more than a point."""
    for n, page in enumerate(words(pdf), 1):
        for i, a in enumerate(page):
            for b in page[i + 1:]:
                if min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1:
                    return f"page {n}: {a[4]!r} over {b[4]!r}"
    return None


def off_page(pdf):
    """The first word drawn (partly) outside its page: read from a copy whose
    pages are enlarged on every side, since readers drop what lies outside."""
    import pikepdf
    grown = pdf + ".grown.pdf"
    margin = 300
    with pikepdf.open(pdf) as doc:
        sizes = []
        for page in doc.pages:
            x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
            sizes.append((x1 - x0, y1 - y0))
            page.MediaBox = [x0 - margin, y0 - margin, x1 + margin, y1 + margin]
        doc.save(grown)
    try:
        for n, (page, (w, h)) in enumerate(zip(words(grown), sizes), 1):
            for a in page:
                if a[0] < margin - 0.5 or a[1] < margin - 0.5 or a[2] > margin + w + 0.5 or a[3] > margin + h + 0.5:
                    return f"page {n}: {a[4]!r} at {a[:4]}"
    finally:
        os.unlink(grown)
    return None


def render(tmp, name, text, *args):
    src = os.path.join(tmp, name + ".yaml")
    open(src, "w").write(text)
    pdf = os.path.join(tmp, name + ".pdf")
    start = time.time()
    r = subprocess.run([jianbao, *args, "-o", pdf, src], capture_output=True, text=True, timeout=120)
    return r, pdf, time.time() - start


with tempfile.TemporaryDirectory() as tmp:
    # Three realistic footer lines that wrap: they fit above the page number.
    footer = HEAD + "footer:\n" + "".join(f"  - {LONG}\n" for _ in range(3))
    for template in ("bulletin", "gbt9704"):
        r, pdf, _ = render(tmp, "footer3-" + template, footer, "--template", template)
        check(r.returncode == 0, f"three wrapped footer lines, {template}: exit {r.returncode} {r.stderr}")
        if r.returncode == 0:
            what = overprinted(pdf) or off_page(pdf)
            check(what is None, f"three wrapped footer lines, {template}: {what}")

    # Under the page number (article), two short lines fit; three that wrap do not.
    short = HEAD + "footer:\n  - 主办单位：中共湖南省委组织部　技术支持：湖南红网新媒体集团\n  - ICP备案号：湘ICP备17016663号-1\n"
    r, pdf, _ = render(tmp, "footer2-article", short, "--template", "article")
    what = r.returncode == 0 and (overprinted(pdf) or off_page(pdf))
    check(r.returncode == 0 and what is None, f"two footer lines, article: exit {r.returncode} {r.stderr} {what}")
    r, pdf, _ = render(tmp, "footer3-article", footer, "--template", "article")
    check(r.returncode == 1 and re.search(r":8:5: error: footer\[0\]: the footer lines take 6 lines", r.stderr)
          and not os.path.exists(pdf), f"three wrapped footer lines, article: exit {r.returncode} {r.stderr}")

    # Footers that cannot fit: an error at the footer, no PDF.
    for count in (12, 200):
        many = HEAD + "footer:\n" + "".join(f"  - {LONG}\n" for _ in range(count))
        for template in ("bulletin", "article"):
            r, pdf, _ = render(tmp, f"footer{count}-{template}", many, "--template", template)
            check(r.returncode == 1 and re.search(r":\d+:\d+: error: footer\[0\]: the footer lines", r.stderr)
                  and not os.path.exists(pdf), f"{count} footer lines, {template}: exit {r.returncode} {r.stderr[-400:]}")

    # Tables wider than the text block: an error at the table, no PDF, quickly.
    for columns in (50, 5000):
        table = (HEAD + "      - table:\n          columns: [" + ", ".join(f"列{i}" for i in range(columns)) + "]\n"
                 "          rows:\n            - [" + ", ".join(str(i) for i in range(columns)) + "]\n")
        r, pdf, seconds = render(tmp, f"table{columns}", table)
        check(r.returncode == 1 and re.search(r":\d+:\d+: error: sections\[0\]\.content\[1\]\.table\.columns\[0\]: ", r.stderr)
              and "wider than the text block" in r.stderr and not os.path.exists(pdf),
              f"{columns} columns: exit {r.returncode} {r.stderr[-400:]}")
        check(seconds < 10, f"{columns} columns took {seconds:.1f} s")
    # Numbers are never cut: twelve columns of four-digit numbers leave 23 pt for each, less
    # than 1000 takes, and cutting it would print 100 over 0: an error at the cell. Eight
    # columns fit, with nothing drawn over anything.
    for columns, fits in ((12, False), (8, True)):
        table = (HEAD + "      - table:\n          columns: [" + ", ".join(f"列{i}" for i in range(columns)) + "]\n"
                 "          rows:\n            - [" + ", ".join(str(1000 + i) for i in range(columns)) + "]\n")
        r, pdf, _ = render(tmp, f"numbers{columns}", table)
        if fits:
            what = r.returncode == 0 and overprinted(pdf)
            check(r.returncode == 0 and what is None, f"{columns} columns of numbers: exit {r.returncode} {r.stderr} {what}")
        else:
            check(r.returncode == 1 and ":10:16: error: sections[0].content[1].table.rows[0][0]: `1000` does not fit "
                  "on one line here" in r.stderr and not os.path.exists(pdf),
                  f"{columns} columns of numbers: exit {r.returncode} {r.stderr}")

finish()
