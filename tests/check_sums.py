#!/usr/bin/env python3
"""Totals against Python's exact decimals: tables of random cells of every
kind (plain, grouped and quoted, decimal, negative, 25 digits, reference,
no-figure marks, empty, and cells that are not numbers). Every table whose
cells are all numbers or marks must print exactly the sum Python computes;
every other table must fail, naming each bad cell. Usage: check_sums.py DUMP_TEXT"""
import os
import random
import subprocess
import sys
import tempfile
from decimal import Decimal, getcontext

from checks import check, finish

dump = sys.argv[1]
rng = random.Random(1234)
getcontext().prec = 100


def digits(n):
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def good_cell():
    """(YAML text, value, grouped) of a cell that adds up, or (text, None, False) for a mark."""
    kind = rng.choice(["int", "decimal", "negative", "grouped", "big", "ref", "mark", "zero"])
    if kind == "int":
        t = digits(rng.randint(1, 6))
        return t, Decimal(t), False
    if kind == "decimal":
        t = f"{digits(rng.randint(1, 4))}.{rng.randint(0, 10**4):0{rng.randint(4, 5)}d}"
        return t, Decimal(t), False
    if kind == "negative":
        t = "-" + digits(rng.randint(1, 3)) + "." + str(rng.randint(0, 9))
        return t, Decimal(t), False
    if kind == "grouped":
        v = Decimal(digits(rng.randint(4, 9)))
        return f'"{v:,}"', v, True
    if kind == "big":
        t = digits(25)
        return t, Decimal(t), False
    if kind == "ref":
        return '"{fig.value}"', Decimal("1234.5"), True  # written "1,234.5"
    if kind == "zero":
        return "0", Decimal(0), False
    return rng.choice(["—", '"-"', "/", '""']), None, False


BAD = ["暂无", "0.42万", "60元", "12%", "1e5", "１２", '"1,23"', "00012", "-0", ".5", '"{fig.label}"']


def table(cells):
    rows = "".join(f"            - [r{i}, {c}]\n" for i, c in enumerate(cells))
    return ("title: t\ndate: 2023-03-31\nfigures:\n  fig: {label: 甲, value: \"1,234.5\", unit: 元}\n"
            "sections:\n  - heading: h\n    content:\n      - table:\n"
            "          columns: [项目, 数量]\n          rows:\n" + rows +
            "          total: [合计, sum]\n")


def expected_total(values, grouped):
    numbers = [v for v in values if v is not None]
    scale = max(-v.as_tuple().exponent for v in numbers)
    total = sum(numbers, Decimal(0)).quantize(Decimal(1).scaleb(-scale))
    if total == 0:
        total = abs(total)
    return format(total, ",f" if grouped else "f")


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "t.yaml")
    for case in range(300):
        cells = [good_cell() for _ in range(rng.randint(1, 12))]
        bad_rows = []
        if case % 3 == 0:
            for _ in range(rng.randint(1, 2)):
                at = rng.randrange(len(cells) + 1)
                cells.insert(at, (rng.choice(BAD), None, False))
                bad_rows = [i for i, c in enumerate(cells) if c[0] in BAD]
        with open(path, "w", encoding="utf-8") as f:
            f.write(table([c[0] for c in cells]))
        r = subprocess.run([dump, path], capture_output=True, text=True)
        if bad_rows:
            check(r.returncode == 1, f"case {case}: a table with {bad_rows} rendered")
            for i in bad_rows:
                check(f"rows[{i}][1]: column 2 is added up in the total, but" in r.stderr,
                      f"case {case}: row {i} ({cells[i][0]}) not named: {r.stderr}")
            continue
        if all(c[1] is None for c in cells):
            check(r.returncode == 1 and "holds no numbers" in r.stderr, f"case {case}: {r.stderr}")
            continue
        check(r.returncode == 0, f"case {case}: {r.stderr}")
        got = r.stdout.strip().splitlines()[-1][2:]
        want = expected_total([c[1] for c in cells], any(c[2] for c in cells))
        check(got == want, f"case {case}: printed {got}, exact sum {want}: {[c[0] for c in cells]}")
finish()
