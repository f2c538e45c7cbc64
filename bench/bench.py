#!/usr/bin/env python3
"""Benchmark: prints figures, asserts nothing. Usage: bench/bench.py JIANBAO MAXRSS [RUNS [TYPST]]
- the sample: median wall time and peak memory over RUNS runs, PDF size;
- with TYPST (a Typst 0.10 binary): the sample as a Typst document on the
  same faces (bench/typst_sample.py), timed the same way, and the ratio;
- the PDF size of every file in input/;
- 1,000 bulletins (the inputs, repeated) with -j 2;
- 100 charts (bar, barh, line and pie in turn, 12 categories, 3 series but the pies);
- a 10,000-row table and a 100-page report, with time per page."""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
jianbao, maxrss = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 11
typst = sys.argv[4] if len(sys.argv) > 4 else None
inputs = sorted(os.path.join(root, "input", f) for f in os.listdir(os.path.join(root, "input"))
                if f.endswith(".yaml"))
sample = os.path.join(root, "input", "shuangpai-2022-08.yaml")


def measure(args, program=None):
    """(wall ms, peak MiB) of one run of jianbao (or program), measured by a small C parent."""
    program = program or jianbao
    r = subprocess.run([maxrss, program, *args], capture_output=True, text=True)
    m = re.search(r"maxrss_kib=(\d+) wall_ms=([\d.]+) status=(\d+)", r.stderr)
    if not m or m.group(3) != "0":
        sys.exit(f"{program} {' '.join(args)} failed:\n{r.stderr}")
    return float(m.group(2)), int(m.group(1)) / 1024


def beside_typst(tmp, jianbao_times):
    """The sample typeset by Typst 0.10 on the bundled faces, and how jianbao compares."""
    source = os.path.join(tmp, "sample.typ")
    with open(source, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(root, "bench", "typst_sample.py"), sample],
                       stdout=f, check=True)
    version = subprocess.run([typst, "--version"], capture_output=True, text=True).stdout.strip()
    args = ["compile", "--font-path", os.path.join(root, "fonts"), source]
    measure(args + [os.path.join(tmp, "typst.pdf")], typst)
    got = [measure(args + [os.path.join(tmp, f"typst-{i}.pdf")], typst) for i in range(runs)]
    times = [t for t, _ in got]
    print(f"the sample in {version}, same faces ({runs} runs, {pages(os.path.join(tmp, 'typst.pdf'))} pages)")
    print(f"  median wall time  {statistics.median(times):8.1f} ms  (min {min(times):.1f}, max {max(times):.1f})")
    print(f"  peak memory       {max(m for _, m in got):8.1f} MiB")
    ratio = statistics.median(jianbao_times) / statistics.median(times)
    print(f"  jianbao / Typst   {ratio:8.3f}  (1/{1 / ratio:.0f} of Typst's time)")


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def long_table(rows):
    lines = ["title: 村级台账", "date: 2023-07-10", "sections:", "  - heading: 全县村级台账",
             "    content:", "      - table:", "          title: 各村基本情况",
             "          columns: [村, 户数, 人口, 耕地（亩）]", "          rows:"]
    lines += [f"            - [第{i}村, {100 + i % 50}, {400 + i % 300}, {1000 + i % 700}]" for i in range(rows)]
    lines.append("          total: [合计, sum, sum, sum]")
    return "\n".join(lines) + "\n"


def dense_table(rows):
    """The worst case within the default bounds: short cells filling ~5,000 pages."""
    lines = ["title: 测试简报", "date: 2022-08-01", "sections:", "  - heading: 工作情况",
             "    content:", "      - table:", "          columns: [" + ", ".join(["甲"] * 9) + "]",
             "          rows:"]
    lines += ["            - [" + ", ".join(["1"] * 9) + "]" for _ in range(rows)]
    return "\n".join(lines) + "\n"


def text_at_bound(paragraphs):
    """Paragraphs of 1,000 characters up to the text bound (1,000,000)."""
    para = "本月完成各项工作，全县经济运行总体平稳。" * 50
    return ("title: 测试简报\ndate: 2022-08-01\nsections:\n  - heading: 工作情况\n    content:\n"
            + "".join(f"      - {para}\n" for _ in range(paragraphs)))


