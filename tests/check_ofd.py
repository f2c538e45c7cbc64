#!/usr/bin/env python3
"""OFD output read back with tools independent of jianbao, and compared with
the PDF of the same input. Usage: check_ofd.py JIANBAO SOURCE_ROOT

For every input and corpus file, with every template:
- the package: the parts GB/T 33190 asks for, in a fixed order, each dated
  the bulletin's date; the same bytes from two runs in two directories;
- every XML part valid (xmllint) against the standard's schemas
  (tests/ofd-schema/);
- every glyph of the PDF (read by pdfminer) stands in the OFD at the same
  place (within 0.02 pt, the PDF's own rounding), with the same character, size and colour; every
  rule of the PDF is a path object of the same ends, width and colour;
- the text of the TextCodes, page by page, equals pdftotext's (whitespace
  aside, as pdftotext adds it from gaps);
- each embedded font file (read by fontconfig/FreeType) holds a glyph for
  every character its TextCodes use;
- DocInfo and the outline say what the PDF's information and outline say.
Then: a title holding <&>"' ; batches into a directory with --format ofd, whole and in two shards;
--pdfa and contradicting names refused; a face whose licence forbids
embedding refused with a message naming it."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTCurve
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

NS = {"ofd": "http://www.ofdspec.org/2016"}
MM = 72 / 25.4  # points per millimetre
# points: the OFD puts each glyph where the layout does, to 0.0003 pt; the
# PDF writes a run's character spacing (Tc) rounded to 0.001 pt, which a
# reader adds after every glyph, so its glyphs drift along a line by up to
# 0.0005 pt a glyph (0.02 pt at the end of a 40-character line)
TOLERANCE = 0.02
largest = [0.0]
failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def render(jianbao, source, out, extra=(), cwd=None):
    r = run([jianbao, *extra, "-o", out, source], cwd=cwd)
    if r.returncode != 0:
        raise SystemExit(f"FAIL: jianbao {' '.join(extra)} -o {out} {source}: {r.stderr}")
    return out


def numbers(text):
    return [float(v) for v in text.split()]


# ---- the package ------------------------------------------------------------

def check_package(name, path, date):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        pages = sorted((n for n in names if n.startswith("Doc_0/Pages/")),
                       key=lambda n: int(re.search(r"Page_(\d+)", n).group(1)))
        fonts = [n for n in names if n.startswith("Doc_0/Res/")]
        want = ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml"] + fonts + pages
        if names != want or not pages or not fonts:
            fail(f"{name}: parts {names}")
        for info in z.infolist():
            if info.date_time != (*date, 0, 0, 0):
                fail(f"{name}: {info.filename} dated {info.date_time}, not the bulletin's {date}")
            if info.extra:
                fail(f"{name}: {info.filename} has extra fields (times?)")
        return {n: z.read(n) for n in names}


SCHEMA_OF = {"OFD.xml": "OFD.xsd", "Doc_0/Document.xml": "Document.xsd",
             "Doc_0/PublicRes.xml": "Res.xsd"}


def check_schemas(name, parts, schema_dir, tmp):
    for part, data in parts.items():
        schema = SCHEMA_OF.get(part, "Page.xsd" if part.endswith("Content.xml") else None)
        if not schema:
            continue
        f = os.path.join(tmp, "part.xml")
        with open(f, "wb") as out:
            out.write(data)
        r = run(["xmllint", "--noout", "--schema", os.path.join(schema_dir, schema), f])
        if r.returncode != 0:
            fail(f"{name}: {part} is not valid against {schema}: {r.stderr.strip()}")


# ---- what the OFD draws -----------------------------------------------------

def ofd_pages(parts):
    """Per page: glyphs (char, x, y, size, font, colour) and paths, in PDF
    points with the origin at the bottom left."""
    doc = ET.fromstring(parts["Doc_0/Document.xml"])
    height = numbers(doc.find(".//ofd:PhysicalBox", NS).text)[3]
    pages = []
    for page in doc.findall("ofd:Pages/ofd:Page", NS):
        content = ET.fromstring(parts["Doc_0/" + page.get("BaseLoc")])
        glyphs, paths, shapes = [], [], 0
        for obj in content.iter():
            if obj.tag.endswith("}TextObject"):
                bx, by = numbers(obj.get("Boundary"))[:2]
                colour = tuple(int(v) for v in obj.find("ofd:FillColor", NS).get("Value").split())
                for code in obj.findall("ofd:TextCode", NS):
                    x = bx + float(code.get("X"))
                    y = by + float(code.get("Y"))
                    deltas = numbers(code.get("DeltaX", ""))
                    for i, ch in enumerate(code.text):
                        if i:
                            x += deltas[i - 1]
                        glyphs.append((ch, x * MM, (height - y) * MM,
                                       float(obj.get("Size")) * MM, obj.get("Font"), colour))
            elif obj.tag.endswith("}PathObject"):
                bx, by = numbers(obj.get("Boundary"))[:2]
                m = re.fullmatch(r"M (\S+) (\S+) L (\S+) (\S+)",
                                 obj.find("ofd:AbbreviatedData", NS).text)
                if not m or obj.get("Fill") == "true":  # a chart's shape: bar, line, wedge
                    shapes += 1
                    continue
                x0, y0, x1, y1 = (float(v) for v in m.groups())
                colour = tuple(int(v) for v in
                               obj.find("ofd:StrokeColor", NS).get("Value").split())
                paths.append(((bx + x0) * MM, (height - by - y0) * MM, (bx + x1) * MM,
                              (height - by - y1) * MM, float(obj.get("LineWidth")) * MM, colour))
        pages.append({"glyphs": glyphs, "paths": paths, "shapes": shapes})
    return pages


def stream_order_pages(pdf):
    """pdfminer's pages without layout analysis: objects in drawing order."""
    with open(pdf, "rb") as f:
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=None)
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.get_pages(f):
            interpreter.process_page(page)
            yield device.get_result()


