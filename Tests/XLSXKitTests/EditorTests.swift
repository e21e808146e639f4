import Foundation
import TestSupport
import Testing
@testable import XLSXKit

/// The workbook editor: untouched parts come through byte for byte; edits land where asked.
@Suite("Workbook editor")
struct EditorTests {
    /// Edits a fixture the way the validation report will: a changed value, a new cell, a new row,
    /// a red and a yellow cell, comments on a sheet that has some and on one that has none.
    func edit(_ fixture: String, into folder: String) throws -> String {
        let source = Fixture.path(fixture)
        let editor = try WorkbookEditor(path: source)
        let sheet = editor.edits(for: try editor.reader.sheet(named: "名单"))
        let baseStyle = try editor.reader.rows(in: editor.reader.sheets[0])[1].cells[2].styleIndex
        let red = try editor.derivedStyle(from: baseStyle, fill: "FFFFC7CE")
        let yellow = try editor.derivedStyle(from: 0, fill: "FFFFEB9C")
        #expect(try editor.derivedStyle(from: baseStyle, fill: "FFFFC7CE") == red)
        sheet.setStyle(red, at: CellReference("C2")!)
        sheet.set(.string("张三丰"), at: CellReference("A2")!, style: yellow)
        sheet.set(.string("=1+1 备注"), at: CellReference("D3")!)
        sheet.set(.number(99), at: CellReference("B10")!)
        sheet.addComment(CellComment(cell: CellReference("C2")!, text: "代缴金额与标准不符，请核对。"))
        let other = editor.edits(for: try editor.reader.sheet(named: "说明"))
        other.addComment(CellComment(cell: CellReference("A1")!, text: "新批注", author: "审核人"))
        let output = folder + "/edited.xlsx"
        try editor.save(to: output)
        return output
    }

