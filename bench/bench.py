#!/usr/bin/env python3
"""Benchmark: median wall time and peak memory of rendering the sample, and
the size of every input's PDF. A benchmark, not a test: it prints figures.
Usage: bench/bench.py [JIANBAO] [RUNS]"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
jianbao = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build-release", "jianbao")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
sample = os.path.join(root, "input", "shuangpai-2022-08.yaml")


def render(source, pdf):
    start = time.perf_counter()
    proc = subprocess.Popen([jianbao, "-o", pdf, source], stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{source}: jianbao failed ({status})")
    return elapsed, usage.ru_maxrss / 1024.0  # KiB -> MiB


with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "sample.pdf")
    render(sample, pdf)  # warm the page cache
    times, peaks = [], []
    for _ in range(runs):
        t, m = render(sample, pdf)
        times.append(t)
        peaks.append(m)
    pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = next(l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:"))
    print(f"sample: {os.path.basename(sample)}, {runs} runs")
    print(f"  median wall time  {statistics.median(times) * 1000:8.1f} ms"
          f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    print(f"  peak memory       {max(peaks):8.1f} MiB")
    print(f"  PDF size          {os.path.getsize(pdf) / 1000:8.1f} KB ({pages} pages)")
    print("PDF size of every input:")
    for name in sorted(os.listdir(os.path.join(root, "input"))):
        if name.endswith(".yaml"):
            out = os.path.join(tmp, name + ".pdf")
            t, m = render(os.path.join(root, "input", name), out)
            print(f"  {name:40s} {os.path.getsize(out) / 1000:8.1f} KB  {t * 1000:7.1f} ms  {m:6.1f} MiB")
