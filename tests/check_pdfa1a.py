"""PDF/A-1a: the rules level A adds to level B (ISO 19005-1), checked with
pikepdf, since no validator of level A is packaged for Debian or npm
(PDFBox Preflight, which check_pdfa.py runs, checks level B only). The
clauses, as veraPDF's PDF/A-1A profile numbers its rules:

- 6.3.8   every font has a /ToUnicode CMap, and every code a page shows
          maps to text there;
- 6.7.11  the XMP says pdfaid:part 1 and pdfaid:conformance A;
- 6.8.2.2 the catalog's /MarkInfo has /Marked true;
- 6.8.3.3 the structure hierarchy: a /StructTreeRoot whose elements are
          reached from it, each element's /P its parent; each page's
          content parsed (pikepdf.parse_content_stream): every marked-content
          sequence at the top level is an Artifact or has an MCID (or is a
          Span carrying ActualText whose sequences are so), every MCID
          is referenced by exactly one element and the parent tree gives that
          element for it, every reference names an MCID the page has; no text
          is shown and no path painted outside marked content;
- 6.8.3.4 every structure type is a standard one (PDF 1.4 Reference, 9.7.4)
          or mapped by /RoleMap, without a cycle, to one;
- 6.8.4   /Lang, in the catalog, on elements and in marked content, is a
          language identifier (RFC 3066: a primary tag of letters, then
          subtags of letters and digits).

Beyond veraPDF's rules: a Figure has /Alt text (PDF 1.4 Reference, 9.8.2,
alternate descriptions). Word breaks, which tagged PDF asks to be found
from the text, are checked by check_findable.py in three readers.

usage: check_pdfa1a.py JIANBAO ROOT        every input (and chart test) and template with --pdfa=1a
       check_pdfa1a.py --breaks JIANBAO ROOT  each rule broken on purpose is reported
       check_pdfa1a.py FILE.pdf ...        prints what it finds"""
import os
import re
import subprocess
import sys
import tempfile

import pikepdf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, finish  # noqa: E402
import masthead  # noqa: E402

STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Figure", "Formula", "Form"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "BI"}
LANGUAGE = re.compile(r"^(?:[A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*$")


def name(obj):
    return str(obj)[1:] if isinstance(obj, pikepdf.Name) else None


def standard_type(s, role_map):
    """The standard type s maps to, or None (unmapped, or a cycle)."""
    seen = set()
    while s not in STANDARD:
        if s in seen or ("/" + s) not in role_map:
            return None
        seen.add(s)
        s = name(role_map["/" + s])
        if s is None:
            return None
    return s


