#!/usr/bin/env python3
"""jianbao --new writes a starter that renders as it is and never replaces a
file; jianbao --watch renders again on every complete save (in place or by
rename), keeps the last good PDF when a save is broken or half written, and
a reader never sees a partial PDF. Usage: check_editing.py JIANBAO"""
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def text_of(pdf):
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True)
    return re.sub(r"\s+", "", r.stdout)


def check_new(jianbao, tmp):
    starter = os.path.join(tmp, "starter.yaml")
    r = subprocess.run([jianbao, "--new", starter], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stderr, f"--new failed: {r.returncode} {r.stderr}")
    body = open(starter, encoding="utf-8").read()
    for key in ["template", "lang", "masthead", "name", "year", "issue", "issuer",
                "classification", "title", "subtitle", "date", "source", "author", "figures",
                "lead", "sections", "heading", "content", "list", "table", "columns", "rows",
                "total", "note", "figure_table", "footer", "distribution", "report_to",
                "copy_to", "send_to", "printed_by", "printed_on", "copies"]:
        lines = [l for l in body.splitlines() if re.match(rf"\s*(- )?{key}:", l)]
        check(lines, f"the starter has no `{key}` key")
        check(all(re.search(r"#.*[\u4e00-\u9fff]", l) for l in lines[:1]),
              f"the starter's `{key}` has no Chinese comment")
    pdf = os.path.join(tmp, "starter.pdf")
    r = subprocess.run([jianbao, "-o", pdf, starter], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stderr, f"the starter does not render cleanly: {r.stderr}")
    check("某某工作取得新进展" in text_of(pdf), "the starter's title is not in its PDF")
    # Never over an existing file, and nothing left behind.
    before = open(starter, "rb").read()
    r = subprocess.run([jianbao, "--new", starter], capture_output=True, text=True)
    check(r.returncode == 3 and "already exists" in r.stderr,
          f"--new over an existing file: {r.returncode} {r.stderr}")
    check(open(starter, "rb").read() == before, "--new changed an existing file")
    check(sorted(os.listdir(tmp)) == ["starter.pdf", "starter.yaml"],
          f"--new left files behind: {os.listdir(tmp)}")
    r = subprocess.run([jianbao, "--new", os.path.join(tmp, "no/such/dir.yaml")],
                       capture_output=True, text=True)
    check(r.returncode == 3 and "cannot write" in r.stderr, f"--new into no directory: {r.stderr}")


BULLETIN = """title: {title}
date: 2022-08-01
sections:
  - heading: 工作情况
    content:
      - 本月完成各项工作，{tail}
"""


class Watch:
    def __init__(self, jianbao, source, pdf):
        self.proc = subprocess.Popen([jianbao, "--watch", "-o", pdf, source],
                                     stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.proc.stderr:
            self.lines.put(line)

    def next_result(self, seconds=30):
        """The messages up to the next render's closing line."""
        seen = []
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(line)
            if "watching" in line:
                return "".join(seen)
        return "".join(seen) + "(timed out)"

    def quiet(self, seconds):
        time.sleep(seconds)
        return self.lines.empty()


def whole_pdf_reader(pdf, stop, partial):
    """Reads the PDF over and over, as a viewer does: it is always whole."""
    while not stop.is_set():
        try:
            data = open(pdf, "rb").read()
        except FileNotFoundError:
            continue
        if not (data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]):
            partial.append(len(data))


def check_watch(jianbao, tmp):
    source, pdf = os.path.join(tmp, "live.yaml"), os.path.join(tmp, "live.pdf")
    with open(source, "w", encoding="utf-8") as f:
        f.write(BULLETIN.format(title="第一版标题", tail="甲。"))
    w = Watch(jianbao, source, pdf)
    stop, partial = threading.Event(), []
    reader = threading.Thread(target=whole_pdf_reader, args=(pdf, stop, partial))
    try:
        out = w.next_result()
        check("wrote" in out and "第一版标题" in text_of(pdf), f"first render: {out}")
        reader.start()

        with open(source, "w", encoding="utf-8") as f:  # saved in place
            f.write(BULLETIN.format(title="第二版标题", tail="乙。"))
        out = w.next_result()
        check("wrote" in out and "第二版标题" in text_of(pdf), f"save in place: {out}")

        other = os.path.join(tmp, ".live.yaml.swp")  # saved by rename, as vim and gedit do
        with open(other, "w", encoding="utf-8") as f:
            f.write(BULLETIN.format(title="第三版标题", tail="丙。"))
        os.rename(other, source)
        out = w.next_result()
        check("wrote" in out and "第三版标题" in text_of(pdf), f"save by rename: {out}")
        good = open(pdf, "rb").read()

        with open(source, "w", encoding="utf-8") as f:  # a broken save
            f.write(BULLETIN.format(title="第四版标题", tail="丁。") + "titel: 错\n")
        out = w.next_result()
        check("not rendered" in out and "did you mean `title`" in out,
              f"a broken save is not reported: {out}")
        check(open(pdf, "rb").read() == good, "a broken save replaced the PDF")

        # A save half written: nothing is read until the file is closed.
        whole = BULLETIN.format(title="第五版标题", tail="戊。")
        f = open(source, "w", encoding="utf-8")
        f.write(whole[:40])
        f.flush()
        check(w.quiet(1.0), "a half-written save was rendered")
        check(open(pdf, "rb").read() == good, "a half-written save replaced the PDF")
        f.write(whole[40:])
        f.close()
        out = w.next_result()
        check("wrote" in out and "第五版标题" in text_of(pdf), f"the finished save: {out}")
        check(w.proc.poll() is None, "--watch stopped")
    finally:
        stop.set()
        if reader.is_alive():
            reader.join()
        w.proc.send_signal(signal.SIGTERM)
        w.proc.wait(timeout=10)
    check(not partial, f"a reader saw a partial PDF ({len(partial)} times)")
    left = [n for n in os.listdir(tmp) if n not in ("live.yaml", "live.pdf")]
    check(not left, f"--watch left files behind: {left}")


def main():
    jianbao = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        check_new(jianbao, tmp)
    with tempfile.TemporaryDirectory() as tmp:
        check_watch(jianbao, tmp)
    r = subprocess.run([jianbao, "--watch", "a.yaml", "b.yaml"], capture_output=True, text=True)
    check(r.returncode == 2 and "--watch takes one" in r.stderr, f"--watch of two files: {r.stderr}")
    r = subprocess.run([jianbao, "--watch", "."], capture_output=True, text=True)
    check(r.returncode == 2 and "not a directory" in r.stderr, f"--watch of a directory: {r.stderr}")
    print("editing:", "FAILED" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
