#!/usr/bin/env python3
"""Regenerate the official templates in Templates/<profile>/ (the profiles themselves,
profile.yaml, are written by hand and not touched here).

The layouts follow the forms the policy notices name (shared/seeds): Guangdong 附件1–3 lists,
Shaoguan 附表1–12, Kunming 附件4 调度表 and the level-3/4 screen, Zhongshan's monthly 新增/退出
lists, and the common outputs every profile uses (Templates/common). The columns are ours,
chosen from what DESIGN.md §2–3 says each form must carry.

Every template is an ordinary workbook a clerk may edit in Excel or WPS: placeholders `{name}`
for single values, `{.field}` / `{list.field}` in the row repeated once per record, totals below
it as formulas. All print on A4 landscape, one page wide, with the header rows repeated and a
page number in the footer, in 宋体/黑体.

Written with XlsxWriter (pip install xlsxwriter), with fixed document dates so the bytes are
the same on every run. Usage: scripts/make-templates.py
"""
import datetime as dt
import os

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATES = os.path.join(ROOT, "Templates")

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
# Room to sign by hand: ten ideographic spaces (ten character widths) after each label.
BLANK = "　" * 10
SIGNATURE = BLANK.join(["填表人：{填表人}", "审核人：{审核人}", "联系电话：{联系电话}", "填报日期：{填报日期}"]) + BLANK
OUT_OF_PROVINCE_NOTE = ("注：户籍在外省的人员也须列入本名单，并在“外省户籍”栏填“是”；"
                        "认定地与户籍地不在同一地级以上市的，由户籍地为其参保代缴，认定地负责推送信息。")

# Column kinds: number format, alignment and a default width (in characters).
KINDS = {
    "seq": ({"num_format": "0", "align": "center"}, 6),
    "text": ({"num_format": "@", "text_wrap": True}, 10),
    "name": ({"num_format": "@", "align": "center"}, 9),
    "short": ({"num_format": "@", "align": "center"}, 6),
    "id": ({"num_format": "@"}, 21),
    "phone": ({"num_format": "@"}, 13),
    "place": ({"num_format": "@", "text_wrap": True}, 22),
    "date": ({"num_format": "yyyy-mm-dd", "align": "center"}, 11),
    "money": ({"num_format": "#,##0.00"}, 11),
    "int": ({"num_format": "#,##0"}, 9),
    "year": ({"num_format": "0", "align": "center"}, 8),   # 2026, never 2,026
    "rate": ({"num_format": "0.00"}, 9),
}


class Column:
    """One column of a form: its header (or (group, header) under a merged group heading),
    the field it is filled from (None for a formula column), its kind, and for formula columns
    the formula with `{r}` for its own row, `{d}` for the repeated row and `{field}` for the
    letter of the column filled from that field."""

    def __init__(self, header, field=None, kind="text", width=None, formula=None, total=None, choices=None):
        self.group, self.header = header if isinstance(header, tuple) else (None, header)
        # A field is named by its header without the unit: 代缴金额（元） → 代缴金额.
        self.field = field if field is not None or formula else self.header.replace("（元）", "").replace("（%）", "")
        self.kind = kind
        self.width = width or KINDS[kind][1]
        self.formula = formula
        self.total = total          # "count", "sum" or a formula like the row formula, or None
        self.choices = choices      # list validation on the repeated row


def C(header, kind="text", **options):
    return Column(header, kind=kind, **options)


