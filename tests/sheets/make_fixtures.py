#!/usr/bin/python3
"""Writes the spreadsheet fixtures of tests/sheets/ (committed, so that CI
needs neither openpyxl nor LibreOffice). Run from the repository's root:
    /usr/bin/python3 tests/sheets/make_fixtures.py   (Debian's python3-openpyxl)
Three writers: openpyxl (funds.xlsx, dates1904.xlsx, formulas.xlsx),
LibreOffice's headless converter (funds-lo.xlsx and funds.ods, converted from
funds.xlsx; formulas-lo.ods with the results LibreOffice computed), and
hand-written XML (inline.xlsx: inline strings, booleans, cached string results,
a formula without a result; broken.ods). CSV in UTF-8, UTF-8 with a BOM and GBK."""
import datetime
import os
import shutil
import subprocess
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))

TOWNS = [  # 乡镇, 计划, 已拨付, 拨付日期
    ("潇浦镇", 1250.5, 1080.25, datetime.date(2023, 3, 1)),
    ("上江圩镇", 860, 731, datetime.date(2023, 3, 3)),
    ("夏层铺镇", 920.75, 920.75, datetime.date(2023, 3, 6)),
    ("桃川镇", 1105.2, 884.16, datetime.date(2023, 3, 8)),
    ("粗石江镇", 640, 512.5, datetime.date(2023, 3, 10)),
    ("松柏瑶族乡", 455.3, 400, datetime.date(2023, 3, 13)),
    ("千家峒瑶族乡", 380, 304, datetime.date(2023, 3, 15)),
    ("兰溪瑶族乡", 512.6, 461.34, datetime.date(2023, 3, 20)),
]


def funds():
    wb = Workbook()
    ws = wb.active
    ws.title = "资金"
    ws["A1"] = "江永县2023年3月各乡镇衔接资金拨付情况"
    ws.merge_cells("A1:F1")
    ws["A2"], ws["B2"], ws["D2"], ws["E2"], ws["F2"] = (
        "乡镇", "衔接资金（万元）", "拨付率", "拨付日期", "内部备注")
    ws["B3"], ws["C3"] = "计划", "已拨付"
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:D3")
    ws.merge_cells("E2:E3")
    ws.merge_cells("F2:F3")
    row = 4
    for i, (town, plan, paid, day) in enumerate(TOWNS):
        if i == 3:  # a hidden row: a withdrawn entry, not in the total
            ws.append(["（作废）旧桃川乡", 999, 999, 1, day, "重复录入"])
            ws.row_dimensions[row].hidden = True
            row += 1
        ws.append([town, plan, paid, paid / plan, day, "核对"])
        row += 1
    plan_total = sum(t[1] for t in TOWNS)
    paid_total = sum(t[2] for t in TOWNS)
    ws.append(["合计", plan_total, paid_total, paid_total / plan_total, None, ""])
    for r in range(4, row + 1):
        ws.cell(r, 2).number_format = "#,##0.00"
        ws.cell(r, 3).number_format = "#,##0.00"
        ws.cell(r, 4).number_format = "0.0%"
        ws.cell(r, 5).number_format = "yyyy/m/d"
    ws.column_dimensions["F"].hidden = True

    s = wb.create_sheet("汇总")
    s["A5"], s["B5"], s["C5"] = "衔接资金", "已拨付", 7293.0
    s["C5"].number_format = "#,##0.0"
    s["A6"], s["C6"] = "覆盖乡镇", 8
    s["A7"], s["C7"] = "拨付率", 0.8584
    s["C7"].number_format = "0.00%"
    s["A8"], s["C8"] = "说明", "按月汇总"
    s["A9"], s["C9"] = "大额", 1234567.891
    s["C9"].number_format = "#,##0.00"
    s["A10"], s["C10"] = "小数", 0.1 + 0.2
    s["A11"], s["C11"] = "负数", -3.5
    s["A12"], s["C12"] = "整数", 42
    s["C12"].number_format = "0"
    s["A13"], s["C13"] = "千元", 1234567
    s["C13"].number_format = "#,##0,"
    s["A14"], s["C14"] = "币", 1234.5
    s["C14"].number_format = '"¥"#,##0.00;"¥"-#,##0.00'
    s["A15"], s["C15"] = "年月", datetime.date(2023, 3, 1)
    s["C15"].number_format = 'yyyy"年"m"月"'
    hidden = wb.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "不显示"
    wb.save(os.path.join(HERE, "funds.xlsx"))


