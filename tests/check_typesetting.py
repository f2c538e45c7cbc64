#!/usr/bin/env python3
"""The typesetting corpus (tests/typesetting/*.yaml), checked on the PDF.

Usage: check_typesetting.py JIANBAO ROOT NATURAL_WIDTHS

Each input is rendered with each template; pdfminer (an independent PDF
reader) gives every character's box, and the page rendered by pdftoppm gives
its ink. Checked: no line starts or ends with a character GB/T 15834 forbids
there; numbers, Latin words, —— and …… are not split; full lines of a
paragraph end within 0.1 pt of the measure (a pushed-in closing mark may
overhang by its blank half); last lines are set at natural spacing; adjacent
marks take 1.5 em; a quarter em (the template's latin_gap) between Chinese
and Latin, none beside punctuation; an opening mark starting a line with
line_start_opening: half stands half an em out; simplified stops sit in the
lower left of the em box and traditional ones in its centre; no heading is
last on a page (two lines follow it); no paragraph leaves one line alone at
the foot or head of a page; no paragraph ends in a runt; a bracketed heading
number has its ink at the indent; page numbers read — 1 — with the dash and
number half an em apart; the date is printed once; zh-Hant documents carry no
simplified template words; the page with the 报尾 has no footer lines; a
split table leaves two rows on each side and a short one splits only with a
third of the page to fill; on the gbt9704 grid no page but the last ends
with more than two empty lines (every input and corpus file), unless a table
or a heading with a three-line paragraph comes next. Each rule must be met at least a few times, so
that the corpus keeps exercising it.

The PDF's widths hold the room after a glyph that is no word space (it is
drawn with a widened copy, so that text readers see no gap): every character's
advance is taken from its face instead (NATURAL_WIDTHS, built with the tests).
"""
import os
import re
import subprocess
import sys
import tempfile

from pdfminer.high_level import extract_pages as _extract_pages
from pdfminer.layout import LTChar

NOT_START = set("。，、；：？！”’）］｝〕】〗》〉」』～–—·‧・／/%‰°′″℃")
NOT_END = set("“‘（［｛〔【〖《〈「『¥$£€#№")
OPENING = set("“‘（［｛〔【〖《〈「『")
CLOSING = set("”’）］｝〕】〗》〉」』")
STOPS = set("。，、；：？！")
CENTRED_TC = set("。，、：；！？")
ALNUM = re.compile(r"[0-9A-Za-z]")
# what starts a measure word or unit, or joins a number to one (多 余 万 亿)
UNIT_START = set("人名个户元万亿千次份件项家所处座亩吨年月日号支条台辆套批期届倍岁天周场公米斤克"
                 "层栋间张本册篇部种类头只匹棵株箱袋瓶盒包块位组队小分多余平立季個戶萬億項處噸條臺輛屆歲場")
BEFORE_NUMBER = set("第约近約")
TEXT_CHAR = re.compile(r"[0-9A-Za-z\u3400-\u9fff\U00020000-\U0003ffff]")
HEADING_NUMBER = re.compile(r"（[一二三四五六七八九十0-9]+）")

jianbao, root, natural_widths = sys.argv[1], sys.argv[2], sys.argv[3]
_natural = {}


def natural_pages(pdf):
    """pdfminer's pages, each character's advance (and right edge) its face's
    own rather than the PDF's width."""
    pages = list(_extract_pages(pdf))
    chars = [c for page in pages for c in chars_of(page)]
    wanted = sorted({(c.fontname.split("+")[-1], c.get_text()) for c in chars
                     if len(c.get_text()) == 1} - set(_natural))
    if wanted:
        query = "".join(f"{name} {ord(t):x}\n" for name, t in wanted)
        out = subprocess.run([natural_widths, os.path.join(root, "fonts")], input=query,
                             capture_output=True, text=True, check=True).stdout.split()
        _natural.update(zip(wanted, (int(w) for w in out)))
    for c in chars:
        width = _natural.get((c.fontname.split("+")[-1], c.get_text()), -1)
        if width >= 0:
            c.adv = width * c.size / 1000
            c.x1 = c.x0 + c.adv
    return pages