def pdf_pages(pdf):
    pages = []
    for layout in stream_order_pages(pdf):
        glyphs, lines, shapes = [], [], []

        def walk(obj):
            if isinstance(obj, LTChar):
                glyphs.append(obj)
            elif isinstance(obj, LTCurve) and len(obj.pts) == 2 and not obj.fill:
                lines.append(obj)
            elif isinstance(obj, LTCurve):
                shapes.append(obj)
            elif hasattr(obj, "__iter__"):
                for o in obj:
                    walk(o)
        walk(layout)
        pages.append({"glyphs": glyphs, "lines": lines, "shapes": shapes})
    return pages


def colour_of(c):
    if c is None:
        return (0, 0, 0)  # the PDF's initial colour
    c = c if isinstance(c, (list, tuple)) else [c] * 3
    if len(c) == 1:
        c = list(c) * 3
    return tuple(round(v * 255) for v in c)


def check_drawing(name, ofd, pdf):
    if len(ofd) != len(pdf):
        fail(f"{name}: {len(ofd)} OFD pages, {len(pdf)} PDF pages")
        return
    for n, (o, p) in enumerate(zip(ofd, pdf), 1):
        og, pg = o["glyphs"], p["glyphs"]
        if len(og) != len(pg):
            fail(f"{name} page {n}: {len(og)} glyphs in the OFD, {len(pg)} in the PDF")
            continue
        for a, b in zip(og, pg):
            ch, x, y, size, _, colour = a
            largest[0] = max(largest[0], abs(x - b.matrix[4]), abs(y - b.matrix[5]))
            if ch != b.get_text() or abs(x - b.matrix[4]) > TOLERANCE or \
                    abs(y - b.matrix[5]) > TOLERANCE or abs(size - b.size) > TOLERANCE or \
                    colour != colour_of(b.graphicstate.ncolor):
                fail(f"{name} page {n}: OFD {a[:4]} {colour}, PDF {b.get_text()!r} at "
                     f"{b.matrix[4]:.3f} {b.matrix[5]:.3f} size {b.size:.3f} "
                     f"{colour_of(b.graphicstate.ncolor)}")
                break
        want = sorted((round(min(l.x0, l.x1), 2), round(l.y0, 2), round(max(l.x0, l.x1), 2),
                       round(l.y1, 2), round(l.linewidth, 2),
                       colour_of(l.stroking_color)) for l in p["lines"])
        got = sorted((round(min(x0, x1), 2), round(min(y0, y1), 2), round(max(x0, x1), 2),
                      round(max(y0, y1), 2), round(w, 2), c)
                     for x0, y0, x1, y1, w, c in o["paths"])
        if want != got:
            fail(f"{name} page {n}: paths {got} differ from the PDF's rules {want}")
        if o["shapes"] != len(p["shapes"]):
            fail(f"{name} page {n}: {o['shapes']} shapes in the OFD, {len(p['shapes'])} in the PDF")