def formulas():
    """openpyxl stores formulas without results: LibreOffice computes them."""
    wb = Workbook()
    ws = wb.active
    ws.title = "公式"
    ws.append(["乡镇", "户数", "人数"])
    ws.append(["潇浦镇", 1200, 3650])
    ws.append(["上江圩镇", 860, 2540])
    ws.append(["合计", "=SUM(B2:B3)", "=SUM(C2:C3)"])
    wb.save(os.path.join(HERE, "formulas.xlsx"))


def dates1904():
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "日期"
    ws.append(["事项", "日期"])
    ws.append(["开工", datetime.date(2023, 3, 1)])
    ws.append(["验收", datetime.date(2023, 12, 28)])
    for r in (2, 3):
        ws.cell(r, 2).number_format = "yyyy-mm-dd"
    wb.save(os.path.join(HERE, "dates1904.xlsx"))


INLINE_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c><c r="B1" t="inlineStr"><is><r><t>已</t></r><r><t>完成</t></r><rPh><t>phonetic</t></rPh></is></c><c r="C1" t="inlineStr"><is><t>数量</t></is></c><c r="D1" t="inlineStr"><is><t>日期</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>道路硬化</t></is></c><c r="B2" t="b"><v>1</v></c><c r="C2"><v>12.5</v></c><c r="D2" t="d"><v>2023-03-01T00:00:00</v></c></row>
<row r="3"><c r="A3" t="str"><f>"安全"&amp;"饮水"</f><v>安全饮水</v></c><c r="B3" t="b"><v>0</v></c><c r="C3"><f>C2*2</f><v>25</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>待算</t></is></c><c r="B4" t="e"><v>#DIV/0!</v></c><c r="C4"><f>C2+C3</f></c></row>
</sheetData>
</worksheet>"""

PARTS = {
    "[Content_Types].xml": """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""",
    "_rels/.rels": """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
    "xl/workbook.xml": """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="进度" sheetId="1" r:id="rId1"/></sheets></workbook>""",
    "xl/_rels/workbook.xml.rels": """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""",
    "xl/worksheets/sheet1.xml": INLINE_SHEET,
}


def write_zip(name, parts):
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in parts.items():
            z.writestr(part, text)


