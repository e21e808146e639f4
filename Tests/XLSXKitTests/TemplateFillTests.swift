import Foundation
import TestSupport
import Testing
@testable import XLSXKit

/// Filling templates written by other programs (XlsxWriter, and LibreOffice's re-save of it).
@Suite("Template filling")
struct TemplateFillTests {
    static let fields = ["序号", "姓名", "公民身份号码", "认定时间", "代缴金额", "人员类别"]

    static func records(_ count: Int) -> [[CellValue]] {
        (0..<count).map { index in
            [.number(Double(index + 1)), .string("人员\(index + 1)"), .string(String(440_203_199_001_011_000 + index)),
             .date(ExcelDateTime(year: 2020, month: 3, day: 1 + index % 28)), .number(index % 10 == 0 ? 1200.5 : 180),
             .string(index % 3 == 0 ? "低保对象" : "特困人员")]
        }
    }

    static func data(_ count: Int) -> TemplateData {
        TemplateData(values: ["填报单位": .string("武江区社保局"), "数据截至": .date(ExcelDateTime(year: 2026, month: 10, day: 31)),
                              "填表人": .string("张科员")],
                     lists: ["": TemplateList(fields: fields, records: records(count))])
    }

    static let probe = """
    import json, sys, openpyxl
    wb = openpyxl.load_workbook(sys.argv[1])
    cached = openpyxl.load_workbook(sys.argv[1], data_only=True)
    ws, wc = wb["台账"], cached["台账"]
    last = int(sys.argv[2])
    def show(v):
        return v.isoformat() if hasattr(v, "isoformat") else v
    print(json.dumps({
      "A1": ws["A1"].value, "A2": ws["A2"].value, "A4": ws["A4"].value,
      "first": [show(c.value) for c in ws[5]][:6], "last": [show(c.value) for c in ws[last]][:6],
      "formats": [c.number_format for c in ws[last]][:6], "border": ws.cell(last, 2).border.left.style,
      "height": ws.row_dimensions[last].height,
      "total": [ws.cell(last + 1, c).value for c in (1, 2, 5, 6)],
      "cachedTotal": [wc.cell(last + 1, c).value for c in (2, 5, 6)],
      "footer": ws.cell(last + 3, 1).value, "merged": sorted(str(r) for r in ws.merged_cells.ranges),
      "validation": [str(v.sqref) for v in ws.data_validations.dataValidation],
      "conditional": [str(r.sqref) for r in ws.conditional_formatting],
      "titles": ws.print_title_rows, "area": ws.print_area,
      "other": wb["填表说明"]["A1"].value, "landscape": ws.page_setup.orientation,
    }, ensure_ascii=False))
    """

