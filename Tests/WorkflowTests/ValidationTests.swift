import Foundation
import TestSupport
import Testing
import XLSXKit
@testable import Workflow

/// `validate` on lists written by other programs, each with known mistakes
/// (scripts/make-fixtures.py, make_validation_inputs).
@Suite("Validation")
struct ValidationTests {
    static func fixture(_ name: String) -> String {
        Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures")!
    }

    static let shaoguan = try! ProfileCatalog.shipped().profile("shaoguan-2018")

    static func findings(_ name: String, profile: Profile = shaoguan) throws -> (ValidationSummary, [Finding]) {
        var found: [Finding] = []
        let summary = try Validator(path: fixture(name), options: ValidationOptions(profile: profile)).run(finding: { finding, _ in found.append(finding) })
        return (summary, found)
    }

    static func pairs(_ findings: [Finding]) -> Set<String> {
        Set(findings.map { "\($0.rule)@\($0.cell ?? "-")" })
    }

    @Test("a roster as Excel and LibreOffice save it: every mistake found at its cell", arguments: [
        "roster-mistakes-openpyxl.xlsx", "roster-mistakes-libreoffice.xlsx",
    ])
    func roster(file: String) throws {
        let (summary, findings) = try Self.findings(file)
        #expect(summary.kind == .roster && summary.kindConfidence == .high)
        #expect(summary.asOf == ExcelDateTime(year: 2026, month: 10, day: 31))
        #expect(summary.asOfSource.hasPrefix("标题"))
        #expect(summary.records == 11, "title, header, blank, 合计 and 填表人 rows are not records")
        #expect(summary.layout?.headerRows == 3...3)
        #expect(Self.pairs(findings) == [
            "FILE002@-", "FILE003@-", "FILE004@-",
            "ID009@D5", "CAT001@E5", "DATE001@F5",                      // an ID typed as a number; 低保户; 2020.3.5
            "NORM002@B6", "NORM001@D6", "CAT002@E6", "DATE001@F6", "ELIG005@G6", // 王 五; full-width digits; 五保; 清远 ≠ 韶关
            "ID004@D7", "DATE001@F7", "ELIG004@G7", "TEL001@I7",        // check digit; 20200305; 湖南 household; 7-digit mobile
            "ELIG001@D8",                                               // 15 years old
            "CAT001@E9", "DATE001@F9", "ELIG002@D9", "ID012@C9",        // 低保; 2020/03/05; 66 years old; 男 with a woman's ID
            "ID008@D10", "DATE001@F10",                                 // a 15-digit ID
            "DUP001@D4", "DUP001@D12", "CAT005@D4", "CAT005@D11", "CAT005@D12", // one person three times, two categories
            "ID010@D13", "CAT003@E13", "DATE002@F13", "ID012@C13",      // province 99; 精神病人; 明年
            "ID012@C14",
        ])
        let duplicate = try #require(findings.first { $0.rule == "DUP001" && $0.cell == "D4" })
        #expect(duplicate.message.contains("与第 12 行重复"))
        let counted = try #require(findings.first { $0.rule == "CAT005" && $0.cell == "D11" })
        #expect(counted.message.contains("统计为「特困人员」"), "特困人员 comes before 低保对象 in Shaoguan's priority")
        for finding in findings { #expect(!finding.message.contains("440203199001011231"), "no full ID in a message") }
    }

    @Test("a ledger with a two-row header: the six dates in order and within the month, disability cards")
    func ledger() throws {
        let (summary, findings) = try Self.findings("ledger-xlsxwriter.xlsx")
        #expect(summary.kind == .ledger)
        #expect(summary.layout?.headerRows == 2...3, "台账日期 is a merged group heading above the six dates")
        #expect(summary.layout?.columns[.handover] == 8)
        #expect(summary.asOf == ExcelDateTime(year: 2026, month: 10, day: 31))
        #expect(summary.records == 4)
        #expect(Self.pairs(findings) == [
            "FILE003@-", "FILE004@-",
            "DIS003@F4",                        // card says grade 2, the column 一级
            "DIS003@F5",                        // enrolled before the hand-over: not a problem
            "LED001@H6", "LED002@I6", "LED002@K6", // handed over before recognised; enrolled and paid a month later
            "LED002@I7", "LED002@K7", "DIS002@E7", // the card belongs to another ID
        ])
    }

    @Test("a WPS-like list in the 1904 date system with pasted text")
    func wpsLike() throws {
        let kunming = try ProfileCatalog.shipped().profile("kunming-2021")
        let (summary, findings) = try Self.findings("wps-like-1904.xlsx", profile: kunming)
        #expect(summary.asOfSource.hasPrefix("文件日期"), "no date of its own: the file's date (its previous month's end in the reporting window)")
        #expect(Self.pairs(findings) == ["FILE003@-", "FILE004@-", "NORM003@B2", "NORM002@E2", "DATE001@D2",
                                         "NORM002@A3", "NORM002@B3", "DATE001@D3", "DATE001@D4"])
        let serial = try #require(findings.first { $0.cell == "D4" })
        #expect(serial.message.contains("43771 按 Excel 日期序号识别为 2023-11-03"), "1904 system: serial 43771 is 2023-11-03")
        let (_, shaoguanFindings) = try Self.findings("wps-like-1904.xlsx")
        #expect(shaoguanFindings.contains { $0.rule == "CAT004" && $0.cell == "C2" }, "返贫致贫人口 is not a Shaoguan category")
    }

    @Test("the three outputs: annotated copy (openpyxl reads fills, comments and 校验结果 first), cleaned list, JSON; the input untouched")
    func outputs() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/低保名单.xlsx"
        try FileManager.default.copyItem(atPath: Self.fixture("roster-mistakes-openpyxl.xlsx"), toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let report = try ValidationReport.write(input: input, options: ValidationOptions(profile: Self.shaoguan), folder: folder + "/out")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        #expect(report.annotatedCopy == folder + "/out/低保名单-校验报告.xlsx")
        #expect(report.cleanedList == folder + "/out/低保名单-规范化.xlsx")
        let script = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1]); clean = openpyxl.load_workbook(sys.argv[2])["名单"]
        data = json.load(open(sys.argv[3], encoding="utf-8")); ws = wb["低保对象"]; summary = wb["校验结果"]
        def mark(ref):
            c = ws[ref]
            return [c.value if not isinstance(c.value, float) else "number", c.fill.fgColor.rgb, c.comment.text if c.comment else None]
        rows = list(summary.iter_rows(values_only=True))
        heads = [i for i, r in enumerate(rows) if r[0] == "序号"]
        rules = {}
        for row in rows[heads[0] + 1:]:
            if row[0] is None: break
            rules[row[8]] = row[2]
        found = [r for r in rows[heads[1] + 1:] if r[0] is not None]
        facts = {r[0]: r[2] for r in rows[2:7]}
        print(json.dumps({"sheets": wb.sheetnames, "title": summary["A1"].value, "instruction": summary["A2"].value, "verdict": facts["结论"],
          "rules": rules, "findings": [[r[1], r[2], r[3], r[6], r[8]] for r in found], "titles": summary.print_title_rows,
          "landscape": summary.page_setup.orientation, "scale": summary.page_setup.scale, "footer": summary.oddFooter.center.text,
          "breaks": len(summary.row_breaks.brk),
          "border": summary.cell(heads[1] + 2, 8).border.left.style, "wrap": summary.cell(heads[1] + 2, 8).alignment.wrap_text,
          "D5": mark("D5"), "E5": mark("E5"), "F7": mark("F7"), "D8": mark("D8"), "B3": mark("B3"),
          "header": [c.value for c in clean[1]], "rows": clean.max_row,
          "li": [clean.cell(3, c).value for c in (2, 4, 5)], "wang": [clean.cell(4, c).value for c in (2, 4, 5)],
          "date": clean["F3"].value.isoformat(), "idFormat": clean["D2"].number_format,
          "json": {k: v for k, v in data.items() if k != "findings"}, "count": len(data["findings"]),
          "keys": sorted(data["findings"][0].keys())}, ensure_ascii=False))
        """
        let result = try #require(try ExternalTool.python(script, [report.annotatedCopy, report.cleanedList!, report.findingsJSON]) as? [String: Any])
        #expect(result["sheets"] as? [String] == ["校验结果", "低保对象", "旧名单"])
        #expect(result["title"] as? String == "名单校验结果")
        #expect((result["verdict"] as? String)?.hasPrefix("错误 \(report.summary.errors) 处") == true)
        #expect(result["instruction"] as? String == "请修改标红的 \(report.summary.errors) 处错误后重新报送；标黄的 \(report.summary.severities[.warning]!) 处警告请一并核实。")
        // The findings as a form: errors, then warnings, then hints, each by row; who and what the cell held.
        let listed = try #require(result["findings"] as? [[Any]])
        #expect(listed.count == report.summary.counts.values.reduce(0, +))
        let order = listed.map { row in (["错误": 0, "警告": 1, "提示": 2][row[0] as? String ?? ""] ?? 9) * 10_000_000 + (row[1] as? Int ?? 0) }
        #expect(order == order.sorted(), "\(order)")
        let lost = try #require(listed.first { $0[4] as? String == "ID009" })
        #expect(lost[2] as? String == "李四" && (lost[3] as? String)?.hasSuffix("E+17") == true, "as Excel shows the number: \(lost)")
        #expect(listed.filter { $0[1] is Int }.allSatisfy { $0[2] is String }, "every finding on a row names the person")
        let duplicates = listed.filter { $0[4] as? String == "DUP001" }
        #expect(duplicates.count == 2 && duplicates.allSatisfy { ($0[3] as? String)?.count == 18 }, "\(duplicates)")
        #expect(result["titles"] as? String != nil && result["landscape"] as? String == "landscape")
        // Printed one page wide at a scale of its own, and "共 N 页" counts its own pages.
        #expect((result["scale"] as? Int).map { (10...100).contains($0) } == true)
        #expect(result["footer"] as? String == "第 &P 页，共 \((result["breaks"] as? Int ?? -1) + 1) 页")
        #expect(result["border"] as? String == "thin" && result["wrap"] as? Bool == true)
        let rules = try #require(result["rules"] as? [String: Int])
        #expect(rules["ID009"] == 1 && rules["DATE001"] == 5 && rules["DUP001"] == 2)
        let d5 = try #require(result["D5"] as? [Any])
        #expect(d5[0] as? String == "number", "the clerk's value is kept as it was")
        #expect(d5[1] as? String == "FFFFC7CE")
        #expect((d5[2] as? String)?.hasPrefix("[ID009] 身份证号存成了数字") == true)
        let e5 = try #require(result["E5"] as? [Any])
        #expect(e5[0] as? String == "低保户" && e5[1] as? String == "FFFFEB9C")
        #expect((e5[2] as? String)?.contains("「低保户」→「低保对象」") == true)
        let d8 = try #require(result["D8"] as? [Any])
        #expect(d8[2] is NSNull, "info findings are listed in 校验结果, not commented")
        let b3 = try #require(result["B3"] as? [Any])
        #expect(b3[0] as? String == "姓名" && b3[2] is NSNull)
        #expect(result["header"] as? [String] == ["序号", "姓名", "性别", "公民身份号码", "人员类别", "认定时间", "认定地", "户籍地", "联系电话"])
        #expect(result["rows"] as? Int == 12)
        #expect(result["li"] as? [AnyHashable] == ["李四", NSNull(), "低保对象"], "an ID whose digits were lost is left empty")
        #expect(result["wang"] as? [String] == ["王五", "440232197207070010", "特困人员"])
        #expect(result["date"] as? String == "2020-03-05T00:00:00")
        #expect(result["idFormat"] as? String == "@")
        let head = try #require(result["json"] as? [String: Any])
        #expect(head["file"] as? String == "低保名单.xlsx" && head["kind"] as? String == "名单" && head["as_of"] as? String == "2026-10-31")
        #expect(head["records"] as? Int == 11)
        #expect(result["count"] as? Int == report.summary.counts.values.reduce(0, +))
        #expect(result["keys"] as? [String] == ["cell", "column", "message", "name", "row", "rule", "severity", "sheet", "value"])
    }

    @Test("GB 11643: check digits, birth dates, 15-digit IDs, masking")
    func residentID() throws {
        #expect(try ResidentID.parse("11010519491231002X").get().isMale == false)
        #expect(ResidentID.parse("110105194912310021") == .failure(.checkDigit(expected: "X")))
        let february31 = "11010519490231002" + String(ResidentID.checkCharacter(Array("11010519490231002".utf8)[...]))
        #expect(ResidentID.parse(february31) == .failure(.birthDate))
        #expect(ResidentID.parse("1101051949123100") == .failure(.length(16)))
        #expect(ResidentID.upgrading("110105491231002") == "11010519491231002X")
        #expect(ResidentID.mask("11010519491231002X") == "110105********002X")
        let id = try ResidentID.parse("11010519491231002X").get()
        #expect(id.age(onYear: 2026, month: 10, day: 31) == 76)
        #expect(id.age(onYear: 2026, month: 12, day: 31) == 77)
    }

    @Test("text cleaning: full-width, invisible, apostrophes, lower-case x")
    func cleaning() {
        #expect(TextCleaning.clean("４４０２０３１９９００１０１１２３ｘ", compact: true) == ("44020319900101123X", [.fullWidth, .lowerX]))
        #expect(TextCleaning.clean("'440203199001011231", compact: true).changes == [.apostrophe])
        #expect(TextCleaning.clean("张\u{200B}三 ", compact: false) == ("张三", [.invisible]))
        #expect(TextCleaning.clean("王 五", compact: false).text == "王五")
        #expect(TextCleaning.clean("Zhang San", compact: false) == ("Zhang San", []))
    }

    @Test("docs/rules.md is the catalogue the program uses")
    func rulesDocument() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(document == RuleCatalogDocument.markdown() + "\n", "regenerate: swift run sheetflow rules --markdown > docs/rules.md")
        #expect(Set(Rule.all.map(\.code)).count == Rule.all.count, "rule codes are unique")
    }

    /// Rows a clerk's list may have that the fixtures do not: one mistake each, written by openpyxl
    /// (a 40,000-character remark is put in by editing the saved XML: openpyxl itself would cut it).
    static let catalogueWriter = """
    import datetime as dt, os, shutil, sys, zipfile, openpyxl
    folder = sys.argv[1]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    def full(body): return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    book = openpyxl.Workbook(); sheet = book.active; sheet.title = "低保对象"
    sheet.append(["武江区低保对象名单"]); sheet.append(["数据截至：2026年10月31日"])
    sheet.append(["序号", "姓名", "公民身份号码", "出生日期", "人员类别", "认定时间", "是否在校生", "残疾人证号", "备注"])
    x_id = next(full(f"44020319900101{n:03d}") for n in range(1000) if full(f"44020319900101{n:03d}").endswith("X"))
    rows = [
        ["测试1", None],                                            # ID001 C4
        ["测试2", "4402031990010112"],                              # ID002 C5: 16 digits
        ["测试3", "44020319900101123A"],                            # ID003 C6
        ["测试4", full("44020319900230123")],                       # ID005 C7: 30 February
        ["测试5", full("44020320270101123")],                       # ID006 C8: born next year
        ["测试6", full("44020319000101123")],                       # ID007 C9: 126 years old
        ["测试7", full("44029919800101123")],                       # ID011 C10: 440299 is no county
        ["测试8", full("44020319800101456"), dt.datetime(1980, 2, 1)],  # ID013 D11
        ["测试9", full("44020319800101789")],                       # DUP002 C12 and C13
        ["测试十", full("44020319800101789")],
        ["测试11", x_id.lower()],                                    # NORM004 C14
        ["测试12", full("44020319800303123"), None, "低保对象", dt.datetime(2027, 1, 1)],  # DATE003 F15
        [None, full("44020319800404123")],                          # REQ001 B16
        ["测试14", full("44020319800505123"), None, "低保对象", None, "是"],  # ELIG003 G17
        ["测试15", full("44020319800606123"), None, "低保对象", None, None, "12345"],  # DIS001 H18
        ["测试16", full("44020319800707123"), None, "低保对象", None, None, None, "LONGTEXT"],  # NORM005 I19
        ["测试17", 7777777],                                         # ID014 C20: all 18 digits in a number cell (below)
    ]
    kept_id = next(full(f"44020319800808{n:03d}") for n in range(1000) if not full(f"44020319800808{n:03d}").endswith("X"))
    for number, row in enumerate(rows, start=1):
        row = (row + [None] * 8)[:8]
        if row[3] is None: row[3] = "低保对象"
        if row[4] is None: row[4] = dt.datetime(2020, 1, 1)
        sheet.append([number] + row[:2] + [row[2]] + row[3:])
        sheet.cell(sheet.max_row, 3).number_format = "@"
    book.create_sheet("隐藏的表").sheet_state = "hidden"                 # FILE002
    path = os.path.join(folder, "规则.xlsx"); book.save(path)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            data = data.replace(b"LONGTEXT", "很长的备注".encode() * 8000)   # in the shared strings or inline
            data = data.replace(b"<v>7777777</v>", b"<v>" + kept_id.encode() + b"</v>")  # as some exporters write an ID
            target.writestr(item, data)
    os.replace(path + ".new", path)
    book = openpyxl.Workbook(); book.active.append(["这里没有表头"]); book.active.append(["张三", "李四"]); book.save(os.path.join(folder, "无表头.xlsx"))
    book = openpyxl.Workbook(); book.active.append(["序号", "姓名", "人员类别"]); book.active.append([1, "张三", "低保对象"]); book.save(os.path.join(folder, "缺列.xlsx"))
    # FILE006, as WPS files come: a second sheet whose r:id is empty, a styles part named but missing.
    book = openpyxl.Workbook(); book.active.title = "低保对象"
    book.active.append(["序号", "姓名", "公民身份号码", "人员类别"]); book.active.append([1, "张三", full("44020319900101123"), "低保对象"])
    book.create_sheet("附表")["A1"] = "x"
    path = os.path.join(folder, "不完整.xlsx"); book.save(path)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "xl/styles.xml": continue
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml": data = data.replace(b'r:id="rId2"', b'r:id=""')
            target.writestr(item, data)
    os.replace(path + ".new", path)
    # FILE008 and FILE007: a list on two sheets with one header (the second without a title), a third with another header.
    book = openpyxl.Workbook(); book.active.title = "第一页"
    book.active.append(["武江区低保对象名单"]); book.active.append(["序号", "姓名", "公民身份号码", "人员类别"])
    book.active.append([1, "张三", full("44020319900101123"), "低保对象"])
    second = book.create_sheet("第二页"); second.append(["序号", "姓名", "公民身份号码", "人员类别"])
    second.append([2, "李四", full("44020319850615262"), "低保对象"]); second.append([3, "王五", "440203", "低保对象"])
    book.create_sheet("联系人").append(["姓名", "联系电话"])
    book.save(os.path.join(folder, "多表.xlsx"))
    print("{}")
    """

    @Test("the rule catalogue: every rule in docs/rules.md is triggered, each at its cell (file-level rules at their sheet)")
    func catalogue() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try ExternalTool.python(Self.catalogueWriter, [folder])
        func run(_ path: String, profile: Profile = ValidationTests.shaoguan) throws -> [Finding] {
            var found: [Finding] = []
            _ = try Validator(path: path, options: ValidationOptions(profile: profile)).run(finding: { finding, _ in found.append(finding) })
            return found
        }
        let rules = try run(folder + "/规则.xlsx")
        let pairs = Self.pairs(rules)
        for expected in ["ID001@C4", "ID002@C5", "ID003@C6", "ID005@C7", "ID006@C8", "ID007@C9", "ID011@C10", "ID013@D11", "DUP002@C12", "DUP002@C13",
                         "NORM004@C14", "DATE003@F15", "REQ001@B16", "ELIG003@G17", "DIS001@H18", "NORM005@I19", "ID014@C20"] {
            #expect(pairs.contains(expected), "\(expected) in \(pairs.sorted())")
        }
        #expect(rules.contains { $0.rule == "FILE002" && $0.sheet == "隐藏的表" && $0.cell == nil })
        #expect(rules.contains { $0.rule == "FILE003" && $0.sheet == "低保对象" } && rules.contains { $0.rule == "FILE004" && $0.sheet == "低保对象" })
        let noHeader = try run(folder + "/无表头.xlsx"), missing = try run(folder + "/缺列.xlsx")
        #expect(noHeader.map(\.rule) == ["FILE001"] && noHeader[0].cell == nil)
        #expect(missing.contains { $0.rule == "FILE005" && $0.message.contains("「公民身份号码」") })
        let incomplete = try run(folder + "/不完整.xlsx")
        #expect(incomplete.filter { $0.rule == "FILE006" }.map(\.message).sorted() == [
            "文件内部不完整，已尽量读取：工作表「附表」在文件中没有对应的内容（关系编号为空），已跳过，其余工作表照常读取。请用 Excel 或 WPS 打开核对内容是否齐全，另存为 .xlsx 后重新报送。",
            "文件内部不完整，已尽量读取：文件缺少样式部件 xl/styles.xml，已按默认格式读取：日期可能显示为数字，请核对日期列。请用 Excel 或 WPS 打开核对内容是否齐全，另存为 .xlsx 后重新报送。",
        ], "\(incomplete.map(\.message))")
        #expect(incomplete.contains { $0.rule == "FILE003" && $0.sheet == "低保对象" }, "the rest is read")
        let sheets = try run(folder + "/多表.xlsx")
        #expect(sheets.contains { $0.rule == "FILE008" && $0.sheet == "第一页" && $0.message.contains("「第一页」、「第二页」") })
        #expect(sheets.contains { $0.rule == "FILE007" && $0.sheet == "联系人" })
        #expect(sheets.contains { $0.rule == "ID002" && $0.sheet == "第二页" && $0.cell == "C3" }, "the second sheet is checked: \(sheets.map(\.rule))")
        // With the fixtures' own tests (every one asserts its pairs), nothing in the catalogue goes untriggered.
        var seen = Set((rules + noHeader + missing + incomplete + sheets).map(\.rule))
        for name in ["roster-mistakes-openpyxl.xlsx", "ledger-xlsxwriter.xlsx", "wps-like-1904.xlsx"] { seen.formUnion(try Self.findings(name).1.map(\.rule)) }
        let untriggered = Rule.all.map(\.code).filter { !seen.contains($0) }
        #expect(untriggered.isEmpty, "never triggered: \(untriggered)")
    }
}

@Suite("Place names")
struct PlaceNameTests {
    @Test("addresses name their province, city and county, also when only the county-level city is written")
    func places() {
        let places = PlaceNames(region: "4402")
        #expect(places.otherProvince(in: "湖南省长沙市芙蓉区")?.name == "湖南")
        #expect(places.otherProvince(in: "广东省韶关市武江区") == nil)
        #expect(places.city(in: "广东省清远市清城区凤城街道") == "441800")
        #expect(places.city(in: "韶关市浈江区") == "440200")
        #expect(places.city(in: "广东省乐昌市乐城街道") == "440200")
        #expect(places.county(in: "广东省韶关市浈江区东河街道", city: "440200") == "440204")
        #expect(places.county(in: "广东省乐昌市乐城街道", city: "440200") == "440281")
        #expect(places.county(in: "武江区社保局", city: "440200") == "440203")
        #expect(places.county(in: "韶关市社保局", city: "440200") == nil)
    }

}
