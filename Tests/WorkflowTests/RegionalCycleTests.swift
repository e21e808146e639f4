import Foundation
import TestSupport
import Testing
import XLSXKit
@testable import Workflow

/// The regional rules over the register. Kunming (notice 003): 返贫致贫人口 counted before 低保对象,
/// people added after the 31 October cut-off paid for next year, comparison lists only at quarter
/// ends, and the level-3/4 disabled already paid for as 低保对象 screened for the disabled
/// federation. Zhongshan (notice 002): each month's 新增 and 退出 lists.
@Suite("Regional cycles")
struct RegionalCycleTests {
    static func id(_ sequence: Int, born year: Int, region: String = "530102") -> String {
        let body = "\(region)\(year)0615" + String(format: "%03d", sequence)
        return body + String(ResidentID.checkCharacter(Array(body.utf8)[...]))
    }

    /// A list as a county clerk sends it: title, 数据截至, header, rows.
    static func roster(_ path: String, title: String, asOf: String, header: [String], rows: [[String]]) throws {
        let writer = try WorkbookWriter(path: path)
        let text = writer.style(.text)
        let sheet = try writer.addSheet("名单")
        try sheet.writeRow([WriteCell(.string(title))])
        try sheet.writeRow([WriteCell(.string("数据截至：\(asOf)"))])
        try sheet.writeRow(header.map { WriteCell(.string($0)) })
        for row in rows { try sheet.writeRow(row.map { WriteCell(.string($0), style: text) }) }
        try writer.close()
    }

