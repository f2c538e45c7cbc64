"""The tagged PDF's structure read back and compared with the document.

usage: check_tags.py JIANBAO DUMP_TEXT SOURCE_ROOT

Every input and corpus file is rendered with each template. pikepdf (QPDF)
reads the structure: /MarkInfo, /Lang (zh-CN or zh-TW as the input's lang),
every element's parent, every marked-content reference against the MCIDs
of its page's content stream and the parent tree, every text-showing
operator inside marked content (an MCID or an Artifact), header cells with
/Scope. poppler's pdfinfo -struct-text gives each element's text; compared
with the document: the headings with their levels (from the input's nested
sections), and every text the bulletin prints (dump_text) found, in order,
in the elements' texts (a table cell's exactly), each paragraph, cell and
heading an element of its own. The title is a Title element, role-mapped to
H1 (/RoleMap), whose text is the input's title; the elements before it are
the masthead's lines in the order the template prints them (masthead.py)."""
import os
import re
import subprocess
import sys
import tempfile

import pikepdf
import yaml

from checks import check, finish
import masthead

LEAVES = {"/Title", "/P", "/H1", "/H2", "/H3", "/H4", "/LI", "/TH", "/TD", "/Caption", "/Figure"}


def headings(node, depth, out):
    """(level, heading) of the input's sections, in order."""
    for section in node.get("sections", []) or []:
        if isinstance(section, dict) and "heading" in section:
            out.append((depth, str(section["heading"]).strip()))
            headings(section, depth + 1, out)
    return out


def marked_content(pdf, page):
    """The MCIDs of a page's content, and whether every Tj/TJ lies inside
    marked content."""
    mcids, depth, outside = [], 0, 0
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name in ("BDC", "BMC"):
            depth += 1
            if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                    and "/MCID" in operands[1]:
                mcids.append(int(operands[1].MCID))
        elif name == "EMC":
            depth -= 1
        elif name in ("Tj", "TJ", "'", '"') and depth == 0:
            outside += 1
    return mcids, outside


def structure(pdf, where):
    """Walks the tree from the root: checks parents, collects leaves in order
    and the (page, MCID) of every marked-content reference."""
    root = pdf.Root.StructTreeRoot
    page_of = {p.objgen: i for i, p in enumerate(pdf.pages)}
    refs, kinds, leaf_kinds, bad_parent = [], [], [], 0

    def walk(elem, parent):
        nonlocal bad_parent
        if elem.P.objgen != parent.objgen:
            bad_parent += 1
        kinds.append(str(elem.S))
        if str(elem.S) in LEAVES:
            leaf_kinds.append(str(elem.S)[1:])
        if str(elem.S) == "/Figure":  # a chart: its data read in its place
            check("/Alt" in elem and "：" in str(elem.Alt), f"{where}: a Figure without /Alt text")
        if str(elem.S) == "/TH":
            check("/A" in elem and str(elem.A.get("/Scope")) == "/Column",
                  f"{where}: a header cell without /Scope /Column")
        kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
        for k in kids:
            if isinstance(k, int):  # an MCID on the element's own page
                refs.append((page_of[elem.Pg.objgen], int(k), elem.objgen))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                refs.append((page_of[k.Pg.objgen], int(k.MCID), elem.objgen))
            elif isinstance(k, pikepdf.Dictionary):
                walk(k, elem)

    walk(root.K, root)
    check(bad_parent == 0, f"{where}: {bad_parent} elements whose /P is not their parent")
    check(str(root.K.S) == "/Document", f"{where}: the root element is {root.K.S}")
    return refs, kinds, leaf_kinds


def check_references(pdf, refs, where):
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for p, page in enumerate(pdf.pages):
        mcids, outside = marked_content(pdf, page)
        check(outside == 0, f"{where} page {p + 1}: {outside} text operators outside marked content")
        referenced = sorted(m for q, m, _ in refs if q == p)
        check(referenced == sorted(mcids) and len(set(mcids)) == len(mcids),
              f"{where} page {p + 1}: MCIDs in the content {sorted(mcids)[:8]}…, "
              f"referenced {referenced[:8]}…")
        key = int(page.get("/StructParents", -1))
        parents = tree.get(key)
        check(parents is not None and len(parents) == len(mcids),
              f"{where} page {p + 1}: the parent tree has no full entry for the page")
        if parents is not None:
            owner = {m: g for q, m, g in refs if q == p}
            wrong = [m for m in mcids if m < len(parents) and parents[m].objgen != owner.get(m)]
            check(not wrong, f"{where} page {p + 1}: parent tree wrong for MCIDs {wrong[:5]}")


def element_texts(path, leaf_kinds=None):
    """(type, text) of each leaf element, in order, from poppler; the types as
    the file names them (leaf_kinds, from pikepdf), where poppler gives the
    standard type a /RoleMap maps them to."""
    out = subprocess.run(["pdfinfo", "-struct-text", path], capture_output=True, text=True,
                         check=True).stdout
    leaves, current = [], None
    for line in out.splitlines():
        m = re.match(r"\s*(\w+)( \(\w+\))?:?$", line)
        if m:
            current = None
            if "/" + m.group(1) in LEAVES:
                leaves.append([m.group(1), ""])
                current = leaves[-1]
        elif current is not None and line.strip().startswith('"'):
            current[1] += line.strip()[1:-1]
    if leaf_kinds is not None:
        check(len(leaf_kinds) == len(leaves),
              f"{path}: {len(leaves)} leaf elements in poppler, {len(leaf_kinds)} in pikepdf")
        if len(leaf_kinds) == len(leaves):
            leaves = [[k, text] for k, (_, text) in zip(leaf_kinds, leaves)]
    return [(kind, re.sub(r"\s+", "", text)) for kind, text in leaves]


