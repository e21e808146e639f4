import Foundation
import Testing
import TestSupport
@testable import XLSXKit

/// OpenDocument `.ods`: odfpy's file read cell by cell (beside python-calamine and LibreOffice's
/// own reading of it), and hostile shapes built with Python's zipfile.
@Suite("OpenDocument (.ods)")
struct OpenDocumentTests {
    @Test("odfpy: repeated rows and cells, a row styled to the grid's end, spaces, tabs, line breaks, paragraphs, an annotation, times, merges, hidden table, row and column")
    func odfpy() throws {
        let workbook = try WorkbookReader(path: Fixture.path("odfpy-roster.ods"))
        #expect(workbook.format == .ods)
        #expect(workbook.sheets.map(\.name) == ["名单", "隐藏表"])
        #expect(workbook.sheets.map(\.state) == [.visible, .hidden])
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(rows.map(\.index) == [1, 2, 3, 4, 5, 6, 7, 8, 9], "the row repeated to the bottom of the grid holds nothing")
        #expect(Fixture.value(rows, "A1") == .string("韶关市武江区低保对象名单"))
        #expect(Fixture.value(rows, "A3") == .number(1))
        #expect(Fixture.value(rows, "C3") == .string("440203199001011231"))
        #expect(Fixture.value(rows, "D4") == date(2019, 11, 20))
        // text:s c="3", text:tab, text:line-break, a second paragraph; the annotation is not the cell's text.
        #expect(Fixture.value(rows, "A6") == .string("韶关   武江\t区\n第二行\n第二段"))
        #expect(Fixture.value(rows, "B6") == .duration(36.5 / 24))
        #expect(Fixture.value(rows, "C6") == .date(ExcelDateTime(year: 1899, month: 12, day: 31, hour: 8, minute: 15, hasDate: false)))
        #expect(Fixture.value(rows, "D6") == .number(0.25))
        #expect(Fixture.value(rows, "E6") == .number(12.5))
        #expect(Fixture.value(rows, "F6") == .boolean(true))
        #expect((7...9).allSatisfy { Fixture.value(rows, "A\($0)") == .string("同") && Fixture.value(rows, "B\($0)") == .string("同") })
        #expect(rows.first { $0.index == 6 }?.isHidden == true)
        let summary = try workbook.forEachRow(in: workbook.sheets[0]) { _ in }
        #expect(summary.mergedRanges == [CellRange("A1:D1")!])
        #expect(summary.hiddenColumns == [3...3])
        #expect(summary.columnWidths.first?.columns == 1...2)
        #expect(summary.rowCount == 9 && summary.cellCount == 29)
        // python-calamine drops text:tab and text:line-break and gives the elapsed time as its ISO text.
        try PeerComparison.expectSameAsCalamine("odfpy-roster.ods", except: ["A6", "B6"])
    }