class Book:
    """A workbook of forms sharing one set of formats."""

    def __init__(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.path = path
        self.wb = xlsxwriter.Workbook(path)
        self.wb.set_properties({"title": os.path.splitext(os.path.basename(path))[0], "author": "sheetflow",
                                "created": dt.datetime(2026, 1, 1)})
        self.wb.set_calc_mode("auto")
        base = {"font_name": BODY_FONT, "font_size": 10, "valign": "vcenter"}
        cell = dict(base, border=1)
        self.label = self.wb.add_format(dict(base, bold=True))
        self.title = self.wb.add_format({"font_name": TITLE_FONT, "font_size": 16, "align": "center", "valign": "vcenter"})
        self.subtitle = self.wb.add_format(dict(base, font_size=12, align="center"))
        self.info = self.wb.add_format(base)
        self.info_right = self.wb.add_format(dict(base, align="right"))
        self.head = self.wb.add_format(dict(cell, bold=True, align="center", text_wrap=True, bg_color="#D9E1F2"))
        self.note = self.wb.add_format(dict(base, text_wrap=True, valign="top"))
        self.kinds = {kind: self.wb.add_format(dict(cell, **fmt)) for kind, (fmt, _) in KINDS.items()}
        self.total_label = self.wb.add_format(dict(cell, bold=True, align="center"))
        self.totals = {kind: self.wb.add_format(dict(cell, bold=True, **fmt)) for kind, (fmt, _) in KINDS.items()}
        self.warn = self.wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})

    def close(self):
        self.wb.close()


