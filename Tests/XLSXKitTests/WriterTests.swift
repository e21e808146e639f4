import Foundation
import TestSupport
import Testing
@testable import XLSXKit

/// The streaming writer, judged by openpyxl and LibreOffice as well as by our reader.
@Suite("Workbook writer")
struct WriterTests {
    /// A roster as sheetflow will write them: title, header, data, total, with every feature on.
    static func writeRoster(to path: String, options: WorkbookWriter.Options = .init()) throws {
        let writer = try WorkbookWriter(path: path, options: options)
        let title = writer.style(CellStyle(font: .init(name: "黑体", size: 16, bold: true), horizontal: .center))
        let header = writer.style(.header)
        let text = writer.style(CellStyle.text.with(numberFormat: "@"))
        let chineseDate = writer.style(.chineseDate)
        let amount = writer.style(.amount)
        let yellow = writer.style(CellStyle(fill: "FFFFFF00"))
        let sheet = try writer.addSheet("花名册", setup: SheetSetup(
            columns: [.init(1, width: 6)], fitColumns: true, freeze: CellReference("A4"),
            autoFilter: CellRange("A3:F6"), print: .init(repeatRows: 1...3)))
        try sheet.writeRow([WriteCell(.string("武江区低保对象名单"), style: title)], height: 28)
        sheet.merge(CellRange("A1:F1")!)
        try sheet.writeRow([WriteCell("数据截至：2026年10月31日")])
        try sheet.writeRow(["序号", "姓名", "公民身份号码", "认定时间", "代缴金额", "备注"].map { WriteCell(.string($0), style: header) })
        let people: [(String, String, ExcelDateTime, Double, String)] = [
            ("张三", "440203199001011231", ExcelDateTime(year: 2020, month: 3, day: 5), 180, "=1+1"),
            ("李四", "44020319850615262X", ExcelDateTime(year: 2019, month: 11, day: 20), 180, "+86 138"),
            ("王五", "440232197207070010", ExcelDateTime(year: 2021, month: 1, day: 8), 200.5, "@备注"),
        ]
        for (offset, person) in people.enumerated() {
            try sheet.writeRow([
                WriteCell(.number(Double(offset + 1))), WriteCell(.string(person.0)),
                WriteCell(.string(person.1), style: text), WriteCell(.date(person.2), style: chineseDate),
                WriteCell(.number(person.3), style: amount), WriteCell(.string(person.4), style: offset == 0 ? yellow : nil),
            ])
        }
        try sheet.writeRow([WriteCell("合计"), .empty, .empty, .empty,
                            WriteCell(.number(560.5), style: amount, formula: "SUM(E4:E6)"),
                            WriteCell(.string(" 前后空格 "))])
        sheet.addComment(CellComment(cell: CellReference("C5")!, text: "身份证号码校验位错误，请核对。"))
        sheet.addValidation(ListValidation(range: CellRange("F4:F6")!, values: ["低保对象", "特困人员"], errorMessage: "请从下拉列表选择"))
        let hidden = try writer.addSheet("说明", setup: SheetSetup(state: .hidden))
        try hidden.writeRow([WriteCell("本表由 sheetflow 生成"), WriteCell(.boolean(true)), WriteCell(.error("#N/A"))])
        writer.defineName("名单区域", formula: "'花名册'!$A$3:$F$6")
        try writer.close()
    }