    @Test("odfpy's file reads as LibreOffice reads it (its .xlsx re-save through openpyxl)", .enabled(if: ExternalTool.hasLibreOffice))
    func asLibreOfficeReadsIt() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let converted = try ExternalTool.libreOffice(convert: Fixture.path("odfpy-roster.ods"), to: "xlsx", in: folder)
        let theirs = try PeerComparison.openpyxlCells(converted)
        let workbook = try WorkbookReader(path: Fixture.path("odfpy-roster.ods"))
        // LibreOffice's .xlsx drops the tab and the line break too, and keeps the elapsed time as a date-time of 1900.
        let ours = try PeerComparison.cells(of: workbook, workbook.sheets[0]).filter { !["A6", "B6"].contains($0.key) }
        #expect(ours == theirs["名单"]?.filter { !["A6", "B6"].contains($0.key) })
    }

    /// An .ods with `content` as its content.xml body (inside office:spreadsheet), built by Python's zipfile.
    /// With `tableCount`, a meta.xml that counts the tables as LibreOffice does.
    private func ods(_ tables: String, prologue: String = "", name: String = "hostile.ods", tableCount: Int? = nil) throws -> String {
        let folder = try ExternalTool.temporaryFolder()
        let path = folder + "/" + name
        _ = try ExternalTool.python("""
            import sys, zipfile
            path, prologue, tables, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
            content = (prologue + '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                'office:version="1.2"><office:body><office:spreadsheet>' + tables + '</office:spreadsheet></office:body></office:document-content>')
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
                z.writestr("content.xml", content)
                if count:
                    z.writestr("meta.xml", '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>'
                        '<meta:document-statistic meta:table-count="' + count + '" meta:cell-count="3"/></office:meta></office:document-meta>')
                z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
            print("{}")
            """, [path, prologue, tables, tableCount.map(String.init) ?? ""])
        return path
    }

    @Test("each sheet reads its own table (the ones before it skipped unparsed); meta.xml's table count ends the scan early and a count that lies is caught",
          arguments: [nil, 3, 5, 2] as [Int?])
    func tablesAndTheirCount(_ count: Int?) throws {
        let tables = (1...3).map { number in
            #"<table:table table:name="表\#(number)"><table:table-row><table:table-cell office:value-type="float" office:value="\#(number)"/>"#
                + #"<table:table-cell office:value-type="string"><text:p>第\#(number)张</text:p></table:table-cell></table:table-row></table:table>"#
        }.joined()
        let path = try ods(tables, tableCount: count)
        let workbook = try WorkbookReader(path: path)
        guard count != 2 else {
            // The count says two: the scan stops at the second table, whose full read finds the third.
            #expect(workbook.sheets.map(\.name) == ["表1", "表2"])
            #expect(Fixture.value(try workbook.rows(in: workbook.sheets[0]), "B1") == .string("第1张"))
            #expect(throws: XLSXError.self) { try workbook.rows(in: workbook.sheets[1]) }
            do { _ = try workbook.rows(in: workbook.sheets[1]) } catch let error as XLSXError {
                #expect(error.code == .corruptArchive)
                #expect(error.message.contains("已损坏"))
            }
            return
        }
        #expect(workbook.sheets.map(\.name) == ["表1", "表2", "表3"])
        for (index, sheet) in workbook.sheets.enumerated() {
            let rows = try workbook.rows(in: sheet)
            #expect(rows.map(\.index) == [1])
            #expect(Fixture.value(rows, "A1") == .number(Double(index + 1)))
            #expect(Fixture.value(rows, "B1") == .string("第\(index + 1)张"))
        }
    }

    @Test("a sheet styled to row 1,048,576 and column 16,384 costs nothing")
    func styledToTheEnd() throws {
        let path = try ods("""
            <table:table table:name="表"><table:table-row><table:table-cell office:value-type="string"><text:p>值</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="16383"/></table:table-row>\
            <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>
            """)
        let started = Date()
        let rows = try Fixture.rowsAt(path)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(rows.map(\.index) == [1])
        #expect(Fixture.value(rows, "A1") == .string("值"))
    }

    @Test("hostile .ods files are refused with their reason, quickly", arguments: [
        ("repeated values", #"<table:table table:name="t"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table>"#, "", XLSXError.Code.limitExceeded),
        ("values past the grid", #"<table:table table:name="t"><table:table-row table:number-rows-repeated="1048576"/><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#, "", .invalidCellReference),
        ("values past column XFD", #"<table:table table:name="t"><table:table-row><table:table-cell table:number-columns-repeated="16384"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#, "", .invalidCellReference),
        ("an entity trick", #"<table:table table:name="&lol;"/>"#, #"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY lol "lol">]>"#, .forbiddenDTD),
        ("not well-formed", #"<table:table table:name="t"><table:table-row>"#, "", .malformedXML),
    ])
    func hostile(_ name: String, tables: String, prologue: String, expected: XLSXError.Code) throws {
        let path = try ods(tables, prologue: prologue)
        let started = Date()
        let error = Fixture.readError(path)
        #expect(Date().timeIntervalSince(started) < 10, "\(name) took too long")
        #expect(error?.code == expected, "\(name): \(String(describing: error))")
        #expect(error?.message.contains("另存") == true || error?.message.contains("拆分") == true, "\(name): \(error?.message ?? "")")
    }

    @Test("a zip bomb: content.xml that inflates 1,000 times over is refused as it inflates")
    func zipBomb() throws {
        let folder = try ExternalTool.temporaryFolder()
        let path = folder + "/bomb.ods"
        _ = try ExternalTool.python("""
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
                z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
                z.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
                           + " " * (256 << 20) + '</office:document-content>')
            print("{}")
            """, [path])
        let started = Date()
        let error = Fixture.readError(path)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(error?.code == .limitExceeded, "\(String(describing: error))")
    }

    @Test("an .ods without content.xml, and an OpenDocument text document, are refused with their reason")
    func notASpreadsheet() throws {
        let folder = try ExternalTool.temporaryFolder()
        _ = try ExternalTool.python("""
            import sys, zipfile
            for name, kind, content in (("空.ods", "spreadsheet", False), ("公文.ods", "text", True)):
                with zipfile.ZipFile(sys.argv[1] + "/" + name, "w") as z:
                    z.writestr("mimetype", "application/vnd.oasis.opendocument." + kind)
                    if content: z.writestr("content.xml", "<office:document-content/>")
            print("{}")
            """, [folder])
        #expect(Fixture.readError(folder + "/空.ods")?.code == .missingPart)
        #expect(Fixture.readError(folder + "/公文.ods")?.code == .notASpreadsheet)
    }
}
