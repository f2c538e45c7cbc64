#!/usr/bin/env python3
"""Faults: unwritable output, a full file system, missing or broken fonts and
templates, a missing input, signals. Each must end with the right exit
status and message, leave no partial file and never replace a good PDF.
compare_with naming a FIFO is refused without reading it.
Usage: check_faults.py JIANBAO ROOT"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from checks import check, finish
import time

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
sample = os.path.join(root, "input", "shuangpai-2022-08.yaml")


def run(args, cwd=None):
    return subprocess.run([jianbao, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def dot_files(d):
    return [f for _, _, fs in os.walk(d) for f in fs if f.startswith(".")]


with tempfile.TemporaryDirectory() as tmp:
    # An output directory that cannot exist: its parent is a file.
    blocker = os.path.join(tmp, "file")
    open(blocker, "w").write("x")
    r = run(["-o", os.path.join(blocker, "out.pdf"), sample])
    check(r.returncode == 3, f"unwritable output: exit {r.returncode}")
    check(f"cannot write {blocker}/out.pdf: Not a directory" in r.stderr, f"message: {r.stderr!r}")

    # A full file system: the good PDF already there stays, nothing else is left.
    small = os.path.join(tmp, "small")
    os.makedirs(small)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", small],
                             capture_output=True).returncode == 0
    if mounted:
        try:
            good = b"%PDF-1.4 a good PDF\n" * 10
            open(os.path.join(small, "out.pdf"), "wb").write(good)
            r = run(["-o", os.path.join(small, "out.pdf"), sample])
            check(r.returncode == 3, f"full file system: exit {r.returncode}")
            check("No space left on device" in r.stderr and os.path.join(small, "out.pdf") in r.stderr,
                  f"full file system message: {r.stderr!r}")
            check(open(os.path.join(small, "out.pdf"), "rb").read() == good, "the good PDF was replaced")
            check(sorted(os.listdir(small)) == ["out.pdf"], f"left behind: {os.listdir(small)}")
        finally:
            subprocess.run(["umount", small])
    else:
        print("note: cannot mount a tmpfs here; the full-file-system case was not run")

    # Fonts: missing (every face a template names), truncated, not a font.
    gone = os.path.join(tmp, "gone.yaml")
    open(gone, "w").write("extends: bulletin\nfaces:\n  song: {file: gone-song.ttc}\n"
                          "  hei: {file: gone-hei.ttc}\n  kai: {file: gone-kai.ttf}\n"
                          "  ming: {file: gone-ming.ttc}\n  biaosong: {file: gone-biaosong.ttc}\n")
    r = run(["--template", gone, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 1 and "font gone-song.ttc not found in the font directories" in r.stderr
          and "no face of their chains could be loaded for masthead, issue" in r.stderr,
          f"missing fonts: {r.returncode} {r.stderr!r}")
    broken = os.path.join(tmp, "fonts")
    shutil.copytree(os.path.join(root, "fonts"), broken)
    with open(os.path.join(broken, "uming.ttc"), "r+b") as f:
        f.truncate(1000)
    r = run(["--fonts", broken, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 3 and os.path.join(broken, "uming.ttc") in r.stderr and "is damaged or not a font: " in r.stderr,
          f"truncated font: {r.returncode} {r.stderr!r}")
    open(os.path.join(broken, "uming.ttc"), "wb").write(b"this is not a font" * 100)
    r = run(["--fonts", broken, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 3 and "is damaged or not a font: unknown file format" in r.stderr, f"not a font: {r.returncode} {r.stderr!r}")
    check(not os.path.exists(os.path.join(tmp, "x.pdf")), "a PDF was written without fonts")

    # A face cut to half its size still opens: the glyphs it lacks are an error naming the
    # face and the character, never a blank on the page.
    shutil.copy(os.path.join(root, "fonts", "uming.ttc"), os.path.join(broken, "uming.ttc"))
    kai = os.path.join(broken, "LXGWWenKai-Regular.ttf")
    os.truncate(kai, os.path.getsize(kai) // 2)
    r = run(["--fonts", broken, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 3 and f"the font file {kai} is damaged: it has no outline for " in r.stderr
          and not os.path.exists(os.path.join(tmp, "x.pdf")), f"half a face: {r.returncode} {r.stderr!r}")
    # CFF outlines zeroed in the middle of the table (the file's length unchanged): the
    # charstrings of the characters drawn are gone, and that is an error too.
    shutil.copy(os.path.join(root, "fonts", "LXGWWenKai-Regular.ttf"), kai)
    sans = os.path.join(broken, "NotoSansCJK-Regular.ttc")
    data = bytearray(open(sans, "rb").read())
    for face in range(int.from_bytes(data[8:12], "big")):
        at = int.from_bytes(data[12 + 4 * face:16 + 4 * face], "big")
        for i in range(int.from_bytes(data[at + 4:at + 6], "big")):
            record = at + 12 + 16 * i
            if data[record:record + 4] == b"CFF ":
                offset = int.from_bytes(data[record + 8:record + 12], "big")
                length = int.from_bytes(data[record + 12:record + 16], "big")
                data[offset + length * 3 // 10:offset + length * 8 // 10] = bytes(length * 8 // 10 - length * 3 // 10)
    open(sans, "wb").write(data)
    r = run(["--fonts", broken, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 3 and f"the font file {sans} is damaged: it has no outline for " in r.stderr
          and not os.path.exists(os.path.join(tmp, "x.pdf")), f"zeroed CFF outlines: {r.returncode} {r.stderr!r}")
    shutil.copy(os.path.join(root, "fonts", "NotoSansCJK-Regular.ttc"), sans)
    # Broken faces beside a template: FreeType's reason, never "not found".
    beside = os.path.join(tmp, "beside")
    os.makedirs(beside)
    good = open(os.path.join(root, "fonts", "LXGWWenKai-Regular.ttf"), "rb").read()
    tables = {good[12 + 16 * i:16 + 16 * i]: int.from_bytes(good[20 + 16 * i:24 + 16 * i], "big")
              for i in range(int.from_bytes(good[4:6], "big"))}
    zero_upem = bytearray(good)
    zero_upem[tables[b"head"] + 18:tables[b"head"] + 20] = b"\0\0"
    for name, data in (("hundred", good[:100]), ("zeros", bytes(4096)), ("upem0", bytes(zero_upem))):
        open(os.path.join(beside, name + ".ttf"), "wb").write(data)
        template = os.path.join(beside, name + ".yaml")
        open(template, "w").write(f"extends: bulletin\nfaces:\n  kai: {{file: {name}.ttf}}\n")
        r = run(["--template", template, "-o", os.path.join(tmp, "x.pdf"), sample])
        check(r.returncode == 1 and f"the font file {beside}/{name}.ttf is damaged or not a font: " in r.stderr
              and "not found" not in r.stderr, f"{name} beside a template: {r.returncode} {r.stderr!r}")
    # A FIFO or a device as a font or a template: refused at once, not waited on.
    os.mkfifo(os.path.join(beside, "fifo.ttf"))
    open(os.path.join(beside, "fifo-font.yaml"), "w").write("extends: bulletin\nfaces:\n  kai: {file: fifo.ttf}\n")
    os.mkfifo(os.path.join(beside, "fifo.yaml"))
    for template, what in (("fifo-font.yaml", f"cannot read font {beside}/fifo.ttf: it is not a regular file"),
                           ("fifo.yaml", f"cannot read template {beside}/fifo.yaml: it is not a regular file"),
                           ("/dev/zero", "cannot read template /dev/zero: it is not a regular file")):
        r = subprocess.run([jianbao, "--template", os.path.join(beside, template), "-o", os.path.join(tmp, "x.pdf"), sample],
                           capture_output=True, text=True, timeout=20)
        check(r.returncode == 1 and what in r.stderr, f"{template}: {r.returncode} {r.stderr!r}")
    big_template = os.path.join(beside, "big.yaml")
    open(big_template, "w").write("extends: bulletin\n" + "# padding\n" * 200000)
    r = run(["--template", big_template, "-o", os.path.join(tmp, "x.pdf"), sample])
    check(r.returncode == 1 and "it is larger than 1 MiB" in r.stderr, f"2 MB template: {r.returncode} {r.stderr!r}")
    # A face whose header is sound but that FreeType cannot use (its hhea
    # table's length set to 0) is opened, and reported, when a document first needs it:
    # a simplified document never needs the traditional faces, a traditional one does.
    unusable = os.path.join(tmp, "unusable")
    os.makedirs(unusable)
    data = bytearray(open(os.path.join(root, "fonts", "LXGWWenKai-Regular.ttf"), "rb").read())
    for i in range(int.from_bytes(data[4:6], "big")):
        if data[12 + 16 * i:16 + 16 * i] == b"hhea":
            data[24 + 16 * i:28 + 16 * i] = bytes(4)
    broken_kai = os.path.join(unusable, "kai-hant.ttf")
    open(broken_kai, "wb").write(data)
    hant_template = os.path.join(unusable, "hant.yaml")
    bulletin = open(os.path.join(root, "templates", "bulletin.yaml"), encoding="utf-8").read()
    kai = os.path.join(root, "fonts", "LXGWWenKai-Regular.ttf")
    changed = bulletin.replace("kai:  {file: LXGWWenKai-Regular.ttf}", f"kai:  {{file: {kai}, file_hant: {broken_kai}}}")
    check(changed != bulletin, "the template names the Kai face as the test expects")
    open(hant_template, "w", encoding="utf-8").write(changed)
    r = run(["--template", hant_template, "-o", os.path.join(unusable, "hans.pdf"), sample])
    check(r.returncode == 0 and os.path.exists(os.path.join(unusable, "hans.pdf")),
          f"a simplified document does not open the traditional faces: {r.returncode} {r.stderr!r}")
    open(os.path.join(unusable, "hant-doc.yaml"), "w", encoding="utf-8").write(
        open(sample, encoding="utf-8").read().replace("lang: zh-Hans", "lang: zh-Hant"))
    for extra in ([], ["--check"]):
        r = run(["--template", hant_template, *extra, "-o", os.path.join(unusable, "hant.pdf"),
                 os.path.join(unusable, "hant-doc.yaml")])
        check(r.returncode == 3 and f"the font file {broken_kai} is damaged or not a font: horizontal header (hhea) table missing" in r.stderr and not os.path.exists(os.path.join(unusable, "hant.pdf")),
              f"an unusable face is reported when first needed {extra}: {r.returncode} {r.stderr!r}")

    # A missing template and a missing input: exit statuses, and the others still render.
    r = run(["--template", "nonesuch", "-o", os.path.join(tmp, "t.pdf"), sample])
    check(r.returncode == 1 and "unknown template `nonesuch`; the templates are: article, bulletin, gbt9704" in r.stderr,
          f"missing template: {r.returncode} {r.stderr!r}")
    out = os.path.join(tmp, "mixed")
    r = run(["-o", out, os.path.join(tmp, "missing.yaml"), sample])
    check(r.returncode == 3 and "missing.yaml: error: cannot read" in r.stderr, f"missing input: {r.returncode}")
    check(os.path.exists(os.path.join(out, "shuangpai-2022-08.pdf")), "the other file was not rendered")

    # Never over an input; never over a file that is not a PDF unless --force.
    victim = os.path.join(tmp, "victim.yaml")
    shutil.copy(sample, victim)
    before = open(victim, "rb").read()
    r = run(["-o", victim, victim])
    check(r.returncode == 2 and "would be written over the input" in r.stderr
          and open(victim, "rb").read() == before, f"-o INPUT INPUT: {r.returncode} {r.stderr!r}")
    link = os.path.join(tmp, "victim-link.pdf")
    os.symlink(victim, link)
    r = run(["-o", link, victim])
    check(r.returncode == 2 and open(victim, "rb").read() == before, f"-o LINK-TO-INPUT: {r.returncode}")
    r = subprocess.run([jianbao, "--watch", "-o", victim, victim], capture_output=True, text=True, timeout=20)
    check(r.returncode == 2 and open(victim, "rb").read() == before, f"--watch -o INPUT INPUT: {r.returncode}")
    hard = os.path.join(tmp, "victim-hard.pdf")
    os.link(victim, hard)
    r = run(["-o", hard, victim])
    check(r.returncode == 2 and open(victim, "rb").read() == before, f"-o HARD-LINK-TO-INPUT: {r.returncode}")
    notes = os.path.join(tmp, "notes.txt")
    open(notes, "w").write("not a PDF\n")
    r = run(["-o", notes, sample])
    check(r.returncode == 3 and f"cannot write {notes}: it exists and is not a PDF" in r.stderr and "--force" in r.stderr
          and open(notes).read() == "not a PDF\n", f"over a non-PDF: {r.returncode} {r.stderr!r}")
    r = run(["--force", "-o", notes, sample])
    check(r.returncode == 0 and open(notes, "rb").read(5) == b"%PDF-", f"--force: {r.returncode} {r.stderr!r}")

    # Modes: the umask for a new PDF, the old mode for a replaced one; read-only is refused.
    modes = os.path.join(tmp, "modes")
    os.makedirs(modes)
    new = os.path.join(modes, "new.pdf")
    r = subprocess.run([jianbao, "-o", new, sample], capture_output=True, text=True, timeout=120,
                       preexec_fn=lambda: os.umask(0o077))
    check(r.returncode == 0 and os.stat(new).st_mode & 0o777 == 0o600,
          f"umask 077: mode {oct(os.stat(new).st_mode & 0o777)}")
    os.chmod(new, 0o640)
    r = run(["-o", new, sample])
    check(r.returncode == 0 and os.stat(new).st_mode & 0o777 == 0o640,
          f"replaced 0640 file: mode {oct(os.stat(new).st_mode & 0o777)}")
    os.chmod(new, 0o444)
    stamp = os.stat(new).st_ino
    r = run(["-o", new, sample])
    check(r.returncode == 3 and "it is read-only" in r.stderr and os.stat(new).st_ino == stamp,
          f"read-only target: {r.returncode} {r.stderr!r}")
    # A symbolic link is written through: the link stays, its file is replaced.
    target = os.path.join(modes, "real.pdf")
    open(target, "wb").write(b"%PDF-1.4 old\n")
    os.chmod(target, 0o600)
    link = os.path.join(modes, "link.pdf")
    os.symlink("real.pdf", link)
    r = run(["-o", link, sample])
    check(r.returncode == 0 and os.path.islink(link) and open(target, "rb").read() != b"%PDF-1.4 old\n"
          and os.stat(target).st_mode & 0o777 == 0o600, f"-o symlink: {r.returncode} {r.stderr!r}")
    check(not dot_files(modes), f"temporary files left: {dot_files(modes)}")

    # A name that fits fits: the temporary name is no longer than the target's.
    long_name = os.path.join(modes, "a" * 250 + ".pdf")
    r = run(["-o", long_name, sample])
    check(r.returncode == 0 and os.path.exists(long_name), f"250-character name: {r.returncode} {r.stderr!r}")

    # -o - takes one input; --fonts must name a directory.
    r = run(["-o", "-", sample, sample])
    check(r.returncode == 2 and "-o - writes one PDF" in r.stderr and not os.path.exists("-"),
          f"-o - with two inputs: {r.returncode} {r.stderr!r}")
    r = run(["--fonts", os.path.join(tmp, "nonexistent"), "-o", os.path.join(tmp, "f.pdf"), sample])
    check(r.returncode == 2 and "--fonts" in r.stderr and "No such file or directory" in r.stderr,
          f"--fonts /nonexistent: {r.returncode} {r.stderr!r}")

    # -o - writes the PDF to standard output.
    out = subprocess.run([jianbao, "-o", "-", sample], capture_output=True, timeout=120)
    check(out.returncode == 0 and out.stdout.startswith(b"%PDF-1.4") and out.stdout.rstrip().endswith(b"%%EOF"),
          "-o - did not write a PDF to standard output")

    # --check writes nothing.
    r = run(["--check", "-o", os.path.join(tmp, "checked.pdf"), sample])
    check(r.returncode == 0 and not os.path.exists(os.path.join(tmp, "checked.pdf")), "--check wrote a file")

    # compare_with naming a FIFO: refused at once, never read (a read would hang).
    fifo_dir = os.path.join(tmp, "fifo")
    os.makedirs(fifo_dir)
    os.mkfifo(os.path.join(fifo_dir, "earlier.yaml"))
    with open(os.path.join(fifo_dir, "now.yaml"), "w", encoding="utf-8") as f:
        f.write("title: t\ndate: 2023-03-31\ncompare_with: earlier.yaml\nlead: x\nsections: []\n")
    r = run(["--check", "now.yaml"], cwd=fifo_dir)
    check(r.returncode == 1 and "compare_with: earlier.yaml is not a file" in r.stderr,
          f"compare_with a FIFO: {r.returncode} {r.stderr!r}")

    # Signals: a batch stopped by SIGTERM or SIGINT leaves no temporary file.
    many = os.path.join(tmp, "many")
    os.makedirs(many)
    for i in range(60):
        shutil.copy(sample, os.path.join(many, f"s{i:02}.yaml"))
    for sig in (signal.SIGTERM, signal.SIGINT):
        dest = os.path.join(tmp, f"stopped-{int(sig)}")
        p = subprocess.Popen([jianbao, "-j", "2", "-o", dest, many], stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline and not (os.path.isdir(dest) and len(os.listdir(dest)) >= 3):
            time.sleep(0.005)
        p.send_signal(sig)
        code = p.wait(timeout=60)
        time.sleep(0.2)
        check(code == -sig, f"stopped by signal {int(sig)}: exit {code}")
        check(not dot_files(dest), f"temporary files left after signal {int(sig)}: {dot_files(dest)}")

    # A single-file run (alone, or -j 1) stops at once on a signal and leaves nothing.
    big = os.path.join(tmp, "big")
    os.makedirs(big)
    rows = "".join(f"            - [第{i}村, {100 + i % 50}, {400 + i % 300}, {1000 + i % 700}]\n" for i in range(40000))
    open(os.path.join(big, "big.yaml"), "w").write(
        "title: 村级台账\ndate: 2023-07-10\nsections:\n  - heading: 全县村级台账\n    content:\n"
        "      - table:\n          title: 各村基本情况\n          columns: [村, 户数, 人口, 耕地（亩）]\n"
        "          rows:\n" + rows)
    for extra in ([], ["-j", "1"]):
        p = subprocess.Popen([jianbao, *extra, "-o", os.path.join(big, "big.pdf"), os.path.join(big, "big.yaml")],
                             stderr=subprocess.DEVNULL)
        time.sleep(0.4)
        sent = time.time()
        p.send_signal(signal.SIGINT)
        code = p.wait(timeout=60)
        waited = time.time() - sent
        check(code == -signal.SIGINT and waited < 0.5, f"single run {extra}: exit {code} {waited:.2f} s after SIGINT")
        check(os.listdir(big) == ["big.yaml"], f"left after SIGINT: {os.listdir(big)}")

    # -j beyond the open-file limit: fewer workers, every file rendered, no hang.
    import resource
    limited = os.path.join(tmp, "limited")
    r = subprocess.run([jianbao, "-j", "500", "-o", limited, many], capture_output=True, text=True, timeout=120,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (24, 24)))
    check(r.returncode == 0 and len(os.listdir(limited)) == 60, f"-j 500 under 24 open files: {r.returncode} {r.stderr[-300:]!r}")

finish()