def check_text(name, ofd, pdf_file):
    for n, page in enumerate(ofd, 1):
        text = run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(n), "-l", str(n),
                    pdf_file, "-"]).stdout
        pdf_text = re.sub(r"\s+", "", text)
        ofd_text = re.sub(r"\s+", "", "".join(g[0] for g in page["glyphs"]))
        if pdf_text != ofd_text:
            fail(f"{name} page {n}: TextCode text {ofd_text[:80]}… differs from pdftotext's "
                 f"{pdf_text[:80]}…")


def check_fonts(name, parts, pages, tmp):
    res = ET.fromstring(parts["Doc_0/PublicRes.xml"])
    for font in res.findall(".//ofd:Font", NS):
        data = parts["Doc_0/Res/" + font.find("ofd:FontFile", NS).text]
        f = os.path.join(tmp, "font")
        with open(f, "wb") as out:
            out.write(data)
        q = run(["fc-query", "-f", "%{charset}|%{fontformat}", f])
        charset, form = q.stdout.rsplit("|", 1)
        covered = set()
        for span in charset.split():
            lo, _, hi = span.partition("-")
            covered.update(range(int(lo, 16), int(hi or lo, 16) + 1))
        used = {ord(g[0]) for p in pages for g in p["glyphs"] if g[4] == font.get("ID")}
        if q.returncode != 0 or form not in ("TrueType", "CFF") or used - covered:
            fail(f"{name}: font {font.get('FontName')} ({form}) lacks "
                 f"{sorted(hex(c) for c in used - covered)[:10]}")


def pdf_outline_and_info(pdf):
    with open(pdf, "rb") as f:
        doc = PDFDocument(PDFParser(f))
        titles = [t for _, t, *_ in doc.get_outlines()]
        info = {k: v.decode("utf-16") if isinstance(v, bytes) and v[:2] == b"\xfe\xff"
                else v for k, v in doc.info[0].items()}
    return titles, info


def check_document(name, parts, pdf):
    titles, info = pdf_outline_and_info(pdf)
    doc = ET.fromstring(parts["Doc_0/Document.xml"])
    got = [e.get("Title") for e in doc.iter("{%s}OutlineElem" % NS["ofd"])]
    if got != titles:
        fail(f"{name}: outline {got} differs from the PDF's {titles}")
    ofd = ET.fromstring(parts["OFD.xml"])
    doc_info = ofd.find("ofd:DocBody/ofd:DocInfo", NS)
    for key in ("Title", "Author", "Subject"):
        node = doc_info.find("ofd:" + key, NS)
        if (node.text if node is not None else None) != info.get(key):
            fail(f"{name}: DocInfo {key} {node.text if node is not None else None!r}, "
                 f"PDF {info.get(key)!r}")
    date = doc_info.find("ofd:CreationDate", NS).text
    if date.replace("-", "") != info["CreationDate"].decode()[2:10]:
        fail(f"{name}: CreationDate {date}, PDF {info['CreationDate']}")
    if not re.fullmatch(r"[0-9a-f]{32}", doc_info.find("ofd:DocID", NS).text):
        fail(f"{name}: DocID {doc_info.find('ofd:DocID', NS).text}")
    return doc_info


# ---- one input ----------------------------------------------------------------

def bulletin_date(parts):
    date = ET.fromstring(parts["OFD.xml"]).find(".//ofd:CreationDate", NS).text
    return tuple(int(v) for v in date.split("-"))