    @Test("image, chart, drawings, theme and custom properties are copied byte for byte",
          arguments: ["xlsxwriter-image-chart.xlsx", "libreoffice-image-chart.xlsx"])
    func untouchedParts(fixture: String) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try Data(contentsOf: URL(fileURLWithPath: Fixture.path(fixture)))
        let output = try edit(fixture, into: folder)
        #expect(try Data(contentsOf: URL(fileURLWithPath: Fixture.path(fixture))) == before, "the input is never modified")
        let original = try ZipArchive(path: Fixture.path(fixture))
        let edited = try ZipArchive(path: output)
        let rewritten: Set<String> = ["[content_types].xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml",
                                      "xl/comments1.xml", "xl/drawings/vmldrawing1.vml", "xl/worksheets/_rels/sheet2.xml.rels"]
        var compared = 0
        for entry in original.entries where !rewritten.contains(ZipArchive.lookupKey(entry.name)) {
            let copy = try #require(edited.entry(named: entry.name), "\(entry.name) is missing")
            #expect(copy.crc32 == entry.crc32 && copy.compressedSize == entry.compressedSize && copy.method == entry.method, "\(entry.name)")
            var a: [UInt8] = [], b: [UInt8] = []
            try original.copyCompressedData(of: entry) { a += $0 }
            try edited.copyCompressedData(of: copy) { b += $0 }
            #expect(a == b, "\(entry.name) compressed bytes differ")
            compared += 1
        }
        #expect(compared >= 8)
        #expect(original.entries.contains { $0.name.hasSuffix("image1.png") })
        #expect(original.entries.contains { $0.name.hasSuffix("chart1.xml") })
    }

    @Test("openpyxl sees the changed cells, fills, comments old and new, and keeps the image and chart",
          arguments: ["xlsxwriter-image-chart.xlsx", "libreoffice-image-chart.xlsx"])
    func openpyxlSeesEdits(fixture: String) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = try edit(fixture, into: folder)
        let probe = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws, other = wb["名单"], wb["说明"]
        print(json.dumps({
          "A2": ws["A2"].value, "B2": ws["B2"].value, "C2": ws["C2"].value, "D3": ws["D3"].value, "B10": ws["B10"].value,
          "C2fill": ws["C2"].fill.fgColor.rgb, "C2format": ws["C2"].number_format, "A2fill": ws["A2"].fill.fgColor.rgb,
          "C3fill": ws["C3"].fill.fgColor.rgb, "C3format": ws["C3"].number_format,
          "comments": {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment},
          "otherComment": other["A1"].comment.text if other["A1"].comment else None,
          "otherAuthor": other["A1"].comment.author if other["A1"].comment else None,
          "images": len(ws._images), "charts": len(ws._charts), "B4": ws["B4"].value,
        }, ensure_ascii=False))
        """
        let result = try #require(try ExternalTool.python(probe, [output]) as? [String: Any])
        #expect(result["A2"] as? String == "张三丰")
        #expect(result["B2"] as? String == "440203199001011231")
        #expect(result["C2"] as? Double == 180)
        #expect(result["D3"] as? String == "=1+1 备注")
        #expect(result["B10"] as? Int == 99)
        #expect(result["C2fill"] as? String == "FFFFC7CE")
        #expect(result["C2format"] as? String == "#,##0.00", "the derived style keeps the number format")
        #expect(result["A2fill"] as? String == "FFFFEB9C")
        #expect(result["C3fill"] as? String != "FFFFC7CE", "other cells keep their style")
        #expect(result["C3format"] as? String == "#,##0.00")
        let comments = try #require(result["comments"] as? [String: String])
        #expect(comments["A1"]?.contains("请勿修改表头") == true, "the existing comment survives")
        #expect(comments["C2"] == "代缴金额与标准不符，请核对。")
        #expect(result["otherComment"] as? String == "新批注")
        #expect(result["otherAuthor"] as? String == "审核人")
        #expect(result["B4"] as? String == "440232197207070010")
    }

    @Test("our reader reads the edited sheet in order, with new cells and rows where they belong")
    func readBack() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = try edit("xlsxwriter-image-chart.xlsx", into: folder)
        let workbook = try WorkbookReader(path: output)
        let read = try workbook.rows(in: workbook.sheets[0])
        #expect(read.map(\.index) == [1, 2, 3, 4, 10])
        #expect(read[2].cells.map(\.reference.description) == ["A3", "B3", "C3", "D3"])
        #expect(Fixture.value(read, "D3") == .string("=1+1 备注"))
        #expect(Fixture.value(read, "A2") == .string("张三丰"))
    }

    @Test("a long sheet: untouched rows are copied as they are, edited and inserted rows land in order")
    func longSheet() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/long.xlsx"
        let writer = try WorkbookWriter(path: source, options: .init(sharedStringLimit: 0))
        let sheet = try writer.addSheet("名单")
        let filler = String(repeating: "城乡居民养老保险", count: 30)
        for row in 1...3000 where row != 700 {
            try sheet.writeRow([WriteCell(.number(Double(row))), WriteCell(.string("第\(row)行" + filler))], at: row)
        }
        try writer.close()

        let editor = try WorkbookEditor(path: source)
        let edits = editor.edits(for: editor.reader.sheets[0])
        edits.set(.string("改过"), at: CellReference("B3")!)
        edits.set(.string("插入的行"), at: CellReference("A700")!)
        edits.set(.number(1500.5), at: CellReference("C1500")!)
        edits.set(.string("最后"), at: CellReference("A3005")!)
        edits.addComment(CellComment(cell: CellReference("B3")!, text: "批注"))
        let output = folder + "/edited.xlsx"
        try editor.save(to: output)

        let original = try Fixture.rowsAt(source), edited = try Fixture.rowsAt(output)
        #expect(edited.map(\.index) == (1...3000).map { $0 } + [3005])
        #expect(Fixture.value(edited, "B3") == .string("改过"))
        #expect(Fixture.value(edited, "A700") == .string("插入的行"))
        #expect(Fixture.value(edited, "C1500") == .number(1500.5))
        #expect(Fixture.value(edited, "A3005") == .string("最后"))
        let untouched = edited.filter { ![3, 700, 1500, 3005].contains($0.index) }
        #expect(untouched == original.filter { ![3, 1500].contains($0.index) }, "every other row exactly as it was")
    }

    @Test("LibreOffice opens the edited workbook and sees the edits", .enabled(if: ExternalTool.hasLibreOffice))
    func libreOffice() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = try edit("xlsxwriter-image-chart.xlsx", into: folder)
        let lines = try ExternalTool.libreOfficeCSVLines(of: output, in: folder)
        #expect(lines[1] == "张三丰,440203199001011231,180.00,", "D3 widens every line by one column")
        #expect(lines[2].hasSuffix(",=1+1 备注"))
    }

    @Test("saving over the input is refused")
    func refuseOverwrite() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/名单.xlsx"
        try FileManager.default.copyItem(atPath: Fixture.path("xlsxwriter-roster.xlsx"), toPath: copy)
        let editor = try WorkbookEditor(path: copy)
        editor.edits(for: editor.reader.sheets[0]).set(.number(1), at: CellReference("A1")!)
        #expect(throws: XLSXError.self) { try editor.save(to: copy) }
    }
}