    /// Every sheet's rows of a workbook, read by openpyxl.
    static func rows(_ path: String) throws -> [String: [[String]]] {
        let script = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        print(json.dumps({s.title: [["" if c is None else str(c) for c in r] for r in s.iter_rows(values_only=True)] for s in book}, ensure_ascii=False))
        """
        return try #require(try ExternalTool.python(script, [path]) as? [String: [[String]]])
    }

    @Test("返贫致贫 counted first; additions after 31 October deferred to next year; comparison lists at quarter ends; double-subsidy screen")
    func kunming() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let profile = try ProfileCatalog.shipped().profile("kunming-2021")
        let register = try Register(path: folder + "/register.sqlite")
        let (a, b, c, d) = (Self.id(1, born: 1980), Self.id(2, born: 1975), Self.id(3, born: 1990), Self.id(4, born: 1985))
        let header = ["序号", "县（市、区）", "姓名", "公民身份号码", "人员类别", "认定时间", "户籍地址"]
        func person(_ n: Int, _ name: String, _ id: String, _ category: String) -> [String] {
            ["\(n)", "五华区", name, id, category, "2020-01-01", "云南省昆明市五华区护国街道\(n)号"]
        }
        try Self.roster(folder + "/低保.xlsx", title: "五华区低保对象名单", asOf: "2026年10月31日", header: header,
                        rows: [person(1, "甲", a, "低保对象"), person(2, "乙", b, "低保对象"), person(3, "丁", d, "低保对象")])
        try Self.roster(folder + "/返贫.xlsx", title: "五华区返贫致贫人口名单", asOf: "2026年10月31日", header: header,
                        rows: [person(1, "乙", b, "返贫致贫人口")])
        try Self.roster(folder + "/新增.xlsx", title: "五华区低保对象新增名单", asOf: "2026年11月30日", header: header + ["变动类型"],
                        rows: [person(1, "丙", c, "低保对象") + ["新增"]])
        try Self.roster(folder + "/残联.xlsx", title: "五华区三、四级残疾人名单", asOf: "2026年10月31日", header: header + ["残疾等级"],
                        rows: [person(1, "丁", d, "三、四级残疾人") + ["三级"]])
        for name in ["低保", "返贫", "新增", "残联"] {
            let receipt = try register.ingest(folder + "/\(name).xlsx", options: IngestOptions(profile: profile, reportFolder: folder + "/checks"))
            #expect(receipt.added >= 1, "\(name): \(receipt.lines)")
        }
        #expect(try register.ingest(folder + "/新增.xlsx", options: IngestOptions(profile: profile, reportFolder: folder + "/checks")).duplicateOf != nil)

        // November is no quarter end: the dispatch table and the screen, no comparison lists.
        let november = try MonthlyReport.write(register: register, options: MonthlyReportOptions(
            profile: profile, month: ReportMonth(year: 2026, month: 11), folder: folder + "/11", unit: "五华区人社局"))
        let novemberNames = november.outputs.map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(novemberNames.contains("附件4-帮扶政策完成情况调度表.xlsx"))
        #expect(!novemberNames.contains("应代缴未代缴名单.xlsx"))

        // December closes the quarter.
        let december = try MonthlyReport.write(register: register, options: MonthlyReportOptions(
            profile: profile, month: ReportMonth(year: 2026, month: 12), folder: folder + "/12", unit: "五华区人社局"))
        let names = december.outputs.map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(names.contains("应代缴未代缴名单.xlsx") && names.contains("比对排除名单.xlsx"))
        let unpaid = try Self.rows(folder + "/12/应代缴未代缴名单.xlsx").values.flatMap { $0 }.flatMap { $0 }.filter { $0.count == 18 }
        #expect(unpaid.sorted() == [a, b, d].sorted(), "丙 was added after 31 October: next year's list")
        let excluded = try Self.rows(folder + "/12/比对排除名单.xlsx").values.flatMap { $0 }
        let deferred = try #require(excluded.first { $0.contains(c) })
        #expect(deferred.contains { $0.contains("10月31日后新增，列入2027年代缴") }, "\(deferred)")

        // 附件4: 乙 counted under 返贫致贫人口 only; 甲 and 丁 under 低保对象; 丙 not due this year.
        let dispatch = try #require(try Self.rows(folder + "/12/附件4-帮扶政策完成情况调度表.xlsx")["调度表"])
        let row = try #require(dispatch.first { $0.count > 17 && $0[1] == "五华区" })
        #expect(row[2] == "2", "低保对象应代缴人数 \(row)")
        #expect(row[7] == "0", "特困人员应代缴人数")
        #expect(row[12] == "1", "返贫致贫人口应代缴人数")

        // The screen: 丁 is level-3 disabled and already paid for as 低保对象.
        let screen = try Self.rows(folder + "/12/三四级残疾人重复补助筛查表.xlsx").values.flatMap { $0 }
        #expect(screen.filter { $0.contains(d) }.count == 1)
        #expect(!screen.contains { $0.contains(a) })
    }

    @Test("Zhongshan: a month's 新增 and 退出 lists from two full lists")
    func zhongshan() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let profile = try ProfileCatalog.shipped().profile("zhongshan-2018")
        let register = try Register(path: folder + "/register.sqlite")
        let (a, b, c) = (Self.id(1, born: 1980, region: "442000"), Self.id(2, born: 1981, region: "442000"), Self.id(3, born: 1982, region: "442000"))
        let header = ["序号", "镇（街道）", "姓名", "公民身份号码", "人员类别", "户籍地址"]
        func person(_ name: String, _ id: String) -> [String] { ["1", "石岐街道", name, id, "低保对象", "广东省中山市石岐街道"] }
        try Self.roster(folder + "/9月.xlsx", title: "石岐街道低保对象名单", asOf: "2026年9月30日", header: header, rows: [person("甲", a), person("乙", b)])
        try Self.roster(folder + "/10月.xlsx", title: "石岐街道低保对象名单", asOf: "2026年10月31日", header: header, rows: [person("甲", a), person("丙", c)])
        for name in ["9月", "10月"] {
            _ = try register.ingest(folder + "/\(name).xlsx", options: IngestOptions(profile: profile, reportFolder: folder + "/checks"))
        }
        let october = try MonthlyReport.write(register: register, options: MonthlyReportOptions(
            profile: profile, month: ReportMonth(year: 2026, month: 10), folder: folder + "/10"))
        #expect(october.outputs.contains { $0.hasSuffix("新增退出名单.xlsx") })
        let book = try Self.rows(folder + "/10/新增退出名单.xlsx")
        let isID = { (text: String) in text.count == 18 && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "X") } }
        let added = try #require(book["新增"]).filter { $0.contains(where: isID) }
        let left = try #require(book["退出"]).filter { $0.contains(where: isID) }
        #expect(added.map { $0[5] } == [c])
        #expect(added.first?[8] == "新纳入低保对象")
        #expect(left.map { $0[5] } == [b])
        #expect(left.first?[7].hasPrefix("2026-10-31") == true, "退出日期 is the 数据截至 of the list without 乙")
        #expect(left.first?[8] == "全量名单中已无此人")
    }
}
