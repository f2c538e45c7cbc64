#!/usr/bin/env python3
"""The OFD drawn by an independent reader, ofd.js (0.2.6, in headless
Chromium, tests/ofd-render/), compared page by page with the PDF drawn by
poppler (pdftoppm) at the same size. Usage: check_ofd_render.py JIANBAO
SOURCE_ROOT

ofd.js draws text with the installed faces of the FamilyName the package
names (the same Noto CJK and LXGW WenKai files the PDF embeds subsets of),
so the two images differ only where the two rasterizers anti-alias and
hint differently, by a pixel at the edges of strokes. So a pixel of one
image differs when, in some colour channel, it lies more than 96 levels (of
255) outside the range of the other image's pixels around the same place
(3 x 3, a pixel is 0.17 mm at 150 dpi), either way round; a missing, moved,
wrongly coloured or wrong-weight glyph makes whole strokes differ. A page
passes when fewer than THRESHOLD of its pixels differ and both images hold
the same amount of ink within INK (20 %)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops, ImageFilter

# Measured on every page here: body pages differ by at most 0.13 %, first
# pages (masthead and title, large type where the two rasterizers' bold
# and anti-aliasing differ most) by up to 0.50 %, with up to 15 % more ink.
THRESHOLD = 0.006  # of a page's pixels
INK = 0.20
DPI = 150
failures = []


def ink(image):
    """Darkness summed over the page, in pixels of full black."""
    histogram = image.histogram()
    return sum((255 - level) * count for level, count in enumerate(histogram)) / 255


def outside(a, b):
    """How far each pixel of a lies outside b's 3 x 3 neighbourhood, per
    channel, the largest channel kept."""
    far = None
    for ca, cb in zip(a.split(), b.split()):
        low, high = cb.filter(ImageFilter.MinFilter(3)), cb.filter(ImageFilter.MaxFilter(3))
        d = ImageChops.lighter(ImageChops.subtract(low, ca), ImageChops.subtract(ca, high))
        far = d if far is None else ImageChops.lighter(far, d)
    return far


def compare(name, ofd_png, pdf, page, tmp):
    ofd = Image.open(ofd_png).convert("RGB")
    base = os.path.join(tmp, "pdf")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-scale-to-x", str(ofd.width),
                    "-scale-to-y", str(ofd.height), "-f", str(page), "-l", str(page),
                    "-singlefile", pdf, base], check=True)
    reference = Image.open(base + ".ppm").convert("RGB")
    far = ImageChops.lighter(outside(ofd, reference), outside(reference, ofd))
    share = far.point(lambda v: 255 if v > 96 else 0).histogram()[255] / (ofd.width * ofd.height)
    ink_ofd, ink_pdf = ink(ofd.convert("L")), ink(reference.convert("L"))
    ink_ratio = ink_ofd / ink_pdf if ink_pdf else 1.0
    ok = share < THRESHOLD and abs(ink_ratio - 1) < INK
    print(f"{'ok' if ok else 'FAIL'}: {name} page {page}: {share:.4%} of pixels differ, "
          f"ink {ink_ratio:.3f} of the PDF's")
    if not ok:
        failures.append(f"{name} page {page}")
    return share


def main():
    jianbao, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    render = os.path.join(root, "tests/ofd-render")
    node = shutil.which("node")
    if not (node and os.path.isdir(os.path.join(render, "node_modules/ofd.js")) and
            os.access("/usr/bin/chromium", os.X_OK)):
        print("SKIP: needs node, /usr/bin/chromium and `npm ci` in tests/ofd-render "
              "(scripts/setup installs them)")
        return 77
    inputs = sorted(os.path.join(root, "input", n) for n in os.listdir(os.path.join(root, "input"))
                    if n.endswith(".yaml"))
    cases = [(i, None) for i in inputs]
    cases += [(os.path.join(root, "input/shuangpai-2022-08.yaml"), t) for t in ("gbt9704", "article")]
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for source, template in cases:
            name = os.path.basename(source) + (f" ({template})" if template else "")
            extra = ["--template", template] if template else []
            pdf, ofd = os.path.join(tmp, "out.pdf"), os.path.join(tmp, "out.ofd")
            for out in (pdf, ofd):
                subprocess.run([jianbao, *extra, "-o", out, source], check=True,
                               capture_output=True)
            pages = os.path.join(tmp, "pages")
            shutil.rmtree(pages, ignore_errors=True)
            lang = re.search(rb"/Lang \((.*?)\)", open(pdf, "rb").read()).group(1).decode()
            r = subprocess.run([node, os.path.join(render, "render.js"), ofd, pages, str(DPI),
                                lang],
                               capture_output=True, text=True, timeout=120)
            if r.returncode != 0 or r.stderr:
                print(f"FAIL: {name}: ofd.js: {r.stderr.strip()}")
                failures.append(name)
                continue
            count = int(subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
                        .stdout.split("Pages:")[1].split()[0])
            drawn = sorted(os.listdir(pages))
            if len(drawn) != count:
                print(f"FAIL: {name}: ofd.js drew {len(drawn)} pages, the PDF has {count}")
                failures.append(name)
            for page in range(1, min(count, len(drawn)) + 1):
                worst = max(worst, compare(name, os.path.join(pages, f"page-{page}.png"), pdf,
                                           page, tmp))
    print(f"largest share of differing pixels on a page: {worst:.4%} (threshold {THRESHOLD:.1%})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
