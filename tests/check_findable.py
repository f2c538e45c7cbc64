"""Every clause of every input can be found, as written, in the text that three
independent readers extract: poppler's pdftotext (Evince, Okular), MuPDF's
mutool (mupdf-tools) and pdf.js (Firefox's and Chrome's viewers, from npm's
pdfjs-dist: tests/pdfjs/text.mjs).

The clauses are the printed text of the bulletin (dump_text: what `resolve`
has it print) split at punctuation and at the ideographic space U+3000, which
separates the phrases of a title. A reader's text is searched with its line
breaks removed (a line end may break a phrase, nothing else may) and the
page furniture between pages (footer lines or parts of them, page numbers)
left out, so that a clause running over a page break is found too.

The order too: in each reader's text the masthead's lines (masthead.py) come
in the order printed and before the title; on each page the footer lines and
the page number come after the page's body text; a table's cells (each TR's
cells, from poppler's pdfinfo -struct-text) read row by row; and the 版记's
last line reads its issuer, then its 印发 date, before the page number. All
three readers are held to it: poppler, which orders text by where it stands,
reads the lines whose parts stand apart (a table row, a chart, a caption or
title with a U+3000 in it, the 版记's last line) through their ActualText.

usage: check_findable.py JIANBAO DUMP_TEXT SOURCE_ROOT [--report]
With --report it prints, for each reader, the clauses not found."""
import os
import re
import subprocess
import sys
import tempfile

from checks import check, finish
import masthead
import yaml

PUNCTUATION = re.compile(
    "[，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·,.;:?!()\\[\\]\"'％%/\u3000]+"
)


def clauses_of(dump_text, path, closing):
    out = subprocess.run([dump_text, path], capture_output=True, text=True, check=True).stdout
    clauses, furniture = [], set()
    for line in out.splitlines():
        tag, text = line[:1], line[2:]
        if tag == "F":
            furniture.add(re.sub(r"\s+", "", text))
        if tag == "D" and not closing:
            continue
        for part in PUNCTUATION.split(text):
            part = re.sub(r"\s+", " ", part).strip()
            if len(part) >= 2:
                clauses.append(part)
    with open(path, encoding="utf-8") as f:
        date = re.search(r"^date:\s*[\"']?(\d{4})-(\d{2})-(\d{2})", f.read(), re.M)
    if date:  # the masthead's or the source line's date, as a template writes it
        y, m, d = date.groups()
        clauses.append((f"{y}年{int(m)}月{int(d)}日", f"{y}-{m}-{d}"))
    return clauses, furniture


def poppler(pdf):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout


def mupdf(pdf):
    out = subprocess.run(["mutool", "draw", "-q", "-F", "txt", pdf], capture_output=True,
                         text=True, check=True).stdout
    return out


def pdfjs(pdf):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pdfjs", "text.mjs")
    return subprocess.run(["node", script, pdf], capture_output=True, text=True,
                          check=True).stdout


READERS = {"poppler": poppler, "mupdf": mupdf, "pdf.js": pdfjs}
PAGE_NUMBER = re.compile(r"^(—\s*\d+\s*—|第\s*\d+\s*[页頁]\s*共\s*\d+\s*[页頁])$")


def searchable(text, furniture):
    """The reader's lines joined without their breaks, and joined with a
    space (for a line broken at a space); both again with the page furniture
    left out (for a clause running over a page break)."""
    lines = [re.sub(r"\s+", " ", line.strip()) for line in text.replace("\f", "\n").splitlines()]
    lines = [line for line in lines if line]
    body = [line for line in lines
            if not any(line.replace(" ", "") in f for f in furniture)
            and not PAGE_NUMBER.match(line)]
    return ["".join(lines), " ".join(lines), "".join(body), " ".join(body)]


def is_furniture(line, furniture):
    line = line.replace(" ", "")
    return bool(PAGE_NUMBER.match(line)) or any(
        line in f and len(line) >= min(4, len(f)) for f in furniture)


def table_rows(pdf):
    """Each table row's cells (texts without white space), from poppler."""
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True,
                         check=True).stdout
    rows, cell = [], None
    for line in out.splitlines():
        m = re.match(r"\s*(\w+)( \(\w+\))?:?$", line)
        if m:
            cell = None
            if m.group(1) == "TR":
                rows.append([])
            elif m.group(1) in ("TH", "TD") and rows:
                rows[-1].append("")
                cell = rows[-1]
        elif cell is not None and line.strip().startswith('"'):
            cell[-1] += re.sub(r"\s+", "", line.strip()[1:-1])
    return [[c for c in row if c] for row in rows if any(row)]


