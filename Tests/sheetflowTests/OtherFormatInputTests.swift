import Foundation
import TestSupport
import Testing

/// Lists sent as something other than .xlsx — Excel 97–2003 `.xls` (what LibreOffice's
/// "Excel 97" and WPS's 兼容格式 save), a pension system's CSV export — through the commands and
/// the inbox a clerk uses, with no hints.
extension CommandLineTests {
    @Test("an .xls or .ods list is validated like the .xlsx it was saved from: the same findings at the same cells, an .xlsx report, the receipt says what the file was; in the inbox it is registered",
          .enabled(if: ExternalTool.hasLibreOffice),
          arguments: [("xls:MS Excel 97", "xls", "Excel 97-2003 工作簿（.xls）"), ("ods", "ods", "OpenDocument 表格（.ods）")])
    func otherFormatListEndToEnd(filter: String, ext: String, format: String) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = Self.repository.appendingPathComponent("Tests/WorkflowTests/Fixtures/roster-mistakes-openpyxl.xlsx").path
        try FileManager.default.createDirectory(atPath: folder + "/xlsx", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: folder + "/xlsx/低保名单.xlsx")
        let legacy = try ExternalTool.libreOffice(convert: folder + "/xlsx/低保名单.xlsx", to: filter, in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: legacy))

        let modern = try Self.run(["validate", folder + "/xlsx/低保名单.xlsx", "-o", folder + "/out-xlsx", "--json"])
        let old = try Self.run(["validate", legacy, "-o", folder + "/out-xls"])
        #expect(old.status == 1, "\(old.stderr)")
        #expect(old.stdout.hasPrefix("回执：低保名单.\(ext)（文件是 \(format)，已照常读取；校验报告为 .xlsx，原文件未改动），名单，11 条记录，数据截至 2026-10-31；错误 10 处"),
                "\(old.stdout)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: legacy)) == before, "the original is never modified")

        // The same findings at the same cells, whatever the format.
        func findings(_ json: Data) throws -> [String] {
            let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            return (object["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")@\($0["cell"] ?? "")" }.sorted()
        }
        let fromXLSX = try findings(Data(modern.stdout.utf8))
        let fromXLS = try findings(Data(contentsOf: URL(fileURLWithPath: folder + "/out-xls/低保名单-findings.json")))
        #expect(fromXLS == fromXLSX)
        #expect(fromXLS.contains("ID004@D7"))

        // The report is an .xlsx openpyxl reads: 校验结果 first, then the list with the same comments.
        let report = try ExternalTool.python("""
            import json, sys, openpyxl
            out = {}
            for path in sys.argv[1:]:
                wb = openpyxl.load_workbook(path)
                ws = wb.worksheets[1]
                out[path] = {"sheets": wb.sheetnames, "comments": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.comment),
                             "merged": sorted(str(r) for r in ws.merged_cells.ranges), "D7": str(ws["D7"].value)}
            print(json.dumps(out))
            """, [folder + "/out-xlsx/低保名单-校验报告.xlsx", folder + "/out-xls/低保名单-校验报告.xlsx"]) as? [String: [String: Any]] ?? [:]
        let xlsxReport = report[folder + "/out-xlsx/低保名单-校验报告.xlsx"] ?? [:], xlsReport = report[folder + "/out-xls/低保名单-校验报告.xlsx"] ?? [:]
        #expect((xlsReport["sheets"] as? [String])?.first == "校验结果")
        #expect(xlsReport["sheets"] as? [String] == xlsxReport["sheets"] as? [String])
        #expect(xlsReport["comments"] as? [String] == xlsxReport["comments"] as? [String])
        #expect(!((xlsReport["comments"] as? [String]) ?? []).isEmpty)
        #expect(xlsReport["merged"] as? [String] == xlsxReport["merged"] as? [String])
        #expect(xlsReport["D7"] as? String == xlsxReport["D7"] as? String)

        // Dropped in the inbox root, as a clerk does: taken, registered, receipt says .xls.
        let root = try FolderServiceTests.workspace(in: folder)
        try FileManager.default.copyItem(atPath: legacy, toPath: root + "/inbox/低保名单.\(ext)")
        let run = try Self.run(["run", root])
        #expect(run.stdout.contains("归档 1 个，未能处理 0 个"), "\(run.stdout)\(run.stderr)")
        let receipt = try #require(FolderServiceTests.files(under: root + "/outbox").first { $0.hasSuffix("回执.txt") })
        let text = try String(contentsOfFile: root + "/outbox/" + receipt, encoding: .utf8)
        #expect(text.contains("回执：低保名单.\(ext)（文件是 \(format)"), "\(text)")
        #expect(text.contains("登记册：新增"), "\(text)")
    }

    @Test("a CSV export (GB18030, as Chinese Excel saves 'CSV') is validated and registered like a workbook: IDs stay text, dates are dates, the receipt says it was CSV")
    func csvListEndToEnd() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = ["武江区低保对象名单（数据截至2026年10月31日）", "序号,姓名,性别,公民身份号码,人员类别,认定时间,代缴金额",
                     "1,张三,男,440203199001011231,低保对象,2020-03-05,180", "2,李四,女,440203198506152625,特困人员,2019/11/20,180",
                     "3,王五,男,44023219720707001,重度残疾人,2021-01-08,180"]
        let csv = folder + "/低保名单.csv"
        try #require((lines.joined(separator: "\r\n") + "\r\n").data(using: String.Encoding(rawValue: 0x8000_0632)) != nil)
        try (lines.joined(separator: "\r\n") + "\r\n").data(using: String.Encoding(rawValue: 0x8000_0632))!.write(to: URL(fileURLWithPath: csv))
        let result = try Self.run(["validate", csv, "-o", folder + "/out", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 3)
        let found = (object["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")@\($0["cell"] ?? "")" }
        #expect(found.contains("ID002@D5"), "the 17-digit ID is the one error: \(found)")
        #expect(!found.contains { $0.hasPrefix("ID") && !$0.hasSuffix("D5") }, "\(found)")
        let text = try Self.run(["validate", csv, "-o", folder + "/out"])
        #expect(text.stdout.hasPrefix("回执：低保名单.csv（文件是 CSV 文本文件，已照常读取；校验报告为 .xlsx，原文件未改动），名单，3 条记录，数据截至 2026-10-31"), "\(text.stdout)")
        let report = try ExternalTool.python("""
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).worksheets[1]
            print(json.dumps({"D3": ws["D3"].value, "F4": str(ws["F4"].value), "G3": ws["G3"].value, "title": ws.title}))
            """, [folder + "/out/低保名单-校验报告.xlsx"]) as? [String: Any] ?? [:]
        #expect(report["D3"] as? String == "440203199001011231")
        #expect(report["F4"] as? String == "2019-11-20 00:00:00")
        #expect(report["G3"] as? Int == 180)
        #expect(report["title"] as? String == "低保名单")

        let root = try FolderServiceTests.workspace(in: folder)
        try FileManager.default.copyItem(atPath: csv, toPath: root + "/inbox/低保名单.csv")
        let run = try Self.run(["run", root])
        #expect(run.stdout.contains("归档 1 个，未能处理 0 个"), "\(run.stdout)\(run.stderr)")
        let receipt = try #require(FolderServiceTests.files(under: root + "/outbox").first { $0.hasSuffix("回执.txt") })
        let receiptText = try String(contentsOfFile: root + "/outbox/" + receipt, encoding: .utf8)
        #expect(receiptText.contains("（文件是 CSV 文本文件") && receiptText.contains("登记册：新增 2 人次"), "\(receiptText)")
    }
}

