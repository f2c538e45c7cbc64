#!/usr/bin/env python3
"""Print distribution: the colour operators and spaces of every page's content
stream in each output mode (default, --print, --marks, --pdfa), the boxes of
--marks, --print refused beside PDF/A, the blank page of duplex, and the
masthead's contrast against the paper when printed in grey.
Usage: check_print.py JIANBAO ROOT   (needs Debian's python3-pikepdf)"""
import math
import os
import re
import subprocess
import sys
import tempfile

import pikepdf

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
inputs = [os.path.join(root, "input", f) for f in sorted(os.listdir(os.path.join(root, "input")))
          if f.endswith(".yaml")]
templates = ["bulletin", "gbt9704", "article"]
MM = 72 / 25.4
RED_RGB = (0.902, 0.0, 0.071)  # #E60012, colors.red of the bulletin template
COLOUR_OPS = {"g": 1, "G": 1, "rg": 3, "RG": 3, "k": 4, "K": 4, "cs": 1, "CS": 1,
              "sc": None, "SC": None, "scn": None, "SCN": None}
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what)
    return ok


def render(out, source, *args):
    r = subprocess.run([jianbao, "-o", out, *args, source], capture_output=True, text=True)
    return r


def operand(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return str(x)


def colour_ops(path):
    """Every colour operator of every page, as (operator, operands) pairs."""
    ops = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in COLOUR_OPS:
                    ops.append((name, tuple(operand(x) for x in operands)))
    return ops


def colour_spaces(path):
    """The names of every colour space a page's resources declare."""
    found = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            spaces = page.obj.get("/Resources", {}).get("/ColorSpace", {})
            for name, space in spaces.items():
                found.add((name, str(space[0]), str(space[1]), str(space[2])))
    return found


def near(a, b):
    return all(abs(x - y) < 0.002 for x, y in zip(a, b)) and len(a) == len(b)


def check_modes(tmp):
    """Black is `0 g` / `0 G` in every mode; RGB only for the red, and under
    --print and --marks no RGB at all: the red in CMYK."""
    for source in inputs:
        for template in templates:
            for mode in ([], ["--print"], ["--marks"], ["--pdfa"]):
                name = f"{os.path.basename(source)[:-5]}-{template}-{''.join(mode) or 'default'}"
                out = os.path.join(tmp, name + ".pdf")
                r = render(out, source, "--template", template, *mode)
                if not check(r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr}"):
                    continue
                ops = colour_ops(out)
                press = bool(mode) and mode != ["--pdfa"]
                fills = {(o, v) for o, v in ops}
                check(("g", (0.0,)) in fills, f"{name}: black text is not `0 g`")
                check(("G", (0.0,)) in fills, f"{name}: black rules are not `0 G`")
                for op, values in ops:
                    if op in ("rg", "RG"):
                        check(not press, f"{name}: RGB left under {mode}: {values} {op}")
                        check(near(values, RED_RGB), f"{name}: RGB other than the red: {values} {op}")
                        check(len(set(values)) > 1, f"{name}: a grey or black in RGB: {values} {op}")
                    elif op in ("k", "K"):
                        check(press, f"{name}: CMYK without --print: {values} {op}")
                        check(near(values, (0, 1, 1, 0)), f"{name}: CMYK other than 0/100/100/0: {values}")
                    elif op in ("cs", "CS", "sc", "SC", "scn", "SCN"):
                        check(mode == ["--marks"], f"{name}: {op} {values} outside crop marks")
                        check(values in (("/Registration",), (1.0,)), f"{name}: {op} {values}")
                    elif op in ("g", "G"):
                        check(0 <= values[0] <= 1, f"{name}: {op} {values}")
                if template != "article":  # the masthead name in red
                    red_fill = ("k", (0.0, 1.0, 1.0, 0.0)) if press else ("rg", RED_RGB)
                    check(any(o == red_fill[0] and near(v, red_fill[1]) for o, v in ops),
                          f"{name}: the masthead's name is not {red_fill}")
                else:  # the source line in #666666
                    check(("g", (0.4,)) in fills, f"{name}: the grey source line is not `0.4 g`")
                with pikepdf.open(out) as pdf:
                    check(pdf.pdf_version == "1.4", f"{name}: PDF {pdf.pdf_version}")
                    check(("/OutputIntents" in pdf.Root) == (mode == ["--pdfa"]),
                          f"{name}: an output intent only with --pdfa")
                    check(not any("/ExtGState" in page.obj.get("/Resources", {})
                                  for page in pdf.pages), f"{name}: graphics states (transparency?)")
                spaces = colour_spaces(out)
                if mode == ["--marks"]:
                    check(spaces == {("/Registration", "/Separation", "/All", "/DeviceCMYK")},
                          f"{name}: colour spaces {spaces}")
                else:
                    check(not spaces, f"{name}: colour spaces {spaces}")


def check_template_colours(tmp):
    """colors.red_cmyk and print: true in a template; other colours converted."""
    template = os.path.join(tmp, "press.yaml")
    with open(template, "w") as f:
        f.write("extends: bulletin\nprint: true\ncolors: {red_cmyk: [0, 90, 80, 5]}\n"
                "roles: {source: {color: \"#3366CC\"}}\n")
    out = os.path.join(tmp, "press.pdf")
    r = render(out, inputs[0], "--template", template)
    if not check(r.returncode == 0, f"print: true: exit {r.returncode}: {r.stderr}"):
        return
    ops = colour_ops(out)
    check(not [o for o, _ in ops if o in ("rg", "RG")], "print: true leaves RGB")
    check(("k", (0.0, 0.9, 0.8, 0.05)) in {(o, tuple(round(x, 3) for x in v)) for o, v in ops},
          "colors.red_cmyk is not the masthead's red")
    check(("K", (0.0, 0.9, 0.8, 0.05)) in {(o, tuple(round(x, 3) for x in v)) for o, v in ops},
          "colors.red_cmyk is not the masthead rule's red")
    # #3366CC: K from the brightest component (0.8), the rest in its share
    want = (0.75, 0.5, 0.0, 0.2)
    check(any(o == "k" and near(v, want) for o, v in ops), "#3366CC is not 75/50/0/20 under print")


def check_boxes(tmp):
    """--marks: TrimBox the page, BleedBox 3 mm around it, MediaBox holding
    the crop marks, which stay outside the bleed; without it, one MediaBox."""
    plain, marked = os.path.join(tmp, "plain.pdf"), os.path.join(tmp, "marked.pdf")
    check(render(plain, inputs[0]).returncode == 0, "default render")
    check(render(marked, inputs[0], "--marks").returncode == 0, "--marks render")
    with pikepdf.open(plain) as a, pikepdf.open(marked) as b:
        check(len(a.pages) == len(b.pages), "--marks changes the page count")
        for n, (pa, pb) in enumerate(zip(a.pages, b.pages), 1):
            media = [float(x) for x in pa.obj["/MediaBox"]]
            check("/TrimBox" not in pa.obj and "/BleedBox" not in pa.obj,
                  f"page {n}: boxes without --marks")
            trim = [float(x) for x in pb.obj["/TrimBox"]]
            bleed = [float(x) for x in pb.obj["/BleedBox"]]
            mbox = [float(x) for x in pb.obj["/MediaBox"]]
            check(near(trim, media), f"page {n}: TrimBox {trim} is not the page {media}")
            want = [trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM]
            check(near(bleed, want), f"page {n}: BleedBox {bleed}, not 3 mm around {trim}")
            want = [trim[0] - 10 * MM, trim[1] - 10 * MM, trim[2] + 10 * MM, trim[3] + 10 * MM]
            check(near(mbox, want), f"page {n}: MediaBox {mbox}, not 10 mm around {trim}")
            # the crop marks: eight lines per page, on the trim's edge lines,
            # outside the bleed and inside the MediaBox
            lines, point = [], None
            in_marks = False
            for operands, op in pikepdf.parse_content_stream(pb):
                name = str(op)
                if name == "CS" and str(operands[0]) == "/Registration":
                    in_marks = True
                elif in_marks and name == "w":
                    check(float(operands[0]) == 0.25, f"page {n}: crop marks {operands[0]} pt wide")
                elif name == "Q":
                    in_marks = False
                elif in_marks and name == "m":
                    point = tuple(float(x) for x in operands)
                elif in_marks and name == "l":
                    lines.append((point, tuple(float(x) for x in operands)))
            check(len(lines) == 8, f"page {n}: {len(lines)} crop marks, not 8")
            for (x0, y0), (x1, y1) in lines:
                on_edge = (x0 == x1 and any(abs(x0 - e) < 0.01 for e in (trim[0], trim[2]))) or \
                          (y0 == y1 and any(abs(y0 - e) < 0.01 for e in (trim[1], trim[3])))
                check(on_edge, f"page {n}: crop mark {(x0, y0, x1, y1)} not on a trim edge")
                along = (x0, x1, trim[0], trim[2]) if y0 == y1 else (y0, y1, trim[1], trim[3])
                reach = sorted(min(abs(v - along[2]), abs(v - along[3])) for v in along[:2])
                check(near(reach, [3 * MM, 8 * MM]), f"page {n}: crop mark {reach} pt from the trim")
                for x, y in ((x0, y0), (x1, y1)):
                    outside = x <= bleed[0] + 0.01 or x >= bleed[2] - 0.01 or \
                              y <= bleed[1] + 0.01 or y >= bleed[3] - 0.01
                    check(outside, f"page {n}: crop mark point {(x, y)} inside the bleed")
                    check(mbox[0] <= x <= mbox[2] and mbox[1] <= y <= mbox[3],
                          f"page {n}: crop mark point {(x, y)} outside the MediaBox")


def check_refusals(tmp):
    """PDF/A-1b with CMYK needs a CMYK output intent, which does not ship."""
    out = os.path.join(tmp, "x.pdf")
    for args in (["--pdfa", "--print"], ["--marks", "--pdfa"]):
        r = render(out, inputs[0], *args)
        check(r.returncode == 2 and "cannot be combined" in r.stderr and "CMYK output intent"
              in r.stderr, f"{args}: exit {r.returncode}, {r.stderr!r}")
    template = os.path.join(tmp, "archive.yaml")
    with open(template, "w") as f:
        f.write("extends: bulletin\npdfa: true\n")
    r = render(out, inputs[0], "--template", template, "--print")
    check(r.returncode == 1 and f"--print, and template {template} has `pdfa: true`: PDF/A-1b "
          "with CMYK colour needs a CMYK output intent profile" in r.stderr, f"--print with pdfa: true: exit {r.returncode}, {r.stderr!r}")
    check(not os.path.exists(out), "a refused render wrote a PDF")


def page_texts(path):
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def numbers_at(path):
    """{page: (number, x centre)} for the `— N —` page numbers."""
    xml = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True,
                         check=True).stdout
    found = {}
    for n, page in enumerate(xml.split("<page ")[1:], 1):
        words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
                           page)
        for i in range(len(words) - 2):
            a, b, c = words[i], words[i + 1], words[i + 2]
            if a[3] == "—" and b[3].isdigit() and c[3] == "—" and float(a[1]) > 700:
                found[n] = (int(b[3]), (float(a[0]) + float(c[2])) / 2)
    return found