def hostile():
    """A DTD with an entity, and an entity that would fetch a file."""
    parts = dict(PARTS)
    parts["xl/workbook.xml"] = ('<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY x SYSTEM '
                                '"file:///etc/passwd">]>' + PARTS["xl/workbook.xml"].split("\n", 1)[1]
                                .replace('name="进度"', 'name="&x;"'))
    write_zip("dtd.xlsx", parts)
    # a DOCTYPE alone, harmless but never written by office programs
    parts["xl/workbook.xml"] = ('<?xml version="1.0"?>\n<!DOCTYPE workbook>' +
                                PARTS["xl/workbook.xml"].split("\n", 1)[1])
    write_zip("doctype.xlsx", parts)
    # the first sheet hidden: the second is the default
    write_zip("hidden-first.xlsx", {
        **PARTS,
        "xl/workbook.xml": PARTS["xl/workbook.xml"].replace(
            '<sheet name="进度" sheetId="1" r:id="rId1"/>',
            '<sheet name="草稿" sheetId="2" state="hidden" r:id="rId2"/>'
            '<sheet name="进度" sheetId="1" r:id="rId1"/>'),
        "xl/_rels/workbook.xml.rels": PARTS["xl/_rels/workbook.xml.rels"].replace(
            "</Relationships>", '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
            "</Relationships>"),
        "xl/worksheets/sheet2.xml": INLINE_SHEET.replace("项目", "草稿")})
    # merged cells in the body: a township over two villages, a subtotal over two columns
    body = ('<row r="1"><c r="A1" t="inlineStr"><is><t>乡镇</t></is></c><c r="B1" t="inlineStr"><is>'
            '<t>村</t></is></c><c r="C1" t="inlineStr"><is><t>户数</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>潇浦镇</t></is></c><c r="B2" t="inlineStr"><is>'
            '<t>甲村</t></is></c><c r="C2"><v>10</v></c></row>'
            '<row r="3"><c r="B3" t="inlineStr"><is><t>乙村</t></is></c><c r="C3"><v>20</v></c></row>'
            '<row r="4"><c r="A4" t="inlineStr"><is><t>小计</t></is></c><c r="C4"><v>30</v></c></row>')
    write_zip("merged-body.xlsx", {**PARTS, "xl/worksheets/sheet1.xml": (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        body + '</sheetData><mergeCells count="2"><mergeCell ref="A2:A3"/><mergeCell ref="A4:B4"/>'
        '</mergeCells></worksheet>')})
    write_zip("binary.xlsx", {**PARTS, "xl/workbook.bin": "binary"})
    # a billion laughs: internal entities, each ten of the one before
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "ha"}">' for i in range(10))
    parts["xl/workbook.xml"] = ('<?xml version="1.0"?>\n<!DOCTYPE w [' + laughs + ']>' +
                                PARTS["xl/workbook.xml"].split("\n", 1)[1]
                                .replace('name="进度"', 'name="&l9;"'))
    write_zip("laughs.xlsx", parts)
    # a zip bomb: one sheet part inflating to 64 MiB of blank cells
    with zipfile.ZipFile(os.path.join(HERE, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in PARTS.items():
            if part != "xl/worksheets/sheet1.xml":
                z.writestr(part, text)
        head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        z.writestr("xl/worksheets/sheet1.xml", head + " " * (64 << 20) + "</row></sheetData></worksheet>")
    with open(os.path.join(HERE, "old.xls"), "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))
    with open(os.path.join(HERE, "truncated.xlsx"), "wb") as f:
        f.write(open(os.path.join(HERE, "funds.xlsx"), "rb").read()[:3000])


def csvs():
    rows = [("乡镇", "脱贫户", "人均纯收入（元）")] + [
        ("潇浦镇", "1,210", "12,580.50"), ("上江圩镇", "864", "11,920.00"),
        ("夏层铺镇", "932", "12,105.25"), ("合计", "3,006", "")]
    text = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\r\n"
    open(os.path.join(HERE, "households-gbk.csv"), "wb").write(text.encode("gbk"))
    open(os.path.join(HERE, "households-utf8.csv"), "wb").write(text.encode("utf-8"))
    open(os.path.join(HERE, "households-bom.csv"), "wb").write(b"\xEF\xBB\xBF" + text.encode("utf-8"))
    open(os.path.join(HERE, "not-text.csv"), "wb").write(b"a,b\r\n\x81\x20\xff,1\r\n")
    open(os.path.join(HERE, "utf16.csv"), "wb").write("乡镇,户数\r\n".encode("utf-16"))
    open(os.path.join(HERE, "markup.csv"), "wb").write("说明,值\r\n{funds}与**重点**,1\r\n".encode())
    for link, target in [("link.csv", "households-utf8.csv"), ("device-link", "/dev/zero")]:
        if os.path.lexists(os.path.join(HERE, link)):
            os.remove(os.path.join(HERE, link))
        os.symlink(target, os.path.join(HERE, link))


def sample():
    """input/数据/: the sample bulletin's workbook (openpyxl) and a GBK CSV as WPS saves it."""
    data = os.path.join(HERE, "..", "..", "input", "数据")
    os.makedirs(data, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "资金"
    ws["A1"] = "江永县2023年1-3月各乡镇衔接推进乡村振兴补助资金拨付情况"
    ws.merge_cells("A1:E1")
    ws.append(["乡镇", "衔接资金（万元）", None, "拨付率", "最近拨付日期"])
    ws.append([None, "下达", "已拨付", None, None])
    for m in ("A2:A3", "B2:C2", "D2:D3", "E2:E3"):
        ws.merge_cells(m)
    for town, plan, paid, day in TOWNS:
        ws.append([town, plan, paid, paid / plan, day])
    plan_total, paid_total = sum(t[1] for t in TOWNS), sum(t[2] for t in TOWNS)
    ws.append(["合计", plan_total, paid_total, paid_total / plan_total, None])
    for r in range(4, 5 + len(TOWNS)):
        ws.cell(r, 2).number_format = ws.cell(r, 3).number_format = "#,##0.00"
        ws.cell(r, 4).number_format = "0.0%"
        ws.cell(r, 5).number_format = 'yyyy"年"m"月"d"日"'

    p = wb.create_sheet("项目")
    p.append(["项目名称", "所在乡镇", "类别", "投资（万元）", "完成进度", "审核"])
    for row in [("勾蓝瑶寨村道硬化", "兰溪瑶族乡", "基础设施", 186.5, 0.85, "已审"),
                ("上江圩镇女书文化产业园", "上江圩镇", "产业发展", 420, 0.6, "已审"),
                ("桃川镇香柚标准化种植基地", "桃川镇", "产业发展", 315.8, 1, "已审"),
                ("千家峒安全饮水巩固提升", "千家峒瑶族乡", "安全饮水", 98.2, 0.72, "待审"),
                ("夏层铺镇易地搬迁后续扶持车间", "夏层铺镇", "就业帮扶", 150, 0.45, "已审")]:
        p.append(list(row))
    for r in range(2, 7):
        p.cell(r, 4).number_format = "#,##0.0"
        p.cell(r, 5).number_format = "0%"
    p.column_dimensions["F"].hidden = True  # the office's own review column

    t = wb.create_sheet("汇总")
    t["A2"], t["B2"], t["C2"] = "项目", "单位", "数值"
    t["A3"], t["B3"], t["C3"] = "下达衔接资金", "万元", sum(x[1] for x in TOWNS)
    t["A4"], t["B4"], t["C4"] = "已拨付", "万元", sum(x[2] for x in TOWNS)
    t["A5"], t["B5"], t["C5"] = "实施项目", "个", 46
    t["A6"], t["B6"], t["C6"] = "带动脱贫人口", "人", 12860
    t["C3"].number_format = t["C4"].number_format = "0.00"
    wb.save(os.path.join(data, "江永县2023年3月.xlsx"))

    rows = [("乡镇", "脱贫户（户）", "脱贫人口（人）", "监测对象（户）")] + [
        ("潇浦镇", "1,862", "6,415", "38"), ("上江圩镇", "1,205", "4,310", "21"),
        ("夏层铺镇", "986", "3,502", "17"), ("桃川镇", "1,134", "3,978", "25"),
        ("粗石江镇", "742", "2,611", "12"), ("松柏瑶族乡", "468", "1,702", "9"),
        ("千家峒瑶族乡", "531", "1,935", "11"), ("兰溪瑶族乡", "602", "2,184", "14")]
    text = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\r\n"
    open(os.path.join(data, "脱贫人口.csv"), "wb").write(text.encode("gb18030"))


def libreoffice():
    with tempfile.TemporaryDirectory() as tmp:
        profile = "file://" + os.path.join(tmp, "profile")
        for src, fmt, out in [("funds.xlsx", "ods", "funds.ods"),
                              ("funds.xlsx", "xlsx", "funds-lo.xlsx"),
                              ("formulas.xlsx", "ods", "formulas-lo.ods")]:
            work = os.path.join(tmp, "in")
            os.makedirs(work, exist_ok=True)
            shutil.copy(os.path.join(HERE, src), os.path.join(work, "x." + src.split(".")[-1]))
            subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                            "--convert-to", fmt, "--outdir", tmp, os.path.join(work, "x.xlsx")],
                           check=True, capture_output=True)
            shutil.move(os.path.join(tmp, "x." + fmt), os.path.join(HERE, out))


funds()
formulas()
dates1904()
write_zip("inline.xlsx", PARTS)
hostile()
csvs()
sample()
libreoffice()