def cmap_codes(font):
    """The codes a ToUnicode CMap gives text for (bfchar and bfrange)."""
    data = font.ToUnicode.read_bytes().decode("latin-1")
    codes = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            if text:
                codes.add(int(code, 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*[<\[]", block):
            codes.update(range(int(lo, 16), int(hi, 16) + 1))
    return codes


def shown_codes(operands, op):
    """The 2-byte codes a text-showing operator shows (Identity-H fonts)."""
    strings = []
    for o in operands:
        if isinstance(o, pikepdf.String):
            strings.append(bytes(o))
        elif isinstance(o, pikepdf.Array):
            strings += [bytes(x) for x in o if isinstance(x, pikepdf.String)]
    for b in strings:
        for i in range(0, len(b) - 1, 2):
            yield b[i] << 8 | b[i + 1]


def check_language(value, where, problems):
    if not (isinstance(value, pikepdf.String) and LANGUAGE.match(str(value))):
        problems.append(("6.8.4", f"{where}: /Lang {value!r} is not a language identifier"))


def page_content(pdf, p, page, fonts, problems):
    """Parses one page's content: its MCIDs, and what lies outside marked content."""
    mcids, stack, font = [], [], None
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ("BDC", "BMC"):
            tag = name(operands[0])
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            if isinstance(props, pikepdf.Name):  # a named property list
                props = page.Resources.get("/Properties", {}).get(str(props))
            mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props \
                else None
            if isinstance(props, pikepdf.Dictionary) and "/Lang" in props:
                check_language(props.Lang, f"page {p + 1} marked content", problems)
            tagged = mcid is not None or tag == "Artifact"
            # a Span carrying ActualText around tagged content (a table row's
            # cells) is no content of its own: what it holds must be tagged
            wrapper = (not stack and tag == "Span" and isinstance(props, pikepdf.Dictionary)
                       and "/ActualText" in props and mcid is None)
            if not any(stack) and not tagged and not wrapper:
                problems.append(("6.8.3.3", f"page {p + 1}: a /{tag} sequence neither an "
                                            "Artifact nor with an MCID"))
            if mcid is not None:
                mcids.append(mcid)
            stack.append(tagged or bool(stack and stack[-1]))
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tf":
            font = fonts.get(str(operands[0]))
        elif op in TEXT_OPS or op in PAINT_OPS:
            if not (stack and stack[-1]):
                what = "text shown" if op in TEXT_OPS else f"a path painted ({op})"
                problems.append(("6.8.3.3", f"page {p + 1}: {what} outside marked content"))
            if op in TEXT_OPS and font is not None:
                unmapped = [c for c in shown_codes(operands, op) if c not in font[1]]
                if unmapped:
                    problems.append(("6.3.8", f"page {p + 1}: codes {unmapped[:4]} of "
                                              f"{font[0]} have no ToUnicode entry"))
    return mcids


def page_fonts(page, problems, p):
    fonts = {}
    for key, font in page.Resources.get("/Font", {}).items():
        if "/ToUnicode" not in font:
            problems.append(("6.3.8", f"page {p + 1}: font {font.get('/BaseFont')} has no "
                                      "/ToUnicode"))
            fonts[key] = (str(font.get("/BaseFont")), set())
        else:
            fonts[key] = (str(font.get("/BaseFont")), cmap_codes(font))
    return fonts


def structure(pdf, problems):
    """Walks the tree: types, parents, /Alt, /Lang; returns the references
    {(page, MCID): [elements]}."""
    root = pdf.Root.StructTreeRoot
    role_map = root.get("/RoleMap", pikepdf.Dictionary())
    page_of = {pg.objgen: i for i, pg in enumerate(pdf.pages)}
    refs = {}
    stack = [(k, root, None) for k in (root.K if isinstance(root.K, pikepdf.Array)
                                        else [root.K])]
    stack.reverse()
    while stack:
        elem, parent, pg = stack.pop()
        s = name(elem.get("/S"))
        if elem.get("/P") is None or elem.P.objgen != parent.objgen:
            problems.append(("6.8.3.3", f"element /{s}: /P is not its parent"))
        std = standard_type(s, role_map) if s else None
        if std is None:
            problems.append(("6.8.3.4", f"structure type /{s} is not mapped to a standard "
                                        "type (unmapped, or in a cycle)"))
        if std == "Figure" and not str(elem.get("/Alt", "")).strip() \
                and "/ActualText" not in elem:
            problems.append(("9.8.2", "a Figure without /Alt text"))
        if "/Lang" in elem:
            check_language(elem.Lang, f"element /{s}", problems)
        pg = elem.get("/Pg", pg)
        kids = elem.get("/K", pikepdf.Array())
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        nested = []
        for k in kids:
            if isinstance(k, int):
                if pg is None:
                    problems.append(("6.8.3.3", f"/{s}: an MCID without a page"))
                else:
                    refs.setdefault((page_of.get(pg.objgen), int(k)), []).append(elem.objgen)
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                kp = k.get("/Pg", pg)
                refs.setdefault((page_of.get(kp.objgen) if kp is not None else None,
                                 int(k.MCID)), []).append(elem.objgen)
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR":
                continue
            elif isinstance(k, pikepdf.Dictionary):
                nested.append((k, elem, pg))
        stack += reversed(nested)
    return refs


def parent_tree(root):
    """{StructParents key: array of elements}, through /Kids."""
    out, todo = {}, [root.ParentTree]
    while todo:
        node = todo.pop()
        nums = node.get("/Nums", pikepdf.Array())
        for i in range(0, len(nums) - 1, 2):
            out[int(nums[i])] = nums[i + 1]
        todo += list(node.get("/Kids", pikepdf.Array()))
    return out


def check_file(path):
    """What the file breaks of level A's rules: [(clause, message)]."""
    problems = []
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        part = meta.get("pdfaid:part")
        conformance = meta.get("pdfaid:conformance")
        if str(part) != "1" or str(conformance) != "A":
            problems.append(("6.7.11", f"XMP claims part {part}, conformance {conformance}"))
        mark = pdf.Root.get("/MarkInfo")
        if not (isinstance(mark, pikepdf.Dictionary) and mark.get("/Marked") is True):
            problems.append(("6.8.2.2", "no /MarkInfo with /Marked true"))
        if "/Lang" in pdf.Root:
            check_language(pdf.Root.Lang, "the catalog", problems)
        else:
            problems.append(("6.8.4", "the catalog has no /Lang"))
        if "/StructTreeRoot" not in pdf.Root or "/K" not in pdf.Root.StructTreeRoot:
            problems.append(("6.8.3.3", "no structure tree"))
            return problems
        refs = structure(pdf, problems)
        tree = parent_tree(pdf.Root.StructTreeRoot)
        for p, page in enumerate(pdf.pages):
            fonts = page_fonts(page, problems, p)
            mcids = page_content(pdf, p, page, fonts, problems)
            parents = tree.get(int(page.get("/StructParents", -1)))
            for m in sorted(set(mcids)):
                owners = refs.get((p, m), [])
                if mcids.count(m) > 1:
                    problems.append(("6.8.3.3", f"page {p + 1}: MCID {m} marks "
                                                f"{mcids.count(m)} sequences"))
                if len(owners) != 1:
                    problems.append(("6.8.3.3", f"page {p + 1}: MCID {m} referenced by "
                                                f"{len(owners)} elements"))
                elif parents is None or m >= len(parents) or \
                        parents[m].objgen != owners[0]:
                    problems.append(("6.8.3.3", f"page {p + 1}: the parent tree does not give "
                                                f"MCID {m}'s element"))
            for (q, m) in refs:
                if q == p and m not in mcids:
                    problems.append(("6.8.3.3", f"page {p + 1}: an element references MCID {m}, "
                                                "which the page does not have"))
        if any(q is None for q, _ in refs):
            problems.append(("6.8.3.3", "a marked-content reference to no page of the document"))
    return problems


def render(jianbao, path, template, out):
    subprocess.run([jianbao, "--pdfa=1a", "--template", template, "-o", out, path],
                   check=True, capture_output=True)


def all_inputs(jianbao, root):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.pdf")
        charts = os.path.join(root, "tests", "charts")
        for path in masthead.inputs(root) + sorted(
                os.path.join(charts, f) for f in os.listdir(charts) if f.endswith(".yaml")):
            for template in masthead.templates(root):
                render(jianbao, path, template, out)
                problems = check_file(out)
                check(not problems, f"{os.path.basename(path)} ({template}): "
                                    f"{len(problems)} problems: {problems[:4]}")


def breaks(jianbao, root):
    """Each rule broken in a copy of a good file, and reported."""
    def first_elem(pdf, kind):
        todo = [pdf.Root.StructTreeRoot.K]
        while todo:
            e = todo.pop(0)
            if str(e.get("/S")) == kind:
                return e
            kids = e.get("/K", pikepdf.Array())
            todo += [k for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
                     if isinstance(k, pikepdf.Dictionary) and "/S" in k]

    def no_mark(pdf):
        del pdf.Root["/MarkInfo"]

    def no_tree(pdf):
        del pdf.Root["/StructTreeRoot"]

    def wrong_parent_tree(pdf):
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        nums[1] = pikepdf.Array(reversed(list(nums[1])))

    def unmapped_type(pdf):
        first_elem(pdf, "/P").S = pikepdf.Name("/Masthead")

    def cycle(pdf):
        pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(
            Title=pikepdf.Name("/Heading"), Heading=pikepdf.Name("/Title"))

    def no_to_unicode(pdf):
        for _, font in pdf.pages[0].Resources.Font.items():
            del font["/ToUnicode"]
            return

    def code_unmapped(pdf):
        font = next(iter(pdf.pages[0].Resources.Font.items()))[1]
        data = font.ToUnicode.read_bytes()
        data = re.sub(rb"\d+ beginbfrange.*?endbfrange\n", b"", data, flags=re.S)
        data = re.sub(rb"\d+ beginbfchar.*?endbfchar\n", b"", data, flags=re.S)
        font.ToUnicode.write(data)

    def strip_mcid(pdf):
        page = pdf.pages[0]
        ops = pikepdf.parse_content_stream(page)
        for operands, op in ops:
            if str(op) == "BDC" and "/MCID" in operands[1]:
                del operands[1]["/MCID"]
                break
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))

    def text_outside(pdf):
        page = pdf.pages[0]
        ops = pikepdf.parse_content_stream(page)
        key = next(iter(page.Resources.Font.keys()))
        ops += [pikepdf.ContentStreamInstruction([], pikepdf.Operator("BT")),
                pikepdf.ContentStreamInstruction([pikepdf.Name(key), 12], pikepdf.Operator("Tf")),
                pikepdf.ContentStreamInstruction([pikepdf.String(b"\x00\x01")],
                                                 pikepdf.Operator("Tj")),
                pikepdf.ContentStreamInstruction([], pikepdf.Operator("ET"))]
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))

    def text_in_bare_span(pdf):
        """Text inside a Span carrying ActualText, with no element of its own."""
        page = pdf.pages[0]
        ops = pikepdf.parse_content_stream(page)
        key = next(iter(page.Resources.Font.keys()))
        ops += [pikepdf.ContentStreamInstruction(
                    [pikepdf.Name("/Span"), pikepdf.Dictionary(ActualText=pikepdf.String("x"))],
                    pikepdf.Operator("BDC")),
                pikepdf.ContentStreamInstruction([], pikepdf.Operator("BT")),
                pikepdf.ContentStreamInstruction([pikepdf.Name(key), 12], pikepdf.Operator("Tf")),
                pikepdf.ContentStreamInstruction([pikepdf.String(b"\x00\x01")],
                                                 pikepdf.Operator("Tj")),
                pikepdf.ContentStreamInstruction([], pikepdf.Operator("ET")),
                pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))]
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))

    def path_outside(pdf):
        page = pdf.pages[0]
        page.Contents = pdf.make_stream(page.Contents.read_bytes() + b"\n0 0 m 10 10 l S\n")

    def double_reference(pdf):
        p = first_elem(pdf, "/P")
        kids = p.K if isinstance(p.K, pikepdf.Array) else pikepdf.Array([p.K])
        h = first_elem(pdf, "/H1")
        h.K = pikepdf.Array(list(h.K) + [kids[0]])

    def bad_lang(pdf):
        pdf.Root.Lang = pikepdf.String("zh CN")

    def bad_element_lang(pdf):
        first_elem(pdf, "/P").Lang = pikepdf.String("中文")

    def no_alt(pdf):
        first_elem(pdf, "/Figure").Alt = pikepdf.String("")

    def level_b(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:conformance"] = "B"

    cases = [("6.8.2.2", no_mark, None), ("6.8.3.3", no_tree, None),
             ("6.8.3.3", wrong_parent_tree, None), ("6.8.3.4", unmapped_type, None), ("6.8.3.4", cycle, None),
             ("6.3.8", no_to_unicode, None), ("6.3.8", code_unmapped, None),
             ("6.8.3.3", strip_mcid, None), ("6.8.3.3", text_outside, None),
             ("6.8.3.3", text_in_bare_span, None),
             ("6.8.3.3", path_outside, None), ("6.8.3.3", double_reference, None),
             ("6.8.4", bad_lang, None), ("6.8.4", bad_element_lang, None),
             ("9.8.2", no_alt, "charts"), ("6.7.11", level_b, None)]
    with tempfile.TemporaryDirectory() as tmp:
        good = {None: os.path.join(tmp, "good.pdf"), "charts": os.path.join(tmp, "chart.pdf")}
        render(jianbao, os.path.join(root, "input", "shuangpai-2022-08.yaml"), "bulletin",
               good[None])
        render(jianbao, os.path.join(root, "tests", "charts", "kinds.yaml"), "bulletin",
               good["charts"])
        for source in good.values():
            problems = check_file(source)
            check(not problems, f"{os.path.basename(source)}: {problems[:4]}")
        for clause, breaker, which in cases:
            broken = os.path.join(tmp, breaker.__name__ + ".pdf")
            with pikepdf.open(good[which]) as pdf:
                breaker(pdf)
                pdf.save(broken)
            found = [c for c, _ in check_file(broken)]
            check(clause in found, f"{breaker.__name__}: not reported under {clause} ({found})")


def main():
    if sys.argv[1] == "--breaks":
        breaks(os.path.abspath(sys.argv[2]), sys.argv[3])
    elif sys.argv[1].endswith(".pdf"):
        for path in sys.argv[1:]:
            for clause, message in check_file(path):
                print(f"{path}: {clause}: {message}")
        return
    else:
        all_inputs(os.path.abspath(sys.argv[1]), sys.argv[2])
    finish()


main()