failures, counts = [], {}


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def count(rule):
    counts[rule] = counts.get(rule, 0) + 1


def is_han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x9FFF or 0x20000 <= o <= 0x3FFFF


def is_mark(c):
    return c in OPENING | CLOSING | STOPS


def chars_of(page):
    out = []

    def walk(obj):
        if isinstance(obj, LTChar):
            out.append(obj)
        elif hasattr(obj, "__iter__"):
            for o in obj:
                walk(o)
    walk(page)
    return out


def lines_of(chars):
    """Characters grouped into lines: same size, em boxes overlapping by half."""
    lines = []
    for c in sorted(chars, key=lambda c: (-(c.y0 + c.y1) / 2, c.x0)):
        if c.get_text().isspace():
            continue
        mid = (c.y0 + c.y1) / 2
        for line in lines:
            if abs(line["mid"] - mid) < 0.45 * c.size and abs(line["size"] - c.size) < 0.01:
                line["chars"].append(c)
                break
        else:
            lines.append({"mid": mid, "size": c.size, "chars": [c]})
    for line in lines:
        line["chars"].sort(key=lambda c: c.x0)
        line["text"] = "".join(c.get_text() for c in line["chars"])
    lines.sort(key=lambda l: -l["mid"])
    return lines


def is_table_line(line):
    """A table's caption or row (cells far apart), where body and table
    text share a size."""
    if re.match(r"(续|續)?表\d", line["text"]):
        return True
    chars = line["chars"]
    return any(b.x0 - a.x1 > 2 * a.size for a, b in zip(chars, chars[1:]))


