#!/usr/bin/env python3
"""End-to-end check of tables and figures read from spreadsheets: renders
tests/sheets/formats.yaml (a table from each kind of fixture) and reads the
PDF back with pdftotext. Usage: check_sheets.py JIANBAO SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile

jianbao, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def squeeze(s):
    return re.sub(r"\s+", "", s)


with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "formats.pdf")
    # run from elsewhere: paths in `from:` are relative to the YAML file
    r = subprocess.run([jianbao, "--strict", "-o", pdf, os.path.join(root, "tests/sheets/formats.yaml")],
                       cwd=tmp, capture_output=True, text=True)
    if r.returncode != 0:
        print("FAIL: jianbao exited", r.returncode, r.stderr)
        sys.exit(1)
    text = squeeze(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"],
                                  capture_output=True, text=True, check=True).stdout)
    text = re.sub(r"—\d+—", "", text)

def count(s):
    return text.count(squeeze(s))


# figures from single cells, in their cells' number formats
check(count("甲7,293.0万元乙8个丙1,234,567.89元丁") == 1, "figure values from cells")
check(count("戊同比下降81.0%己") == 1, "a previous value from a cell")
# the same sheet written by openpyxl and by LibreOffice (xlsx and ods): every
# row as shown, hidden row and column left out, the sheet's total checked
for town in ["潇浦镇 1,250.50 1,080.25 86.4% 2023年3月1日", "桃川镇 1,105.20 884.16 80.0% 2023年3月8日",
             "兰溪瑶族乡 512.60 461.34 90.0% 2023年3月20日"]:
    check(count(town) == 3, f"row {town!r} in each of the three workbooks")
check(count("合计 6,124.35 5,294.00 86.4%") == 2, "the sheets' own totals (openpyxl, LibreOffice xlsx)")
check(count("合计 6,124.35 5,294.00") == 3, "total: sum adds the numbers, in the column's format")
check(count("旧桃川乡") == 0 and count("重复录入") == 0, "a hidden row is left out")
check(count("内部备注") == 0 and count("核对") == 0, "a hidden column is left out")
check(count("乡镇衔接资金（万元）拨付率拨付日期计划已拨付") >= 3,
      "merged headers print once, spanning rows and columns")
# number formats: General, thousands, scaled, currency, year-month
for shown in ["大额 1,234,567.89", "小数 0.3", "负数 -3.5", "整数 42", "千元 1,235", "币 ¥1,234.50",
              "年月 2023年3月"]:
    check(count(shown) == 1, f"number format: {shown!r}")
# CSV in GBK, UTF-8 and UTF-8 with a BOM, and through a symbolic link
check(count("表5GBK乡镇脱贫户人均纯收入（元）潇浦镇1,21012,580.50") == 1, "GBK CSV")
check(count("合计 3,006 36,605.75") == 1, "total: sum over a CSV, thousands kept")
check(count("表6UTF-8乡镇脱贫户人均纯收入（元）潇浦镇1,21012,580.50") == 1, "UTF-8 CSV")
check(count("表7BOM乡镇脱贫户人均纯收入（元）潇浦镇") == 1, "UTF-8 CSV with a BOM")
check(count("表8链接乡镇脱贫户人均纯收入（元）潇浦镇1,21012,580.50") == 1, "a CSV through a symlink")
# hand-written xlsx: inline strings (phonetic runs left out), booleans, cached results
check(count("项目 已完成 数量 道路硬化 TRUE 12.5 安全饮水 FALSE 25") == 1, "inline strings, booleans")
check(count("phonetic") == 0, "phonetic runs are not shown")
# dates in the 1904 system; formulas computed by LibreOffice
check(count("开工 2023年3月1日 验收 2023年12月28日") == 1, "1904 dates")
check(count("合计 2060 6190") == 1, "formulas' stored results (LibreOffice)")

check(count("说明 值 {funds}与**重点** 1") == 1, "a cell's braces and asterisks are literal text")

# merged cells in the body: the township once, above the empty cell it covers; 小计 across two columns
check(count("乡镇 村 户数 潇浦镇 甲村 10 乙村 20 小计 30") == 1, "merged body cells print once")

for f in failures:
    print("FAIL:", f)
if failures:
    print(text)
sys.exit(1 if failures else 0)
