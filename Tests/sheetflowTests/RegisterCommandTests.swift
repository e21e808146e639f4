import Foundation
import TestSupport
import Testing

/// `sheetflow ingest / report / status` as a clerk runs them in a workspace folder.
extension CommandLineTests {
    @Test("ingest, ingest the same file again, report a month, status: receipts, outputs and exit codes")
    func register() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let roster = Self.repository.appendingPathComponent("Tests/WorkflowTests/Fixtures/roster-mistakes-openpyxl.xlsx").path
        let workspace = folder + "/工作区"

        let first = try Self.run(["ingest", roster, "--workspace", workspace, "--sender", "武江区民政局"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("政策配置：shaoguan-2018（默认）；"), "no workspace yet: the default profile, said")
        #expect(first.stdout.contains("回执：roster-mistakes-openpyxl.xlsx，名单（全量），报送单位：武江区民政局，数据截至 2026-10-31（标题"), "\(first.stdout)")
        #expect(first.stdout.contains("，11 条记录。"))
        #expect(first.stdout.contains("登记册：新增 7 人次"), "\(first.stdout)")
        #expect(first.stdout.contains("未计入 2 条：身份证号缺失或有误"))
        #expect(FileManager.default.fileExists(atPath: workspace + "/.sheetflow/register.sqlite"))

        let again = try Self.run(["ingest", roster, "--workspace", workspace])
        #expect(again.status == 0)
        #expect(again.stdout.contains("内容相同，已处理过，本次未重复计入"))

        let report = try Self.run(["report", "--month", "2026-10", "--workspace", workspace, "--unit", "武江区社保局"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("2026年10月报表（shaoguan-2018，数据截至 2026-10-31）"))
        let outputs = workspace + "/outbox/2026-10月报"
        let names = try FileManager.default.contentsOfDirectory(atPath: outputs)
        for name in ["附件1-贫困人员基本信息表.xlsx", "附件2-贫困人员参加养老保险情况台账.xlsx", "附件3-贫困人员参加养老保险情况统计表.xlsx",
                     "应参未参名单.xlsx", "应代缴未代缴名单.xlsx", "应发未发名单.xlsx", "比对排除名单.xlsx"] {
            #expect(names.contains(name), "\(name)")
        }
        let unit = try #require(try ExternalTool.python("""
            import json, sys, openpyxl
            sheet = openpyxl.load_workbook(sys.argv[1])["名单"]
            print(json.dumps([c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str) and "武江区社保局" in c]))
            """, [outputs + "/应参未参名单.xlsx"]) as? [String])
        #expect(!unit.isEmpty, "填报单位 filled from --unit")

        // The county's statistics table aggregated at city level: as sheetflow wrote it, it adds up (exit 0);
        // with a 合计 typed over, the county is named with the cell (exit 1).
        let statistics = outputs + "/附件3-贫困人员参加养老保险情况统计表.xlsx"
        let city = try Self.run(["aggregate", statistics, "--month", "2026-10", "-o", folder + "/市"])
        #expect(city.status == 0, "\(city.stdout)\(city.stderr)")
        #expect(city.stdout.contains("汇总了 1 个县（市、区）：武江区\n"), "\(city.stdout)")
        #expect(city.stdout.contains("各县合计与明细相符"))
        _ = try ExternalTool.python("""
            import openpyxl, sys
            book = openpyxl.load_workbook(sys.argv[1]); book["附表10"]["C7"] = 42; book.save(sys.argv[2]); print("{}")
            """, [statistics, folder + "/改过合计.xlsx"])
        let wrong = try Self.run(["aggregate", folder + "/改过合计.xlsx", "--month", "2026-10", "-o", folder + "/市"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("改过合计.xlsx 附表10 C7：合计「人员总数」为 42"), "\(wrong.stdout)")

        // The roster arrived this month (the file's arrival is its hand-over); next month nothing has come yet.
        let status = try Self.run(["status", "--month", "2100-01", "--workspace", workspace, "--today", "2100-01-10"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("本月尚未收到文件"))
        #expect(status.stdout.contains("各单位报送2099年12月的名单（期限 1月5日："), "\(status.stdout)")
        #expect(status.stdout.contains("  武江区民政局：未报（已过期限 3 个工作日）"), "\(status.stdout)")
        #expect(status.stdout.contains("节假日安排中没有 2100 年"))

        let badMonth = try Self.run(["report", "--month", "十月", "--workspace", workspace])
        #expect(badMonth.status == 64)
        let empty = try Self.run(["report", "--month", "2026-10", "--workspace", folder + "/空"])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("还没有登记册"))
    }
}

extension CommandLineTests {
    @Test("Guangdong 附件1's 脱贫标注 is what the poverty office's lists say: a 是否标注脱贫 column, else the title, else blank")
    func povertyMark() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = folder + "/工作区"
        // Two lists of registered poor people as offices send them: one with a 是否标注脱贫 column
        // (是/否), one whose title says 未标注脱贫, and one that says neither.
        _ = try ExternalTool.python("""
            import datetime as dt, os, sys, openpyxl
            folder = sys.argv[1]
            weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            def full(body): return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
            def book(name, title, header, rows):
                wb = openpyxl.Workbook(); ws = wb.active; ws.append([title]); ws.append(header)
                for row in rows: ws.append(row)
                wb.save(os.path.join(folder, name))
            book("扶贫办名单一.xlsx", "武江区建档立卡贫困人口名单（数据截至2026年10月31日）", ["序号", "姓名", "公民身份号码", "人员类别", "是否标注脱贫"],
                 [[1, "甲一", full("44020319800101001"), "建档立卡贫困人口", "是"], [2, "甲二", full("44020319800101002"), "建档立卡贫困人口", "否"]])
            book("扶贫办名单二.xlsx", "武江区建档立卡未标注脱贫贫困人口名单（数据截至2026年10月31日）", ["序号", "姓名", "公民身份号码"],
                 [[1, "乙一", full("44020319800101003")]])
            book("扶贫办名单三.xlsx", "武江区建档立卡贫困人口名单（数据截至2026年10月31日）", ["序号", "姓名", "公民身份号码"],
                 [[1, "丙一", full("44020319800101004")]])
            print("{}")
            """, [folder])
        let ingest = try Self.run(["ingest", folder + "/扶贫办名单一.xlsx", folder + "/扶贫办名单二.xlsx", folder + "/扶贫办名单三.xlsx",
                                   "--workspace", workspace, "--profile", "guangdong-2020"])
        #expect(ingest.status == 0, "\(ingest.stdout)\(ingest.stderr)")
        let report = try Self.run(["report", "--month", "2026-10", "--workspace", workspace, "--profile", "guangdong-2020"])
        #expect(report.status == 0, "\(report.stdout)\(report.stderr)")
        let marks = try #require(try ExternalTool.python("""
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            header = next(r for r in ws.iter_rows(values_only=True) if "脱贫标注" in r)
            name, mark = header.index("姓名"), header.index("脱贫标注")
            print(json.dumps({r[name]: r[mark] for r in ws.iter_rows(values_only=True) if r[name] and r[name] != "姓名"}, ensure_ascii=False))
            """, [workspace + "/outbox/2026-10月报/附件1-建档立卡贫困人员名单.xlsx"]) as? [String: Any])
        #expect(marks["甲一"] as? String == "已标注脱贫" && marks["甲二"] as? String == "未标注脱贫", "from the column: \(marks)")
        #expect(marks["乙一"] as? String == "未标注脱贫", "from the title")
        #expect(marks["丙一"] is NSNull, "unknown: blank, not a guess")
    }
}
