import Foundation
import TestSupport
import Testing
import XLSXKit
@testable import Workflow

/// The city's statistics from its counties' files: one county as sheetflow writes it, one re-saved
/// by LibreOffice, one edited by hand with openpyxl (a wrong 合计, more enrolled than due), a
/// duplicate and a workbook that is not a statistics table. The city's rows are compared with
/// sums the test computes from the numbers it chose; the output is read with openpyxl.
@Suite("City aggregation")
struct CityAggregationTests {
    /// Measures of Shaoguan 附表9—12 in template order.
    static let measures = ["人员总数", "应参保人数", "已参保人数", "应代缴人数", "已代缴人数", "代缴金额", "应领取人数", "已领取人数"]
    /// The template's list names, in sheet order, and their sheets.
    static let listNames = ["建档立卡", "低保对象", "特困人员", "残疾人"]
    static let sheets = ["建档立卡": "附表9", "低保对象": "附表10", "特困人员": "附表11", "残疾人": "附表12"]

    /// Town rows of one county: deterministic numbers that differ per county, list and town.
    static func towns(county: Int, list: Int) -> [(String, [Double])] {
        (1...(county + 1)).map { town in
            let due = Double(10 * county + 3 * list + town)
            let values = [due + 4, due, due - 1, due - 2, due - 3, (due - 3) * 180, 4, 3]
            return ("第\(town)镇", values)
        }
    }

    static func countyFile(_ name: String, number: Int, template: String, to path: String) throws {
        var lists: [String: TemplateList] = [:]
        for (index, list) in listNames.enumerated() {
            let fields = ["序号", "乡镇（街道）"] + measures
            let records = towns(county: number, list: index).enumerated().map { position, town in
                [.number(Double(position + 1)), .string(town.0)] + town.1.map { CellValue.number($0) }
            }
            lists[list] = TemplateList(fields: fields, records: records)
        }
        let singles: [String: CellValue] = ["填报单位": .string(name), "数据截至": .string("2026年10月31日"), "统计月份": .string("2026年10月"),
                                            "填报日期": .empty, "填表人": .empty, "审核人": .empty, "联系电话": .empty]
        _ = try TemplateFiller.fill(template: template, data: TemplateData(values: singles, lists: lists), output: path)
    }

    @Test("several counties' statistics files give the city's table, with a finding for each county whose totals do not add up",
          .enabled(if: ExternalTool.hasLibreOffice))
    func aggregate() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let profile = try ProfileCatalog.shipped().profile("shaoguan-2018")
        let template = try #require(profile.templates(for: .statistics).first).file
        try Self.countyFile("武江区", number: 1, template: template, to: folder + "/武江区.xlsx")
        try Self.countyFile("浈江区", number: 2, template: template, to: folder + "/浈江区-原件.xlsx")
        try Self.countyFile("曲江区", number: 3, template: template, to: folder + "/曲江区.xlsx")
        // 浈江区 opened and saved by LibreOffice (its totals are then LibreOffice's own results).
        try FileManager.default.createDirectory(atPath: folder + "/lo", withIntermediateDirectories: true)
        let zhenjiang = try ExternalTool.libreOffice(convert: folder + "/浈江区-原件.xlsx", to: "xlsx", in: folder + "/lo")
        // 曲江区 typed over by hand: 附表10's 合计 人员总数 overwritten with a wrong number, and the
        // first town of 附表11 given more enrolled than due.
        let edit = """
        import openpyxl, sys
        path = sys.argv[1]
        book = openpyxl.load_workbook(path)
        book["附表10"]["C10"] = 999
        book["附表11"]["E6"] = 500
        book.save(path)
        print("{}")
        """
        _ = try ExternalTool.python(edit, [folder + "/曲江区.xlsx"])
        try FileManager.default.copyItem(atPath: folder + "/武江区.xlsx", toPath: folder + "/武江区-重复.xlsx")
        let notStatistics = try #require(Bundle.module.path(forResource: "roster-mistakes-openpyxl", ofType: "xlsx", inDirectory: "Fixtures"))

