import Foundation
import TestSupport
import Testing
import XLSXKit
@testable import Workflow

@Suite("Demo")
struct DemoTests {
    /// Per workbook and sheet: the IDs in rows that have one (an 18-character text), read by openpyxl.
    static let readIDs = """
    import json, re, sys, openpyxl
    result = {}
    for path in sys.argv[1:]:
        book = openpyxl.load_workbook(path)
        result[path.split("/")[-1]] = {sheet.title: [c for row in sheet.iter_rows(values_only=True) for c in row
                                                     if isinstance(c, str) and re.fullmatch(r"\\d{17}[\\dX]", c)] for sheet in book}
    print(json.dumps(result, ensure_ascii=False))
    """

    @Test("the demo runs three months of every sender's lists through the folder service; the October outputs it promises open in openpyxl with the scenario's people")
    func threeMonths() throws {
        let folder = URL(fileURLWithPath: try ExternalTool.temporaryFolder()).appendingPathComponent("示例县")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let outcome = try Demo(workspace: folder).run()
        #expect(outcome.arrivals.count == 12)
        #expect(outcome.arrivals.allSatisfy { $0.outputs != nil })
        // The pension system's export comes first, with no 数据截至: its rows wait for the rosters.
        let export = try #require(outcome.arrivals.first)
        #expect(export.file == "城乡居民参保缴费信息20260903.xlsx")
        #expect(export.receipt[0].contains("数据截至 2026-08-31（文件日期 2026-09-03，9月"), "\(export.receipt[0])")
        #expect(export.receipt.contains("登记册：记录参保缴费信息 52 条。其中 52 人尚不在任何名单上：记录已保存，收到名单后自动计入。"))
        let august = outcome.arrivals[1]
        #expect(august.file == "民政部门/低保特困人员名单-2026年8月.xlsx")
        #expect(august.receipt.contains("此前已收到其中 32 人的参保缴费或比对信息，现已一并计入。"))
        // 30 + 8 people, one listed twice, one whose ID was typed as a number (not taken).
        #expect(august.receipt.contains("登记册：新增 37 人次，修改 0 人次，退出 0 人次。"))
        #expect(august.receipt.contains("未计入 1 条：身份证号缺失或有误（见校验报告）。"))
        #expect(august.receipt.contains { $0.hasPrefix("校验：错误") && !$0.contains("错误 0 处") })

        // Every input is archived once; nothing failed.
        let archived = FileManager.default.enumerator(atPath: folder.path + "/archive")?.allObjects as? [String] ?? []
        #expect(archived.filter { $0.hasSuffix(".xlsx") }.count == 12)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/failed").isEmpty)

        // October's report, as the clerk opens it.
        let report = folder.path + "/" + (try #require(outcome.lastReport))
        let names = ["附件1-贫困人员基本信息表.xlsx", "应参未参名单.xlsx", "跨地推送名单-清远市.xlsx"]
        let books = try #require(try ExternalTool.python(Self.readIDs, names.map { report + "/" + $0 }) as? [String: [String: [String]]])
        let scenario = DemoScenario()
        func ids(_ numbers: [Int]) -> [String] { numbers.map { scenario.person($0).id }.sorted() }
        let basic = try #require(books["附件1-贫困人员基本信息表.xlsx"])
        #expect(basic["附表1"]?.sorted() == ids(DemoScenario.members("建档立卡贫困人口", month: 2)))
        #expect(basic["附表2"]?.sorted() == ids(DemoScenario.members("低保对象", month: 2)))
        #expect(basic["附表3"]?.sorted() == ids(DemoScenario.members("特困人员", month: 2)))
        #expect(basic["附表4"]?.sorted() == ids(DemoScenario.members("重度残疾人", month: 2) + DemoScenario.members("精神和智力残疾人", month: 2)))

        // 应参未参: in force in October, aged 16–59 on 31 October, not in the pension export (every
        // seventh person), household here (number 11 is pushed to 清远市).
        var everyone = Set<Int>()
        for list in ["低保对象", "特困人员", "建档立卡贫困人口", "重度残疾人", "精神和智力残疾人"] { everyone.formUnion(DemoScenario.members(list, month: 2)) }
        func age(_ number: Int) -> Int {
            let birth = scenario.person(number).birth
            return 2026 - birth.year - ((birth.month, birth.day) > (10, 31) ? 1 : 0)
        }
        let notEnrolled = everyone.filter { $0 % 7 == 0 && (16..<60).contains(age($0)) && $0 != 11 }
        #expect(books["应参未参名单.xlsx"]?.values.flatMap { $0 }.sorted() == ids(Array(notEnrolled)))
        #expect(books["跨地推送名单-清远市.xlsx"]?.values.flatMap { $0 } == ids([11]))

        // Running the demo again replaces its own workspace; a folder that is not one is left alone.
        #expect(try Demo(workspace: folder).run().arrivals.count == 12)
        let other = folder.deletingLastPathComponent().appendingPathComponent("别的文件夹")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: other.appendingPathComponent("重要.txt"))
        #expect(throws: DemoError.self) { try Demo(workspace: other).run() }
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("重要.txt").path))
    }
}