def check_front(source, kind, pdf, leaves, where):
    """The title: a Title element, mapped to H1, holding the input's title; the
    masthead's lines before it, in their order."""
    role_map = pdf.Root.StructTreeRoot.get("/RoleMap", {})
    check(str(role_map.get("/Title")) == "/H1",
          f"{where}: /RoleMap maps /Title to {role_map.get('/Title')}, want /H1")
    titles = [i for i, (k, _) in enumerate(leaves) if k == "Title"]
    want = re.sub(r"\s+", "", str(source["title"]))
    check(len(titles) == 1 and leaves[titles[0]][1] == want,
          f"{where}: Title elements {[leaves[i][1] for i in titles]}, want one: {want}")
    if len(titles) != 1:
        return
    front, lines = leaves[:titles[0]], masthead.expected(source, kind)
    check(len(front) == len(lines) and all(
        k == "P" and re.search(pattern, text) for (k, text), (_, pattern) in zip(front, lines)),
          f"{where}: before the title {front}, want the masthead's {[w for w, _ in lines]}")


def check_document(jianbao, dump_text, path, template, tmp, root):
    where = f"{os.path.basename(path)} ({template or 'its own template'})"
    pdf_path = os.path.join(tmp, "out.pdf")
    subprocess.run([jianbao, "-o", pdf_path, path] + (["--template", template] if template else []),
                   check=True, capture_output=True)
    with open(path, encoding="utf-8") as f:
        source = yaml.safe_load(f)
    lang = "zh-TW" if source.get("lang") == "zh-Hant" else "zh-CN"
    with pikepdf.open(pdf_path) as pdf:
        check(bool(pdf.Root.MarkInfo.Marked), f"{where}: not /Marked")
        check(str(pdf.Root.Lang) == lang, f"{where}: /Lang {pdf.Root.Lang}, want {lang}")
        refs, kinds, leaf_kinds = structure(pdf, where)
        check_references(pdf, refs, where)
        leaves = element_texts(pdf_path, leaf_kinds)
        check_front(source, masthead.style(root, template, source), pdf, leaves, where)
    # the headings, with their levels, in the document's order
    want = headings(source, 1, [])
    got = [(int(k[1]), t) for k, t in leaves if k in ("H1", "H2", "H3", "H4")]
    check(len(got) == len(want) and all(g[0] == w[0] and g[1].endswith(re.sub(r"\s+", "", w[1]))
                                        for g, w in zip(got, want)),
          f"{where}: headings {got[:4]}…, want {want[:4]}…")
    # every printed text, in order, is a cell's text or part of another
    # element's (a heading's number, a note's 注：, the 报尾's 报： and 。,
    # a caption's 表1 and unit are printed around it)
    printed = subprocess.run([dump_text, path], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    texts = [re.sub(r"\s+", "", line[2:]) for line in printed
             if line[:1] in "TD" and line[2:].strip()]
    if template == "article":
        texts = [re.sub(r"\s+", "", line[2:]) for line in printed
                 if line[:1] == "T" and line[2:].strip()]
    at, missing = 0, []
    for text in texts:
        k = at
        while k < len(leaves) and not (leaves[k][1] == text or (
                leaves[k][0] in ("Title", "Caption", "P", "LI", "H1", "H2", "H3", "H4", "Figure")
                and text in leaves[k][1])):
            k += 1
        if k == len(leaves):
            missing.append(text)
        else:  # a chart's labels are all in its Figure, in the order they are drawn
            at = k if leaves[k][0] == "Figure" else k + 1
    check(not missing, f"{where}: {len(missing)} of {len(texts)} printed texts not found in "
                       f"order as elements: {missing[:3]}")
    return len(leaves)


def check_long_table(jianbao, tmp):
    """A table of 9,000 rows: PDF/A-1 allows arrays of 8,191 entries, so its
    rows come in TBody groups; the structure still checks out."""
    rows = "".join(f"      - [第{i}村, {i}]\n" for i in range(9000))
    path = os.path.join(tmp, "long.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("title: 台账\ndate: 2023-07-10\nsections:\n  - heading: 村级台账\n    content:\n"
                "      - table:\n          columns: [村, 户数]\n          rows:\n"
                + rows.replace("      - [", "            - ["))
    pdf_path = os.path.join(tmp, "long.pdf")
    subprocess.run([jianbao, "-o", pdf_path, path], check=True, capture_output=True)
    with pikepdf.open(pdf_path) as pdf:
        refs, kinds, _ = structure(pdf, "9,000-row table")
        check_references(pdf, refs, "9,000-row table")
        longest = max(len(o[key]) for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                      for key in ("/K", "/Nums", "/Kids")
                      if key in o and isinstance(o[key], pikepdf.Array))
        check(longest <= 8191, f"9,000-row table: an array of {longest} entries")
        check(kinds.count("/TBody") == 2 and kinds.count("/TR") == 9001,
              f"9,000-row table: {kinds.count('/TBody')} TBody, {kinds.count('/TR')} TR")


def main():
    jianbao, dump_text, root = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        for path in masthead.inputs(root):
            for template in masthead.templates(root):
                check_document(jianbao, dump_text, path, template, tmp, root)
        check_long_table(jianbao, tmp)
    finish()


main()