    static let openpyxlProbe = """
    import json, sys, openpyxl
    wb = openpyxl.load_workbook(sys.argv[1])
    ws = wb["花名册"]
    def show(v):
        return v.isoformat() if hasattr(v, "isoformat") else v
    out = {
      "sheets": wb.sheetnames,
      "states": [wb[n].sheet_state for n in wb.sheetnames],
      "values": {c.coordinate: show(c.value) for row in ws.iter_rows() for c in row if c.value is not None},
      "types": {c.coordinate: c.data_type for row in ws.iter_rows() for c in row if c.value is not None},
      "formats": {c.coordinate: c.number_format for row in ws.iter_rows(min_row=4, max_row=7) for c in row},
      "fonts": {"A1": [ws["A1"].font.name, ws["A1"].font.sz, ws["A1"].font.b], "B3": ws["B3"].font.b},
      "fill": ws["F4"].fill.fgColor.rgb,
      "merged": [str(r) for r in ws.merged_cells.ranges],
      "comment": ws["C5"].comment.text if ws["C5"].comment else None,
      "validations": [[str(v.sqref), v.formula1, v.type] for v in ws.data_validations.dataValidation],
      "freeze": ws.freeze_panes,
      "print_titles": ws.print_title_rows,
      "orientation": ws.page_setup.orientation, "paper": ws.page_setup.paperSize,
      "fit_width": ws.page_setup.fitToWidth, "footer": ws.oddFooter.center.text,
      "autofilter": ws.auto_filter.ref,
      "width_A": ws.column_dimensions["A"].width, "width_C": ws.column_dimensions["C"].width,
      "width_D": ws.column_dimensions["D"].width,
      "height_1": ws.row_dimensions[1].height,
      "names": sorted(wb.defined_names.keys()),
      "hidden_values": [c.value for c in wb["说明"][1]],
    }
    print(json.dumps(out, ensure_ascii=False))
    """