def many_charts(count):
    """A bulletin of `count` charts, the four kinds in turn, 12 categories each."""
    towns = ", ".join(f"第{i}乡镇" for i in range(12))
    values = lambda k: ", ".join(str(100 + (i * 37 + k * 11) % 400) for i in range(12))
    lines = ["title: 图表汇编", "date: 2023-07-10", "sections:", "  - heading: 各乡镇指标",
             "    content:"]
    for n in range(count):
        kind = ["bar", "barh", "line", "pie"][n % 4]
        series = 1 if kind == "pie" else 3
        lines += ["      - chart:", f"          type: {kind}", f"          title: 指标{n}",
                  "          unit: 万元", f"          categories: [{towns}]", "          series:"]
        lines += [f"            - {{name: 系列{k}, values: [{values(n + k)}]}}" for k in range(series)]
    return "\n".join(lines) + "\n"


def long_report(sections):
    text = open(sample, encoding="utf-8").read()
    body = text[text.index("sections:\n") + len("sections:\n"):text.index("footer:")]
    head = text[:text.index("sections:\n") + len("sections:\n")]
    return head + body * sections + text[text.index("footer:"):]


with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "sample.pdf")
    measure(["-o", pdf, sample])  # warm the page cache
    # Each run writes a new file: replacing one costs, on ext4, a flush of the
    # old file's data that has nothing to do with jianbao.
    samples = [measure(["-o", os.path.join(tmp, f"sample-{i}.pdf"), sample]) for i in range(runs)]
    times = [t for t, _ in samples]
    print(f"sample ({os.path.basename(sample)}, {runs} runs, {pages(pdf)} pages)")
    print(f"  median wall time  {statistics.median(times):8.1f} ms  (min {min(times):.1f}, max {max(times):.1f})")
    print(f"  peak memory       {max(m for _, m in samples):8.1f} MiB")
    print(f"  PDF size          {os.path.getsize(pdf) / 1000:8.1f} KB")
    if typst:
        beside_typst(tmp, times)
    else:
        print("Typst: not measured (no Typst 0.10 binary: bench/run installs one with npm)")
    ofd = [measure(["-o", os.path.join(tmp, f"sample-{i}.ofd"), sample]) for i in range(runs)]
    times = [t for t, _ in ofd]
    print(f"sample as OFD ({runs} runs)")
    print(f"  median wall time  {statistics.median(times):8.1f} ms  (min {min(times):.1f}, max {max(times):.1f})")
    print(f"  peak memory       {max(m for _, m in ofd):8.1f} MiB")
    print(f"  OFD size          {os.path.getsize(os.path.join(tmp, 'sample-0.ofd')) / 1000:8.1f} KB")

    print("every input")
    for source in inputs:
        out = os.path.join(tmp, os.path.basename(source) + ".pdf")
        t, m = measure(["-o", out, source])
        print(f"  {os.path.basename(source):36s} {os.path.getsize(out) / 1000:7.1f} KB {pages(out):4d} pages"
              f" {t:7.1f} ms {m:6.1f} MiB")

    batch = os.path.join(tmp, "batch")
    os.makedirs(batch)
    data = os.path.join(os.path.dirname(inputs[0]), "数据")
    if os.path.isdir(data):  # the spreadsheets the inputs' tables read
        shutil.copytree(data, os.path.join(batch, "数据"))
    for i in range(1000):
        source = inputs[i % len(inputs)]
        # compare_with names a file beside the original: point the copy at it
        text = re.sub(r"^compare_with:\s*(\S+)",
                      lambda m: "compare_with: " + os.path.join(os.path.dirname(source), m.group(1)),
                      open(source, encoding="utf-8").read(), flags=re.M)
        open(os.path.join(batch, f"b{i:04}.yaml"), "w", encoding="utf-8").write(text)
    out = os.path.join(tmp, "batch-out")
    start = time.perf_counter()
    r = subprocess.run([jianbao, "-j", "2", "-o", out, batch], capture_output=True, text=True)
    wall = time.perf_counter() - start
    done = len(os.listdir(out)) if os.path.isdir(out) else 0
    print(f"1000 bulletins, -j 2: {wall:.1f} s ({done} PDFs, {wall / 1000 * 1000:.1f} ms each)")

    for name, text in [("10,000-row table", long_table(10000)), ("100-page report", long_report(17)),
                       ("worst case: a 99,000-row 9-column table", dense_table(99000)),
                       ("990,000 characters of paragraphs", text_at_bound(990)),
                       ("100 charts", many_charts(100))]:
        source = os.path.join(tmp, "long.yaml")
        open(source, "w", encoding="utf-8").write(text)
        out = os.path.join(tmp, "long.pdf")
        t, m = measure(["-o", out, source])
        n = pages(out)
        print(f"{name}: {n} pages, {t:.0f} ms ({t / n:.1f} ms a page), {m:.1f} MiB, "
              f"{os.path.getsize(out) / 1000:.0f} KB")