    @Test("a repeated row filled three times: values, styles, totals with cached values, everything below moved",
          arguments: ["template-xlsxwriter.xlsx", "template-libreoffice.xlsx"])
    func threeRecords(template: String) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/台账.xlsx"
        let report = try TemplateFiller.fill(template: Fixture.path(template), data: Self.data(3), output: output)
        #expect(report.records == ["": 3])
        #expect(report.unfilled == ["填表说明!A1 {不替换的说明}"])
        #expect(report.uncomputedFormulas == 0)
        let result = try #require(try ExternalTool.python(Self.probe, [output, "7"]) as? [String: Any])
        #expect(result["A1"] as? String == "武江区社保局贫困人员参加养老保险情况台账")
        #expect(result["A2"] as? String == "数据截至：2026年10月31日")
        #expect(result["A4"] as? String == "序号")
        let first = try #require(result["first"] as? [Any])
        #expect(first[1] as? String == "人员1")
        #expect(first[2] as? String == "440203199001011000")
        #expect(first[3] as? String == "2020-03-01T00:00:00")
        let last = try #require(result["last"] as? [Any])
        #expect(last[0] as? Int == 3)
        #expect(last[4] as? Int == 180)
        let formats = try #require(result["formats"] as? [String])
        #expect(formats[2] == "@")
        #expect(formats[3].contains("年") && formats[3].contains("日"), "LibreOffice writes yyyy\\年m\\月d\\日")
        #expect(formats[4] == "#,##0.00")
        #expect(result["border"] as? String == "thin")
        #expect((result["height"] as? Double ?? 0) > 19)
        let total = try #require(result["total"] as? [Any])
        #expect(total[0] as? String == "合计")
        #expect(total[1] as? String == "=COUNTA(B5:B7)")
        #expect(total[2] as? String == "=SUM(E5:E7)")
        #expect(total[3] as? String == "=COUNTIF(F5:F7,\"低保对象\")")
        let cached = try #require(result["cachedTotal"] as? [Any])
        #expect(cached[0] as? Int == 3)
        #expect(cached[1] as? Double == 1560.5)
        #expect(cached[2] as? Int == 1)
        #expect(result["footer"] as? String == "填表人：张科员  审核人：  联系电话：")
        #expect(result["merged"] as? [String] == ["A10:C10", "A1:F1"])
        #expect(result["validation"] as? [String] == ["F5:F7"])
        #expect(result["conditional"] as? [String] == ["E5:E7"])
        #expect(result["titles"] as? String == "$4:$4")
        #expect((result["area"] as? String)?.hasSuffix("$A$1:$F$10") == true)
        // openpyxl drops images without Pillow; check the parts instead: copied byte for byte.
        let original = try ZipArchive(path: Fixture.path(template)), filled = try ZipArchive(path: output)
        for entry in original.entries where entry.name.contains("media/") || entry.name.contains("drawings/") {
            #expect(filled.entry(named: entry.name)?.crc32 == entry.crc32, "\(entry.name)")
        }
        #expect(original.entries.contains { $0.name.contains("media/") })
        #expect(result["other"] as? String == "本表按月报送， 保持原样：{字面量}")
        #expect(result["landscape"] as? String == "landscape")
    }

    @Test("an empty list leaves the header and zero totals and removes the placeholder row")
    func emptyList() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/台账.xlsx"
        let report = try TemplateFiller.fill(template: Fixture.path("template-xlsxwriter.xlsx"), data: Self.data(0), output: output)
        #expect(report.records == ["": 0])
        let rows = try Fixture.rows(output)
        #expect(rows.map(\.index) == [1, 2, 4, 5, 7])
        #expect(rows[3].cells.map(\.value) == [.string("合计"), .number(0), .number(0), .number(0)])
        #expect(Fixture.value(rows, "A7") == .string("填表人：张科员  审核人：  联系电话："))
    }

    @Test("a thousand records: ranges stretch over all of them and the totals are right")
    func thousandRecords() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/台账.xlsx"
        _ = try TemplateFiller.fill(template: Fixture.path("template-xlsxwriter.xlsx"), data: Self.data(1000), output: output)
        let workbook = try WorkbookReader(path: output)
        let rows = try workbook.rows(in: workbook.sheets[0])
        let total = try #require(rows.first { $0.index == 1005 })
        #expect(total.cells[2].formula == "SUM(E5:E1004)")
        let expectedSum = Self.records(1000).reduce(0.0) { sum, record in if case .number(let n) = record[4] { return sum + n }; return sum }
        #expect(total.cells[2].value == .number(expectedSum))
        #expect(total.cells[3].value == .number(Double((0..<1000).filter { $0 % 3 == 0 }.count)))
        #expect(workbook.definedNames.contains { $0.name == "_xlnm.Print_Area" && $0.formula.hasSuffix("$A$1:$F$1007") })
    }

    @Test("a field the data lacks is an error naming the template cell")
    func missingField() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = TemplateData(lists: ["": TemplateList(fields: ["序号", "姓名"], records: [])])
        do {
            _ = try TemplateFiller.fill(template: Fixture.path("template-xlsxwriter.xlsx"), data: data, output: folder + "/x.xlsx")
            Issue.record("expected an error")
        } catch let error as XLSXError {
            #expect(error.code == .templateMismatch)
            #expect(error.sheet == "台账")
            #expect(error.cell == "C5")
            #expect(error.message.contains("数据中没有字段「公民身份号码」"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.xlsx"))
    }

    @Test("LibreOffice opens the filled workbook and shows the computed totals", .enabled(if: ExternalTool.hasLibreOffice))
    func libreOffice() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/filled.xlsx"
        _ = try TemplateFiller.fill(template: Fixture.path("template-xlsxwriter.xlsx"), data: Self.data(3), output: output)
        let lines = try ExternalTool.libreOfficeCSVLines(of: output, in: folder)
        #expect(lines[4] == "1,人员1,440203199001011000,2020年3月1日,\"1,200.50\",低保对象")
        #expect(lines[7] == "合计,3,,,\"1,560.50\",1")
    }

    @Test("placeholders: singles, list fields, named lists, escaped braces")
    func placeholders() {
        #expect(TemplateText("数据截至：{数据截至}")?.segments == [.literal("数据截至："), .single("数据截至")])
        #expect(TemplateText("{.姓名}")?.segments == [.field(list: "", name: "姓名")])
        #expect(TemplateText("{低保.姓名}")?.list == "低保")
        #expect(TemplateText("\\{字面量\\}")?.segments == [.literal("{字面量}")])
        #expect(TemplateText("没有占位符") == nil)
        let value = TemplateText("{金额}")!.render(single: { _ in .number(180) }, field: { _, _ in .empty })
        #expect(value == .number(180), "a lone placeholder keeps its type")
    }

    @Test("a filled form read back: a title naming the place and a line naming its office are one value; two different places are a mismatch")
    func readBack() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let template = folder + "/模板.xlsx"
        let writer = try WorkbookWriter(path: template)
        let sheet = try writer.addSheet("统计")
        try sheet.writeRow([WriteCell(.string("{填报单位}统计表"))])
        try sheet.writeRow([WriteCell(.string("填报单位：{填报单位}"))])
        try sheet.writeRow([WriteCell(.string("乡镇")), WriteCell(.string("人数"))])
        try sheet.writeRow([WriteCell(.string("{.乡镇}")), WriteCell(.string("{.人数}"))])
        try writer.close()
        func filled(_ title: String, _ unit: String) throws -> FilledTemplate.Sheet {
            let path = folder + "/\(title).xlsx"
            let book = try WorkbookWriter(path: path)
            let sheet = try book.addSheet("统计")
            for row in [[title], ["填报单位：" + unit], ["乡镇", "人数"]] { try sheet.writeRow(row.map { WriteCell(.string($0)) }) }
            try sheet.writeRow([WriteCell(.string("新华街道")), WriteCell(.number(3))])
            try book.close()
            return try #require(try FilledTemplate(template: template, filled: path).sheets["统计"])
        }
        let same = try filled("武江区统计表", "武江区社保局")
        #expect(same.mismatches.isEmpty)
        #expect(same.values["填报单位"] == "武江区社保局")
        #expect(same.lists[""]?.records.first?.values["人数"] == .number(3))
        let other = try filled("浈江区统计表", "武江区社保局")
        #expect(other.mismatches.count == 1)
        #expect(other.mismatches.first?.message.contains("单元格 A2：「填报单位」在本表中前后不一致：先为「浈江区」，此处为「武江区社保局」") == true)
    }

    @Test("a value longer than a cell holds is cut and said in the report, naming the cell")
    func longValue() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var records = Self.records(2)
        records[1][5] = .string(String(repeating: "类", count: 33_000))
        let data = TemplateData(values: Self.data(0).values, lists: ["": TemplateList(fields: Self.fields, records: records)])
        let report = try TemplateFiller.fill(template: Fixture.path("template-xlsxwriter.xlsx"), data: data, output: folder + "/长.xlsx")
        #expect(report.cut.count == 1)
        #expect(report.cut.cells.first?.length == 33_000)
        #expect(report.cut.cells.first?.cell.hasSuffix("6") == true, "\(report.cut.cells)")
    }
}

extension TemplateFillTests {
    @Test("a spooled list gives back every record with its kinds, as often as asked, and removes its file")
    func spooledList() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var date = ExcelDateTime(year: 2026, month: 10, day: 31, hour: 8, minute: 30, second: 15)
        date.millisecond = 250
        let records: [[CellValue]] = (0..<20_000).map { index in
            [.number(Double(index)), .string("人员\(index)"), index % 3 == 0 ? .empty : .date(date), .boolean(index % 2 == 0),
             .error("#N/A"), .string(String(repeating: "长", count: index % 700))]
        }
        let spool = try SpooledList(fields: ["序号", "姓名", "日期", "是否", "错误", "备注"], folder: folder)
        for record in records { try spool.append(record) }
        let list = spool.list
        #expect(list.count == 20_000 && list.fields == ["序号", "姓名", "日期", "是否", "错误", "备注"])
        for _ in 0..<2 {
            var read: [[CellValue]] = []
            try list.forEachRecord { read.append($0) }
            #expect(read == records)
        }
        spool.remove()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "the temporary file is gone")
    }
}
