#!/usr/bin/env python3
"""Build Sources/Workflow/Resources/divisions.tsv, the administrative division codes sheetflow
checks the first six digits of an ID number against.

Source: the county-level-and-above codes of GB/T 2260 as published by the Ministry of Civil
Affairs / National Bureau of Statistics, in the yearly lists collected by the areacodes project
(github.com/yescallop/areacodes, data/<year>.txt). Guangdong (44) and Yunnan (53) are kept to
county level from the 1995, 2010 and 2025 lists (scripts/data/divisions-<year>.txt hold the
entries of each year that differ from 2025); every province is kept. People keep the code of the
county that issued their ID after it was renamed or merged, so codes no longer in use stay in
the table, marked 历史. A code used only between two sampled years is not in the table: the
check reports an unknown county code as a warning, never as an error.

Usage: scripts/make-divisions.py
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "scripts", "data")
OUT = os.path.join(ROOT, "Sources", "Workflow", "Resources", "divisions.tsv")

PROVINCES = """110000 北京市
120000 天津市
130000 河北省
140000 山西省
150000 内蒙古自治区
210000 辽宁省
220000 吉林省
230000 黑龙江省
310000 上海市
320000 江苏省
330000 浙江省
340000 安徽省
350000 福建省
360000 江西省
370000 山东省
410000 河南省
420000 湖北省
430000 湖南省
440000 广东省
450000 广西壮族自治区
460000 海南省
500000 重庆市
510000 四川省
520000 贵州省
530000 云南省
540000 西藏自治区
610000 陕西省
620000 甘肃省
630000 青海省
640000 宁夏回族自治区
650000 新疆维吾尔自治区
710000 台湾省
810000 香港特别行政区
820000 澳门特别行政区"""


def read(year):
    with open(os.path.join(DATA, f"divisions-{year}.txt"), encoding="utf-8") as handle:
        return [line.strip().split(maxsplit=1) for line in handle if line.strip()]


def main():
    current = dict(read(2025))
    names = {code: [name] for code, name in current.items()}
    for year in (2010, 1995):
        for code, name in read(year):
            if name not in names.setdefault(code, []):
                names[code].append(name)
    for line in PROVINCES.splitlines():
        code, name = line.split()
        names.setdefault(code, [name])
        current.setdefault(code, name)
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# code\tname\tstatus\tformer names (GB/T 2260; see scripts/make-divisions.py)\n")
        for code in sorted(names):
            status = "现行" if code in current else "历史"
            out.write(f"{code}\t{names[code][0]}\t{status}\t{'、'.join(names[code][1:])}\n")
    print(f"{len(names)} codes → {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