    @Test("openpyxl reads values, types, formats, fonts, fills, merges, comments, validations, freeze, print setup")
    func openpyxlReadsEverything() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/名单.xlsx"
        try Self.writeRoster(to: path)
        let result = try #require(try ExternalTool.python(Self.openpyxlProbe, [path]) as? [String: Any])
        #expect(result["sheets"] as? [String] == ["花名册", "说明"])
        #expect(result["states"] as? [String] == ["visible", "hidden"])
        let values = try #require(result["values"] as? [String: Any])
        #expect(values["A1"] as? String == "武江区低保对象名单")
        #expect(values["C4"] as? String == "440203199001011231")
        #expect(values["C5"] as? String == "44020319850615262X")
        #expect(values["D4"] as? String == "2020-03-05T00:00:00")
        #expect(values["E6"] as? Double == 200.5)
        #expect(values["E7"] as? String == "=SUM(E4:E6)")
        #expect(values["F4"] as? String == "=1+1", "a string that looks like a formula stays a string")
        #expect(values["F5"] as? String == "+86 138")
        #expect(values["F6"] as? String == "@备注")
        #expect(values["F7"] as? String == " 前后空格 ")
        let types = try #require(result["types"] as? [String: String])
        #expect(types["F4"] == "s")
        #expect(types["C4"] == "s")
        #expect(types["D4"] == "d")
        #expect(types["E7"] == "f")
        let formats = try #require(result["formats"] as? [String: String])
        #expect(formats["C4"] == "@")
        #expect(formats["D4"] == "yyyy\"年\"m\"月\"d\"日\"")
        #expect(formats["E4"] == "#,##0.00")
        let fonts = try #require(result["fonts"] as? [String: Any])
        #expect((fonts["A1"] as? [Any])?.first as? String == "黑体")
        #expect(fonts["B3"] as? Bool == true)
        #expect(result["fill"] as? String == "FFFFFF00")
        #expect(result["merged"] as? [String] == ["A1:F1"])
        #expect(result["comment"] as? String == "身份证号码校验位错误，请核对。")
        let validations = try #require(result["validations"] as? [[Any]])
        #expect(validations.first?[0] as? String == "F4:F6")
        #expect(validations.first?[1] as? String == "\"低保对象,特困人员\"")
        #expect(result["freeze"] as? String == "A4")
        #expect(result["print_titles"] as? String == "$1:$3")
        #expect(result["orientation"] as? String == "landscape")
        #expect(result["paper"] as? Int == 9)
        #expect(result["fit_width"] as? Int == 1)
        #expect((result["footer"] as? String)?.contains("&P") == true)
        #expect(result["autofilter"] as? String == "A3:F6")
        #expect(result["width_A"] as? Double == 6)
        #expect((result["width_C"] as? Double ?? 0) >= 18, "fitted to the 18-digit ID")
        #expect((result["width_D"] as? Double ?? 0) >= 14, "fitted to 2019年11月20日, not to an ISO date")
        #expect(result["height_1"] as? Double == 28)
        #expect(result["names"] as? [String] == ["名单区域"])
        let hidden = try #require(result["hidden_values"] as? [Any])
        #expect(hidden.first as? String == "本表由 sheetflow 生成")
        #expect(hidden.count == 3)
    }

    @Test("our reader reads back what we wrote, and print titles are a defined name")
    func roundTrip() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/名单.xlsx"
        try Self.writeRoster(to: path)
        let workbook = try WorkbookReader(path: path)
        #expect(workbook.sheets.map(\.state) == [.visible, .hidden])
        #expect(workbook.definedNames.contains { $0.name == "_xlnm.Print_Titles" && $0.formula == "'花名册'!$1:$3" && $0.localSheetIndex == 0 })
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "C5") == .string("44020319850615262X"))
        #expect(Fixture.value(rows, "D6") == date(2021, 1, 8))
        #expect(Fixture.value(rows, "E7") == .number(560.5))
        #expect(rows.last?.cells.first { $0.reference.column == 5 }?.formula == "SUM(E4:E6)")
        let other = try workbook.rows(in: workbook.sheets[1])
        #expect(other[0].cells.map(\.value) == [.string("本表由 sheetflow 生成"), .boolean(true), .error("#N/A")])
    }

    @Test("the same input gives the same bytes")
    func deterministic() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.writeRoster(to: folder + "/a.xlsx")
        try Self.writeRoster(to: folder + "/b.xlsx")
        let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/a.xlsx"))
        let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/b.xlsx"))
        #expect(a == b)
        #expect(a.count > 1000)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files are removed: \(leftovers)")
    }

    @Test("inline strings (no shared-string table) read the same in openpyxl")
    func inlineStrings() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/inline.xlsx"
        try Self.writeRoster(to: path, options: .init(sharedStringLimit: 0))
        let archive = try ZipArchive(path: path)
        #expect(archive.entry(named: "xl/sharedStrings.xml") == nil)
        let result = try #require(try ExternalTool.python(Self.openpyxlProbe, [path]) as? [String: Any])
        let values = try #require(result["values"] as? [String: Any])
        #expect(values["B5"] as? String == "李四")
        #expect(values["F7"] as? String == " 前后空格 ")
    }

    @Test("LibreOffice converts our output to CSV with the expected values", .enabled(if: ExternalTool.hasLibreOffice))
    func libreOffice() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/roster.xlsx"
        try Self.writeRoster(to: path)
        let lines = try ExternalTool.libreOfficeCSVLines(of: path, in: folder)
        #expect(lines.count == 7)
        #expect(!lines.contains { $0.contains("###") }, "no column is too narrow for what it shows")
        #expect(lines[0].hasPrefix("武江区低保对象名单"))
        #expect(lines[3] == "1,张三,440203199001011231,2020年3月5日,180.00,=1+1")
        #expect(lines[6].hasPrefix("合计,,,,560.50,"))
        let pdf = try ExternalTool.libreOffice(convert: path, to: "pdf", in: folder)
        #expect(FileManager.default.fileExists(atPath: pdf))
    }

    @Test("sheet names Excel refuses are refused; a name made from a file name is always valid")
    func sheetNames() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try WorkbookWriter(path: folder + "/x.xlsx")
        _ = try writer.addSheet("名单")
        for bad in ["名单", "名单".uppercased(), "a/b", "[1]", "问?", "'开头", String(repeating: "长", count: 32), ""] {
            let error = try #require(throws: XLSXError.self) { try writer.addSheet(bad) }
            #expect(error.code == .invalidSheetName, "\(bad)")
        }
        let made = ExcelLimits.sheetName(from: "2026年10月[低保]/特困人员名单（武江区社保局报送的第一批数据）", existing: ["名单"])
        #expect(made.utf16.count <= 31 && !made.contains { "[]:*?/\\".contains($0) })
        _ = try writer.addSheet(made)
        #expect(ExcelLimits.sheetName(from: "名单", existing: ["名单"]) == "名单(2)")
        try writer.close()
    }

    @Test("Excel's limits: text over 32,767 characters is cut (never inside a surrogate pair) and reported; rows and columns beyond the grid are refused",
          .enabled(if: ExternalTool.hasLibreOffice))
    func limits() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/长文本.xlsx"
        let writer = try WorkbookWriter(path: path)
        let sheet = try writer.addSheet("备注")
        try sheet.writeRow([WriteCell(.string("短")), WriteCell(.string(String(repeating: "字", count: 40_000))),
                            WriteCell(.string(String(repeating: "a", count: 32_766) + "😀b"))])
        let beyond = try #require(throws: XLSXError.self) { try sheet.writeRow([WriteCell(.string("x"))], at: 1_048_577) }
        #expect(beyond.code == .sheetTooLarge && beyond.message.contains("1,048,576 行"))
        #expect(throws: XLSXError.self) { try sheet.writeRow(Array(repeating: WriteCell(.number(1)), count: 16_385)) }
        try writer.close()
        #expect(writer.cut.count == 2)
        #expect(writer.cut.cells == [CutCell(sheet: "备注", cell: "B1", length: 40_000), CutCell(sheet: "备注", cell: "C1", length: 32_769)])
        #expect(writer.cut.summary == "工作表「备注」B1（原 40000 个字符）、工作表「备注」C1（原 32769 个字符）")
        let lengths = try #require(try ExternalTool.python("""
            import json, sys, openpyxl
            row = next(openpyxl.load_workbook(sys.argv[1])["备注"].iter_rows(values_only=True))
            print(json.dumps([len(v) for v in row]))
            """, [path]) as? [Int])
        #expect(lengths == [1, 32_767, 32_766], "the emoji's halves are not split")
        let line = try #require(try ExternalTool.libreOfficeCSVLines(of: path, in: folder).first)
        #expect(line.split(separator: ",").map(\.count) == [1, 32_767, 32_766])
    }

    @Test("dates convert to serials and back in the 1900 system, including before March 1900")
    func serials() {
        for serial in [1.0, 59, 60, 61, 43895, 43895.75, 2_958_465] {
            let date = ExcelDateTime(serial: serial, system: .excel1900)!
            #expect(date.serial() == serial, "\(serial)")
        }
        #expect(ExcelDateTime(year: 2020, month: 3, day: 5).serial(in: .excel1904) == 42433)
    }

    @Test("a sheet part past 8 MiB changes deflate level midway: the archive's CRCs hold (Python's zipfile) and every row reads back")
    func largePartChangesLevel() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/large.xlsx"
        let writer = try WorkbookWriter(path: path, options: .init(sharedStringLimit: 0))
        let sheet = try writer.addSheet("名单")
        let rows = 120_000
        for row in 1...rows {
            try sheet.writeRow([WriteCell(.number(Double(row))), WriteCell(.string("张三\(row % 97)")),
                                WriteCell(.string(String(format: "4402031990%08d", row))), WriteCell(.string("广东省韶关市武江区\(row % 31)号"))])
        }
        try writer.close()
        let script = """
        import json, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1]); info = z.getinfo("xl/worksheets/sheet1.xml")
        print(json.dumps({"bad": z.testzip(), "size": info.file_size, "tail": z.read("xl/worksheets/sheet1.xml")[-200:].decode()}))
        """
        let result = try ExternalTool.python(script, [path]) as? [String: Any]
        #expect(result?["bad"] is NSNull)
        #expect((result?["size"] as? Int ?? 0) > Int(DeflateStream.tightBytes) * 2)
        #expect((result?["tail"] as? String)?.contains("广东省韶关市武江区\(rows % 31)号") == true)
        let reader = try WorkbookReader(path: path)
        var count = 0
        var last: Row?
        try reader.forEachRow(in: reader.sheets[0]) { row in
            count += 1
            last = row.materialize()
        }
        #expect(count == rows)
        #expect(last?.value(atColumn: 3) == .string(String(format: "4402031990%08d", rows)))
    }
}
