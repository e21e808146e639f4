"""A synthetic county over three months, written with openpyxl, and what its monthly reports must
say, computed here from the scenario alone (not from sheetflow's outputs).

    county_scenario.py make FOLDER   writes the month files and FOLDER/expected.json; prints the plan
    county_scenario.py read FILE...  prints every sheet's rows of each workbook as JSON

The county is Shaoguan's 武江区 (profile shaoguan-2018: age 16, pension at 60, 180 yuan a year,
priority 建档立卡 > 特困 > 低保 > 重度残疾 > 精神和智力残疾)."""
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
MONTHS = [(2026, 9), (2026, 10), (2026, 11)]
HOME = ("440203", "广东省韶关市武江区")
# Households elsewhere: another city of the province, another province, another county of the
# city (the report is made by 武江区社保局, so 浈江区 households are pushed to 浈江区).
ELSEWHERE = [("441802", "广东省清远市清城区", "清远市"), ("430102", "湖南省长沙市芙蓉区", "湖南省"), ("440204", "广东省韶关市浈江区", "浈江区")]


def make_id(region, birth, sequence):
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def month_end(year, month):
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def age(birth, on):
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Person:
    def __init__(self, number, rng, birth=None, place=None):
        self.birth = birth or dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 60))
        region, self.household, self.destination = place or (HOME + (None,))
        self.id = make_id(region, self.birth, number)
        self.name = "测试" + "甲乙丙丁戊己庚辛壬癸"[number % 10] + "子丑寅卯辰巳午未申酉戌亥"[number % 12] + str(number)
        self.town = TOWNS[number % 3]
        self.gender = "男" if int(self.id[16]) % 2 else "女"