def spacing_gap(line):
    """The justification added after each character: from Han pairs."""
    gaps = [b.x0 - a.x0 - a.adv for a, b in zip(line["chars"], line["chars"][1:])
            if is_han(a.get_text()) and is_han(b.get_text())]
    gaps.sort()
    return gaps[len(gaps) // 2] if gaps else 0.0


def render_gray(pdf, page, tmp):
    """Page `page` (1-based) at 300 dpi as (width, height, bytes)."""
    base = os.path.join(tmp, "ink")
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", str(page), "-l", str(page),
                    "-singlefile", pdf, base], check=True)
    data = open(base + ".pgm", "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def ink_centre(image, page_height, box):
    """Centre of the dark pixels inside box (x0, y0, x1, y1) in points."""
    w, h, px = image
    s = 300 / 72
    xa, xb = int(box[0] * s), int(box[2] * s)
    ya, yb = int((page_height - box[3]) * s), int((page_height - box[1]) * s)
    sx = sy = n = 0
    for y in range(max(ya, 0), min(yb, h)):
        row = px[y * w:(y + 1) * w]
        for x in range(max(xa, 0), min(xb, w)):
            if row[x] < 128:
                sx += x
                sy += y
                n += 1
    if not n:
        return None
    return sx / n / s, page_height - sy / n / s


def check_document(pdf, name, lang, latin_gap, half_opening, grid, headings, tmp):
    pages = natural_pages(pdf)
    body_size = None
    text_lines = []  # (page index, line)
    sizes = []  # the body size: the commonest size of characters outside tables
    for p, page in enumerate(pages):
        lines = lines_of(chars_of(page))
        sizes += [l["size"] for l in lines if not is_table_line(l) for _ in l["chars"]]
        for l in lines:
            text_lines.append((p, l, page.height))
    body_size = max(set(sizes), key=sizes.count)
    body = [(p, l, h) for p, l, h in text_lines if abs(l["size"] - body_size) < 0.01
            and not re.fullmatch(r"[—\-\s0-9第页頁共]+", l["text"]) and not is_table_line(l)]
    em = body_size
    starts = [round(l["chars"][0].x0, 1) for _, l, _ in body]
    left = min(x for x in set(starts) if starts.count(x) >= 3)
    edges = [round(l["chars"][-1].x1, 1) for _, l, _ in body]
    right = max(set(edges), key=edges.count)
    indent_x = left + 2 * em
    images = {}

    def starts_paragraph(line):
        first = line["chars"][0]
        x = first.x0
        if first.get_text() in OPENING:
            x = min(x + em / 2, x + (first.adv - em / 2))
        return abs(x - indent_x) < 0.6 * em or abs(first.x0 - indent_x) < 0.6 * em

    for k, (p, line, page_height) in enumerate(body):
        chars, text = line["chars"], line["text"]
        where = f"{name} page {p + 1}: “{text}”"
        # line starts and ends
        if check(text[0] not in NOT_START, f"{where}: starts with {text[0]}"):
            count("line start")
        if check(text[-1] not in NOT_END, f"{where}: ends with {text[-1]}"):
            count("line end")
        nxt = body[k + 1] if k + 1 < len(body) else None
        continues = nxt is not None and not starts_paragraph(nxt[1])
        if continues:
            a, b = text[-1], nxt[1]["text"][0]
            split = (ALNUM.match(a) and (ALNUM.match(b) or b in "%.")) or \
                (a == b and a in "—…") or \
                (a.isdigit() and b in UNIT_START) or (a in BEFORE_NUMBER and b.isdigit())
            if check(not split, f"{where}: {a}|{b} split across lines"):
                count("unsplit")
        # 孤字不成行: a paragraph's last line holds two characters or more
        if not continues and not starts_paragraph(line):
            if check(len(TEXT_CHAR.findall(text)) >= 2, f"{where}: a runt ends the paragraph"):
                count("no runt")
        gap = spacing_gap(line)
        # a pushed-in line: some mark before a plain character has less than an em
        squeezed = any(a.get_text() in STOPS | CLOSING and not is_mark(b.get_text())
                       and b.x0 - a.x0 - gap < a.adv - 0.1
                       for a, b in zip(chars, chars[1:]))
        # justification
        last = chars[-1]
        if continues:
            overhang = last.x1 - right
            if last.get_text() == "—":  # the second half of ——: its ink at the start of its em
                overhang = 0 if -0.15 * em < overhang <= 0.1 else overhang
            pushed_in = last.get_text() in CLOSING | STOPS and 0.1 < overhang <= em / 2 + 0.1
            if check(abs(overhang) <= 0.1 or pushed_in,
                     f"{where}: right edge {last.x1:.2f}, measure ends at {right:.2f}"):
                count("pushed in" if pushed_in else "full line")
        elif not grid and len(chars) > 3:
            if check(abs(gap) < 0.05, f"{where}: last line spaced by {gap:.2f} pt"):
                count("last line natural")
        if grid:
            continue
        # adjacent punctuation, CJK-Latin gaps, line-start openings
        for i in range(len(chars) - 2):
            a, b, c = chars[i], chars[i + 1], chars[i + 2]
            ta, tb = a.get_text(), b.get_text()
            full_a = a.adv > 0.9 * em or ta in CLOSING | OPENING
            compresses = (ta in CLOSING and (tb in CLOSING or tb in STOPS)) or \
                (ta in CLOSING | OPENING | STOPS and tb in OPENING)
            if lang == "zh-Hant" and ta in STOPS:
                compresses = False  # centred stops keep both halves
            if lang == "zh-Hans" and ta in STOPS and tb in CLOSING:
                compresses = True
            plain_around = not is_mark(c.get_text()) and (i == 0 or not is_mark(chars[i - 1].get_text()))
            if compresses and full_a and plain_around and not squeezed:
                width = c.x0 - a.x0 - 2 * gap
                if check(abs(width - 1.5 * em) < 0.1,
                         f"{where}: {ta}{tb} takes {width / em:.3f} em, want 1.5"):
                    count("adjacent marks")
        for j, (a, b) in enumerate(zip(chars, chars[1:])):
            ta, tb = a.get_text(), b.get_text()
            space = b.x0 - a.x0 - a.adv - gap
            if lang == "zh-Hant" and ta in CENTRED_TC and j > 0:
                prev = chars[j - 1]  # a centred stop may be moved inside its em
                space = b.x0 - (prev.x0 + prev.adv + gap + em) - gap
            if (is_han(ta) and ALNUM.match(tb)) or (ALNUM.match(ta) and is_han(tb)):
                if check(abs(space - latin_gap * em) < 0.1,
                         f"{where}: {ta}{tb} {space:.2f} pt apart, want {latin_gap * em:.2f}"):
                    count("latin gap")
            elif (ta in STOPS | CLOSING | OPENING and ALNUM.match(tb)) or \
                    (ALNUM.match(ta) and tb in STOPS | CLOSING | OPENING):
                if check(abs(space) < 0.1, f"{where}: {ta}{tb} has a gap of {space:.2f} pt"):
                    count("no gap by punctuation")
        first = chars[0]
        if first.get_text() in OPENING and first.adv > 0.9 * em:
            line_start = indent_x if starts_paragraph(line) and first.x0 > left + em else left
            number = HEADING_NUMBER.match(text)
            heading = number and any(text[number.end():].startswith(h[:4]) for h in headings)
            want = line_start - em / 2 if half_opening or heading else line_start
            if heading and check(abs(first.x0 - want) < 0.1,
                                 f"{where}: （ at {first.x0:.2f}, its ink belongs at the indent"):
                count("heading number at the indent")
            if check(abs(first.x0 - want) < 0.1,
                     f"{where}: opening mark at {first.x0:.2f}, want {want:.2f}"):
                count("line-start opening")
        # where stops sit in the em box (from the rendered page)
        for i, ch in enumerate(chars):
            if ch.get_text() not in CENTRED_TC or i == 0 or i + 1 == len(chars):
                continue
            if lang == "zh-Hans" and ch.get_text() not in "。，、":
                continue
            prev, after = chars[i - 1], chars[i + 1]
            if not is_han(prev.get_text()) or not is_han(after.get_text()):
                continue
            if after.x0 - (prev.x0 + prev.adv + gap) - gap < em - 0.1:
                continue  # squeezed: its em box would reach into the next character
            slot_x = prev.x0 + prev.adv + gap
            han = [c for c in chars if is_han(c.get_text())]
            slot_y = sorted(c.y0 for c in han)[len(han) // 2]
            if p not in images:
                images[p] = render_gray(pdf, p + 1, tmp)
            centre = ink_centre(images[p], page_height, (slot_x, slot_y, slot_x + em, slot_y + em))
            if centre is None:
                check(False, f"{where}: no ink for {ch.get_text()}")
                continue
            dx = (centre[0] - (slot_x + em / 2)) / em
            dy = (centre[1] - (slot_y + em / 2)) / em
            if lang == "zh-Hant":
                ok = abs(dx) < 0.15 and abs(dy) < 0.15
            else:
                ok = dx < -0.15 and dy < -0.15
            if check(ok, f"{where}: {ch.get_text()} ink at ({dx:+.2f}, {dy:+.2f}) em from the centre"):
                count("stop position")
    # pages: headings keep two lines, no widows or orphans
    by_page = {}
    for p, line, _ in text_lines:
        by_page.setdefault(p, []).append(line)
    for p, lines in by_page.items():
        inside = [l for l in lines if abs(l["size"] - body_size) < 0.01 or l["size"] > body_size]
        inside = [l for l in inside if not re.fullmatch(r"[—\-\s0-9第页頁共]+", l["text"])]
        for i, l in enumerate(inside):
            if any(h in l["text"] for h in headings):
                if check(len(inside) - i - 1 >= 2,
                         f"{name} page {p + 1}: heading “{l['text']}” has {len(inside) - i - 1} lines after it"):
                    count("heading kept")
    for k in range(len(body) - 1):
        (p, line, _), (q, nxt, _) = body[k], body[k + 1]
        if q == p or starts_paragraph(nxt):
            continue
        count("paragraph across pages")
        before = 1
        while k - before >= 0 and body[k - before][0] == p and not starts_paragraph(body[k - before + 1][1]):
            before += 1
        after = 1
        while k + 1 + after < len(body) and not starts_paragraph(body[k + 1 + after][1]):
            after += 1
        check(before >= 2, f"{name}: a paragraph leaves {before} line at the foot of page {p + 1}")
        check(after >= 2, f"{name}: a paragraph leaves {after} line at the head of page {q + 1}")


def check_tall_row(pdf, name, cell, bottom):
    """A row taller than a page: cut inside its cells, the header on every
    page it reaches, nothing below the text block, its text whole and in order."""
    pages = natural_pages(pdf)
    check(len(pages) >= 3, f"{name}: {len(pages)} pages")
    text = ""
    for p, page in enumerate(pages):
        lines = lines_of(chars_of(page))
        in_cell = [l for l in lines if any(c.get_text() in "县乡两级举办各类培训班组织干部观摩学习"
                                           for c in l["chars"])
                   and len(l["text"]) > 4 and "表" not in l["text"]]  # not the caption
        if not in_cell:
            continue
        count("row cut across pages")
        check(any("序号" in l["text"] for l in lines), f"{name} page {p + 1}: no header")
        for l in in_cell:
            check(min(c.y0 for c in l["chars"]) >= bottom - 0.5,
                  f"{name} page {p + 1}: “{l['text']}” below the text block")
            text += "".join(c.get_text() for c in l["chars"] if c.x0 > 120 and c.x1 < 480)
    check(cell in text, f"{name}: the cut cell does not read back whole")


def page_texts(pdf):
    n = len(natural_pages(pdf))
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), pdf, "-"], capture_output=True,
                           text=True).stdout for i in range(1, n + 1)]


