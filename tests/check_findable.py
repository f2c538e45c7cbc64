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

usage: check_findable.py JIANBAO DUMP_TEXT SOURCE_ROOT [--report]
With --report it prints, for each reader, the clauses not found."""
import os
import re
import subprocess
import sys
import tempfile

from checks import check, finish

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


def found(clause, texts):
    """A clause, or a tuple of ways a template may write it."""
    ways = clause if isinstance(clause, tuple) else (clause,)
    return any(way in t for way in ways for t in texts)


def main():
    jianbao, dump_text, root = sys.argv[1:4]
    report = "--report" in sys.argv
    inputs = sorted(
        os.path.join(d, f)
        for d in (os.path.join(root, "input"), os.path.join(root, "tests", "typesetting"))
        for f in os.listdir(d) if f.endswith(".yaml"))
    totals = {name: [0, 0] for name in READERS}
    with tempfile.TemporaryDirectory() as tmp:
        for path in inputs:
            for template in (None, "gbt9704", "article"):
                args = ["--template", template] if template else []
                pdf = os.path.join(tmp, "out.pdf")
                subprocess.run([jianbao, "-o", pdf, path] + args, check=True,
                               capture_output=True)
                clauses, furniture = clauses_of(dump_text, path, template != "article")
                for name, reader in READERS.items():
                    texts = searchable(reader(pdf), furniture)
                    missing = [c for c in clauses if not found(c, texts)]
                    totals[name][0] += len(clauses)
                    totals[name][1] += len(missing)
                    where = f"{os.path.basename(path)} ({template or 'its own template'})"
                    check(not missing, f"{name}: {len(missing)} of {len(clauses)} clauses of "
                                       f"{where} not found: {missing[:5]}")
                    if report and missing:
                        print(f"{name} {where}: {missing}")
    for name, (count, missing) in totals.items():
        print(f"{name}: {count - missing} of {count} clauses found")
    finish()


main()
