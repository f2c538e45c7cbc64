#!/usr/bin/env python3
"""Reference images: the first page of each template (and under --print and
--marks), the pages of a duplex bulletin with a blank page, and every page of the
typesetting corpus (tests/typesetting/) with every template, rendered with
pdftoppm and compared with the approved PNG in tests/reference/ within a
small tolerance, so that any change of layout is seen and approved on purpose.
Usage: check_images.py JIANBAO ROOT [--bless]  (--bless writes new references)"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
bless = "--bless" in sys.argv
reference_dir = os.path.join(root, "tests", "reference")
cases = [  # (template, input, page)
    ("bulletin", "input/shuangpai-2022-08.yaml", 1),
    ("bulletin", "input/shuangpai-2023-06-special.yaml", 4),
    ("bulletin", "input/taidong-2023-05.yaml", 1),
    ("gbt9704", "input/shuangpai-2022-08.yaml", 1),
    ("article", "input/shuangpai-2022-08.yaml", 1),
    ("bulletin", "tests/tables/tall-row.yaml", None),
    ("bulletin", "input/shuangpai-2022-08.yaml", 1, "--print"),
    ("gbt9704", "input/shuangpai-2022-08.yaml", 1, "--marks"),  # the page with its marks
    ("gbt9704", "tests/print/duplex-blank.yaml", None),  # the blank page 3, the 版记 on 4
    ("bulletin", "input/jiangyong-2023-03.yaml", 2),
    ("bulletin", "input/jiangyong-2023-03.yaml", 4),
    ("bulletin", "input/jiangyong-funds-2023-03.yaml", 4),
] + [(template, "tests/charts/" + f, None)
     for f in sorted(os.listdir(os.path.join(root, "tests", "charts"))) if f.endswith(".yaml")
     for template in ("bulletin", "gbt9704", "article")] + [(template, "tests/typesetting/" + f, None)  # None: every page
     for f in sorted(os.listdir(os.path.join(root, "tests", "typesetting"))) if f.endswith(".yaml")
     for template in ("bulletin", "gbt9704", "article")]


def page_count(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))


def render_gray(pdf, page, dpi=50):
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", pdf],
                         capture_output=True, check=True).stdout
    # a binary PGM: P5 width height 255, then the pixels
    fields, at = [], 0
    while len(fields) < 4:
        while out[at:at + 1].isspace():
            at += 1
        end = at
        while not out[end:end + 1].isspace():
            end += 1
        fields.append(out[at:end])
        at = end
    width, height = int(fields[1]), int(fields[2])
    return width, height, out[at + 1:at + 1 + width * height]


def write_png(path, width, height, pixels):
    raw = b"".join(b"\0" + pixels[y * width:(y + 1) * width] for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def read_png(path):
    data = open(path, "rb").read()
    at, idat, width, height = 8, b"", 0, 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    return width, height, b"".join(raw[y * (width + 1) + 1:(y + 1) * (width + 1)] for y in range(height))


def compare_page(pdf, page, name, tmp):
    """None when the page matches its reference, else what is wrong."""
    width, height, pixels = render_gray(pdf, page)
    path = os.path.join(reference_dir, name + ".png")
    if bless:
        write_png(path, width, height, pixels)
    if not os.path.exists(path):
        return f"no reference image {path}; look at the page and run with --bless"
    w, h, want = read_png(path)
    if (w, h) != (width, height):
        return f"size {width}x{height}, reference {w}x{h}"
    diff = [abs(a - b) for a, b in zip(pixels, want)]
    mean = sum(diff) / len(diff)
    strong = sum(1 for d in diff if d > 64) / len(diff)
    if mean < 1.0 and strong < 0.002:
        return None
    write_png(os.path.join(tmp, name + ".png"), width, height, pixels)
    return (f"differs from its reference (mean {mean:.2f}, {strong:.2%} of pixels strongly); "
            "if the change is wanted, look at it and run with --bless")


passed = failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for template, source, only_page, *options in cases:
        base = f"{template}-{os.path.basename(source)[:-5]}" + "".join(o[1:] for o in options)
        pdf = os.path.join(tmp, base + ".pdf")
        r = subprocess.run([jianbao, "--template", template, *options, "-o", pdf,
                            os.path.join(root, source)], capture_output=True, text=True)
        if r.returncode != 0:
            failed += 1
            print(f"FAIL {base}: jianbao exited {r.returncode}: {r.stderr}")
            continue
        for page in [only_page] if only_page else range(1, page_count(pdf) + 1):
            name = f"{base}-p{page}"
            result = compare_page(pdf, page, name, tmp)
            passed += result is None
            if result:
                failed += 1
                print(f"FAIL {name}: {result}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