SIMPLIFIED_LABELS = ["文章来源", "时间：", "页", "报：", "发：", "印发", "单位：", "续表", "注：",
                     "〕4号"]


def check_furniture(pdf, name, lang, template, source):
    """Page numbers, the date, the labels' script, the page with the 报尾."""
    texts = page_texts(pdf)
    pages = natural_pages(pdf)
    flat = [re.sub(r"\s+", "", t) for t in texts]
    date = re.search(r"^date: (\d+)-0?(\d+)-0?(\d+)", source, re.M)
    iso = re.search(r"^date: (\S+)", source, re.M).group(1)
    shown = flat[0].count(f"{date.group(1)}年{date.group(2)}月{date.group(3)}日") + \
        flat[0].count(f"时间：{iso}") + flat[0].count(f"時間：{iso}")
    if check(shown == (1 if template in ("bulletin", "article") else 0) or
             (template not in ("bulletin", "article") and shown <= 1),
             f"{name}: the date is printed {shown} times on page 1"):
        count("date once")
    if lang == "zh-Hant":
        for label in SIMPLIFIED_LABELS:
            if check(not any(label in t for t in flat), f"{name}: “{label}” in a zh-Hant document"):
                count("traditional labels")
    for number, (text, page) in enumerate(zip(texts, pages), 1):
        if template == "article":
            word = "頁" if lang == "zh-Hant" else "页"
            want = f"第{number}{word} 共{len(pages)}{word}"
            check(want in text, f"{name} page {number}: no “{want}”")
            continue
        if not check(f"— {number} —" in text, f"{name} page {number}: the page number does not "
                     f"read “— {number} —”"):
            continue
        chars = [c for c in chars_of(page) if c.y0 < 90 and not c.get_text().isspace()]
        line = sorted([c for c in chars if c.get_text() in "—0123456789"], key=lambda c: c.x0)
        digits = [c for c in line if c.get_text().isdigit()]
        em_size = line[0].size
        before = (digits[0].x0 - line[0].x1) / em_size
        after = (line[-1].x0 - digits[-1].x1) / em_size
        if check(0.4 <= before <= 0.65 and abs(before - after) < 0.02,
                 f"{name} page {number}: dash and number {before:.2f} and {after:.2f} em apart"):
            count("page number spacing")
    footer = re.search(r"^footer:\n\s*- (.+)", source, re.M)
    closing = [i for i, t in enumerate(flat) if "印发" in t or "印發" in t]
    if footer and closing and template != "article":
        words = footer.group(1).split("　")[0]
        for i, t in enumerate(flat):
            has = words in t
            if check(has != (i == closing[0]), f"{name} page {i + 1}: footer lines "
                     f"{'printed' if has else 'missing'}"):
                count("no footer under the 报尾")


