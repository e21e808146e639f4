"""Checks a filled workbook against its template and the data it was filled with, using
openpyxl only (nothing of sheetflow's). Prints JSON: {"problems": [...], "checked": {...}}.

Usage: python3 check_filled.py TEMPLATE OUTPUT DATA.json
DATA.json: {"values": {name: value}, "lists": {name: {"fields": [...], "records": [[...]]}}},
dates written as "date:YYYY-MM-DD". Every list must have at least one record.
"""
import datetime
import json
import math
import re
import sys

import openpyxl

template_path, output_path, data_path = sys.argv[1:4]
template = openpyxl.load_workbook(template_path)
output = openpyxl.load_workbook(output_path)
cached = openpyxl.load_workbook(output_path, data_only=True)
data = json.load(open(data_path, encoding="utf-8"))
problems = []
checked = {"cells": 0, "formulas": 0, "cachedTotals": 0, "merges": 0, "sheets": 0}

FIELD = re.compile(r"(?<!\\)\{([^{}.]*)\.([^{}]+)\}")
SINGLE = re.compile(r"(?<!\\)\{([^{}.]+)\}")
REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)(?::(\$?)([A-Z]{1,3})(\$?)(\d+))?")


class N(float):
    """A number whose division by zero is NaN (like Excel's #DIV/0!), so both branches of an IF
    can be computed eagerly and the untaken one ignored."""

    def __truediv__(self, other):
        return N(math.nan) if other == 0 else N(float(self) / other)

    def __rtruediv__(self, other):
        return N(math.nan) if self == 0 else N(other / float(self))

    def __add__(self, other):
        return N(float(self) + other)

    __radd__ = __add__

    def __mul__(self, other):
        return N(float(self) * other)

    __rmul__ = __mul__


def value(v):
    if isinstance(v, str) and v.startswith("date:"):
        return datetime.datetime.fromisoformat(v[5:])
    return v


def shown(v):
    """How a value reads inside text (dates as 2026年10月31日)."""
    v = value(v)
    if isinstance(v, datetime.datetime):
        return f"{v.year}年{v.month}月{v.day}日"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