        let inputs = [folder + "/武江区.xlsx", zhenjiang, folder + "/曲江区.xlsx", folder + "/武江区-重复.xlsx", notStatistics]
        let result = try CityAggregation.write(options: CityAggregationOptions(profile: profile, inputs: inputs, folder: folder + "/city",
                                                                               month: ReportMonth(year: 2026, month: 10)))
        #expect(result.counties.map(\.name) == ["武江区", "浈江区", "曲江区"])
        let messages = result.findings.map(\.description)
        // Each finding names its county file and, where there is one, the sheet and cell.
        #expect(messages.contains { $0.hasPrefix("曲江区.xlsx 附表10 C10：合计「人员总数」为 999，各行之和为") })
        #expect(messages.contains { $0.hasPrefix("曲江区.xlsx 附表11 E6：已参保人数 500 大于应参保人数") })
        #expect(messages.contains { $0.hasPrefix("武江区-重复.xlsx：与 武江区.xlsx 同为「武江区」") })
        #expect(messages.contains { $0.hasPrefix("roster-mistakes-openpyxl.xlsx：没有找到统计表模板中的工作表") })
        #expect(result.findings.count == 4, "\(messages)")

        // The city's rows, read by openpyxl: one per county, each the sum of its towns.
        let read = """
        import json, openpyxl, sys
        book = openpyxl.load_workbook(sys.argv[1])
        print(json.dumps({s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book}, ensure_ascii=False))
        """
        let book = try #require(try ExternalTool.python(read, [result.output]) as? [String: [[Any]]])
        #expect(result.output.hasSuffix("附件3-贫困人员参加养老保险情况统计表（市汇总）.xlsx"))
        for (index, list) in Self.listNames.enumerated() {
            let rows = try #require(book[Self.sheets[list]!])
            #expect(rows[2][0] as? String == "填报单位：韶关市")
            #expect(rows[3][1] as? String == "县（市、区）")
            for (number, county) in ["武江区", "浈江区", "曲江区"].enumerated() {
                let row = rows[5 + number]
                #expect(row[1] as? String == county)
                var expected = Self.towns(county: number + 1, list: index).reduce(into: Array(repeating: 0.0, count: 8)) { sum, town in
                    for position in 0..<8 { sum[position] += town.1[position] }
                }
                if county == "曲江区", list == "特困人员" { expected[2] += 500 - Self.towns(county: 3, list: index)[0].1[2] }
                // Columns C, D, E, G, H, I, K, L hold the eight measures (F, J, M are rates).
                let numbers = [2, 3, 4, 6, 7, 8, 10, 11].map { (row[$0] as? NSNumber)?.doubleValue ?? -1 }
                #expect(numbers == expected, "\(list) \(county)")
            }
            #expect(rows[8][0] as? String == "合计")
            #expect(rows[8][2] as? String == "=SUM(C6:C8)")
        }
    }

    @Test("clean county files raise no finding: titles naming the county and 填报单位 lines naming its office agree, whether sheetflow wrote them, an older template or a clerk's typing")
    func cleanCounties() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let profile = try ProfileCatalog.shipped().profile("shaoguan-2018")
        let template = try #require(profile.templates(for: .statistics).first).file
        for (name, number) in [("武江区", 1), ("浈江区", 2), ("曲江区", 3)] {
            try Self.countyFile(name + "社保局", number: number, template: template, to: "\(folder)/\(name).xlsx")
        }
        // 浈江区 as a county clerk types it; 曲江区 as an older template wrote it (the unit in the title).
        _ = try ExternalTool.python("""
            import openpyxl, sys
            for path, title in ((sys.argv[1], "浈江区{}参加养老保险情况统计表（2026年10月）"), (sys.argv[2], "曲江区社保局{}参加养老保险情况统计表（2026年10月）")):
                book = openpyxl.load_workbook(path)
                for sheet, category in zip(["附表9", "附表10", "附表11", "附表12"], ["建档立卡未标注脱贫贫困人口", "低保对象", "特困人员", "重度残疾人、精神和智力残疾人"]):
                    book[sheet]["A2"] = title.format(category)
                    if path == sys.argv[1]: book[sheet]["A3"] = "填报单位：浈江区人力资源和社会保障局"
                book.save(path)
            print("{}")
            """, [folder + "/浈江区.xlsx", folder + "/曲江区.xlsx"])
        let result = try CityAggregation.write(options: CityAggregationOptions(
            profile: profile, inputs: ["武江区", "浈江区", "曲江区"].map { "\(folder)/\($0).xlsx" }, folder: folder + "/city", month: ReportMonth(year: 2026, month: 10)))
        #expect(result.findings.isEmpty, "\(result.findings.map(\.description))")
        #expect(result.counties.map(\.name) == ["武江区", "浈江区", "曲江区"])
    }
}
