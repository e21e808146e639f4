"""A county's three months (July–September 2026) as its files really arrive, written with openpyxl,
and what each month's reports must say, computed here from the scenario alone (not from
sheetflow's outputs).

    county_scenario.py make FOLDER   writes the files into FOLDER/files (modification times on
                                     the 3rd–5th of the next month) and FOLDER/expected.json;
                                     prints the plan
    county_scenario.py read FILE...  prints every sheet's rows of each workbook as JSON

The county is Shaoguan's 武江区 (profile shaoguan-2018, unit 武江区社保局: age 16, pension at 60,
180 yuan a year, priority 建档立卡 > 特困 > 低保 > 重度残疾 > 精神和智力残疾). Nothing tells sheetflow
what a file is: no sub-folder, no --kind, no --as-of. The pension system's exports have no 数据截至
line; the death list is 姓名 / 公民身份号码 / 死亡日期 with no title; the students' list has 学校名称
and 入学时间; the employee-pension list 单位名称 and 参保险种."""
import datetime as dt
import json
import os
import random
import sys

import openpyxl

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
PRIORITY = ["建档立卡贫困人口", "特困人员", "低保对象", "重度残疾人", "精神和智力残疾人"]
LISTS = {"建档立卡": ["建档立卡贫困人口"], "低保对象": ["低保对象"], "特困人员": ["特困人员"], "残疾人": ["重度残疾人", "精神和智力残疾人"]}
TOWNS = ["新华街道", "惠民街道", "龙归镇"]
MONTHS = [(2026, 7), (2026, 8), (2026, 9)]
HOME = ("440203", "广东省韶关市武江区")
# Households elsewhere: another city of the province, another province, another county of the
# city (the unit is 武江区社保局, so 浈江区 households are pushed to 浈江区).
QINGYUAN, HUNAN, ZHENJIANG = ("441802", "广东省清远市清城区", "清远市"), ("430102", "湖南省长沙市芙蓉区", "湖南省"), ("440204", "广东省韶关市浈江区", "浈江区")


def make_id(region, birth, sequence):
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def month_end(year, month):
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def age(birth, on):
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Person:
    def __init__(self, number, rng, birth=None, place=None):
        self.number = number
        self.birth = birth or dt.date(1951, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 57))
        region, self.household, self.destination = place or (HOME + (None,))
        self.id = make_id(region, self.birth, number)
        self.name = "测试" + "甲乙丙丁戊己庚辛壬癸"[number % 10] + "子丑寅卯辰巳午未申酉戌亥"[number % 12] + str(number)
        self.town = TOWNS[number % 3]
        self.gender = "男" if int(self.id[16]) % 2 else "女"