def check_order(name, text, source, kind, furniture, rows, where):
    """The masthead's lines in order before the title; on each page the
    footer lines and the page number after the body (the lines at the page's
    end that are pieces of them hold all of them); tables row by row."""
    pages = [[re.sub(r"\s+", "", line) for line in page.splitlines()] for page in text.split("\f")]
    pages = [[line for line in page if line] for page in pages]
    body = []
    for p, lines in enumerate(pages):
        end = len(lines)
        while end and is_furniture(lines[end - 1], furniture):
            end -= 1
        body += lines[:end]
        whole, foot = "".join(lines), "".join(lines[end:])
        early = [f for f in furniture if f in whole and f not in foot]
        early += [line for line in lines[:end] if PAGE_NUMBER.match(line)]
        check(not early, f"{name}: {where} page {p + 1}: footer or page number before body "
                         f"text: {early[:3]}")
    first = "".join(pages[0]) if pages else ""
    title = first.find(re.sub(r"\s+", "", str(source["title"])))
    at, order = 0, []
    for what, pattern in masthead.expected(source, kind):
        m = re.compile(pattern).search(first, at, title if title >= 0 else len(first))
        order.append(what if m else f"no {what}")
        at = m.end() if m else at
    check(title >= 0 and not any(w.startswith("no ") for w in order),
          f"{name}: {where}: before the title (at {title}) the masthead's lines read {order}")
    body, at, lost = "".join(body), 0, []
    for r, row in enumerate(rows):
        for cell in row:
            k = body.find(cell, at)
            if k < 0:
                lost.append((r, cell))
            else:
                at = k + len(cell)
    check(not lost, f"{name}: {where}: table cells not read row by row: {lost[:3]}")


def check_closing(name, text, source, where):
    """The line that ends the 报尾 or 版记 (its issuer, then its 印发 date)
    reads in that order, before the page number, in every reader: poppler
    too, which takes that line from its ActualText."""
    closing = source.get("distribution") or {}
    issuer = re.sub(r"\s+", "", str(closing.get("printed_by") or ""))
    if not issuer or not closing.get("printed_on"):
        return
    for page in text.split("\f"):
        lines = [re.sub(r"\s+", "", line) for line in page.splitlines()]
        lines = [line for line in lines if line]
        whole = "".join(lines)
        if issuer not in whole or "印发" not in whole[whole.find(issuer):]:
            continue
        number = [i for i, line in enumerate(lines) if PAGE_NUMBER.match(line)]
        printed = [i for i, line in enumerate(lines) if "印发" in line]
        check(whole.find(issuer) < whole.find("印发", whole.find(issuer)) and
              (not number or printed[-1] < number[-1]),
              f"{name}: {where}: the issuer, the 印发 date and the page number read {lines[-4:]}")


def found(clause, texts):
    """A clause, or a tuple of ways a template may write it."""
    ways = clause if isinstance(clause, tuple) else (clause,)
    return any(way in t for way in ways for t in texts)


def main():
    jianbao, dump_text, root = sys.argv[1:4]
    report = "--report" in sys.argv
    inputs = masthead.inputs(root)
    totals = {name: [0, 0] for name in READERS}
    with tempfile.TemporaryDirectory() as tmp:
        for path in inputs:
            with open(path, encoding="utf-8") as f:
                source = yaml.safe_load(f)
            for template in masthead.templates(root):
                args = ["--template", template] if template else []
                pdf = os.path.join(tmp, "out.pdf")
                subprocess.run([jianbao, "-o", pdf, path] + args, check=True,
                               capture_output=True)
                clauses, furniture = clauses_of(dump_text, path, template != "article")
                kind, rows = masthead.style(root, template, source), table_rows(pdf)
                for name, reader in READERS.items():
                    text = reader(pdf)
                    texts = searchable(text, furniture)
                    missing = [c for c in clauses if not found(c, texts)]
                    totals[name][0] += len(clauses)
                    totals[name][1] += len(missing)
                    where = f"{os.path.basename(path)} ({template})"
                    check_order(name, text, source, kind, furniture, rows, where)
                    check_closing(name, text, source, where)
                    check(not missing, f"{name}: {len(missing)} of {len(clauses)} clauses of "
                                       f"{where} not found: {missing[:5]}")
                    if report and missing:
                        print(f"{name} {where}: {missing}")
    for name, (count, missing) in totals.items():
        print(f"{name}: {count - missing} of {count} clauses found")
    finish()


main()
