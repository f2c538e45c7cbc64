"""A renderer reads boxes.h and the faces it names, nothing of the stages
before it: follow the #include "..." closure of each renderer's sources (X.c
and its parts X_*.c, which share X_internal.h) and fail on any header outside
the renderers' contract."""
import re
import sys
from pathlib import Path

# what every renderer may use: the pages, the faces, subsetting, UTF-8, and
# the marker of messages for translation (it holds no stage's data)
SHARED = {"boxes.h", "fonts.h", "subset.h", "utf8.h", "i18n.h"}


def closure(src_dir, name, seen):
    for included in re.findall(r'^#include "([^"]+)"', (src_dir / name).read_text(), re.M):
        if included not in seen:
            seen.add(included)
            closure(src_dir, included, seen)
    return seen


def main():
    src_dir = Path(sys.argv[1])
    failures = 0
    for renderer in sys.argv[2:]:
        stem = renderer[:-2]
        allowed = SHARED | {stem + ".h", stem + "_internal.h"}
        for part in [renderer] + sorted(p.name for p in src_dir.glob(stem + "_*.c")):
            outside = sorted(closure(src_dir, part, set()) - allowed)
            if outside:
                print(f"{part} includes {', '.join(outside)}: a renderer reads only "
                      f"{', '.join(sorted(allowed))}")
                failures += 1
            else:
                print(f"{part}: only {', '.join(sorted(allowed))}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
