#!/usr/bin/env python3
"""Nothing is lost or changed by the ActualText that lines whose parts stand
apart carry (a table row, a chart's labels, a caption with its unit, a title
with a U+3000, the 版记's last line; README, Archives): a reader that honours
it (poppler) reads that text in place of the glyphs inside, so it must be
their text, in their order, white space aside.

For every input (masthead.inputs) with every template, each page's content
stream is parsed with pikepdf; the glyphs shown inside each Span carrying
ActualText are turned back into text through their font's ToUnicode map
(a Span nested inside counts as its own ActualText), and the two are
compared. Usage: check_actual_text.py JIANBAO SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile

import pikepdf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import masthead  # noqa: E402
from checks import check, finish  # noqa: E402

SPACE = re.compile(r"[\s\u3000\u00a0]+")


def utf16(hexdigits):
    return bytes.fromhex(hexdigits).decode("utf-16-be")


def to_unicode(font):
    """code -> text, from a ToUnicode CMap's bfchar and bfrange entries."""
    data = font.ToUnicode.read_bytes().decode("latin-1")
    text = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            text[int(code, 16)] = utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            first = utf16(dst)
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                text[code] = first[:-1] + chr(ord(first[-1]) + k)
        for lo, hi, dsts in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\[(.*?)\]",
                                       block, re.S):
            for code, dst in zip(range(int(lo, 16), int(hi, 16) + 1),
                                 re.findall(r"<([0-9A-Fa-f]*)>", dsts)):
                text[code] = utf16(dst)
    return text


def shown(operands, font):
    out = []
    for o in operands:
        parts = [o] if isinstance(o, pikepdf.String) else \
            [x for x in o if isinstance(x, pikepdf.String)] if isinstance(o, pikepdf.Array) else []
        for b in (bytes(p) for p in parts):
            out += [font.get(b[i] << 8 | b[i + 1], "\ufffd") for i in range(0, len(b) - 1, 2)]
    return "".join(out)


def page_spans(page):
    """(ActualText, the glyphs' text inside) of each Span carrying ActualText."""
    fonts = {str(k): to_unicode(f) for k, f in page.Resources.get("/Font", {}).items()
             if "/ToUnicode" in f}
    stack, spans, font = [], [], {}
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" else None
            actual = props.get("/ActualText") if isinstance(props, pikepdf.Dictionary) else None
            stack.append([str(actual) if actual is not None else None, ""])
        elif op == "EMC" and stack:
            actual, inside = stack.pop()
            if actual is not None:
                spans.append((actual, inside))
            if stack:  # what an enclosing sequence reads here
                stack[-1][1] += actual if actual is not None else inside
        elif op == "Tf":
            font = fonts.get(str(operands[0]), {})
        elif op in ("Tj", "TJ", "'", '"') and stack:
            stack[-1][1] += shown(operands, font)
    return spans


def main():
    jianbao, root = sys.argv[1:3]
    compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in masthead.inputs(root):
            for template in masthead.templates(root):
                out = os.path.join(tmp, "out.pdf")
                subprocess.run([jianbao, "-o", out, path, "--template", template], check=True,
                               capture_output=True)
                with pikepdf.open(out) as pdf:
                    for n, page in enumerate(pdf.pages):
                        for actual, inside in page_spans(page):
                            compared += 1
                            check(SPACE.sub("", actual) == SPACE.sub("", inside),
                                  f"{os.path.basename(path)} ({template}) page {n + 1}: "
                                  f"ActualText {actual[:60]!r} over glyphs {inside[:60]!r}")
    check(compared > 500, f"only {compared} ActualText spans compared")
    print(f"{compared} ActualText spans compared with the glyphs they cover")
    finish()


main()
