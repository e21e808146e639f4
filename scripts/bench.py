#!/usr/bin/env python3
"""Benchmark driver for scripts/bench: builds the inputs once, runs each contender in its own
process, and reports wall time and peak RSS (from wait4) side by side."""
import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench-out")
HEADER = ["序号", "姓名", "性别", "公民身份号码", "出生日期", "户籍地址", "人员类别", "认定时间", "认定地",
          "联系电话", "代缴金额", "备注"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红梅建华志强春梅海燕丽娟"
PLACES = [("440203", "广东省韶关市武江区"), ("440204", "广东省韶关市浈江区"), ("440205", "广东省韶关市曲江区"),
          ("440232", "广东省韶关市乳源瑶族自治县"), ("440281", "广东省乐昌市"), ("442000", "广东省中山市"),
          ("445202", "广东省揭阳市榕城区"), ("530102", "云南省昆明市五华区")]
CATEGORIES = ["低保对象", "特困人员", "建档立卡贫困人口", "重度残疾人", "精神和智力残疾人"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def make_id(region, birth, sequence):
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def make_roster(path, rows):
    """A roster as a county would send it, written by XlsxWriter in constant_memory mode."""
    import xlsxwriter

    random.seed(20261123)
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("花名册")
    text = workbook.add_format({"num_format": "@"})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    money = workbook.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, HEADER)
    base = dt.date(1950, 1, 1)
    for row in range(1, rows):
        region, address = random.choice(PLACES)
        birth = base + dt.timedelta(days=random.randrange(0, 365 * 60))
        recognised = dt.datetime(2018, 1, 1) + dt.timedelta(days=random.randrange(0, 365 * 8))
        sheet.write_number(row, 0, row)
        sheet.write_string(row, 1, random.choice(SURNAMES) + random.choice(GIVEN) + random.choice(GIVEN))
        sequence = random.randrange(0, 1000)
        sheet.write_string(row, 2, "男" if sequence % 2 else "女")
        sheet.write_string(row, 3, make_id(region, birth, sequence), text)
        sheet.write_datetime(row, 4, dt.datetime.combine(birth, dt.time()), date)
        sheet.write_string(row, 5, f"{address}{random.randrange(1, 30)}号")
        sheet.write_string(row, 6, random.choice(CATEGORIES))
        sheet.write_datetime(row, 7, recognised, date)
        sheet.write_string(row, 8, random.choice(PLACES)[1])
        sheet.write_string(row, 9, f"1{random.randrange(3, 10)}{random.randrange(0, 10**9):09d}", text)
        sheet.write_number(row, 10, 180, money)
        if row % 10 == 0:
            sheet.write_string(row, 11, "户籍地与认定地不一致")
    workbook.close()


def run(command):
    """Run a command, return (seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{command[0]} failed ({status}): {stderr.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024, stdout.decode()


CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
workbook = CalamineWorkbook.from_path(sys.argv[1])
for name in workbook.sheet_names:
    rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    cells = sum(1 for row in rows for value in row if value != "")
    print(f"{name} rows={len(rows)} cells={cells}")
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheetflow", required=True)
    parser.add_argument("--rows", type=int, default=1_048_575)
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)

    roster = os.path.join(OUT, f"roster-{args.rows}.xlsx")
    if not os.path.exists(roster):
        print(f"generating {roster} with XlsxWriter ({args.rows:,} rows × 12 columns) …", flush=True)
        started = time.perf_counter()
        make_roster(roster + ".part", args.rows)
        os.rename(roster + ".part", roster)
        print(f"  done in {time.perf_counter() - started:.0f} s, {os.path.getsize(roster) / 2**20:.0f} MiB", flush=True)

    print(f"\nRead every cell of {os.path.basename(roster)} ({os.path.getsize(roster) / 2**20:.0f} MiB)")
    ours = run([args.sheetflow, "inspect", roster, "--count"])
    peer = run([sys.executable, "-c", CALAMINE, roster])
    print(f"  sheetflow inspect --count : {ours[0]:6.2f} s  peak RSS {ours[1]:7.1f} MiB   {ours[2].strip()}")
    print(f"  python-calamine           : {peer[0]:6.2f} s  peak RSS {peer[1]:7.1f} MiB   {peer[2].strip()}")
    ratio = ours[0] / peer[0]
    print(f"  ratio sheetflow / calamine: {ratio:.2f}  (target ≤ 1.00)   sheetflow peak RSS ≤ 64 MiB: "
          f"{'yes' if ours[1] <= 64 else 'NO'}")


if __name__ == "__main__":
    main()