def check_input(jianbao, root, source, template, tmp, options=()):
    name = os.path.relpath(source, root) + (f" ({template})" if template else "") + \
        "".join(" " + o for o in options)
    extra = (["--template", template] if template else []) + list(options)
    pdf = render(jianbao, source, os.path.join(tmp, "out.pdf"), extra)
    ofd = render(jianbao, source, os.path.join(tmp, "out.ofd"), extra)
    other = os.path.join(tmp, "elsewhere")
    os.makedirs(other, exist_ok=True)
    again = render(jianbao, os.path.abspath(source), "again.ofd", extra, cwd=other)
    if open(ofd, "rb").read() != open(os.path.join(other, again), "rb").read():
        fail(f"{name}: two runs wrote different OFD bytes")
    with zipfile.ZipFile(ofd) as z:
        date = bulletin_date({"OFD.xml": z.read("OFD.xml")})
    parts = check_package(name, ofd, date)
    check_schemas(name, parts, os.path.join(root, "tests/ofd-schema"), tmp)
    pages = ofd_pages(parts)
    check_drawing(name, pages, pdf_pages(pdf))
    check_text(name, pages, pdf)
    check_fonts(name, parts, pages, tmp)
    check_document(name, parts, pdf)
    return sum(len(p["glyphs"]) for p in pages), len(pages)


