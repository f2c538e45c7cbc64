#!/usr/bin/env python3
"""The message catalogues are complete and current:
- every message the sources print or report is marked with _() or N_(): the
  format given to diag_error, diag_warning, printf, fprintf, fputs, the
  snprintf that fills an error, or an arena_printf that reads as words, is
  never a bare string literal holding words;
- po/POTFILES names every source file that marks a message with _() or N_();
- po/jianbao.pot is what xgettext extracts from the sources now;
- po/zh_CN.po and po/zh_TW.po hold exactly the template's messages, each
  translated, none fuzzy, their formats checked by msgfmt -c;
- Chinese text uses full-width punctuation (，；：？！（）), keeping ASCII
  only inside `backquotes` and the FILE:LINE:COL: 错误: prefix.
Usage: check_po.py SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile

LANGUAGES = ["zh_CN", "zh_TW"]
# the arguments po/meson.build gives xgettext
XGETTEXT = ["xgettext", "--keyword=_", "--keyword=N_", "--from-code=UTF-8",
            "--add-comments=TRANSLATORS", "--package-name=jianbao", "--no-location"]


def unquote(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def entries(path):
    """[(flags, msgid, msgid_plural, [msgstr...])] without the header."""
    text = open(path, encoding="utf-8").read()
    out = []
    for block in text.strip().split("\n\n"):
        fields, flags, key = {}, "", None
        for line in block.split("\n"):
            if line.startswith("#,"):
                flags = line
            elif line.startswith("#"):
                continue
            m = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                key = m.group(1)
                fields[key] = unquote(m.group(2))
            elif re.match(r'"(.*)"$', line) and key:
                fields[key] += unquote(line[1:-1])
        if fields.get("msgid"):
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            out.append((flags, fields["msgid"], fields.get("msgid_plural"), strs))
    return out


# the calls that print or report, and which of their arguments is the text
REPORTING = {"diag_error": 3, "diag_warning": 3, "diag_add": 4, "printf": 0, "fprintf": 1,
             "fputs": 0, "snprintf": 2, "arena_printf": 1}
LITERAL = r'"(?:[^"\\]|\\.)*"'


def arguments(text, start):
    """The top-level arguments of the call whose '(' is at start, and its end."""
    args, depth, i, begin = [], 0, start + 1, start + 1
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append(text[begin:i].strip())
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append(text[begin:i].strip())
            begin = i + 1
        i += 1
    return args


def reads_as_words(literal, call):
    text = re.sub(r"%[-+ #0-9.*]*[a-zA-Z]+|jianbao", " ", literal)  # the name is not a word
    if call == "arena_printf":  # also builds key paths such as "faces.%s"
        return re.search(r"[a-z]{2,} [a-z]{2,}", text) is not None
    return re.search(r"[A-Za-z]{3,}", text) is not None


def check_marked(root, problems):
    for name in sorted(os.listdir(os.path.join(root, "src"))):
        # pdf.c writes PDF syntax, manifest.c JSON syntax: neither is a message
        if not name.endswith(".c") or name in ("pdf.c", "manifest.c"):
            continue
        text = open(os.path.join(root, "src", name)).read()
        for m in re.finditer(r"\b(" + "|".join(REPORTING) + r")\(", text):
            call = m.group(1)
            args = arguments(text, m.end() - 1)
            if call == "snprintf" and "error" not in args[0]:
                continue
            if call == "fprintf" and args[0] not in ("stderr", "stdout", "messages"):
                continue  # a file being written, not a message
            k = REPORTING[call]
            if k >= len(args) or not re.fullmatch(rf"{LITERAL}(\s*{LITERAL})*", args[k]):
                continue
            if reads_as_words(args[k], call):
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"src/{name}:{line}: {call} prints {args[k][:60]} without _()")


def check_potfiles(root, problems):
    listed = set(open(os.path.join(root, "po/POTFILES")).read().split())
    for name in sorted(os.listdir(os.path.join(root, "src"))):
        path = "src/" + name
        if name.endswith(".c") and re.search(r"\bN?_\(\"", open(os.path.join(root, path)).read()):
            if path not in listed:
                problems.append(f"{path} marks messages but is not in po/POTFILES")


def check_template(root, problems):
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, "jianbao.pot")
        subprocess.run(XGETTEXT + ["-o", fresh, "-f", "po/POTFILES"], cwd=root, check=True)
        now = [(e[0], e[1], e[2]) for e in entries(fresh)]
    kept = [(e[0], e[1], e[2]) for e in entries(os.path.join(root, "po/jianbao.pot"))]
    if now != kept:
        gone = [e[1] for e in kept if e not in now]
        new = [e[1] for e in now if e not in kept]
        problems.append("po/jianbao.pot is out of date (run xgettext as po/meson.build does, "
                        f"then msgmerge): new {new[:5]}, gone {gone[:5]}")
    return {e[1] for e in now}


CJK = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
ASCII_MARK = re.compile(rf"(?<={CJK})[,;?!()]|[,;?!()](?={CJK})|(?<={CJK}):(?! )")


def check_translations(root, msgids, problems):
    for lang in LANGUAGES:
        path = os.path.join(root, "po", lang + ".po")
        r = subprocess.run(["msgfmt", "-c", "-o", os.devnull, path], capture_output=True, text=True)
        if r.returncode != 0:
            problems.append(f"{lang}.po: msgfmt -c: {r.stderr.strip()}")
        have = entries(path)
        ids = {e[1] for e in have}
        for mid in sorted(msgids - ids):
            problems.append(f"{lang}.po lacks {mid!r}")
        for mid in sorted(ids - msgids):
            problems.append(f"{lang}.po holds {mid!r}, which no source has")
        for flags, mid, _, strs in have:
            if "fuzzy" in flags:
                problems.append(f"{lang}.po: fuzzy translation of {mid!r}")
            if not all(strs):
                problems.append(f"{lang}.po: no translation of {mid!r}")
            for s in strs:
                plain = re.sub(r"`[^`]*`", "", s)
                if ASCII_MARK.search(plain):
                    problems.append(f"{lang}.po: ASCII punctuation beside Chinese in {s!r}")


def main():
    root = sys.argv[1]
    problems = []
    check_marked(root, problems)
    check_potfiles(root, problems)
    msgids = check_template(root, problems)
    check_translations(root, msgids, problems)
    for p in problems:
        print("FAIL", p)
    print(f"{len(msgids)} messages, {len(problems)} problems")
    sys.exit(1 if problems else 0)


main()
