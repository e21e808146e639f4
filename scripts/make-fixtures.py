#!/usr/bin/env python3
"""Regenerate the reader's test fixtures in Tests/XLSXKitTests/Fixtures.

Each fixture is made by the program its name says (openpyxl, XlsxWriter, pandas, LibreOffice
headless, msoffcrypto-tool), or written by hand as raw package XML where a shape must be exact
(edge cases real exporters produce, and hostile files). Fixtures are committed; this script is
how they were made. Needs: pip install openpyxl xlsxwriter pandas msoffcrypto-tool xlwt odfpy; apt-get
install libreoffice-calc-nogui. Also rebuilds the demo's embedded sample roster.

Usage: scripts/make-fixtures.py
"""
import datetime as dt
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "XLSXKitTests", "Fixtures")
SAMPLE = os.path.join(ROOT, "Sources", "Workflow", "Resources", "sample-roster.xlsx")
FIXED_TIME = (2026, 1, 1, 0, 0, 0)

# Synthetic people (no real personal data). IDs carry valid GB 11643 check digits.
PEOPLE = [
    ("张三", "男", "440203199001011234", dt.date(1990, 1, 1), "广东省韶关市武江区", "低保对象", dt.date(2020, 3, 5), 180.0),
    ("李四", "女", "44020319850615262X", dt.date(1985, 6, 15), "广东省韶关市浈江区", "特困人员", dt.date(2019, 11, 20), 180.0),
    ("王五", "男", "440232197207070019", dt.date(1972, 7, 7), "广东省乳源瑶族自治县", "重度残疾人", dt.date(2021, 1, 8), 180.0),
]


def check_digit(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(first17, weights))
    return "10X98765432"[total % 11]


PEOPLE = [(n, g, i[:17] + check_digit(i[:17]), b, a, c, r, m) for (n, g, i, b, a, c, r, m) in PEOPLE]


def path(name):
    return os.path.join(OUT, name)


def normalise_zip(src, dst=None):
    """Rewrite a zip with fixed timestamps (entries and document properties) so regenerated
    fixtures are byte-stable."""
    dst = dst or src
    with zipfile.ZipFile(src) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    items = [(info, re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
              if info.filename == "docProps/core.xml" else data) for info, data in items]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, data)


# ---------------------------------------------------------------- real writers

def make_openpyxl():
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws["A1"] = "韶关市武江区低保对象名单"
    ws.merge_cells("A1:F1")
    ws["A2"] = "数据截至：2026年10月31日"
    ws.merge_cells("A2:F2")
    ws.append(["序号", "姓名", "公民身份号码", "出生日期", "代缴金额", "是否在校"])
    for index, person in enumerate(PEOPLE, start=1):
        ws.append([index, person[0], person[2], person[3], person[7], False])
    ws["D4"].number_format = "yyyy-mm-dd"
    ws["D5"].number_format = 'yyyy"年"m"月"d"日"'
    ws["D6"].number_format = "yyyy/m/d"
    ws["G4"] = 440203199001011234  # an ID typed as a number: Excel keeps 15 significant digits
    ws["G5"] = 0.1
    ws["G6"] = 1 / 3
    ws["H4"] = dt.datetime(2020, 3, 5, 8, 30, 15)
    ws["H4"].number_format = "yyyy-mm-dd hh:mm:ss"
    ws["H5"] = dt.time(12, 30)
    ws["H5"].number_format = "h:mm"
    ws["H6"] = True
    ws["I4"] = "=SUM(E4:E6)"
    ws["I5"] = CellRichText([TextBlock(InlineFont(b=True), "富"), "文本"])
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["G"].hidden = True
    hidden = wb.create_sheet("隐藏表")
    hidden["A1"] = "hidden"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("深度隐藏")
    very["A1"] = "very hidden"
    very.sheet_state = "veryHidden"
    ws.print_title_rows = "3:3"
    wb.save(path("openpyxl-roster.xlsx"))
    normalise_zip(path("openpyxl-roster.xlsx"))

    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = dt.date(2020, 3, 5)
    ws["A1"].number_format = "yyyy-mm-dd"
    ws["A2"] = dt.date(1904, 1, 1)
    ws["A2"].number_format = "yyyy-mm-dd"
    wb.save(path("openpyxl-1904.xlsx"))
    normalise_zip(path("openpyxl-1904.xlsx"))


