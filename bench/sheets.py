#!/usr/bin/env python3
"""Benchmark of the spreadsheet readers: prints figures, asserts nothing.
Usage: bench/sheets.py JIANBAO MAXRSS
For sheets of 1,000, 10,000 and 100,000 rows (five columns: text, three
numbers in number formats, a date) in xlsx, ods and csv, the wall time of
`jianbao --check` on a bulletin whose one figure comes from the sheet's last
row, so the whole sheet is read; less the time of the same bulletin with a
one-row sheet; per 1,000 rows, which stays flat when reading grows linearly.
Then a 10,000-row table rendered from an xlsx."""
import os
import re
import subprocess
import sys
import tempfile
import zipfile

jianbao, maxrss = sys.argv[1], sys.argv[2]
TOWNS = ["潇浦镇", "上江圩镇", "夏层铺镇", "桃川镇", "粗石江镇", "松柏瑶族乡", "千家峒瑶族乡", "兰溪瑶族乡"]


def measure(args):
    r = subprocess.run([maxrss, jianbao, *args], capture_output=True, text=True)
    m = re.search(r"maxrss_kib=(\d+) wall_ms=([\d.]+) status=(\d+)", r.stderr)
    if not m or m.group(3) != "0":
        sys.exit(f"jianbao {' '.join(args)} failed:\n{r.stderr}")
    return float(m.group(2)), int(m.group(1)) / 1024


def row(i):
    return (f"{TOWNS[i % 8]}第{i}村", 100 + i % 50 + 0.25, 1000 + i % 700 + 0.5, (i % 100) / 100,
            44986 + i % 365)


def write_xlsx(path, rows):
    strings = [row(i)[0] for i in range(rows)]
    sheet = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for i in range(rows):
        _, a, b, share, day = row(i)
        r = i + 1
        sheet.append(f'<row r="{r}"><c r="A{r}" t="s"><v>{i}</v></c><c r="B{r}" s="1"><v>{a}</v></c>'
                     f'<c r="C{r}" s="1"><v>{b}</v></c><c r="D{r}" s="2"><v>{share}</v></c>'
                     f'<c r="E{r}" s="3"><v>{day}</v></c></row>')
    sheet.append("</sheetData></worksheet>")
    sst = ['<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    sst += [f"<si><t>{s}</t></si>" for s in strings] + ["</sst>"]
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", f'<Relationships><Relationship Id="r" Type="{rel}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns:r="{rel}"><sheets><sheet name="台账" sheetId="1" '
                   'r:id="r1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<Relationships><Relationship Id="r1" Type="{rel}/worksheet" Target="worksheets/s.xml"/>'
                   f'<Relationship Id="r2" Type="{rel}/sharedStrings" Target="sst.xml"/>'
                   f'<Relationship Id="r3" Type="{rel}/styles" Target="styles.xml"/></Relationships>')
        z.writestr("xl/styles.xml", '<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="4"/>'
                   '<xf numFmtId="10"/><xf numFmtId="14"/></cellXfs></styleSheet>')
        z.writestr("xl/sst.xml", "".join(sst))
        z.writestr("xl/worksheets/s.xml", "".join(sheet))


def write_ods(path, rows):
    body = ['<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
            '<table:table table:name="台账">']
    for i in range(rows):
        name, a, b, share, _ = row(i)
        body.append(f'<table:table-row><table:table-cell office:value-type="string"><text:p>{name}</text:p>'
                    f'</table:table-cell><table:table-cell office:value-type="float" office:value="{a}">'
                    f'<text:p>{a:,.2f}</text:p></table:table-cell><table:table-cell office:value-type="float" '
                    f'office:value="{b}"><text:p>{b:,.2f}</text:p></table:table-cell><table:table-cell '
                    f'office:value-type="percentage" office:value="{share}"><text:p>{share:.2%}</text:p>'
                    f'</table:table-cell><table:table-cell office:value-type="date" '
                    f'office:date-value="2023-03-01"><text:p>2023-03-01</text:p></table:table-cell>'
                    '</table:table-row>')
    body.append("</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "".join(body))


def write_csv(path, rows):
    with open(path, "w", encoding="gb18030", newline="") as f:
        for i in range(rows):
            name, a, b, share, _ = row(i)
            f.write(f'{name},"{a:,.2f}","{b:,.2f}",{share:.2%},2023-03-01\r\n')


def bulletin(path, sheet, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"title: 台账\ndate: 2023-03-31\nfigures:\n  last: {{label: 末行, value: "
                f"{{from: {os.path.basename(sheet)}, cell: C{rows}}}, unit: 亩}}\n"
                "lead: 末行{last}。\nsections: []\n")


with tempfile.TemporaryDirectory() as tmp:
    print("reading a whole sheet (jianbao --check, less a one-row sheet), median of 3 runs")
    for kind, write in [("xlsx", write_xlsx), ("ods", write_ods), ("csv", write_csv)]:
        times = {}
        for rows in [1, 1000, 10000, 100000]:
            sheet = os.path.join(tmp, f"s{rows}.{kind}")
            write(sheet, rows)
            source = os.path.join(tmp, f"b{rows}.yaml")
            bulletin(source, sheet, rows)
            runs = sorted(measure(["--check", source]) for _ in range(3))
            times[rows] = runs[1]
        base = times[1][0]
        line = "  ".join(f"{rows:>7,} rows {times[rows][0] - base:7.1f} ms "
                         f"({(times[rows][0] - base) / rows * 1000:5.2f} ms/1k rows, {times[rows][1]:5.1f} MiB)"
                         for rows in [1000, 10000, 100000])
        print(f"  {kind:4s} {line}")
    sheet = os.path.join(tmp, "t.xlsx")
    write_xlsx(sheet, 10000)
    source = os.path.join(tmp, "t.yaml")
    with open(source, "w", encoding="utf-8") as f:
        f.write("title: 台账\ndate: 2023-03-31\nsections:\n  - heading: 全县村级台账\n    content:\n"
                "      - table:\n          from: t.xlsx\n          header_rows: 0\n"
                "          columns: [村, 户数, 人口, 占比, 日期]\n          total: sum\n")
    out = os.path.join(tmp, "t.pdf")
    t, m = measure(["-o", out, source])
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", out], capture_output=True,
                                                            text=True).stdout).group(1))
    print(f"10,000-row table from an xlsx: {pages} pages, {t:.0f} ms, {m:.1f} MiB")
