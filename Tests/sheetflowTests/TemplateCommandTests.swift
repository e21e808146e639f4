import Foundation
import TestSupport
import Testing

/// `sheetflow profiles` and `sheetflow fill` on the shipped templates, as a clerk runs them.
extension CommandLineTests {
    static var templates: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").path
    }

    @Test("profiles lists the five shipped profiles; one shows its rules")
    func profiles() throws {
        let list = try Self.run(["profiles"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("  ") }.map { String($0.dropFirst(2).prefix { $0 != " " && $0 != "（" }) }
                == ["guangdong-2020", "jieyang-2018", "kunming-2021", "shaoguan-2018", "zhongshan-2018"])
        #expect(list.stdout.contains("shaoguan-2018（默认）"))

        let kunming = try Self.run(["profiles", "kunming-2021"])
        #expect(kunming.status == 0)
        #expect(kunming.stdout.contains("统计优先顺序：返贫致贫人口 > 特困人员 > 低保对象"))
        #expect(kunming.stdout.contains("年度截止 10月31日"))
        #expect(kunming.stdout.contains("每人每年 100 元"))

        let unknown = try Self.run(["profiles", "foshan-2020"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("没有名为「foshan-2020」的配置"))
    }

    @Test("a profile a clerk broke: profiles names the file and line and exits 2")
    func brokenProfile() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Self.templates, toPath: folder + "/Templates")
        let file = folder + "/Templates/zhongshan-2018/profile.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "categories: [建档立卡贫困人口, 低保对象, 特困人员]", with: "categories: [建档立卡贫困人口, 低保户, 特困人员]")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("categories:") }) + 1
        let result = try Self.run(["profiles", "--templates", folder + "/Templates"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("zhongshan-2018  有错误：\(file) 第 \(line) 行：不认识的人员类别「低保户」"))
        #expect(result.stdout.contains("shaoguan-2018（默认）  韶关市"), "the other profiles are still listed")
        #expect(result.stderr.contains("1 个配置有错误"))
    }

    @Test("fill the Shaoguan ledger from one CSV per list; openpyxl reads the records and totals")
    func fillLedger() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let header = "序号,乡镇（街道）,姓名,公民身份号码,人员类别,认定时间,移交时间,参保时间,资金划转时间,代缴时间,缴费到账时间,缴费年度,代缴金额,参保状态,备注\n"
        let rows = (1...5).map { index in
            "\(index),龙归镇,人员\(index),44020319900101\(String(format: "%03d", index))X,低保对象,2026-09-0\(index),2026-10-03,2026-10-1\(index),2026-10-15,2026-10-20,2026-10-25,2026,\(180 + index),正常参保,\n"
        }.joined()
        try (header + rows).write(toFile: folder + "/低保.csv", atomically: true, encoding: .utf8)
        try header.write(toFile: folder + "/空.csv", atomically: true, encoding: .utf8)
        let template = Self.templates + "/shaoguan-2018/附件2-贫困人员参加养老保险情况台账.xlsx"
        let output = folder + "/台账-2026年10月.xlsx"
        let result = try Self.run(["fill", "--template", template, "--data", "低保对象=\(folder)/低保.csv",
                                   "--data", "建档立卡=\(folder)/空.csv", "--data", "特困人员=\(folder)/空.csv", "--data", "残疾人=\(folder)/空.csv",
                                   "--set", "填报单位=武江区社保局", "--set", "地区=武江区", "--set", "数据截至=2026-10-31", "--set", "填表人=张科员",
                                   "--set", "审核人=李股长", "--set", "联系电话=0751-8888888", "--set", "填报日期=2026-11-03", "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "已填写：\(output)（5 条记录）\n")
        let script = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1]); cached = openpyxl.load_workbook(sys.argv[1], data_only=True)
        ws, wc = wb["附表6"], cached["附表6"]
        print(json.dumps({"title": ws["A2"].value, "info": ws["H3"].value, "first": [ws.cell(6, c).value for c in (3, 4, 13)],
          "id_format": ws["D10"].number_format, "date": ws["F10"].value.isoformat(), "total": [ws["D11"].value, ws["M11"].value],
          "cached": [wc["D11"].value, wc["M11"].value], "signature": ws["A15"].value, "empty_total": wb["附表5"]["D6"].value,
          "titles": ws.print_title_rows}, ensure_ascii=False))
        """
        let sheet = try #require(try ExternalTool.python(script, [output]) as? [String: Any])
        #expect(sheet["title"] as? String == "低保对象参加养老保险情况台账", "the title says what the form is; 填报单位 says who made it")
        #expect(sheet["info"] as? String == "数据截至：2026年10月31日")
        #expect(sheet["first"] as? [AnyHashable] == ["人员1", "44020319900101001X", 181])
        #expect(sheet["id_format"] as? String == "@")
        #expect(sheet["date"] as? String == "2026-09-05T00:00:00")
        #expect(sheet["total"] as? [String] == ["=COUNTA(D6:D10)", "=SUM(M6:M10)"])
        #expect(sheet["cached"] as? [Int] == [5, 915])
        let blank = String(repeating: "　", count: 10)
        #expect(sheet["signature"] as? String == "填表人：张科员\(blank)审核人：李股长\(blank)联系电话：0751-8888888\(blank)填报日期：2026年11月3日\(blank)",
                "ten character widths after each label to sign by hand")
        #expect(sheet["empty_total"] as? Int == 0, "an empty list: the total row moves up and counts nothing")
        #expect(sheet["titles"] as? String == "$4:$5")
    }
}