def bulletin_with(paragraphs):
    body = "".join(f"      - 第{i + 1}段。" + "县乡两级举办各类培训班组织干部观摩学习。" * 6 + "\n"
                   for i in range(paragraphs))
    return ("masthead: {name: 测试工作简报, year: 2023, issue: 3, issuer: 测试县人民政府办公室}\n"
            "title: 双面印刷测试\ndate: 2023-03-01\n"
            "sections:\n  - heading: 工作进展\n    content:\n" + body +
            "distribution:\n  copy_to: [县委办公室, 县人大常委会办公室]\n"
            "  printed_by: 测试县人民政府办公室\n  printed_on: 2023-03-02\n")


def check_duplex(tmp):
    """gbt9704 has duplex: true. Where the 版记 would stand alone on an odd
    page, that page is left blank and unnumbered and the 版记 goes to the
    next, even, page, also unnumbered; where it would share an odd page with
    text, it goes over to the next page. Numbers stay on the outer edges."""
    simplex = os.path.join(tmp, "simplex.yaml")
    with open(simplex, "w") as f:
        f.write("extends: gbt9704\nduplex: false\n")
    seen = {"alone": 0, "shared": 0}
    for paragraphs in range(1, 40):
        source = os.path.join(tmp, f"duplex-{paragraphs}.yaml")
        with open(source, "w") as f:
            f.write(bulletin_with(paragraphs))
        one, two = os.path.join(tmp, "one.pdf"), os.path.join(tmp, "two.pdf")
        r1 = render(one, source, "--template", simplex)
        r2 = render(two, source, "--template", "gbt9704")
        if not check(r1.returncode == 0 and r2.returncode == 0, f"{paragraphs}: {r1.stderr}{r2.stderr}"):
            return
        pages1, pages2 = page_texts(one), page_texts(two)
        last = len(pages1)
        if last % 2 == 0:
            check(len(pages2) == last, f"{paragraphs} paragraphs: an even last page grew to {len(pages2)}")
            continue
        alone = "第" not in pages1[-1]
        kind = "alone" if alone else "shared"
        seen[kind] += 1
        what = f"{paragraphs} paragraphs, the 版记 {kind} on odd page {last}"
        check(len(pages2) == last + 1, f"{what}: {len(pages2)} pages with duplex, not {last + 1}")
        check("印发" in pages2[-1] and len(pages2) % 2 == 0, f"{what}: the 版记 not on an even page")
        numbers = numbers_at(two)
        with pikepdf.open(two) as pdf:
            blank = pdf.pages[last - 1]
            drawn = [op for _, op in pikepdf.parse_content_stream(blank) if str(op) in ("Tj", "S")]
            width = float(pdf.pages[0].obj["/MediaBox"][2])
        if alone:
            check(not pages2[last - 1].strip() and not drawn,
                  f"{what}: page {last} is not blank: {pages2[last - 1].strip()!r}, {len(drawn)} drawn")
            check(last not in numbers and last + 1 not in numbers,
                  f"{what}: the blank page or the 版记's is numbered: {numbers}")
            check("第" in pages2[last - 2], f"{what}: the text does not end before the blank page")
        else:
            check("第" in pages2[last - 1] and "印发" not in pages2[last - 1],
                  f"{what}: the text's last page is not the one before the 版记's")
            check("第" not in pages2[-1], f"{what}: text on the 版记's page")
            check(last + 1 in numbers, f"{what}: the 版记's page has no number")
        for page, (number, x) in numbers.items():
            check(number == page, f"{what}: page {page} numbered {number}")
            outer = x > width / 2 if page % 2 else x < width / 2
            check(outer, f"{what}: page {page}'s number at x={x:.0f}, not on the outer edge")
        if all(seen.values()):
            break
    check(all(seen.values()), f"no input put the 版记 alone and shared on an odd page: {seen}")


