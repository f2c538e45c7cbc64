"""The parts of layout call one another in one direction: each part calls
only functions defined by the parts before it in ORDER (layout_internal.h
lists them in the same order). Fails naming the call that goes back."""
import re
import sys
from pathlib import Path

ORDER = ["shape", "lines", "flow", "labels", "table", "chart_parts", "chart_pie", "chart", "blocks",
         "paginate", "layout"]
DEFINITION = re.compile(r"^(?!static\b)[a-z][\w \*]*?\b(\w+)\([^;]*$", re.M)
CALL = re.compile(r"\b(\w+)\(")


def main():
    src = Path(sys.argv[1])
    texts = {part: (src / f"{part}.c").read_text() for part in ORDER}
    defined_in = {}
    for part, text in texts.items():
        for name in DEFINITION.findall(text):
            defined_in[name] = part
    backward = []
    for part, text in texts.items():
        for name in sorted(set(CALL.findall(text))):
            callee = defined_in.get(name)
            if callee and ORDER.index(callee) > ORDER.index(part):
                backward.append(f"{part}.c calls {name} of {callee}.c, a later part")
    for line in backward:
        print(line)
    if not backward:
        print(f"{len(defined_in)} functions shared, every call toward an earlier part")
    return 1 if backward else 0


if __name__ == "__main__":
    sys.exit(main())