def write_roster_xlsxwriter(filename, constant_memory=False, date1904=False, test_cells=True):
    import xlsxwriter

    wb = xlsxwriter.Workbook(filename, {"constant_memory": constant_memory, "date_1904": date1904})
    wb.set_properties({"created": dt.datetime(2026, 1, 1)})
    ws = wb.add_worksheet("低保对象")
    title = wb.add_format({"bold": True, "font_name": "宋体", "font_size": 16, "align": "center"})
    text = wb.add_format({"num_format": "@"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    cn_date = wb.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws.merge_range("A1:H1", "韶关市武江区低保对象名单", title)
    ws.write_string("A2", "填报单位：武江区民政局")
    ws.write_row("A3", ["序号", "姓名", "性别", "公民身份号码", "出生日期", "人员类别", "认定时间", "代缴金额"])
    for index, (name, gender, ident, birth, _addr, category, recognised, amount) in enumerate(PEOPLE):
        row = 3 + index
        ws.write_number(row, 0, index + 1)
        ws.write_string(row, 1, name)
        ws.write_string(row, 2, gender)
        ws.write_string(row, 3, ident, text)
        ws.write_datetime(row, 4, dt.datetime.combine(birth, dt.time()), date)
        ws.write_string(row, 5, category)
        ws.write_datetime(row, 6, dt.datetime.combine(recognised, dt.time()), cn_date)
        ws.write_number(row, 7, amount, money)
    ws.write_formula("H7", "=SUM(H4:H6)", money, 540)
    if not test_cells:
        ws.write_string("A7", "合计")
        wb.close()
        normalise_zip(filename)
        return
    ws.write_formula("A8", '="合计"&"人数"', None, "合计人数")
    ws.write_formula("B8", "=1/0", None, "#DIV/0!")
    ws.write_formula("C8", "=1>0", None, True)
    ws.write_boolean("D8", False)
    if not constant_memory:
        bold = wb.add_format({"bold": True})
        ws.write_rich_string("E8", bold, "韶关", "武江")
    wb.close()
    normalise_zip(filename)


def make_xlsxwriter():
    write_roster_xlsxwriter(path("xlsxwriter-roster.xlsx"))
    write_roster_xlsxwriter(path("xlsxwriter-inline.xlsx"), constant_memory=True)
    write_roster_xlsxwriter(path("xlsxwriter-1904.xlsx"), date1904=True)


def make_pandas():
    import pandas as pd

    frame = pd.DataFrame({
        "姓名": [p[0] for p in PEOPLE],
        "公民身份号码": [p[2] for p in PEOPLE],
        "出生日期": [pd.Timestamp(p[3]) for p in PEOPLE],
        "代缴金额": [180.0, float("nan"), 200.5],
        "人数": [1, 2, 3],
    })
    frame.to_excel(path("pandas-frame.xlsx"), sheet_name="名单", index=False)
    normalise_zip(path("pandas-frame.xlsx"))


FODS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:styles>
  <number:date-style style:name="isodate"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
  <style:style style:name="datecell" style:family="table-cell" style:data-style-name="isodate"/>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="hiddensheet" style:family="table"><style:table-properties table:display="false"/></style:style>
  <style:style style:name="hiddenrow" style:family="table-row"><style:table-row-properties fo:break-before="auto"/></style:style>
 </office:automatic-styles>
 <office:body><office:spreadsheet>
  <table:table table:name="名单">
   <table:table-row>
    <table:table-cell table:number-columns-spanned="4" office:value-type="string"><text:p>乳源县特困人员名单</text:p></table:table-cell>
    <table:covered-table-cell table:number-columns-repeated="3"/>
   </table:table-row>
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>公民身份号码</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>认定时间</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>代缴金额</text:p></table:table-cell>
   </table:table-row>
   {rows}
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p>合计</text:p></table:table-cell>
    <table:table-cell office:value-type="boolean" office:boolean-value="true"/>
    <table:table-cell/>
    <table:table-cell table:formula="of:=SUM([.D3:.D5])" office:value-type="float" office:value="560"/>
   </table:table-row>
  </table:table>
  <table:table table:name="说明" table:style-name="hiddensheet">
   <table:table-row><table:table-cell office:value-type="string"><text:p>隐藏的说明</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:spreadsheet></office:body>
</office:document>
"""


def make_libreoffice():
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui")
    rows = []
    amounts = [180, 180, 200]
    for person, amount in zip(PEOPLE, amounts):
        rows.append(
            "<table:table-row>"
            f'<table:table-cell office:value-type="string"><text:p>{person[0]}</text:p></table:table-cell>'
            f'<table:table-cell office:value-type="string"><text:p>{person[2]}</text:p></table:table-cell>'
            f'<table:table-cell table:style-name="datecell" office:value-type="date" office:date-value="{person[6].isoformat()}"><text:p>{person[6].isoformat()}</text:p></table:table-cell>'
            f'<table:table-cell office:value-type="float" office:value="{amount}"><text:p>{amount}</text:p></table:table-cell>'
            "</table:table-row>")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "libreoffice-roster.fods")
        with open(source, "w", encoding="utf-8") as handle:
            handle.write(FODS.replace("{rows}", "\n".join(rows)))
        profile = "file://" + os.path.join(tmp, "profile")
        for target, filter_name in (("xlsx", "Calc MS Excel 2007 XML"), ("xls", "MS Excel 97")):
            subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                            f"{target}:{filter_name}", "--outdir", tmp, source],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        normalise_zip(os.path.join(tmp, "libreoffice-roster.xlsx"), path("libreoffice-roster.xlsx"))
        # A real .xls (BIFF8, OLE compound file) under an .xlsx name, as clerks send them.
        shutil.copy(os.path.join(tmp, "libreoffice-roster.xls"), path("libreoffice-xls-renamed.xlsx"))


def make_legacy():
    """Excel 97-2003 (.xls, BIFF8) files: xlwt's (RK and MULRK numbers, shared strings split by
    CONTINUE, merges, hidden rows, columns and sheets, column widths, the 1904 date system) and
    LibreOffice's and Gnumeric's re-saves of the openpyxl fixtures (cached formula results in FORMULA/STRING)."""
    import xlwt

    def roster(workbook):
        ws = workbook.add_sheet("花名册")
        ws.write_merge(0, 0, 0, 6, "韶关市武江区低保对象名单")
        for column, title in enumerate(["序号", "姓名", "公民身份号码", "出生日期", "认定时间", "代缴金额", "备注"]):
            ws.write(1, column, title)
        iso = xlwt.easyxf(num_format_str="yyyy-mm-dd")
        chinese = xlwt.easyxf(num_format_str='yyyy"年"m"月"d"日"')
        text = xlwt.easyxf(num_format_str="@")
        for index, person in enumerate(PEOPLE, start=1):
            row = index + 1
            ws.write(row, 0, index)                 # a small integer: RK (MULRK with neighbours)
            ws.write(row, 1, person[0])
            ws.write(row, 2, person[2], text)
            ws.write(row, 3, person[3], iso)
            ws.write(row, 4, person[6], chinese)
            ws.write(row, 5, person[7] + 0.5)       # not an RK: NUMBER
            ws.write(row, 6, "在册" if index != 2 else True)
        ws.write(5, 0, 12345678.9)
        ws.write(5, 1, -7)
        ws.write(5, 2, 0.01)
        ws.write(6, 0, "长" * 9000)                 # longer than one record: the SST goes on in CONTINUE
        for index in range(300):                    # many strings: more CONTINUE records
            ws.write(7 + index, 1, f"人员{index:03d}号")
        ws.row(4).hidden = True
        ws.col(6).hidden = True
        ws.col(2).width = 256 * 22
        hidden = workbook.add_sheet("隐藏表")
        hidden.write(0, 0, "hidden")
        hidden.visibility = 1
        return workbook

    workbook = roster(xlwt.Workbook(encoding="utf-8"))
    workbook.save(path("xlwt-roster.xls"))
    workbook = xlwt.Workbook(encoding="utf-8")
    workbook.dates_1904 = True
    ws = workbook.add_sheet("Sheet1")
    ws.write(0, 0, dt.date(2020, 3, 5), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    ws.write(1, 0, dt.date(1904, 1, 2), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    workbook.save(path("xlwt-1904.xls"))

    with tempfile.TemporaryDirectory() as tmp:
        profile = "file://" + os.path.join(tmp, "profile")
        for source in ("openpyxl-roster.xlsx", "xlsxwriter-roster.xlsx"):
            subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                            "xls:MS Excel 97", "--outdir", tmp, path(source)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.copy(os.path.join(tmp, source.replace(".xlsx", ".xls")), path("libreoffice-" + source.split("-")[0] + ".xls"))
            subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                            "ods", "--outdir", tmp, path(source)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.copy(os.path.join(tmp, source.replace(".xlsx", ".ods")), path("libreoffice-" + source.split("-")[0] + ".ods"))
    # Gnumeric's ssconvert (apt-get install gnumeric): its own BIFF8 and OpenDocument writers.
    for source in ("openpyxl-roster.xlsx", "xlsxwriter-roster.xlsx"):
        for extension, exporter in (("xls", "Gnumeric_Excel:excel_biff8"), ("ods", "Gnumeric_OpenCalc:odf")):
            subprocess.run(["ssconvert", "-T", exporter, path(source), path("gnumeric-" + source.split("-")[0] + "." + extension)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_legacy_sheets():
    """An .xls roster that goes on over two sheets with the same header (as a list longer than
    65,536 rows must, or one split by township), and a third sheet with another list header."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    text = xlwt.easyxf(num_format_str="@")
    iso = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    header = ["序号", "姓名", "性别", "公民身份号码", "人员类别", "认定时间"]
    zhao = "44020319920303102"
    zhao += check_digit(zhao)
    sun = "44020419880808202"
    sun += "0" if check_digit(sun) != "0" else "1"        # a wrong check digit
    pages = {
        "花名册1": (1, [PEOPLE[0], PEOPLE[1], PEOPLE[2]]),
        "花名册2": (0, [("赵六", "女", zhao, None, None, "低保对象", dt.date(2022, 5, 6), 180.0),
                       PEOPLE[0],                         # 张三 again: the same ID and category as on 花名册1
                       ("孙七", "男", sun, None, None, "特困人员", dt.date(2023, 1, 2), 180.0)]),
    }
    for name, (header_row, people) in pages.items():
        ws = workbook.add_sheet(name)
        if header_row:
            ws.write_merge(0, 0, 0, 5, "韶关市武江区低保对象名单")
        for column, title in enumerate(header):
            ws.write(header_row, column, title)
        for index, person in enumerate(people, start=1):
            row = header_row + index
            ws.write(row, 0, index)
            ws.write(row, 1, person[0])
            ws.write(row, 2, person[1])
            ws.write(row, 3, person[2], text)
            ws.write(row, 4, person[5])
            ws.write(row, 5, person[6], iso)
    other = workbook.add_sheet("联系人")
    for column, title in enumerate(["姓名", "联系电话", "公民身份号码"]):
        other.write(0, column, title)
    other.write(1, 0, "周八")
    other.write(1, 1, "13800138000", text)
    workbook.save(path("xlwt-roster-sheets.xls"))


def make_odfpy():
    """An OpenDocument spreadsheet written by odfpy, with the shapes LibreOffice does not write
    for small files: repeated rows and cells holding values, a row styled to the bottom of the
    grid, text:s / text:tab / text:line-break, two paragraphs, an annotation, elapsed and
    clock times, percentage and currency, a merge, a hidden table and hidden rows and columns."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties, TableColumnProperties
    from odf.table import Table, TableColumn, TableRow, TableCell, CoveredTableCell
    from odf.text import P, S, Tab, LineBreak
    from odf.office import Annotation

    doc = OpenDocumentSpreadsheet()
    hidden_style = Style(name="taHidden", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    wide = Style(name="coWide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="2.54cm"))
    doc.automaticstyles.addElement(hidden_style)
    doc.automaticstyles.addElement(wide)

    def cell(value=None, kind="string", **extra):
        if kind == "string":
            c = TableCell(valuetype="string", **extra)
            c.addElement(P(text=value))
        elif value is not None:
            c = TableCell(valuetype=kind, value=value, **extra)
        else:
            c = TableCell(valuetype=kind, **extra)
        return c

    sheet = Table(name="名单")
    sheet.addElement(TableColumn(stylename="coWide", numbercolumnsrepeated=2))
    sheet.addElement(TableColumn(visibility="collapse"))
    sheet.addElement(TableColumn(numbercolumnsrepeated=16381))
    title = TableRow()
    title.addElement(cell("韶关市武江区低保对象名单", numbercolumnsspanned=4))
    for _ in range(3):
        title.addElement(CoveredTableCell())
    sheet.addElement(title)
    header = TableRow()
    for text in ["序号", "姓名", "公民身份号码", "认定时间"]:
        header.addElement(cell(text))
    sheet.addElement(header)
    for index, person in enumerate(PEOPLE, start=1):
        row = TableRow()
        row.addElement(cell(kind="float", value=index))
        row.addElement(cell(person[0]))
        row.addElement(cell(person[2]))
        row.addElement(cell(kind="date", datevalue=person[6].isoformat()))
        sheet.addElement(row)
    spaced = TableRow(visibility="collapse")
    c = TableCell(valuetype="string")
    p = P(text="韶关")
    p.addElement(S(c=3))
    p.addText("武江")
    p.addElement(Tab())
    p.addText("区")
    p.addElement(LineBreak())
    p.addText("第二行")
    c.addElement(p)
    c.addElement(P(text="第二段"))
    note = Annotation()
    note.addElement(P(text="批注不是单元格的内容"))
    c.addElement(note)
    spaced.addElement(c)
    spaced.addElement(cell(kind="time", timevalue="PT36H30M00S"))
    spaced.addElement(cell(kind="time", timevalue="PT08H15M00S"))
    spaced.addElement(cell(kind="percentage", value="0.25"))
    spaced.addElement(cell(kind="currency", value="12.5", currency="CNY"))
    spaced.addElement(cell(kind="boolean", booleanvalue="true"))
    sheet.addElement(spaced)
    repeated = TableRow(numberrowsrepeated=3)
    repeated.addElement(cell("同", numbercolumnsrepeated=2))
    repeated.addElement(TableCell(numbercolumnsrepeated=16382))
    sheet.addElement(repeated)
    bottom = TableRow(numberrowsrepeated=1048576 - 9)
    bottom.addElement(TableCell(numbercolumnsrepeated=16384))
    sheet.addElement(bottom)
    doc.spreadsheet.addElement(sheet)
    second = Table(name="隐藏表", stylename="taHidden")
    row = TableRow()
    row.addElement(cell("hidden"))
    second.addElement(row)
    doc.spreadsheet.addElement(second)
    doc.save(path("odfpy-roster.ods"))


def libreoffice_resave(source, target):
    """LibreOffice's re-save of an xlsx (headless, its own profile), with fixed zip timestamps."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = "file://" + os.path.join(tmp, "profile")
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", tmp, source],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        normalise_zip(os.path.join(tmp, os.path.basename(source)), target)


def make_encrypted():
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(path("xlsxwriter-roster.xlsx"), "rb") as plain, open(path("bad-encrypted.xlsx"), "wb") as out:
        OOXMLFile(plain).encrypt("mima123", out)


# ---------------------------------------------------------------- hand-written packages

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""

# Style indexes: 0 General, 1 builtin 14, 2 zh-CN 31 (no code), 3 zh-CN 57 (no code),
# 4 custom yyyy"年"m"月"d"日", 5 custom 0.00, 6 custom @, 7 [$-F800] system long date,
# 8 builtin 20 h:mm, 9 [DBNum1][$-804]yyyy"年"m"月", 10 custom [h]:mm:ss, 11 builtin 22.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="6">
<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="177" formatCode="0.00"/>
<numFmt numFmtId="178" formatCode="@"/>
<numFmt numFmtId="179" formatCode="[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"/>
<numFmt numFmtId="180" formatCode="[DBNum1][$-804]yyyy&quot;年&quot;m&quot;月&quot;"/>
<numFmt numFmtId="181" formatCode="[h]:mm:ss"/>
</numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="12">
<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="57"/><xf numFmtId="176"/><xf numFmtId="177"/>
<xf numFmtId="178"/><xf numFmtId="179"/><xf numFmtId="20"/><xf numFmtId="180"/><xf numFmtId="181"/><xf numFmtId="22"/>
</cellXfs>
</styleSheet>"""

SHARED_STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>姓名</t></si>
<si><r><rPr><b/></rPr><t>韶关</t></r><r><t xml:space="preserve"> 武江</t></r><rPh sb="0" eb="2"><t>shaoguan</t></rPh></si>
<si><t>  trimmed  </t></si>
<si><t xml:space="preserve">  kept  </t></si>
<si><t>Tab_x0009_Stop_x005F_x0041_</t></si>
<si><t>&lt;&amp;&gt;</t></si>
</sst>"""

# Rows and cells without r attributes, hidden row, t="d", t="str", t="e", t="b", inline rich text,
# builtin zh-CN formats without codes, serial 60 (1900-02-29), a styled empty cell.
EDGE_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:Z99999"/>
<cols><col min="3" max="4" width="9" hidden="1"/></cols>
<sheetData>
<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c><c t="s"><v>4</v></c><c t="s"><v>5</v></c></row>
<row><c s="1"><v>43895</v></c><c s="2"><v>43895</v></c><c s="3"><v>43895</v></c><c s="4"><v>43895</v></c><c s="5"><v>43895</v></c><c s="6"><v>43895</v></c></row>
<row r="4" hidden="1"><c r="B4" s="7"><v>43895</v></c><c s="8"><v>0.5</v></c><c s="9"><v>43895</v></c><c s="10"><v>1.5</v></c><c s="11"><v>43895.75</v></c><c r="H4" s="1"/></row>
<row r="5"><c r="A5" t="d"><v>2020-03-05</v></c><c r="B5" t="d"><v>2020-03-05T08:30:00</v></c><c r="C5" t="str"><f>A1&amp;B1</f><v>姓名韶关 武江</v></c><c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E5" t="b"><v>1</v></c><c r="F5" t="inlineStr"><is><r><t>内联</t></r><r><t xml:space="preserve"> 富文本</t></r></is></c></row>
<row r="6"><c r="A6" s="1"><v>60</v></c><c r="B6" s="1"><v>61</v></c><c r="C6" s="1"><v>1</v></c><c r="D6"><v>-1.5E-3</v></c><c r="E6"><v>123456789012345680000</v></c><c r="F6"><v>0.30000000000000004</v></c></row>
<row r="8"><c r="A8" t="inlineStr"><is><t>  inline trimmed </t></is></c><c r="B8" t="inlineStr"><is><t xml:space="preserve"> inline kept </t></is></c></row>
</sheetData>
<mergeCells count="1"><mergeCell ref="A10:C11"/></mergeCells>
</worksheet>"""


# A column filled down in Excel: one master formula, the rest point to it by `si` (as Excel saves them).
SHARED_FORMULA_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData>
<row r="1"><c r="A1"><v>180</v></c><c r="B1"><f t="shared" ref="B1:C3" si="0">A1*12</f><v>2160</v></c><c r="C1"><f t="shared" si="0"/><v>25920</v></c></row>
<row r="2"><c r="A2"><v>200</v></c><c r="B2"><f t="shared" si="0"/><v>2400</v></c><c r="C2"><f t="shared" si="0"/><v>28800</v></c></row>
<row r="3"><c r="A3"><v>100</v></c><c r="B3"><f t="shared" si="0"/><v>1200</v></c><c r="C3"><f t="shared" si="0"/><v>14400</v></c>
<c r="D3"><f t="shared" ref="D3:D4" si="1">SUM($A$1:A3)</f><v>480</v></c></row>
<row r="4"><c r="D4"><f t="shared" si="1"/><v>480</v></c></row>
</sheetData>
</worksheet>"""


def write_package(filename, parts, **options):
    """Write a package from {name: text|bytes}, in order, with fixed timestamps."""
    compression = options.get("compression", zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(filename, "w", compression) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = compression
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def base_parts(sheet=EDGE_SHEET):
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": SHARED_STRINGS,
        "xl/worksheets/sheet1.xml": sheet,
    }


class Unseekable(io.RawIOBase):
    """A write-only stream: makes zipfile write data descriptors (flag bit 3)."""

    def __init__(self, target):
        self.target = target

    def writable(self):
        return True

    def write(self, data):
        return self.target.write(data)


def make_handwritten():
    write_package(path("edge-cases.xlsx"), base_parts())
    write_package(path("edge-shared-formulas.xlsx"), base_parts(SHARED_FORMULA_SHEET))

    # Same package streamed: local headers carry zero sizes, data descriptors follow the data.
    with open(path("zip-data-descriptor.xlsx"), "wb") as raw:
        with zipfile.ZipFile(Unseekable(raw), "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in base_parts().items():
                info = zipfile.ZipInfo(name, FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(info, "w") as entry:
                    entry.write(data.encode("utf-8"))

    # ZIP64 records for every entry, and a ZIP64 end of central directory.
    with zipfile.ZipFile(path("zip-zip64.xlsx"), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in base_parts().items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as entry:
                entry.write(data.encode("utf-8"))
    force_zip64_end_record(path("zip-zip64.xlsx"))

    write_package(path("zip-stored.xlsx"), base_parts(), compression=zipfile.ZIP_STORED)

    # Names as some Windows tools write them: backslashes and different case than the rels say.
    parts = base_parts()
    renamed = {("XL\\Worksheets\\Sheet1.xml" if k == "xl/worksheets/sheet1.xml" else k): v for k, v in parts.items()}
    renamed["docs/XtX.txt"] = "legacy name"
    write_package(path("zip-backslash-names.xlsx"), renamed)
    # A name in code page 437 without the UTF-8 flag, as old Windows zip tools write: "été".
    data = open(path("zip-backslash-names.xlsx"), "rb").read()
    data = data.replace(b"docs/XtX.txt", b"docs/" + "été".encode("cp437") + b".txt")
    open(path("zip-backslash-names.xlsx"), "wb").write(data)
    mark_names_legacy(path("zip-backslash-names.xlsx"))

    make_strict()
    make_hostile()


def force_zip64_end_record(filename):
    """Replace the classic end record's counts with 0xFFFF so only the ZIP64 record is usable."""
    data = bytearray(open(filename, "rb").read())
    eocd = data.rfind(b"PK\x05\x06")
    zip64_locator = data.rfind(b"PK\x06\x07")
    if zip64_locator < 0:
        # Python writes ZIP64 end records only when needed: add them.
        count, size, offset = struct.unpack_from("<HII", data, eocd + 10)
        zip64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, offset)
        locator = struct.pack("<IIQI", 0x07064B50, 0, eocd, 1)
        classic = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
        data = data[:eocd] + zip64 + locator + classic
    open(filename, "wb").write(bytes(data))


def mark_names_legacy(filename):
    """Clear the UTF-8 flag (bit 11) on every central and local header (names are ASCII or CP437 bytes)."""
    data = bytearray(open(filename, "rb").read())
    for signature, flag_offset in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        start = 0
        while True:
            at = data.find(signature, start)
            if at < 0:
                break
            flags = struct.unpack_from("<H", data, at + flag_offset)[0]
            struct.pack_into("<H", data, at + flag_offset, flags & ~0x800)
            start = at + 4
    open(filename, "wb").write(bytes(data))


STRICT_NAMESPACES = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "http://purl.oclc.org/ooxml/spreadsheetml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def make_strict():
    """An ISO 29500 Strict package: Strict namespaces and relationship types, ISO dates in t="d" cells."""
    with zipfile.ZipFile(path("xlsxwriter-roster.xlsx")) as source:
        parts = {name: source.read(name).decode("utf-8") for name in source.namelist()}
    for name, text in parts.items():
        for transitional, strict in STRICT_NAMESPACES.items():
            text = text.replace(transitional, strict)
        parts[name] = text
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace("<workbookPr", '<workbookPr dateCompatibility="false"')
    sheet = parts["xl/worksheets/sheet1.xml"]
    # Strict writers store dates as ISO 8601 text: the first person's birth date.
    start = sheet.index('<c r="E4"')
    end = sheet.index("</c>", start) + 4
    parts["xl/worksheets/sheet1.xml"] = sheet[:start] + '<c r="E4" s="3" t="d"><v>1990-01-01T00:00:00</v></c>' + sheet[end:]
    write_package(path("strict-roster.xlsx"), parts)


def patch_central_entry(archive, name, patch):
    """A copy of zip bytes with `patch(data, offset)` applied to the central directory header of `name`."""
    data = bytearray(archive)
    start = 0
    while True:
        at = data.find(b"PK\x01\x02", start)
        if at < 0:
            raise ValueError(f"{name} not in the central directory")
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_length] == name.encode():
            patch(data, at)
            return bytes(data)
        start = at + 4


def make_hostile():
    with open(path("bad-not-a-zip.xlsx"), "w", encoding="utf-8") as handle:
        # A note, not a table: a CSV (lines split into fields) is read as a workbook of one sheet.
        handle.write("请各单位于每月10日前报送名单。\n联系人：王科长\n")

    good = open(path("edge-cases.xlsx"), "rb").read()
    open(path("bad-truncated.xlsx"), "wb").write(good[: len(good) // 2])

    def shrink_size(data, at):
        size = struct.unpack_from("<I", data, at + 24)[0]
        struct.pack_into("<I", data, at + 24, size - 1)

    def flip_crc(data, at):
        data[at + 16] ^= 0xFF

    # Central directory says the sheet inflates to one byte less than it does; or its CRC is wrong.
    open(path("bad-wrong-size.xlsx"), "wb").write(patch_central_entry(good, "xl/worksheets/sheet1.xml", shrink_size))
    open(path("bad-crc.xlsx"), "wb").write(patch_central_entry(good, "xl/worksheets/sheet1.xml", flip_crc))

    parts = base_parts()
    del parts["[Content_Types].xml"]
    write_package(path("bad-no-content-types.xlsx"), parts)

    parts = base_parts()
    del parts["xl/workbook.xml"]
    write_package(path("bad-no-workbook.xlsx"), parts)

    parts = base_parts()
    del parts["xl/worksheets/sheet1.xml"]
    write_package(path("bad-missing-sheet.xlsx"), parts)

    doctype = '<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    write_package(path("bad-xxe.xlsx"), base_parts(doctype + EDGE_SHEET.split("\n", 1)[1].replace("<v>43895</v>", "<v>&xxe;</v>", 1)))

    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + ']>\n')
    write_package(path("bad-billion-laughs.xlsx"), base_parts(laughs + EDGE_SHEET.split("\n", 1)[1].replace("<v>43895</v>", "<v>&lol9;</v>", 1)))

    parts = base_parts()
    parts["xl/sharedStrings.xml"] = SHARED_STRINGS.encode("utf-8").replace("姓名".encode("utf-8"), b"\xff\xfe\xa0")
    write_package(path("bad-invalid-utf8.xlsx"), parts)

    nested = "<x>" * 2000 + "</x>" * 2000
    write_package(path("bad-deep-nesting.xlsx"), base_parts(EDGE_SHEET.replace("</sheetData>", "</sheetData>" + nested)))

    write_package(path("bad-cell-beyond-grid.xlsx"), base_parts(EDGE_SHEET.replace('<c r="B4" s="7">', '<c r="XFE4" s="7">')))
    write_package(path("bad-row-beyond-grid.xlsx"), base_parts(EDGE_SHEET.replace('<row r="8">', '<row r="1048577">').replace('r="A8"', 'r="A1048577"').replace('r="B8"', 'r="B1048577"')))

    # 64 MiB of zeros compress about a thousandfold: a small file that inflates hugely.
    zeros = " " * (64 << 20)
    write_package(path("bad-zip-bomb.xlsx"), base_parts(EDGE_SHEET.replace("</sheetData>", "</sheetData><!--" + zeros + "-->")))

    word_types = CONTENT_TYPES.replace("spreadsheetml.sheet.main+xml", "wordprocessingml.document.main+xml")
    parts = base_parts()
    parts["[Content_Types].xml"] = word_types
    write_package(path("bad-word-document.xlsx"), parts)


# ---------------------------------------------------------------- editor inputs

def tiny_png():
    """A 4×4 red PNG, encoded by hand (no imaging library needed)."""
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_editor_inputs():
    """Workbooks with parts the editor must copy through untouched: image, chart, comments, custom properties."""
    import xlsxwriter

    with tempfile.TemporaryDirectory() as tmp:
        image = os.path.join(tmp, "stamp.png")
        open(image, "wb").write(tiny_png())
        target = path("xlsxwriter-image-chart.xlsx")
        wb = xlsxwriter.Workbook(target)
        wb.set_properties({"created": dt.datetime(2026, 1, 1)})
        wb.set_custom_property("填报单位", "武江区民政局")
        ws = wb.add_worksheet("名单")
        money = wb.add_format({"num_format": "#,##0.00", "border": 1})
        ws.write_row("A1", ["姓名", "公民身份号码", "代缴金额"])
        for row, person in enumerate(PEOPLE, start=1):
            ws.write_string(row, 0, person[0])
            ws.write_string(row, 1, person[2])
            ws.write_number(row, 2, person[7], money)
        ws.write_comment("A1", "已有批注：请勿修改表头")
        ws.insert_image("E2", image)
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"name": "代缴金额", "categories": "=名单!$A$2:$A$4", "values": "=名单!$C$2:$C$4"})
        ws.insert_chart("E6", chart)
        other = wb.add_worksheet("说明")
        other.write("A1", "第二个工作表")
        wb.close()
        normalise_zip(target)

        libreoffice_resave(target, path("libreoffice-image-chart.xlsx"))


# ---------------------------------------------------------------- template inputs

def make_template_inputs():
    """A ledger-style template written by XlsxWriter (not by us), and LibreOffice's re-save of it:
    title, 数据截至 inside text, a styled repeated row, totals, footer, validation, conditional
    format, print titles and area, an image, and a second sheet."""
    import xlsxwriter

    with tempfile.TemporaryDirectory() as tmp:
        image = os.path.join(tmp, "stamp.png")
        open(image, "wb").write(tiny_png())
        target = path("template-xlsxwriter.xlsx")
        wb = xlsxwriter.Workbook(target)
        wb.set_properties({"created": dt.datetime(2026, 1, 1)})
        ws = wb.add_worksheet("台账")
        title = wb.add_format({"bold": True, "font_name": "宋体", "font_size": 16, "align": "center"})
        head = wb.add_format({"bold": True, "border": 1, "align": "center", "bg_color": "#D9D9D9"})
        cell = wb.add_format({"border": 1})
        text = wb.add_format({"border": 1, "num_format": "@"})
        date = wb.add_format({"border": 1, "num_format": 'yyyy"年"m"月"d"日"'})
        money = wb.add_format({"border": 1, "num_format": "#,##0.00"})
        ws.merge_range("A1:F1", "{填报单位}贫困人员参加养老保险情况台账", title)
        ws.write_string("A2", "数据截至：{数据截至}")
        ws.write_row("A4", ["序号", "姓名", "公民身份号码", "认定时间", "代缴金额", "人员类别"], head)
        ws.write_string("A5", "{.序号}", cell)
        ws.write_string("B5", "{.姓名}", cell)
        ws.write_string("C5", "{.公民身份号码}", text)
        ws.write_string("D5", "{.认定时间}", date)
        ws.write_string("E5", "{.代缴金额}", money)
        ws.write_string("F5", "{.人员类别}", cell)
        ws.write_string("A6", "合计", cell)
        ws.write_formula("B6", "=COUNTA(B5:B5)", cell, 0)
        ws.write_formula("E6", "=SUM(E5:E5)", money, 0)
        ws.write_formula("F6", '=COUNTIF(F5:F5,"低保对象")', cell, 0)
        ws.merge_range("A8:C8", "填表人：{填表人}  审核人：  联系电话：", None)
        ws.data_validation("F5:F5", {"validate": "list", "source": ["低保对象", "特困人员", "重度残疾人"]})
        ws.conditional_format("E5:E5", {"type": "cell", "criteria": ">", "value": 1000, "format": wb.add_format({"bg_color": "#FFC7CE"})})
        ws.repeat_rows(3)
        ws.print_area("A1:F8")
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_column("A:A", 6)
        ws.set_column("C:C", 20)
        ws.set_row(4, 20)
        ws.insert_image("H2", image)
        other = wb.add_worksheet("填表说明")
        other.write("A1", "本表按月报送，{不替换的说明} 保持原样：\\{字面量}")
        wb.close()
        normalise_zip(target)

        libreoffice_resave(target, path("template-libreoffice.xlsx"))


# ---------------------------------------------------------------- validation inputs

VALIDATION_OUT = os.path.join(ROOT, "Tests", "WorkflowTests", "Fixtures")


def vpath(name):
    return os.path.join(VALIDATION_OUT, name)


def make_validation_inputs():
    """Lists as clerks send them, each with known mistakes (the tests name every finding's cell):
    an Excel-like roster by openpyxl (title block, 数据截至 in the title, synonyms in the header,
    a hidden sheet, totals and signature rows), LibreOffice's re-save of it, a Shaoguan-style
    ledger by XlsxWriter (two-row header under a merged 台账日期, disability cards), and a
    WPS-like list by XlsxWriter in the 1904 date system with pasted text (no-break and zero-width
    spaces, apostrophes, full-width digits)."""
    import openpyxl
    import xlsxwriter

    os.makedirs(VALIDATION_OUT, exist_ok=True)
    cid = lambda body: body + check_digit(body)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "低保对象"
    ws["A1"] = "武江区低保对象名单"
    ws.merge_cells("A1:I1")
    ws["A2"] = "填报单位：武江区民政局"
    ws["F2"] = "数据截至 2026年10月31日"
    ws.append(["序号", "姓名", "性别", "身份证号码", "类别", "认定日期", "户籍所在地", "认定地", "联系电话"])
    rows = [
        [1, "张三", "男", cid("44020319900101123"), "低保对象", dt.datetime(2020, 3, 5), "广东省韶关市武江区", "韶关市武江区", "13800138000"],
        [2, "李四", "女", float(cid("44020319850615262")[:17] + "0"), "低保户", "2020.3.5", "广东省韶关市浈江区", "韶关市", "13800138001"],
        [3, "王 五", "男", "４４０２３２１９７２０７０７００１" + cid("44023219720707001")[-1], "五保", "2020年3月5日", "广东省清远市清城区", "韶关市武江区", "0751-8888888"],
        [4, "赵六", "女", cid("44020319850615262")[:17] + "9", "低保对象", "20200305", "湖南省郴州市北湖区", "韶关市", "1380013"],
        [5, "钱七", "男", cid("44020320110301001"), "特困人员", dt.datetime(2020, 3, 10), "广东省韶关市武江区", "韶关市", "13800138002"],
        [6, "孙八", "男", cid("44020319600101002").lower(), "低保", "2020/03/05", "广东省韶关市武江区", "韶关市", "13800138003"],
        [7, "周九", "男", "440203710101003", "低保对象", "2020-3-5", "广东省韶关市武江区", "韶关市", "13800138004"],
        [8, "张三", "男", cid("44020319900101123"), "特困人员", dt.datetime(2019, 1, 1), "广东省韶关市武江区", "韶关市", "13800138000"],
        [9, "张三", "男", cid("44020319900101123"), "低保对象", dt.datetime(2019, 1, 1), "广东省韶关市武江区", "韶关市", "13800138000"],
        [10, "郑一", "男", cid("99020319900101124"), "精神病人", "明年", "广东省韶关市武江区", "韶关市", "13800138000"],
        [11, "冯二", "男", cid("44020319920202002"), "低保对象", dt.datetime(2021, 5, 6), "广东省韶关市武江区", "韶关市", "13800138005"],
    ]
    for row in rows:
        ws.append(row)
    for row in range(5, 5 + len(rows)):
        ws.cell(row, 6).number_format = "yyyy-mm-dd"
    ws.append([])
    ws.append(["合计", "", "", "", "", "", "", "", ""])
    ws.append(["填表人：李科员"])
    hidden = wb.create_sheet("旧名单")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "上月名单"
    target = vpath("roster-mistakes-openpyxl.xlsx")
    wb.save(target)
    normalise_zip(target)

    libreoffice_resave(target, vpath("roster-mistakes-libreoffice.xlsx"))

    target = vpath("ledger-xlsxwriter.xlsx")
    wb = xlsxwriter.Workbook(target)
    wb.set_properties({"created": dt.datetime(2026, 1, 1)})
    ws = wb.add_worksheet("附表8")
    date = wb.add_format({"num_format": "yyyy-mm-dd", "border": 1})
    text = wb.add_format({"num_format": "@", "border": 1})
    head = wb.add_format({"bold": True, "border": 1, "align": "center"})
    ws.merge_range("A1:L1", "武江区重度残疾人、精神和智力残疾人参加养老保险情况台账（数据截至2026-10-31）")
    for col, name in enumerate(["序号", "姓名", "公民身份号码", "人员类别", "残疾人证号", "残疾等级"]):
        ws.merge_range(1, col, 2, col, name, head)
    ws.merge_range("G2:L2", "台账日期", head)
    ws.write_row("G3", ["认定时间", "人员信息移交社保经办机构时间", "参保时间", "财政资金划转时间", "代缴时间", "缴费到账时间"], head)
    d = lambda *parts: dt.datetime(*parts)
    people = [
        ("陈一", cid("44020319800101001"), "重度残疾人", "12", "一级", [d(2026, 9, 1), d(2026, 10, 3), d(2026, 10, 8), d(2026, 10, 12), d(2026, 10, 15), d(2026, 10, 20)]),
        ("陈二", cid("44020319810202002"), "精神和智力残疾人", "52", "三级", [d(2026, 9, 1), d(2026, 10, 3), d(2026, 10, 2), d(2026, 10, 12), d(2026, 10, 15), d(2026, 10, 20)]),
        ("陈三", cid("44020319820303003"), "重度残疾人", "11", "一级", [d(2026, 9, 1), d(2026, 8, 3), d(2026, 9, 8), d(2026, 9, 12), d(2026, 9, 15), d(2026, 9, 20)]),
        ("陈四", cid("44020319830404004"), "重度残疾人", "1", "二级", [d(2026, 9, 1), d(2026, 9, 3), d(2026, 10, 8), d(2026, 10, 12), d(2026, 10, 15), d(2026, 10, 20)]),
    ]
    for index, (name, pid, category, suffix, grade, dates) in enumerate(people):
        row = 3 + index
        card = (pid if index != 3 else cid("44020319830404005")) + (suffix if len(suffix) == 2 else "12")
        ws.write_number(row, 0, index + 1)
        ws.write_string(row, 1, name)
        ws.write_string(row, 2, pid, text)
        ws.write_string(row, 3, category)
        ws.write_string(row, 4, card, text)
        ws.write_string(row, 5, grade)
        for col, value in enumerate(dates):
            ws.write_datetime(row, 6 + col, value, date)
    wb.close()
    normalise_zip(target)

    target = vpath("wps-like-1904.xlsx")
    wb = xlsxwriter.Workbook(target, {"date_1904": True})
    wb.set_properties({"created": dt.datetime(2026, 1, 1)})
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, ["姓名", "公民身份号码", "人员类别", "认定时间", "联系电话"])
    ws.write_row(1, 0, ["黄一", "'" + cid("53010219900101001"), "返贫致贫人口", "2021-11-02", "\u00a013800138000"])
    ws.write_row(2, 0, ["黄\u200b二", cid("53012619900101002") + "\u00a0", "低保对象", "2021/11/02", "13800138001"])
    ws.write_number(3, 3, 43771)  # a date typed as a plain number: 2023-11-03 in the 1904 system
    ws.write_row(3, 0, ["黄三", cid("53018119900101003"), "特困人员"])
    ws.write_string(3, 4, "13800138002")
    wb.close()
    normalise_zip(target)


# ---------------------------------------------------------------- demo sample

def make_sample():
    write_roster_xlsxwriter(SAMPLE, test_cells=False)


def main():
    os.makedirs(OUT, exist_ok=True)
    make_openpyxl()
    make_xlsxwriter()
    make_pandas()
    make_libreoffice()
    make_legacy()
    make_legacy_sheets()
    make_odfpy()
    make_encrypted()
    make_handwritten()
    make_editor_inputs()
    make_template_inputs()
    make_validation_inputs()
    make_sample()
    for name in sorted(os.listdir(OUT)):
        if name.endswith((".xlsx", ".xls", ".ods")):
            print(f"{os.path.getsize(path(name)):>9}  {name}")


if __name__ == "__main__":
    main()
