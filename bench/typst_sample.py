#!/usr/bin/env python3
"""The sample bulletin as a Typst document on the same faces, for timing
Typst beside jianbao: the same text (references left as written), the same
page, margins and sizes, headings, tables and the red masthead. Usage:
typst_sample.py INPUT.yaml > OUT.typ"""
import sys

import yaml


def lit(text):
    """A Typst string literal: its content is never read as markup."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def cells(row):
    return ", ".join(f"[#{lit('' if c is None else c)}]" for c in row)


def table(t):
    columns = t.get("columns") or []
    rows = t.get("rows") or []
    out = []
    if t.get("title"):
        out.append(f"#align(center, text(font: \"Noto Sans CJK SC\", size: 14pt)[#{lit(t['title'])}])")
    width = max([len(columns)] + [len(r) for r in rows if isinstance(r, list)] or [1])
    body = [cells(columns)] if columns else []
    body += [cells(r) for r in rows if isinstance(r, list)]
    if isinstance(t.get("total"), list):
        body.append(cells(t["total"]))
    out.append(f"#text(size: 14pt, table(columns: {width}, {', '.join(body)}))")
    return out


def figure_table(f):
    names = f if isinstance(f, list) else f.get("figures", [])
    return [f"#text(size: 14pt, table(columns: 2, {', '.join(cells([n, '{' + str(n) + '}']) for n in names)}))"]


def block(item):
    if isinstance(item, str):
        return [f"#{lit(item)}", ""]
    if "table" in item:
        return table(item["table"]) + [""]
    if "figure_table" in item:
        return figure_table(item["figure_table"]) + [""]
    return [f"#{lit(v)}" for v in item.values() if isinstance(v, str)] + [""]


def main():
    doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    masthead = doc.get("masthead") or {}
    lines = [
        '#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm), '
        'numbering: "— 1 —")',
        '#set text(font: ("Noto Serif CJK SC", "LXGW WenKai", "AR PL UMing CN"), size: 15.75pt, '
        'lang: "zh", region: "cn")',
        "#set par(justify: true, first-line-indent: 2em, leading: 0.84em)",
        '#show heading: set text(font: "Noto Sans CJK SC", size: 15.75pt, weight: "regular")',
        '#set heading(numbering: "一、")',
        f'#align(center, text(font: "Noto Serif CJK SC", weight: "bold", size: 36pt, '
        f'fill: rgb("#E60012"))[#{lit(masthead.get("name", ""))}])',
        f'#align(center, text(font: "LXGW WenKai", size: 16pt)[#{lit(masthead.get("issuer", ""))}])',
        '#line(length: 100%, stroke: 1pt + rgb("#E60012"))',
        f'#align(center, text(font: "Noto Serif CJK SC", weight: "bold", size: 22pt)[#{lit(doc.get("title", ""))}])',
        "",
    ]
    if doc.get("lead"):
        lines += [f"#{lit(doc['lead'])}", ""]
    for section in doc.get("sections") or []:
        lines += [f"= #{lit(section.get('heading', ''))}", ""]
        for item in section.get("content") or []:
            lines += block(item)
    for line in doc.get("footer") or []:
        lines += [f"#text(size: 10.5pt)[#{lit(line)}]", ""]
    print("\n".join(lines))


main()