def check_tables(pdf, name):
    """A table split across pages leaves two body rows on each side, its
    total (the row after the last numbered one) with them; a short table
    (短表) is split only where moving it whole would leave a third of the
    text block or more empty."""
    rows, captions = {}, {}  # prefix -> pages of its rows; title -> (page, top)
    totals = []  # (prefix of the rows above, page) of each 合计 row
    pages = natural_pages(pdf)
    last = None
    for p, page in enumerate(pages):
        for line in lines_of(chars_of(page)):
            m = re.match(r"(甲村|甲點|乙项|丙项)\d\d", line["text"])
            if m:
                rows.setdefault(m.group(1), []).append(p)
                last = m.group(1)
            if re.match(r"合[计計]", line["text"]) and last:
                totals.append((last, p))
            m = re.match(r"表\d+(短表.)", line["text"])
            if m:
                captions[m.group(1)] = (p, max(c.y1 for c in line["chars"]))
    text_top = pages[0].height - 37 * 72 / 25.4
    for prefix, p in totals:  # the total stands with two rows of its table
        if len(rows[prefix]) >= 2:
            if check(rows[prefix].count(p) >= 2,
                     f"{name}: the 合计 of the {prefix} table on page {p + 1} with "
                     f"{rows[prefix].count(p)} of its rows"):
                count("total with its rows")
    for prefix, on in rows.items():
        for p in sorted(set(on)):
            if len(set(on)) > 1:
                if check(on.count(p) >= 2, f"{name}: {on.count(p)} {prefix} rows on page {p + 1}"):
                    count("two rows each side")
        if prefix in ("乙项", "丙项") and len(set(on)) > 1:
            title = "短表甲" if prefix == "乙项" else "短表乙"
            p, top = captions[title]
            lows = [min(c.y0 for c in chars_of(pages[q]) if c.size > 11.5 and c.y0 > 90)
                    for q in range(len(pages) - 1)]
            room = text_top - min(lows)
            # glyph boxes stand inside their slots: allow two thirds of a line
            if check(top - min(lows) >= room / 3 - 20,
                     f"{name}: {title} split where moving it would leave less than a third empty"):
                count("short table split only with room")