def check_markup_title(jianbao, root, tmp):
    """A title with every character XML treats specially reads back whole."""
    source = open(os.path.join(root, "input/shuangpai-2022-08.yaml"), encoding="utf-8").read()
    title = "<抓实&驻村>\"帮扶\"'振兴'"
    changed = re.sub(r"(?m)^title: .*$", "title: '" + title.replace("'", "''") + "'", source, 1)
    path = os.path.join(tmp, "markup.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(changed)
    ofd = render(jianbao, path, os.path.join(tmp, "markup.ofd"))
    pdf = render(jianbao, path, os.path.join(tmp, "markup.pdf"))
    with zipfile.ZipFile(ofd) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    check_schemas("markup title", parts, os.path.join(root, "tests/ofd-schema"), tmp)
    info = check_document("markup title", parts, pdf)
    if info.find("ofd:Title", NS).text != title:
        fail(f"markup title: DocInfo Title {info.find('ofd:Title', NS).text!r}, not {title!r}")
    pages = ofd_pages(parts)
    check_text("markup title", pages, pdf)
    if title not in "".join(g[0] for g in pages[0]["glyphs"]):
        fail("markup title: the title is not on the first page's TextCodes")


def check_options(jianbao, root, tmp):
    inputs = os.path.join(root, "input")
    out = os.path.join(tmp, "batch")
    r = run([jianbao, "-j", "2", "--format", "ofd", "-o", out, inputs])
    made = sorted(os.listdir(out)) if os.path.isdir(out) else []
    want = sorted(n[:-5] + ".ofd" for n in os.listdir(inputs) if n.endswith(".yaml"))
    if r.returncode != 0 or made != want:
        fail(f"batch --format ofd: exit {r.returncode}, wrote {made}, not {want}")
    for n in made:
        with zipfile.ZipFile(os.path.join(out, n)) as z:
            single = render(jianbao, os.path.join(inputs, n[:-4] + ".yaml"),
                            os.path.join(tmp, "single.ofd"))
            if open(single, "rb").read() != open(os.path.join(out, n), "rb").read():
                fail(f"batch: {n} differs from the same file rendered alone")
            if z.testzip() is not None:
                fail(f"batch: {n} has a damaged entry")
    # two shards of the same batch write the same packages as the whole
    shards = os.path.join(tmp, "shards")
    for k in ("1/2", "2/2"):
        r = run([jianbao, "--shard", k, "--format", "ofd", "-o", shards, inputs])
        if r.returncode != 0:
            fail(f"--shard {k} --format ofd: exit {r.returncode} {r.stderr}")
    parts = sorted(os.listdir(shards)) if os.path.isdir(shards) else []
    if parts != made or any(open(os.path.join(shards, n), "rb").read() !=
                            open(os.path.join(out, n), "rb").read() for n in parts):
        fail(f"shards with --format ofd wrote {parts}, not the batch's {made} byte for byte")
    sample = os.path.join(inputs, "shuangpai-2022-08.yaml")
    for args, why in ((["--pdfa", "-o", os.path.join(tmp, "a.ofd")], "--pdfa with OFD"),
                      (["--format", "pdf", "-o", os.path.join(tmp, "a.ofd")], "a name and --format"),
                      (["--format", "odt"], "an unknown format"),
                      (["--marks", "-o", os.path.join(tmp, "a.ofd")], "--marks with OFD")):
        r = run([jianbao, *args, sample])
        if r.returncode != 2 or not r.stderr.startswith("jianbao: "):
            fail(f"{why}: exit {r.returncode}, {r.stderr!r} (a usage error expected)")
    if os.path.exists(os.path.join(tmp, "a.ofd")):
        fail("a refused run wrote a file")
    template = os.path.join(tmp, "archive.yaml")
    with open(template, "w", encoding="utf-8") as f:
        f.write("extends: bulletin\npdfa: true\n")
    plain = render(jianbao, sample, os.path.join(tmp, "plain.ofd"))
    archive = render(jianbao, sample, os.path.join(tmp, "archive.ofd"), ["--template", template])
    if open(plain, "rb").read() != open(archive, "rb").read():
        fail("a template with pdfa: true changed the OFD")


def check_forbidden_face(jianbao, root, tmp):
    """A face whose licence forbids embedding (OS/2 fsType 2) is an error
    naming it, and nothing is written."""
    data = bytearray(open(os.path.join(root, "fonts/LXGWWenKai-Regular.ttf"), "rb").read())
    tables = int.from_bytes(data[4:6], "big")
    for i in range(tables):
        record = 12 + 16 * i
        if data[record:record + 4] == b"OS/2":
            at = int.from_bytes(data[record + 8:record + 12], "big")
            data[at + 8:at + 10] = (2).to_bytes(2, "big")
    fonts = os.path.join(tmp, "restricted")
    os.makedirs(fonts, exist_ok=True)
    with open(os.path.join(fonts, "LXGWWenKai-Regular.ttf"), "wb") as f:
        f.write(data)
    out = os.path.join(tmp, "restricted.ofd")
    r = run([jianbao, "--fonts", fonts, "-o", out,
             os.path.join(root, "input/shuangpai-2022-08.yaml")])
    if r.returncode != 3 or "forbids embedding" not in r.stderr or \
            "restricted/LXGWWenKai-Regular.ttf" not in r.stderr or os.path.exists(out):
        fail(f"a face that may not be embedded: exit {r.returncode}, {r.stderr!r}")


def main():
    jianbao, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    sources = sorted(os.path.join(root, "input", n) for n in os.listdir(os.path.join(root, "input"))
                     if n.endswith(".yaml"))
    sources += sorted(os.path.join(root, "tests/typesetting", n)
                      for n in os.listdir(os.path.join(root, "tests/typesetting"))
                      if n.endswith(".yaml"))
    glyphs = pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            for template in (None, "gbt9704", "article"):
                g, p = check_input(jianbao, root, source, template, tmp)
                glyphs, pages = glyphs + g, pages + p
        # for the press: black and greys as grey, the red in CMYK
        g, p = check_input(jianbao, root, os.path.join(root, "input/shuangpai-2022-08.yaml"),
                           "gbt9704", tmp, ["--print"])
        with zipfile.ZipFile(os.path.join(tmp, "out.ofd")) as z:
            res = ET.fromstring(z.read("Doc_0/PublicRes.xml"))
        if res.find(".//ofd:ColorSpace[@Type='CMYK']", NS) is None:
            fail("--print: no CMYK colour space in PublicRes.xml")
        glyphs, pages = glyphs + g, pages + p
        check_markup_title(jianbao, root, tmp)
        check_options(jianbao, root, tmp)
        check_forbidden_face(jianbao, root, tmp)
    print(f"{len(sources)} inputs × 3 templates, and one for the press: {pages} pages, {glyphs} glyphs compared; "
          f"largest distance from the PDF's glyph {largest[0]:.4f} pt")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
