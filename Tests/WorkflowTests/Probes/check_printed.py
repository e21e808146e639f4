"""Checks filled forms as LibreOffice prints them (its PDFs read by poppler's pdftotext):
each sheet numbered on its own ("第 1 页，共 N 页", N its own page count, what its row breaks
predict), years as plain integers, every text of the 备注/原因说明 columns printed whole, and a
signature line with room to sign. Usage: check_printed.py FOLDER BOOK.xlsx[#N]... (PDFs beside
them; with #N only the first N sheets are ours to check, as in an annotated copy of a clerk's list).
Prints {"problems": [...], "sheets": n, "pages": n, "texts": n}."""
import json, os, re, subprocess, sys
import openpyxl

folder, books = sys.argv[1], sys.argv[2:]
problems, checked = [], {"sheets": 0, "pages": 0, "texts": 0}
squeeze = lambda text: re.sub(r"\s+", "", text or "")
FOOTER = re.compile(r"第\s*(\d+)\s*页，共\s*(\d+)\s*页")
TEXT_COLUMNS = ("备注", "原因说明", "推送原因", "筛查结果")


def pages_of(pdf):
    """Each page's layout text and its words with their boxes."""
    layout = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    boxes = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", html, re.S):
        boxes.append([(float(x0), float(y0), float(x1), word) for x0, y0, x1, word in
                      re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page)])
    return layout[:len(boxes)], boxes


def left_aligned_runs(words):
    """The page's text by left edge: on each line, words close together make one cell's line;
    lines starting at the same x (a left-aligned column and the wrapped lines of its cells) are
    joined top to bottom."""
    lines = {}
    for word in words:
        lines.setdefault(round(word[1]), []).append(word)
    runs = {}
    for y in sorted(lines):
        segments = []
        for x0, _, x1, text in sorted(lines[y]):
            if segments and x0 - segments[-1][1] < 4:
                segments[-1] = (segments[-1][0], x1, segments[-1][2] + text)
            else:
                segments.append((x0, x1, text))
        for x0, _, text in segments:
            runs.setdefault(round(x0 / 2), []).append(text)
    return ["".join(run) for run in runs.values()]


for book in books:
    book, _, ours = book.partition("#")
    pdf = os.path.splitext(book)[0] + ".pdf"
    layout, boxes = pages_of(pdf)
    wb = openpyxl.load_workbook(book)
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    # Pages in order; a sheet's pages start at 第 1 页.
    groups, footers = [], [FOOTER.search(text) for text in layout]
    for number, (text, found) in enumerate(zip(layout, footers)):
        if not found:
            problems.append(f"{os.path.basename(book)} page {number + 1}: no page number")
            continue
        if int(found.group(1)) == 1:
            groups.append([])
        groups[-1].append((int(found.group(1)), int(found.group(2)), number))
    if len(groups) != len(sheets):
        problems.append(f"{os.path.basename(book)}: {len(groups)} numbered runs of pages for {len(sheets)} sheets")
        continue
    for ws, group in list(zip(sheets, groups))[:int(ours) if ours else None]:
        checked["sheets"] += 1
        checked["pages"] += len(group)
        name = f"{os.path.basename(book)} {ws.title}"
        predicted = len(ws.row_breaks.brk) + 1
        if [p for p, _, _ in group] != list(range(1, len(group) + 1)) or any(n != len(group) for _, n, _ in group):
            problems.append(f"{name}: pages numbered {[(p, n) for p, n, _ in group]}")
        # A sheet whose pages we counted prints at its own scale (not "fit to page") with our breaks.
        counted = not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        if counted and len(group) != predicted:
            problems.append(f"{name}: {len(group)} pages printed, {predicted} predicted by its row breaks")
        text = "".join(layout[i] for _, _, i in group)
        if re.search(r"\b\d,\d{3}\b", text) and any(c.value == "缴费年度" or c.value == "代缴年度" for row in ws.iter_rows(max_row=8) for c in row):
            for year in re.findall(r"\b2,0\d\d\b", text):
                problems.append(f"{name}: year printed as {year}")
        # Long texts printed whole: the column's words across the sheet's pages hold every value.
        header = {c.value: c.column for row in ws.iter_rows(max_row=8) for c in row if c.value in TEXT_COLUMNS}
        runs = [run for _, _, i in group for run in left_aligned_runs(boxes[i])]
        for title, column in header.items():
            for row in ws.iter_rows(min_row=1, min_col=column, max_col=column):
                value = row[0].value
                if isinstance(value, str) and value != title and len(value) > 4 and not value.startswith("{"):
                    checked["texts"] += 1
                    if not any(squeeze(value) in run for run in runs):
                        problems.append(f"{name} {row[0].coordinate}: 「{value}」 not printed whole")
        signature = re.search(r"填表人：( *)审核人：", text)
        if "填表人" in text and (not signature or len(signature.group(1)) < 10):
            problems.append(f"{name}: signature line without room: {signature.group(0) if signature else None}")

print(json.dumps({"problems": problems, **checked}, ensure_ascii=False))