def main_make(folder):
    rng = random.Random(20261123)
    people = [Person(n, rng) for n in range(1, 281)]
    # Cross-city, cross-county and out-of-province households; people turning 16 and 60 during the months.
    people += [Person(n, rng, place=ELSEWHERE[n % 3]) for n in range(281, 291)]
    people += [Person(291, rng, birth=dt.date(2010, 10, 15)), Person(292, rng, birth=dt.date(1966, 11, 10)),
               Person(293, rng, birth=dt.date(2010, 12, 5))]
    by_id = {p.id: p for p in people}
    ids = [p.id for p in people]
    # Membership per (sender, category): sets of ids, changed month by month.
    civil = {"低保对象": set(ids[0:120] + ids[280:286] + ids[290:293]), "特困人员": set(ids[120:160])}
    poor = {"建档立卡贫困人口": set(ids[160:220] + ids[286:290])}
    disabled = {"重度残疾人": set(ids[220:250] + ids[0:10]), "精神和智力残疾人": set(ids[250:280])}  # 0–9 also 低保
    files, history = [], {}

    def roster(name, title, rows, category_column=True, change_column=False):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "名单"
        sheet.append([title])
        sheet.append([f"数据截至 {rows[0][-1]:%Y年%m月%d日}" if rows else ""])
        header = ["序号", "乡镇（街道）", "姓名", "性别", "身份证号码"] + (["人员类别"] if category_column else []) + ["认定时间", "户籍地址", "联系电话"]
        sheet.append(header + (["变动类型"] if change_column else []))
        for number, (person, category, change, as_of) in enumerate(rows, start=1):
            values = [number, person.town, person.name, person.gender, person.id] + ([category] if category_column else [])
            values += [dt.datetime(2020, 1, 1 + number % 28), person.household, f"138{number:08d}"]
            sheet.append(values + ([change] if change_column else []))
            sheet.cell(sheet.max_row, 5).number_format = "@"
        path = os.path.join(folder, name)
        workbook.save(path)
        return path

    def enrolment_export(name, rows, as_of):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "参保缴费信息"
        sheet.append([f"城乡居民养老保险参保缴费信息（数据截至{as_of:%Y年%m月%d日}）"])
        sheet.append(["身份证号码", "姓名", "参保状态", "参保时间", "缴费年度", "代缴金额", "代缴时间", "待遇开始时间"])
        for person, enrolled, paid, benefit in rows:
            sheet.append([person.id, person.name, "正常参保", enrolled, 2026 if paid else None, 180 if paid else None, paid, benefit])
        path = os.path.join(folder, name)
        workbook.save(path)
        return path

    def reference(name, title, rows, as_of):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append([f"{title}（数据截至{as_of:%Y年%m月%d日}）"])
        sheet.append(["姓名", "公民身份号码"])
        for person in rows:
            sheet.append([person.name, person.id])
        path = os.path.join(folder, name)
        workbook.save(path)
        return path

    enrolment, payment, benefit, exclusions = {}, {}, {}, {}
    for index, (year, month) in enumerate(MONTHS):
        as_of = month_end(year, month)
        received = as_of + dt.timedelta(days=3)
        if index == 1:  # October: civil affairs drop 5 and add 10 (full list); disabled federation sends changes.
            civil["低保对象"] -= set(ids[0:5])
            civil["低保对象"] |= set(ids[270:280])  # 270–279 are also 精神和智力残疾人
            exits = ids[220:224]
            disabled["重度残疾人"] -= set(exits)
            changes = [(by_id[i], "重度残疾人", "退出", as_of) for i in exits]
            changes += [(by_id[i], "重度残疾人", "新增", as_of) for i in ids[100:104]]
            disabled["重度残疾人"] |= set(ids[100:104])
            files.append({"path": roster("残联-10月变动名单.xlsx", "武江区残疾人变动名单", changes, change_column=True),
                          "received": str(received), "sender": "武江区残联", "mode": None})
        if index == 2:  # November: poverty office sends additions only (title says 新增).
            added = [by_id[i] for i in ids[40:45]]
            poor["建档立卡贫困人口"] |= {p.id for p in added}
            files.append({"path": roster("建档立卡-11月新增名单.xlsx", "武江区建档立卡贫困人口新增名单",
                                         [(p, None, None, as_of) for p in added], category_column=False),
                          "received": str(received), "sender": "武江区乡村振兴局", "mode": None})
            deaths = [by_id[ids[130]], by_id[ids[200]]]
            students = [by_id[ids[50]], by_id[ids[51]], by_id[ids[60]]]
            for p in deaths:
                exclusions.setdefault(p.id, as_of)
            for p in students:
                exclusions.setdefault(p.id, as_of)
            files.append({"path": reference("死亡人员-11月.xlsx", "武江区死亡人员名单", deaths, as_of), "received": str(received),
                          "sender": "武江区民政局", "kind": "死亡人员名单"})
            files.append({"path": reference("在校生-11月.xlsx", "武江区在校学生名单", students, as_of), "received": str(received),
                          "sender": "武江区教育局", "kind": "在校生名单"})
        if index in (0, 1):
            rows = [(by_id[i], c, None, as_of) for c in ("低保对象", "特困人员") for i in sorted(civil[c])]
            files.append({"path": roster(f"民政-{month}月全量名单.xlsx", "武江区低保对象、特困人员名单", rows),
                          "received": str(received), "sender": "武江区民政局", "mode": None})
        if index == 0:
            files.append({"path": roster("建档立卡-9月名单.xlsx", "武江区建档立卡贫困人口名单",
                                         [(by_id[i], None, None, as_of) for i in sorted(poor["建档立卡贫困人口"])], category_column=False),
                          "received": str(received), "sender": "武江区乡村振兴局", "mode": None})
            rows = [(by_id[i], c, None, as_of) for c in ("重度残疾人", "精神和智力残疾人") for i in sorted(disabled[c])]
            files.append({"path": roster("残联-9月名单.xlsx", "武江区重度残疾人、精神和智力残疾人名单", rows),
                          "received": str(received), "sender": "武江区残联", "mode": None})
        # The pension system: every month about a third more of the people are enrolled and paid for.
        rows = []
        for n, person in enumerate(people):
            if n % 3 == index and person.id not in enrolment:
                enrolled = dt.datetime(year, month, 10)
                paid = dt.datetime(year, month, 20) if n % 2 == 0 else None
                started = dt.datetime(year, month, 1) if age(person.birth, as_of) >= 60 and n % 4 == 0 else None
                enrolment[person.id] = as_of
                if paid:
                    payment[person.id] = paid.date()
                if started:
                    benefit[person.id] = started.date()
                rows.append((person, enrolled, paid, started))
        files.append({"path": enrolment_export(f"参保缴费信息-{month}月.xlsx", rows, as_of), "received": str(received),
                      "sender": "武江区社保经办机构", "kind": "参保缴费信息"})
        history[f"{year}-{month:02d}"] = {"civil": {k: set(v) for k, v in civil.items()}, "poor": {k: set(v) for k, v in poor.items()},
                                          "disabled": {k: set(v) for k, v in disabled.items()}}

    expected = {}
    for (year, month) in MONTHS:
        key = f"{year}-{month:02d}"
        reference_date = month_end(year, month)
        member = history[key]
        categories = {}
        for group in member.values():
            for category, members in group.items():
                for i in members:
                    categories.setdefault(i, set()).add(category)
        result = {"应参未参": [], "应代缴未代缴": [], "应发未发": [], "push": {}, "stats": {}}
        for i, cats in categories.items():
            person = by_id[i]
            counted = next(c for c in PRIORITY if c in cats)
            years = age(person.birth, reference_date)
            excluded = i in exclusions and exclusions[i] <= reference_date
            if person.destination:
                result["push"].setdefault(person.destination, []).append(i)
            eligible = years >= 16 and not excluded and not person.destination
            should_enrol = eligible and years < 60
            enrolled = i in enrolment and enrolment[i] <= reference_date
            paid = i in payment and payment[i] <= reference_date
            should_receive = eligible and years >= 60
            receiving = i in benefit and benefit[i] <= reference_date
            if should_enrol and not enrolled:
                result["应参未参"].append(i)
            if should_enrol and not paid:
                result["应代缴未代缴"].append(i)
            if should_receive and not receiving:
                result["应发未发"].append(i)
            sheet = next(name for name, members in LISTS.items() if counted in members)
            row = result["stats"].setdefault(sheet, {}).setdefault(person.town, [0] * 8)
            for column, flag in enumerate([True, should_enrol, should_enrol and enrolled, should_enrol, should_enrol and paid, False,
                                           should_receive, should_receive and receiving]):
                row[column] += 1 if flag else 0
            row[5] += 180 if should_enrol and paid else 0
        for name in ("应参未参", "应代缴未代缴", "应发未发"):
            result[name].sort()
        for destination in result["push"]:
            result["push"][destination].sort()
        result["basic"] = {sheet: sorted(i for i, cats in categories.items() if cats & set(members)) for sheet, members in LISTS.items()}
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