for ws in template.worksheets:
    out, out_cached = output[ws.title], cached[ws.title]
    checked["sheets"] += 1
    repeats = {}  # template row -> list name
    for row in ws.iter_rows():
        for c in row:
            m = FIELD.search(c.value) if isinstance(c.value, str) else None
            if m:
                repeats[c.row] = m.group(1)
                break
    counts = {r: len(data["lists"][name]["records"]) for r, name in repeats.items()}

    def out_row(r):
        return r + sum(n - 1 for rr, n in counts.items() if rr < r)

    def shift(formula, within=None, offset=0):
        """The template formula as it must read in the output: references below a repeated row
        move down, a range over the repeated row stretches over every record; in a repeated row
        (`within`), references to that row follow the record (`offset`)."""
        def replace(m):
            c1, r1 = m.group(2), int(m.group(4))
            if within is not None and r1 == within and not m.group(6):
                return f"{m.group(1)}{c1}{m.group(3)}{out_row(r1) + offset}"
            if m.group(6):
                c2, r2 = m.group(6), int(m.group(8))
                end = out_row(r2) + (counts[r2] - 1 if r2 in counts else 0)
                return f"{m.group(1)}{c1}{m.group(3)}{out_row(r1)}:{m.group(5)}{c2}{m.group(7)}{end}"
            return f"{m.group(1)}{c1}{m.group(3)}{out_row(r1)}"
        return REF.sub(replace, formula)

    def evaluate(formula, sheet):
        """Computes the few formula shapes the shipped templates use, from the output's cells."""
        body = formula.lstrip("=")
        m = re.fullmatch(r'(SUM|COUNTA|COUNTIF)\(([A-Z]+)(\d+):([A-Z]+)(\d+)(?:,"([^"]*)")?\)', body)
        if m:
            # A formula cell counts with its cached value (a total over a formula column).
            cells = [out_cached[f"{m.group(2)}{r}"].value if isinstance(sheet[f"{m.group(2)}{r}"].value, str)
                     and sheet[f"{m.group(2)}{r}"].value.startswith("=") else sheet[f"{m.group(2)}{r}"].value
                     for r in range(int(m.group(3)), int(m.group(5)) + 1)]
            if m.group(1) == "SUM":
                return sum(v for v in cells if isinstance(v, (int, float)))
            if m.group(1) == "COUNTA":
                return sum(1 for v in cells if v not in (None, ""))
            return sum(1 for v in cells if v == m.group(6))
        expression = REF.sub(lambda r: f"N({out_cached[f'{r.group(2)}{r.group(4)}'].value or 0!r})", body)
        expression = re.sub(r"(?<![<>!=])=(?!=)", "==", expression).replace("IF(", "_if(").replace("ROUND(", "_round(")
        return eval(expression, {"N": N, "_if": lambda c, a, b: a if c else b,
                                 "_round": lambda v, d: v if math.isnan(v) else round(v, d)})

    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            if c.row in repeats:
                name = repeats[c.row]
                fields, records = data["lists"][name]["fields"], data["lists"][name]["records"]
                for k, record in enumerate(records):
                    target = out.cell(out_row(c.row) + k, c.column)
                    m = FIELD.fullmatch(c.value) if isinstance(c.value, str) else None
                    if m:
                        expected = value(record[fields.index(m.group(2))])
                    elif isinstance(c.value, str) and c.value.startswith("="):
                        expected = shift(c.value, within=c.row, offset=k)
                        got = out_cached.cell(target.row, target.column).value
                        want = evaluate(expected, out)
                        if abs((got or 0) - want) > 1e-9:
                            problems.append(f"{ws.title}!{target.coordinate}: cached {got}, computed {want}")
                    else:
                        expected = c.value
                    if target.value != expected:
                        problems.append(f"{ws.title}!{target.coordinate}: {target.value!r} != {expected!r}")
                    if target.number_format != c.number_format or target.font.name != c.font.name \
                            or target.border.left.style != c.border.left.style:
                        problems.append(f"{ws.title}!{target.coordinate}: style differs from template {c.coordinate}")
                    checked["cells"] += 1
                continue
            target = out.cell(out_row(c.row), c.column)
            if isinstance(c.value, str) and c.value.startswith("="):
                expected = shift(c.value)
                checked["formulas"] += 1
                got = out_cached.cell(target.row, target.column).value
                want = evaluate(expected, out)
                if abs((got or 0) - want) > 1e-9:
                    problems.append(f"{ws.title}!{target.coordinate}: cached {got}, computed {want}")
                checked["cachedTotals"] += 1
            elif isinstance(c.value, str) and SINGLE.search(c.value):
                if SINGLE.fullmatch(c.value) and not isinstance(value(data["values"].get(c.value[1:-1])), str):
                    expected = value(data["values"].get(c.value[1:-1]))
                else:
                    expected = SINGLE.sub(lambda m: shown(data["values"].get(m.group(1))), c.value)
            else:
                expected = c.value
            if target.value != expected:
                problems.append(f"{ws.title}!{target.coordinate}: {target.value!r} != {expected!r}")
            if target.number_format != c.number_format or target.font.name != c.font.name:
                problems.append(f"{ws.title}!{target.coordinate}: style differs from template {c.coordinate}")
            checked["cells"] += 1

    def moved(ref):
        """A range list (sqref, print area) as filling moves it: a single cell on a repeated row
        stretches over the records, like a range over it."""
        def one(m):
            if not m.group(6) and int(m.group(4)) in counts:
                return shift(f"{m.group(0)}:{m.group(0)}")
            return shift(m.group(0))
        return REF.sub(one, ref)

    merges = sorted(moved(str(r)) for r in ws.merged_cells.ranges)
    if merges != sorted(str(r) for r in out.merged_cells.ranges):
        problems.append(f"{ws.title}: merges {sorted(str(r) for r in out.merged_cells.ranges)} != {merges}")
    checked["merges"] += len(merges)
    validations = sorted(moved(str(v.sqref)) for v in ws.data_validations.dataValidation)
    if validations != sorted(str(v.sqref) for v in out.data_validations.dataValidation):
        problems.append(f"{ws.title}: validations {[str(v.sqref) for v in out.data_validations.dataValidation]} != {validations}")
    conditional = sorted(moved(str(r.sqref)) for r in ws.conditional_formatting)
    if conditional != sorted(str(r.sqref) for r in out.conditional_formatting):
        problems.append(f"{ws.title}: conditional formats {sorted(str(r.sqref) for r in out.conditional_formatting)} != {conditional}")
    titles = re.sub(r"\$(\d+)", lambda m: "$" + str(out_row(int(m.group(1)))), ws.print_title_rows or "")
    if (out.print_title_rows or "") != titles:
        problems.append(f"{ws.title}: print titles {out.print_title_rows} != {titles}")
    if ws.print_area and out.print_area != moved(ws.print_area):
        problems.append(f"{ws.title}: print area {out.print_area} != {moved(ws.print_area)}")
    # One page wide: the filled sheet prints at the scale its pages were counted for, numbered
    # from 1, and "共 &N 页" becomes its own page count (one page per row break, plus one).
    pages = len(out.row_breaks.brk) + 1
    setup = (out.page_setup.orientation, str(out.page_setup.paperSize), out.page_setup.firstPageNumber, out.oddFooter.center.text)
    want = (ws.page_setup.orientation, str(ws.page_setup.paperSize), 1, ws.oddFooter.center.text.replace("&N", str(pages)))
    if setup != want or not 10 <= (out.page_setup.scale or 0) <= 100 or out.sheet_properties.pageSetUpPr.fitToPage:
        problems.append(f"{ws.title}: page setup {setup} != {want}, scale {out.page_setup.scale}")
    for r in range(1, ws.max_row + 1):
        height = ws.row_dimensions[r].height
        # A row keeps its height, or grows for wrapped text; never shrinks.
        if height and (out.row_dimensions[out_row(r)].height or 0) < height:
            problems.append(f"{ws.title}: row {r} height {out.row_dimensions[out_row(r)].height} < {height}")
    for letter, dim in ws.column_dimensions.items():
        if dim.width and abs(out.column_dimensions[letter].width - dim.width) > 0.01:
            problems.append(f"{ws.title}: column {letter} width differs")

print(json.dumps({"problems": problems, "checked": checked}, ensure_ascii=False))
