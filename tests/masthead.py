"""What a bulletin's masthead prints, from its input and template, for the
checks that compare it with the structure tree (check_tags.py) and with the
readers' text (check_findable.py).

A bulletin masthead prints, in this order: the classification (when given),
the bulletin's name, the issue line (year and number), the issuing unit and
the date line; GB/T 9704's 版头 the classification, the name and the document
number; a template with `masthead: none` nothing."""
import os
import re

import yaml


def inputs(root):
    """Every input: input/, the typesetting corpus, and the shared examples
    beside the source tree when they are there."""
    dirs = [os.path.join(root, "input"), os.path.join(root, "tests", "typesetting"),
            os.path.normpath(os.path.join(os.path.abspath(root), "..", "shared", "examples"))]
    return sorted(os.path.join(d, f) for d in dirs if os.path.isdir(d)
                  for f in os.listdir(d) if f.endswith(".yaml"))


def templates(root):
    """Every template of templates/, by name."""
    return sorted(f[:-5] for f in os.listdir(os.path.join(root, "templates"))
                  if f.endswith(".yaml"))


def style(root, template, source):
    """The masthead a template prints: bulletin, official or none, following
    `extends`."""
    name = template or source.get("template") or "bulletin"
    for _ in range(8):
        path = name if name.endswith(".yaml") else os.path.join(root, "templates", name + ".yaml")
        with open(path, encoding="utf-8") as f:
            t = yaml.safe_load(f) or {}
        if "masthead" in t:
            return str(t["masthead"])
        if "extends" not in t:
            return "bulletin"
        name = t["extends"]
    return "bulletin"


def expected(source, kind):
    """The masthead's lines in order, each a (what, regular expression) pair
    found in its text with white space removed."""
    m = source.get("masthead")
    if kind == "none" or not isinstance(m, dict):
        return []

    def exact(text):
        return re.escape(re.sub(r"\s+", "", str(text)))

    lines = []
    if m.get("classification"):
        lines.append(("classification", exact(m["classification"])))
    lines.append(("name", exact(m["name"])))
    if "issue" in m:
        lines.append(("issue line", f"{m.get('year', '')}\\D{{1,3}}0*{m['issue']}\\D"))
    if kind == "bulletin":
        if m.get("issuer"):
            lines.append(("issuing unit", exact(m["issuer"])))
        y, mo, d = str(source["date"]).split("-")
        lines.append(("date line", f"{y}年{int(mo)}月{int(d)}日"))
    return lines
