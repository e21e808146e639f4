import Foundation
import Testing
import TestSupport
@testable import XLSXKit

/// Shapes found in other projects' test suites and in WPS files that python-calamine and
/// openpyxl read: each read here too, never refused whole.
@Suite("Files peers read")
struct PeerFileTests {
    /// Writes a workbook with openpyxl, then applies `patch` (Python statements on `name`, `data`) to each part.
    private func workbook(_ build: String, patch: String = "pass") throws -> String {
        let folder = try ExternalTool.temporaryFolder()
        let path = folder + "/peer.xlsx"
        _ = try ExternalTool.python("""
            import datetime as dt, os, sys, zipfile, openpyxl
            path = sys.argv[1]
            wb = openpyxl.Workbook()
            \(build)
            wb.save(path)
            with zipfile.ZipFile(path) as source, zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    name, data = item.filename, source.read(item.filename)
                    \(patch.split(separator: "\n").joined(separator: "\n        "))
                    if data is not None: target.writestr(item, data)
            os.replace(path + ".new", path)
            print("{}")
            """, [path])
        return path
    }

    @Test("a sheet named S&P is S&P: by name, in inspect, and in the editor's copy (attribute entities decoded)")
    func ampersandInSheetName() throws {
        let path = try workbook("""
            wb.active.title = "S&P"; wb.active["A1"] = "a<b & c"
            wb.create_sheet("R&D <1>")["A1"] = 1
            """)
        let reader = try WorkbookReader(path: path)
        #expect(reader.sheets.map(\.name) == ["S&P", "R&D <1>"])
        #expect(try reader.rows(in: try reader.sheet(named: "S&P")).first?.cells.first?.value == .string("a<b & c"))
        let editor = try WorkbookEditor(path: path)
        editor.edits(for: try editor.reader.sheet(named: "S&P")).addComment(CellComment(cell: CellReference("A1")!, text: "核对"))
        let copy = path + ".edited.xlsx"
        try editor.save(to: copy)
        let names = try ExternalTool.python("import json, sys, openpyxl; print(json.dumps(openpyxl.load_workbook(sys.argv[1]).sheetnames))", [copy]) as? [String]
        #expect(names == ["S&P", "R&D <1>"])
    }

    @Test("elapsed times ([h]:mm:ss, built-in 46, [mm]:ss) are durations, not dates of 1900")
    func durations() throws {
        let path = try workbook("""
            ws = wb.active
            ws["A1"] = 1.5; ws["A1"].number_format = "[h]:mm:ss"
            ws["A2"] = 0.75; ws["A2"].number_format = "[mm]:ss"
            ws["A3"] = 0.5; ws["A3"].number_format = "h:mm:ss"
            ws["A4"] = 2.25; ws["A4"].number_format = "[h]:mm:ss"
            """, patch: """
            if name == "xl/styles.xml": data = data.replace(b'formatCode="[h]:mm:ss"', b'formatCode=""')
            """)
        let rows = try Fixture.rowsAt(path)
        #expect(Fixture.value(rows, "A1") == .duration(1.5))
        #expect(Fixture.value(rows, "A1").text == "36:00:00")
        #expect(Fixture.value(rows, "A2") == .duration(0.75))
        #expect(Fixture.value(rows, "A2").text == "18:00:00")
        #expect(Fixture.value(rows, "A3") == .date(ExcelDateTime(year: 1899, month: 12, day: 31, hour: 12, hasDate: false)))
        #expect(CellValue.duration(-1 / 48).text == "-0:30:00")
        #expect(CellValue.duration(1.0 / 86400 * 1.5).text == "0:00:01.5")
    }

    @Test("built-in format 46 without a code is a duration")
    func builtInDuration() throws {
        let path = try workbook("""
            ws = wb.active
            ws["A1"] = 1.25; ws["A1"].number_format = "[h]:mm:ss"
            """, patch: """
            if name == "xl/styles.xml":
                import re
                data = re.sub(rb'<numFmts.*?</numFmts>', b'', data)
                data = re.sub(rb'numFmtId="1\\d\\d"', b'numFmtId="46"', data)
            """)
        #expect(Fixture.value(try Fixture.rowsAt(path), "A1") == .duration(1.25))
    }

    @Test("a sheet whose r:id is empty is skipped with a warning; the other sheets are read")
    func emptyRelationshipId() throws {
        let path = try workbook("""
            wb.active.title = "名单"; wb.active["A1"] = "张三"
            wb.create_sheet("坏表")["A1"] = "x"
            wb.create_sheet("附表")["A1"] = "李四"
            """, patch: """
            if name == "xl/workbook.xml": data = data.replace(b'r:id="rId2"', b'r:id=""')
            """)
        let reader = try WorkbookReader(path: path)
        #expect(reader.sheets.map(\.name) == ["名单", "坏表", "附表"])
        #expect(reader.sheets.map(\.kind) == [.worksheet, .other, .worksheet])
        #expect(reader.warnings == ["工作表「坏表」在文件中没有对应的内容（关系编号为空），已跳过，其余工作表照常读取"])
        #expect(Fixture.value(try reader.rows(in: reader.sheets[2]), "A1") == .string("李四"))
        #expect(try reader.rows(in: reader.sheets[1]).isEmpty)
    }

    @Test("a styles part the relationships name but the package lacks: default styles and a warning")
    func missingStyles() throws {
        let path = try workbook("""
            wb.active["A1"] = "张三"; wb.active["B1"] = dt.date(2020, 3, 5); wb.active["C1"] = 180
            """, patch: """
            if name == "xl/styles.xml": data = None
            """)
        let reader = try WorkbookReader(path: path)
        let rows = try reader.rows(in: reader.sheets[0])
        #expect(Fixture.value(rows, "A1") == .string("张三"))
        #expect(Fixture.value(rows, "B1") == .number(43895), "without styles a date is its serial, as openpyxl reads it")
        #expect(Fixture.value(rows, "C1") == .number(180))
        #expect(reader.warnings.count == 1 && reader.warnings[0].contains("样式部件 xl/styles.xml"))
    }
}