def check_page_feet(pdf, name):
    """gbt9704: no page but the last ends with more than two empty grid
    lines, unless the next page starts with a table or a chart (kept whole:
    its labels are smaller than text, so its caption 图N is its first line)."""
    pages = natural_pages(pdf)
    lows, firsts, heads = [], [], []
    for page in pages:
        lines = [l for l in lines_of(chars_of(page)) if l["size"] >= 11.5 and
                 not re.fullmatch(r"[—\-\s0-9第页頁共]+", l["text"])]
        lows.append(min(c.y0 for c in lines[-1]["chars"]) if lines else None)
        firsts.append(lines[0]["text"] if lines else "")
        # a heading, then a paragraph of three lines: four lines that stay
        # together (the paragraph cannot split without leaving one alone)
        x = [l["chars"][0].x0 for l in lines[:5]] + [lines[0]["chars"][0].x0] if lines else []
        heads.append(len(x) >= 5 and abs(x[1] - x[0]) < 2 and x[2] < x[1] - 2 and
                     x[3] < x[1] - 2 and abs(x[4] - x[0]) < 2 and
                     re.match(r"[一二三四五六七八九十]+、|（", lines[0]["text"]))
    # duplex: the 版记 may stand on a page of its own after the text's last
    # page (and a blank one): the text's last page is the last to end short
    last = max((p for p, first in enumerate(firsts) if first and
                not re.match(r"(主送|抄送|分送)：", first)), default=len(pages) - 1)
    full = [y for y in lows[:last] if y is not None]
    if not full:
        return
    deepest, pitch = min(full), 225 / 22 * 72 / 25.4
    for p in range(last):
        empty = int((lows[p] - deepest) / pitch + 0.1)
        if re.match(r"(续|續)?表|图|圖", firsts[p + 1]):
            continue
        if check(empty <= (3 if heads[p + 1] else 2), f"{name} page {p + 1}: ends with {empty} empty grid lines"):
            count("page feet")