extension CommandLineTests {
    @Test("a list that goes on over two .xls sheets with the same header is checked and registered whole: findings name their sheet, a duplicate across the sheets is found, a sheet with another header is reported, not skipped in silence")
    func listOverSeveralSheets() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/武江区低保对象名单.xls"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("Tests/XLSXKitTests/Fixtures/xlwt-roster-sheets.xls").path,
                                         toPath: input)
        let result = try Self.run(["validate", input, "-o", folder + "/out", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 6, "three records on each sheet")
        let findings = object["findings"] as? [[String: Any]] ?? []
        func place(_ finding: [String: Any]) -> String { "\(finding["rule"] ?? "")@\(finding["sheet"] ?? "")!\(finding["cell"] as? String ?? "-")" }
        #expect(Set(findings.map(place)) == ["FILE007@联系人!-", "FILE008@花名册1!-", "FILE003@花名册1!-", "FILE004@花名册1!-",
                                             "ID004@花名册2!D4", "DUP001@花名册1!D3", "DUP001@花名册2!D3"], "\(findings.map(place))")
        let messages = findings.compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("与「花名册2」第 3 行重复") } && messages.contains { $0.contains("与「花名册1」第 3 行重复") })
        #expect(messages.contains { $0.hasPrefix("名单分在几张表头相同的工作表上，已一并检查：「花名册1」、「花名册2」") })
        #expect(messages.contains { $0.contains("未检查：「联系人」") })

        // The report: each sheet's cells commented where their findings are, 校验结果 names the sheet.
        let report = try ExternalTool.python("""
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            comments = {ws.title: sorted(c.coordinate for row in ws.iter_rows() for c in row if c.comment) for ws in wb.worksheets[1:]}
            places = [row[5] for row in wb["校验结果"].iter_rows(values_only=True) if row[8] in ("ID004", "DUP001") and row[5]]   # the findings table, not the rule table
            print(json.dumps({"sheets": wb.sheetnames, "comments": comments, "places": places}))
            """, [folder + "/out/武江区低保对象名单-校验报告.xlsx"]) as? [String: Any] ?? [:]
        #expect(report["sheets"] as? [String] == ["校验结果", "花名册1", "花名册2", "联系人"])
        #expect(report["comments"] as? [String: [String]] == ["花名册1": ["D3"], "花名册2": ["D3", "D4"], "联系人": []])
        #expect(report["places"] as? [String] == ["D3", "花名册2!D3", "花名册2!D4"], "sheet by sheet, row by row")

        // Dropped in the inbox root: every valid person of both sheets registered, each record with its sheet.
        let root = try FolderServiceTests.workspace(in: folder)
        try FileManager.default.copyItem(atPath: input, toPath: root + "/inbox/武江区低保对象名单.xls")
        let run = try Self.run(["run", root])
        #expect(run.stdout.contains("归档 1 个，未能处理 0 个"), "\(run.stdout)\(run.stderr)")
        let records = try ExternalTool.python("""
            import json, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(json.dumps({"rows": [[name, sheet, row] for name, sheet, row in db.execute("SELECT name, sheet, row FROM roster_record ORDER BY name")]}))
            """, [root + "/.sheetflow/register.sqlite"]) as? [String: Any] ?? [:]
        let rows = (records["rows"] as? [[Any]] ?? []).map { "\($0[0]) \($0[1] is NSNull ? "-" : "\($0[1])") \($0[2])" }
        // 张三's second record (the duplicate) is not a second person; 孙七's ID is invalid, so not registered.
        #expect(rows.sorted() == ["张三 - 3", "李四 - 4", "王五 - 5", "赵六 花名册2 2"].sorted(), "\(rows)")
    }
}