def form(book, sheet, title, columns, attachment=None, list_name="", subtitle=None, info_left="填报单位：{填报单位}",
         info_right="数据截至：{数据截至}", notes=(), signature=SIGNATURE, totals=True, highlight=None):
    """Lays out one list form on a new sheet: attachment label, title (which never names the
    unit: that is the 填报单位 line's), a line under the title when the notice has one, info
    line, header (one or two rows), the repeated row, a totals row, notes and the signature line."""
    ws = book.wb.add_worksheet(sheet)
    width = len(columns)
    last_col = width - 1
    prefix = "{" + (list_name + "." if list_name else ".")
    row = 0
    if attachment:
        ws.write_string(row, 0, attachment, book.label)
        row += 1
    ws.merge_range(row, 0, row, last_col, title, book.title)
    ws.set_row(row, 30)
    row += 1
    if subtitle:
        ws.merge_range(row, 0, row, last_col, subtitle, book.subtitle)
        ws.set_row(row, 20)
        row += 1
    split = max(2, width // 2)
    ws.merge_range(row, 0, row, split - 1, info_left, book.info) if split > 1 else ws.write(row, 0, info_left, book.info)
    ws.merge_range(row, split, row, last_col, info_right, book.info_right)
    row += 1

    header_first = row
    grouped = any(c.group for c in columns)
    if grouped:
        col = 0
        while col < width:
            group = columns[col].group
            if group is None:
                ws.merge_range(row, col, row + 1, col, columns[col].header, book.head)
                col += 1
                continue
            end = col
            while end + 1 < width and columns[end + 1].group == group:
                end += 1
            ws.merge_range(row, col, row, end, group, book.head) if end > col else ws.write(row, col, group, book.head)
            for sub in range(col, end + 1):
                ws.write_string(row + 1, sub, columns[sub].header, book.head)
            col = end + 1
        ws.set_row(row, 22)
        ws.set_row(row + 1, 36)
        row += 2
    else:
        for col, column in enumerate(columns):
            ws.write_string(row, col, column.header, book.head)
        ws.set_row(row, 30)
        row += 1
    header_last = row - 1

    data_row = row
    fields = {c.field: xl_col_to_name(i) for i, c in enumerate(columns) if c.field}
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
        fmt = book.kinds[column.kind]
        if column.formula:
            ws.write_formula(data_row, col, "=" + column.formula.format(r=data_row + 1, **fields), fmt, 0)
        else:
            ws.write_string(data_row, col, prefix + column.field + "}", fmt)
        if column.choices:
            ws.data_validation(data_row, col, data_row, col, {
                "validate": "list", "source": column.choices, "error_title": "输入有误",
                "error_message": "请从下拉列表中选择：" + "、".join(column.choices)})
    ws.set_row(data_row, 20)
    if highlight:
        # A number at or below the limit is marked; a blank cell (not due) is not.
        field, criteria, value = highlight
        col = list(fields).index(field)
        cell = f"{xl_col_to_name(col)}{data_row + 1}"
        ws.conditional_format(data_row, col, data_row, col, {"type": "formula", "criteria": f"=AND(ISNUMBER({cell}),{cell}{criteria}{value})",
                                                             "format": book.warn})
    row += 1

    if totals:
        ws.write_string(row, 0, "合计", book.total_label)
        for col, column in enumerate(columns[1:], start=1):
            letter = xl_col_to_name(col)
            fmt = book.totals[column.kind]
            span = f"{letter}{data_row + 1}:{letter}{data_row + 1}"
            if column.total == "count":
                ws.write_formula(row, col, f"=COUNTA({span})", book.totals["int"], 0)
            elif column.total == "sum":
                ws.write_formula(row, col, f"=SUM({span})", fmt, 0)
            elif column.total:
                ws.write_formula(row, col, "=" + column.total.format(r=row + 1, d=data_row + 1, **fields), fmt, 0)
            else:
                ws.write_blank(row, col, None, fmt)
        ws.set_row(row, 20)
        row += 1

    for note in notes:
        row += 1
        ws.merge_range(row, 0, row, last_col, note, book.note)
        ws.set_row(row, 30)
    if signature:
        row += 2
        ws.merge_range(row, 0, row, last_col, signature, book.info)

    ws.freeze_panes(header_last + 1, 0)
    ws.repeat_rows(header_first, header_last)
    ws.print_area(0, 0, row, last_col)
    ws.set_landscape()
    ws.set_paper(9)                     # A4
    ws.fit_to_pages(1, 0)               # one page wide, as many tall as needed
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")
    return ws


# ---------------------------------------------------------------- column sets

GENDER = ["男", "女"]
YES_NO = ["是", "否"]


def person(category_choices=None):
    """Who the person is and where: the columns every roster starts with."""
    return [
        C("序号", "seq"),
        C("县（市、区）", "text", width=12),
        C("乡镇（街道）", "text", width=12),
        C("村（居）", "text", width=12),
        C("姓名", "name"),
        C("性别", "short", choices=GENDER),
        C("公民身份号码", "id", total="count"),
    ] + ([C("人员类别", "text", width=12, choices=category_choices)] if category_choices else [])


def residence():
    return [
        C("认定时间", "date"),
        C("认定地", "text", width=16),
        C("户籍地", "place"),
        C("外省户籍", "short", width=8, choices=YES_NO, total='COUNTIF({外省户籍}{d}:{外省户籍}{d},"是")'),
        C("联系电话", "phone"),
        C("备注", "text", width=14),
    ]


# ---------------------------------------------------------------- Guangdong 2020 (notice 000)

def guangdong():
    folder = os.path.join(TEMPLATES, "guangdong-2020")
    # Attachment label, title, info, header: the repeated row is row 5.
    # The titles and remarks are the notice's own (附件1–3 of 粤人社规〔2020〕49号).
    lists = [
        ("附件1", "广东省建档立卡贫困人员名单", "附件1-建档立卡贫困人员名单.xlsx", "备注：外省户籍建立档案人员需列入名单内。",
         person() + [C("脱贫标注", "short", width=10, choices=["未标注脱贫", "已标注脱贫"])] + residence()),
        ("附件2", "广东省低保对象、特困人员名单", "附件2-低保对象特困人员名单.xlsx", "备注：外省户籍低保、特困人员需列入名单内。",
         person(["低保对象", "特困人员"]) + residence()),
        ("附件3", "广东省重度残疾人、精神和智力残疾人名单", "附件3-重度残疾人精神和智力残疾人名单.xlsx",
         "备注：外省户籍重度残疾人、精神和智力残疾人需列入名单内。",
         person(["重度残疾人", "精神和智力残疾人"]) + [
             C("残疾人证号", "id", width=24), C("残疾类别", "short", width=8), C("残疾等级", "short", width=8)] + residence()),
    ]
    for attachment, title, name, remark, columns in lists:
        book = Book(os.path.join(folder, name))
        form(book, "名单", title, columns, attachment=attachment, subtitle="（数据截至 {数据截至}）", info_right="",
             notes=[remark + "外省户籍人员在“外省户籍”栏填“是”。"])
        book.close()


# ---------------------------------------------------------------- Shaoguan 2018 (notice 001)

SHAOGUAN_TABLES = [
    # list name, table numbers (basic, ledger, statistics), category text
    ("建档立卡", (1, 5, 9), "建档立卡未标注脱贫贫困人口"),
    ("低保对象", (2, 6, 10), "低保对象"),
    ("特困人员", (3, 7, 11), "特困人员"),
    ("残疾人", (4, 8, 12), "重度残疾人、精神和智力残疾人"),
]


def shaoguan():
    folder = os.path.join(TEMPLATES, "shaoguan-2018")

    book = Book(os.path.join(folder, "附件1-贫困人员基本信息表.xlsx"))
    for list_name, (number, _, _), category in SHAOGUAN_TABLES:
        columns = person() + [C("人员类别", "text", width=12)]
        if list_name == "残疾人":
            columns += [C("残疾人证号", "id", width=24), C("残疾等级", "short", width=8)]
        columns += residence()[:4] + [C("变动类型", "short", width=8, choices=["新增", "修改", "退出"]),
                                       C("联系电话", "phone"), C("备注", "text", width=14)]
        form(book, f"附表{number}", f"{category}基本信息表", columns,
               attachment=f"附表{number}", list_name=list_name, notes=[OUT_OF_PROVINCE_NOTE])
    book.close()

    book = Book(os.path.join(folder, "附件2-贫困人员参加养老保险情况台账.xlsx"))
    for list_name, (_, number, _), category in SHAOGUAN_TABLES:
        columns = [
            C("序号", "seq"), C("乡镇（街道）", "text", width=12), C("姓名", "name"),
            C("公民身份号码", "id", total="count"), C("人员类别", "text", width=12),
            C(("台账日期", "认定时间"), "date"), C(("台账日期", "人员信息移交社保经办机构时间"), "date", width=13, field="移交时间"),
            C(("台账日期", "参保时间"), "date"), C(("台账日期", "财政资金划转时间"), "date", field="资金划转时间"),
            C(("台账日期", "代缴时间"), "date"), C(("台账日期", "缴费到账时间"), "date"),
            C("缴费年度", "year"), C("代缴金额（元）", "money", total="sum"),
            C("参保状态", "short", width=8), C("备注", "text", width=28),
        ]
        form(book, f"附表{number}", f"{category}参加养老保险情况台账", columns,
             attachment=f"附表{number}", list_name=list_name, highlight=("代缴金额", "<=", 0),
             notes=["注：六个日期应依次为认定、移交、参保、资金划转、代缴、到账；参保和代缴应在移交当月完成。"])
    book.close()

    # The counties' statistics per township, and the city's table aggregated from them per county.
    shaoguan_statistics(os.path.join(folder, "附件3-贫困人员参加养老保险情况统计表.xlsx"), "乡镇（街道）",
                        "各县（市、区）每月前3个工作日内报送上月情况。")
    shaoguan_statistics(os.path.join(folder, "附件3-贫困人员参加养老保险情况统计表（市汇总）.xlsx"), "县（市、区）",
                        "市社保部门收到各县（市、区）统计表后2个工作日内汇总。")


def shaoguan_statistics(path, place, deadline):
    book = Book(path)
    for list_name, (_, _, number), category in SHAOGUAN_TABLES:
        rate = "IF({%s}{r}=0,0,ROUND({%s}{r}/{%s}{r}*100,2))"
        columns = [
            C("序号", "seq"), C(place, "text", width=14),
            C("人员总数", "int", total="sum"),
            C(("参保情况", "应参保人数"), "int", total="sum"),
            C(("参保情况", "已参保人数"), "int", total="sum"),
            Column(("参保情况", "参保率（%）"), kind="rate", formula=rate % ("应参保人数", "已参保人数", "应参保人数"),
                   total=rate % ("应参保人数", "已参保人数", "应参保人数")),
            C(("代缴情况", "应代缴人数"), "int", total="sum"),
            C(("代缴情况", "已代缴人数"), "int", total="sum"),
            C(("代缴情况", "代缴金额（元）"), "money", total="sum"),
            Column(("代缴情况", "代缴率（%）"), kind="rate", formula=rate % ("应代缴人数", "已代缴人数", "应代缴人数"),
                   total=rate % ("应代缴人数", "已代缴人数", "应代缴人数")),
            C(("待遇领取", "应领取人数"), "int", total="sum"),
            C(("待遇领取", "已领取人数"), "int", total="sum"),
            Column(("待遇领取", "领取率（%）"), kind="rate", formula=rate % ("应领取人数", "已领取人数", "应领取人数"),
                   total=rate % ("应领取人数", "已领取人数", "应领取人数")),
        ]
        form(book, f"附表{number}", f"{category}参加养老保险情况统计表（{{统计月份}}）", columns,
             attachment=f"附表{number}", list_name=list_name,
             notes=["注：应参保人数为年满16周岁、未满60周岁、非在校学生且未参加职工基本养老保险的人数；"
                    "应领取人数为年满60周岁的人数。" + deadline])
    book.close()


# ---------------------------------------------------------------- Zhongshan 2018 (notice 002)

def zhongshan():
    folder = os.path.join(TEMPLATES, "zhongshan-2018")
    book = Book(os.path.join(folder, "新增退出名单.xlsx"))
    for list_name, verb in (("新增", "新增"), ("退出", "退出")):
        columns = [
            C("序号", "seq"), C("镇（街道）", "text", width=12), C("村（社区）", "text", width=12), C("姓名", "name"),
            C("性别", "short", choices=GENDER), C("公民身份号码", "id", total="count"), C("人员类别", "text", width=14),
            C(f"{verb}日期", "date"), C(f"{verb}原因", "text", width=24), C("联系电话", "phone"), C("备注", "text", width=14),
        ]
        form(book, list_name, f"{{统计月份}}困难群体{verb}人员名单", columns, list_name=list_name,
             notes=["注：代缴对象为年满16周岁、未满60周岁的困难群体；年满60周岁的转入待遇领取。"])
    book.close()


# ---------------------------------------------------------------- Kunming 2021 (notice 003)

def kunming():
    folder = os.path.join(TEMPLATES, "kunming-2021")
    book = Book(os.path.join(folder, "附件4-帮扶政策完成情况调度表.xlsx"))
    rate = "IF({%s}{r}=0,0,ROUND({%s}{r}/{%s}{r}*100,2))"
    columns = [C("序号", "seq"), C("县（市）区", "text", width=12)]
    for group in ("低保对象", "特困人员", "返贫致贫人口"):
        columns += [
            C((group, "应代缴人数"), "int", total="sum", width=8),
            C((group, "已参保人数"), "int", total="sum", width=8),
            C((group, "已代缴人数"), "int", total="sum", width=8),
            C((group, "代缴金额（元）"), "money", total="sum", width=11),
        ]
        for column in columns[-4:]:
            column.field = f"{group}{column.header.replace('（元）', '')}"
        columns.append(Column((group, "完成率（%）"), kind="rate", width=8,
                              formula=rate % (f"{group}应代缴人数", f"{group}已代缴人数", f"{group}应代缴人数"),
                              total=rate % (f"{group}应代缴人数", f"{group}已代缴人数", f"{group}应代缴人数")))
    total_of = lambda what: "+".join("{%s%s}{r}" % (group, what) for group in ("低保对象", "特困人员", "返贫致贫人口"))
    columns += [
        Column(("合计", "应代缴人数"), kind="int", width=8, formula=total_of("应代缴人数"), total="sum"),
        Column(("合计", "已代缴人数"), kind="int", width=8, formula=total_of("已代缴人数"), total="sum"),
        Column(("合计", "代缴金额（元）"), kind="money", width=11, formula=total_of("代缴金额"), total="sum"),
    ]
    for column in columns[-3:]:
        column.field = "合计" + column.header.replace("（元）", "")
    columns.append(Column(("合计", "完成率（%）"), kind="rate", width=8,
                          formula=rate % ("合计应代缴人数", "合计已代缴人数", "合计应代缴人数"),
                          total=rate % ("合计应代缴人数", "合计已代缴人数", "合计应代缴人数")))
    # Formula columns refer to each other by field: give them one, and keep the template's
    # repeated row free of placeholders for them.
    form(book, "调度表", "县（市）区落实城乡居民养老保险帮扶政策完成情况调度表", columns,
         attachment="附件4", info_right="统计截至：{数据截至}",
         notes=["注：1. 既是低保对象、特困人员，又是返贫致贫人口的，只统计在返贫致贫人口列。"
                "2. 每年10月31日为统计比对时间节点，11月1日后新增人员列入次年代缴范围；代缴标准为每人每年100元。"
                "3. 每月15日前报送。"])
    book.close()

    book = Book(os.path.join(folder, "三四级残疾人重复补助筛查表.xlsx"))
    columns = [
        C("序号", "seq"), C("县（市）区", "text", width=12), C("姓名", "name"), C("公民身份号码", "id", total="count"),
        C("残疾人证号", "id", width=24), C("残疾等级", "short", width=8, choices=["三级", "四级"]),
        C("已代缴类别", "text", width=14), C("代缴年度", "year"), C("代缴金额（元）", "money", total="sum"),
        C("筛查结果", "text", width=16), C("备注", "text", width=16),
    ]
    form(book, "筛查表", "三、四级残疾人参加城乡居民养老保险重复补助筛查表", columns,
         notes=["注：名单中的三、四级残疾人已作为低保对象、特困人员或返贫致贫人口由政府代缴养老保险费，"
                "残联发放个人缴费补助时应予筛除，避免重复补助。"])
    book.close()


# ---------------------------------------------------------------- common outputs

def common():
    folder = os.path.join(TEMPLATES, "common")
    who = [C("序号", "seq"), C("县（市、区）", "text", width=12), C("乡镇（街道）", "text", width=12),
           C("姓名", "name"), C("性别", "short"), C("公民身份号码", "id", total="count"), C("人员类别", "text", width=14)]

    comparisons = [
        ("应参未参名单.xlsx", "应参未参人员名单", [
            C("年龄", "int", width=6), C("认定地", "text", width=14), C("户籍地", "place"),
            C("参保状态", "short", width=9), C("原因说明", "text", width=30), C("联系电话", "phone")],
         "注：应参未参指符合参保条件（户籍在本省、年满16周岁、非在校学生、未参加职工基本养老保险）但未参加城乡居民养老保险的人员；已剔除死亡、在校学生和参加职工养老保险的人员。"),
        ("应代缴未代缴名单.xlsx", "应代缴未代缴人员名单", [
            C("参保时间", "date"), C("缴费年度", "year"), C("应代缴金额（元）", "money", total="sum"),
            C("已代缴金额（元）", "money", total="sum"), C("原因说明", "text", width=30), C("联系电话", "phone")],
         "注：应代缴未代缴指已参保、属于代缴范围，但本缴费年度未足额代缴的人员。"),
        ("应发未发名单.xlsx", "应发未发人员名单", [
            C("出生日期", "date"), C("年满60周岁日期", "date", width=12), C("参保状态", "short", width=9),
            C("原因说明", "text", width=30), C("联系电话", "phone")],
         "注：应发未发指已年满60周岁、符合待遇领取条件但未按月领取城乡居民养老保险待遇的人员。"),
    ]
    for name, title, extra, note in comparisons:
        book = Book(os.path.join(folder, name))
        form(book, "名单", title, who + extra, notes=[note + "请在当月内核实处理，实现动态清零。"])
        book.close()

    book = Book(os.path.join(folder, "跨地推送名单.xlsx"))
    columns = [
        C("序号", "seq"), C("姓名", "name"), C("性别", "short"), C("公民身份号码", "id", total="count"),
        C("人员类别", "text", width=14), C("认定地", "text", width=16), C("认定时间", "date"),
        C("户籍地", "place"), C("联系电话", "phone"), C("推送原因", "text", width=30),
    ]
    form(book, "推送名单", "困难群体参保信息跨地推送名单（推送至：{推送至}）", columns,
         info_left="推送单位：{填报单位}",
         notes=["注：以上人员的认定地与户籍地不在同一地（市、县），按规定由户籍地为其参加城乡居民养老保险并代缴，"
                "请户籍地社会保险经办机构核实后办理。"])
    book.close()


def main():
    guangdong()
    shaoguan()
    zhongshan()
    kunming()
    common()
    for folder, _, files in sorted(os.walk(TEMPLATES)):
        for name in sorted(files):
            if name.endswith(".xlsx"):
                full = os.path.join(folder, name)
                print(f"{os.path.getsize(full):>8}  {os.path.relpath(full, ROOT)}")


if __name__ == "__main__":
    main()