def main_make(folder):
    rng = random.Random(20261201)
    files_folder = os.path.join(folder, "files")
    os.makedirs(files_folder, exist_ok=True)
    people = [Person(n, rng) for n in range(180)]
    people += [Person(180, rng, place=QINGYUAN), Person(181, rng, place=QINGYUAN), Person(182, rng, place=HUNAN),
               Person(183, rng, place=HUNAN), Person(184, rng, place=ZHENJIANG), Person(185, rng, place=ZHENJIANG)]
    people += [Person(186, rng, birth=dt.date(2010, 8, 15)), Person(187, rng, birth=dt.date(1966, 9, 10))]
    p = {person.number: person for person in people}
    files = []

    def save(book, name, arrived):
        path = os.path.join(files_folder, name)
        book.save(path)
        stamp = dt.datetime(arrived.year, arrived.month, arrived.day, 9, 30).timestamp()
        os.utime(path, (stamp, stamp))
        files.append({"path": path, "arrived": str(arrived)})

    def roster(name, title, as_of, rows, arrived, category_column=True, change_column=False):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "名单"
        sheet.append([title])
        sheet.append([f"数据截至：{as_of:%Y年%m月%d日}"])
        header = ["序号", "乡镇（街道）", "姓名", "性别", "身份证号码"] + (["人员类别"] if category_column else []) + ["认定时间", "户籍地址", "联系电话"]
        sheet.append(header + (["变动类型"] if change_column else []))
        for number, (person, category, change) in enumerate(rows, start=1):
            values = [number, person.town, person.name, person.gender, person.id] + ([category] if category_column else [])
            values += [dt.datetime(2020, 1, 1 + number % 28), person.household, f"138{number:08d}"]
            sheet.append(values + ([change] if change_column else []))
            sheet.cell(sheet.max_row, 5).number_format = "@"
        save(book, name, arrived)

    def export(name, rows, arrived):
        """The pension system's export: no 数据截至 line, arriving in the first days of the next month."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Sheet1"
        sheet.append(["城乡居民养老保险参保缴费信息"])
        sheet.append(["身份证号码", "姓名", "参保状态", "参保时间", "缴费年度", "代缴金额", "代缴时间", "待遇开始时间"])
        for person, state, enrolled, paid, amount, benefit in rows:
            sheet.append([person.id, person.name, state, enrolled, 2026 if paid else None, amount if paid else None, paid, benefit])
            sheet.cell(sheet.max_row, 1).number_format = "@"
        save(book, name, arrived)

    def reference(name, header, rows, arrived):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
            sheet.cell(sheet.max_row, 2).number_format = "@"
        save(book, name, arrived)

    # Who is on which list at each month's end: (sender, category) → numbers.
    civil = {"低保对象": set(range(0, 70)) | {180, 181, 186}, "特困人员": set(range(70, 90))}
    poor = {"建档立卡贫困人口": set(range(90, 120)) | {182, 183}}
    disabled = {"重度残疾人": set(range(125, 145)) | set(range(0, 5)), "精神和智力残疾人": set(range(145, 160)) | {184, 185, 187}}
    history = {}
    deaths = {}        # number → date of death
    students = {}      # number → 入学时间
    employees = {}     # number → 参保时间 of the employees' scheme
    enrolment = {}     # number → list of (date, active)
    payments = {}      # number → (paid date, amount)
    benefits = {}      # number → start date

    def pension_rows(index, year, month):
        rows = []
        for person in people:
            n = person.number
            if n % 3 != index or n in enrolment:
                continue
            enrolled = dt.date(year, month, 10)
            paid = dt.date(year, month, 20) if n % 2 == 0 else None
            amount = 100 if n == 6 else 180
            over = age(person.birth, month_end(year, month)) >= 60
            started = dt.date(year, month, 1) if over and n % 4 == 0 else None
            enrolment[n] = [(enrolled, True)]
            if paid and not over:
                payments[n] = (paid, amount)
            if started:
                benefits[n] = started
            rows.append((person, "正常参保", dt.datetime.combine(enrolled, dt.time()), dt.datetime.combine(paid, dt.time()) if paid and not over else None,
                         amount, dt.datetime.combine(started, dt.time()) if started else None))
        return rows

    for index, (year, month) in enumerate(MONTHS):
        as_of = month_end(year, month)
        third = as_of + dt.timedelta(days=3)
        fourth, fifth = third + dt.timedelta(days=1), third + dt.timedelta(days=2)
        if index == 1:  # August: civil affairs drop 0–4 (still 重度残疾人) and add 160–169; the disabled federation sends changes.
            civil["低保对象"] -= set(range(0, 5))
            civil["低保对象"] |= set(range(160, 170))
            disabled["重度残疾人"] -= set(range(125, 129))
            disabled["重度残疾人"] |= set(range(170, 174))
            changes = [(p[n], "重度残疾人", "退出") for n in range(125, 129)] + [(p[n], "重度残疾人", "新增") for n in range(170, 174)]
            roster("残联-8月变动名单.xlsx", "武江区残疾人变动名单", as_of, changes, fourth, change_column=True)
            deaths[10] = dt.date(2026, 8, 18)
            reference("公安推送-2026年8月.xlsx", ["姓名", "公民身份号码", "死亡日期"],
                      [[p[10].name, p[10].id, dt.datetime(2026, 8, 18)]], fifth)
            students.update({30: dt.date(2025, 9, 1), 31: dt.date(2025, 9, 1)})
            reference("教育局-学生信息.xlsx", ["姓名", "公民身份号码", "学校名称", "入学时间"],
                      [[p[n].name, p[n].id, "韶关学院", dt.datetime(2025, 9, 1)] for n in (30, 31)], fifth)
        if index == 2:  # September: 特困 loses 70–71, gains 174–176; the poverty office adds 120–124 (title says 新增).
            civil["特困人员"] -= {70, 71}
            civil["特困人员"] |= {174, 175, 176}
            poor["建档立卡贫困人口"] |= set(range(120, 125))
            roster("乡村振兴局-9月新增.xlsx", "武江区建档立卡贫困人口新增名单", as_of, [(p[n], None, None) for n in range(120, 125)], third,
                   category_column=False)
            deaths[95] = dt.date(2026, 9, 12)
            deaths[181] = dt.date(2026, 9, 20)
            reference("殡葬信息-9月.xlsx", ["姓名", "公民身份号码", "死亡日期"],
                      [[p[n].name, p[n].id, dt.datetime.combine(deaths[n], dt.time())] for n in (95, 181)], fifth)
            employees[50] = dt.date(2026, 9, 1)
            reference("职工参保-9月.xlsx", ["姓名", "公民身份号码", "单位名称", "参保险种", "参保时间"],
                      [[p[50].name, p[50].id, "韶关某公司", "企业职工基本养老保险", dt.datetime(2026, 9, 1)]], fifth)
        rows = [(p[n], c, None) for c in ("低保对象", "特困人员") for n in sorted(civil[c])]
        roster(f"民政-{month}月低保特困名单.xlsx", "武江区低保对象、特困人员名单", as_of, rows, fourth)
        if index == 0:
            roster("扶贫办-7月名单.xlsx", "武江区建档立卡贫困人口名单", as_of, [(p[n], None, None) for n in sorted(poor["建档立卡贫困人口"])], fourth,
                   category_column=False)
            rows = [(p[n], c, None) for c in ("重度残疾人", "精神和智力残疾人") for n in sorted(disabled[c])]
            roster("残联-7月名单.xlsx", "武江区重度残疾人、精神和智力残疾人名单", as_of, rows, fifth)
        # The pension system: a third of the people enrolled each month (some before any roster names
        # them); person 3 is suspended in September.
        rows = pension_rows(index, year, month)
        if index == 2:
            rows.append((p[3], "暂停", dt.datetime(2026, 7, 10), None, 180, None))
            enrolment[3].append((as_of, False))
        export(f"参保缴费信息导出-{month}月.xlsx", rows, third)
        history[f"{year}-{month:02d}"] = {("民政", c): set(v) for c, v in civil.items()}
        history[f"{year}-{month:02d}"].update({("扶贫", c): set(v) for c, v in poor.items()})
        history[f"{year}-{month:02d}"].update({("残联", c): set(v) for c, v in disabled.items()})

    expected = {}
    for index, (year, month) in enumerate(MONTHS):
        key = f"{year}-{month:02d}"
        last_day = month_end(year, month)
        # (Everyone who dies stays on the lists, so the lists at the month's end are the ones to judge by.)
        categories = {}
        for members in history[key].values():
            for n in members:
                categories.setdefault(n, set())
        for n in categories:
            categories[n] = {c for (_, c), members in history[key].items() if n in members}
        result = {"应参未参": [], "应代缴未代缴": [], "应发未发": [], "push": {}, "stats": {}, "excluded": [], "ledger": {}}
        for n, cats in categories.items():
            person = p[n]
            counted = next(c for c in PRIORITY if c in cats)
            sheet = next(name for name, members in LISTS.items() if counted in members)
            reasons = []
            if n in deaths and deaths[n] <= last_day:
                result["excluded"].append(person.id)
                continue
            years = age(person.birth, last_day)
            if n in students and students[n] <= last_day:
                reasons.append("在校生")
            if n in employees and employees[n] <= last_day:
                reasons.append("职工")
            if person.destination:
                result["push"].setdefault(person.destination, []).append(person.id)
                reasons.append("推送")
            if years < 16:
                reasons.append("未满16周岁")
            if reasons:
                result["excluded"].append(person.id)
            eligible = years >= 16 and not any(r in ("在校生", "职工", "推送") for r in reasons)
            should_enrol = eligible and years < 60
            events = [event for event in enrolment.get(n, []) if event[0] <= last_day]
            enrolled = bool(events) and max(events)[1]
            paid, amount = payments.get(n, (None, 0))
            paid_by = paid is not None and paid <= last_day
            should_receive = eligible and years >= 60
            receiving = n in benefits and benefits[n] <= last_day
            if should_enrol and not enrolled:
                result["应参未参"].append(person.id)
            if should_enrol and not (paid_by and amount >= 180):
                result["应代缴未代缴"].append(person.id)
            if should_receive and not receiving:
                result["应发未发"].append(person.id)
            result["ledger"].setdefault(sheet, []).append(person.id)
            row = result["stats"].setdefault(sheet, {}).setdefault(person.town, [0] * 8)
            for column, flag in enumerate([True, should_enrol, should_enrol and enrolled, should_enrol, should_enrol and paid_by and amount >= 180,
                                           False, should_receive, should_receive and receiving]):
                row[column] += 1 if flag else 0
            row[5] += amount if should_enrol and paid_by else 0
        for name in ("应参未参", "应代缴未代缴", "应发未发", "excluded"):
            result[name].sort()
        for group in (result["push"], result["ledger"]):
            for name in group:
                group[name].sort()
        # 基本信息表: in force at the month's end and alive (those who died in the month are marked 退出).
        alive = {n: cats for n, cats in categories.items() if not (n in deaths and deaths[n] <= last_day)}
        result["basic"] = {sheet: sorted(p[n].id for n, cats in alive.items() if cats & set(members)) for sheet, members in LISTS.items()}
        expected[key] = result
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump(expected, handle, ensure_ascii=False)
    print(json.dumps({"files": files}, ensure_ascii=False))


def main_read(paths):
    books = {}
    for path in paths:
        workbook = openpyxl.load_workbook(path)
        books[os.path.basename(path)] = {sheet.title: [[cell if not isinstance(cell, (dt.date, dt.datetime)) else cell.isoformat()[:10]
                                                        for cell in row] for row in sheet.iter_rows(values_only=True)]
                                         for sheet in workbook}
    print(json.dumps(books, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        main_make(sys.argv[2])
    else:
        main_read(sys.argv[2:])