def gray_pixels(pdf, page, dpi):
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", pdf],
                         capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out)
    width, height = int(header.group(1)), int(header.group(2))
    return width, height, out[header.end():header.end() + width * height]


def luminance(v):
    c = v / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def masthead_contrast(pdf, name, dpi=150):
    """WCAG contrast of the masthead's name against the paper, rendered in
    grey: the ink is the darkest tenth of the name's box (the strokes' cores),
    the paper the box's lightest pixels."""
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">' + name + "<", xml)
    if not m:
        return None
    width, _, pixels = gray_pixels(pdf, 1, dpi)
    x0, y0, x1, y1 = (int(float(v) * dpi / 72) for v in m.groups())
    box = sorted(pixels[y * width + x] for y in range(y0, y1) for x in range(x0, x1))
    ink, paper = box[len(box) // 10], box[-1]
    return (luminance(paper) + 0.05) / (luminance(ink) + 0.05), ink, paper


def check_grayscale(tmp):
    """The red masthead stays readable on a black-and-white printer: its name
    against the paper at a WCAG contrast ratio of at least 4.5:1 (what WCAG
    asks of body text; 3:1 would do for text this large)."""
    for template in ("bulletin", "gbt9704"):
        for mode in ([], ["--print"], ["--marks"]):
            out = os.path.join(tmp, f"gray-{template}{''.join(mode)}.pdf")
            source = os.path.join(root, "input", "shuangpai-2022-08.yaml")
            check(render(out, source, "--template", template, *mode).returncode == 0, "render")
            name = "驻村帮扶工作简报"  # masthead.name of the input
            measured = masthead_contrast(out, re.escape(name))
            if not check(measured, f"{template} {mode}: masthead {name} not found"):
                continue
            ratio, ink, paper = measured
            print(f"grayscale {template} {' '.join(mode) or 'default'}: {name} ink {ink}, "
                  f"paper {paper}, contrast {ratio:.1f}:1")
            check(ratio >= 4.5, f"{template} {mode}: masthead contrast {ratio:.1f}:1 under 4.5:1")


passed = failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for step in (check_modes, check_template_colours, check_boxes, check_refusals, check_duplex,
                 check_grayscale):
        before = len(failures)
        step(tmp)
        ok = len(failures) == before
        passed, failed = passed + ok, failed + (not ok)
        print(f"{'ok  ' if ok else 'FAIL'} {step.__name__}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