extension CommandLineTests {
    @Test("LibreOffice's \"Excel 97\" of a WPS list in the 1904 date system, with Chinese text, pasted IDs and a date serial, validates to the same findings as the .xlsx",
          .enabled(if: ExternalTool.hasLibreOffice))
    func legacy1904List() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/名单.xlsx"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("Tests/WorkflowTests/Fixtures/wps-like-1904.xlsx").path, toPath: source)
        let legacy = try ExternalTool.libreOffice(convert: source, to: "xls:MS Excel 97", in: folder + "/xls")
        func findings(_ path: String) throws -> [String] {
            let result = try Self.run(["validate", path, "-o", folder + "/out-" + URL(fileURLWithPath: path).pathExtension, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return (object["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")@\($0["cell"] ?? "-") \($0["message"] ?? "")" }.sorted()
        }
        let fromXLSX = try findings(source), fromXLS = try findings(legacy)
        #expect(fromXLS == fromXLSX)
        #expect(fromXLS.contains { $0.hasPrefix("DATE001@D4") && $0.contains("43771 按 Excel 日期序号识别为 2023-11-03") },
                "the serial in D4 is read in the 1904 system the .xls keeps (DATEMODE): \(fromXLS)")
        #expect(try Self.run(["inspect", legacy]).stdout.hasPrefix("文件：\(legacy)（日期系统 1904）"))
    }
}