def headings_of(yaml_path):
    return [m.group(1).strip() for m in re.finditer(r"- heading: (.+)", open(yaml_path).read())]


def main():
    corpus = os.path.join(root, "tests", "typesetting")
    templates = [("bulletin", 0.25, False, False), ("article", 0.25, False, False),
                 ("gbt9704", 0.0, False, True),
                 (os.path.join(root, "tests", "templates", "half-opening.yaml"), 0.25, True, False)]
    with tempfile.TemporaryDirectory() as tmp:
        for f in sorted(os.listdir(corpus)):
            if not f.endswith(".yaml"):
                continue
            path = os.path.join(corpus, f)
            lang = "zh-Hant" if "lang: zh-Hant" in open(path).read() else "zh-Hans"
            for template, gap, half, grid in templates:
                short = os.path.basename(template).replace(".yaml", "")
                pdf = os.path.join(tmp, f"{short}-{f}.pdf")
                r = subprocess.run([jianbao, "--template", template, "-o", pdf, path],
                                   capture_output=True, text=True)
                if not check(r.returncode == 0, f"{f} with {short}: exit {r.returncode}: {r.stderr}"):
                    continue
                for tool in (["pdffonts", pdf], ["pdftotext", pdf, "-"], ["qpdf", "--check", pdf]):
                    t = subprocess.run(tool, capture_output=True, text=True)
                    check(t.returncode == 0 and not t.stderr, f"{f} with {short}: {tool[0]}: {t.stderr}")
                check_document(pdf, f"{f} ({short})", lang, gap, half, grid, headings_of(path), tmp)
                check_furniture(pdf, f"{f} ({short})", lang, short, open(path).read())
                check_tables(pdf, f"{f} ({short})")
                if short == "gbt9704":
                    check_page_feet(pdf, f"{f} ({short})")
        for f in sorted(f for f in os.listdir(os.path.join(root, "input")) if f.endswith(".yaml")):
            pdf = os.path.join(tmp, f"input-{f}.pdf")
            r = subprocess.run([jianbao, "--template", "gbt9704", "-o", pdf,
                                os.path.join(root, "input", f)], capture_output=True, text=True)
            if check(r.returncode == 0, f"{f} with gbt9704: {r.stderr}"):
                check_page_feet(pdf, f"{f} (gbt9704)")
        tall = os.path.join(root, "tests", "tables", "tall-row.yaml")
        cell = re.search(r"- \[2, (.+), 2300\]", open(tall).read()).group(1)
        for template in ("bulletin", "gbt9704"):
            pdf = os.path.join(tmp, f"tall-{template}.pdf")
            r = subprocess.run([jianbao, "--template", template, "-o", pdf, tall],
                               capture_output=True, text=True)
            if check(r.returncode == 0, f"tall-row.yaml with {template}: {r.stderr}"):
                check_tall_row(pdf, f"tall-row.yaml ({template})", cell, 35 * 72 / 25.4)
    for rule in ["line start", "line end", "unsplit", "full line", "pushed in", "last line natural",
                 "adjacent marks", "latin gap", "no gap by punctuation", "line-start opening",
                 "stop position", "heading kept", "paragraph across pages", "row cut across pages",
                 "no runt", "heading number at the indent", "date once", "traditional labels",
                 "page number spacing", "no footer under the 报尾", "two rows each side", "total with its rows",
                 "page feet"]:
        n = counts.get(rule, 0)
        print(f"{rule:24} {n} checked")
        check(n >= 2, f"the corpus no longer exercises “{rule}”")
    for f in failures:
        print("FAIL:", f)
    print(f"{sum(counts.values())} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


main()
