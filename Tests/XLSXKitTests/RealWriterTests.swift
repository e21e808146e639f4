import Testing
@testable import XLSXKit

/// Files written by other programs, read with exact values, types and dates.
@Suite("Files from real writers")
struct RealWriterTests {
    @Test("XlsxWriter: shared strings, formats, cached formula values, errors, booleans, rich text")
    func xlsxWriter() throws {
        let workbook = try WorkbookReader(path: Fixture.path("xlsxwriter-roster.xlsx"))
        #expect(workbook.sheets.map(\.name) == ["低保对象"])
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "A1") == .string("韶关市武江区低保对象名单"))
        #expect(Fixture.value(rows, "D4") == .string("440203199001011231"))
        #expect(Fixture.value(rows, "E4") == date(1990, 1, 1))
        #expect(Fixture.value(rows, "G5") == date(2019, 11, 20))
        #expect(Fixture.value(rows, "H4") == .number(180))
        #expect(Fixture.value(rows, "A4") == .number(1))
        let total = rows.first { $0.index == 7 }!.cells.first { $0.reference.description == "H7" }!
        #expect(total.formula == "SUM(H4:H6)")
        #expect(total.value == .number(540))
        #expect(Fixture.value(rows, "A8") == .string("合计人数"))
        #expect(Fixture.value(rows, "B8") == .error("#DIV/0!"))
        #expect(Fixture.value(rows, "C8") == .boolean(true))
        #expect(Fixture.value(rows, "D8") == .boolean(false))
        #expect(Fixture.value(rows, "E8") == .string("韶关武江"))
        let summary = try workbook.forEachRow(in: workbook.sheets[0]) { _ in }
        #expect(summary.mergedRanges == [CellRange("A1:H1")!])
        #expect(summary.rowCount == 8)
        #expect(summary.cellCount == 40)
    }

    @Test("XlsxWriter constant_memory: inline strings read like shared ones")
    func xlsxWriterInline() throws {
        let shared = try Fixture.rows("xlsxwriter-roster.xlsx")
        let inline = try Fixture.rows("xlsxwriter-inline.xlsx")
        for reference in ["A1", "A2", "B3", "B4", "D5", "E6", "F6", "G4", "H7", "A8", "B8", "C8"] {
            #expect(Fixture.value(inline, reference) == Fixture.value(shared, reference), "\(reference)")
        }
    }

    @Test("openpyxl: sheet states, hidden rows and columns, 15-digit numbers, times, rich text, print titles")
    func openpyxl() throws {
        let workbook = try WorkbookReader(path: Fixture.path("openpyxl-roster.xlsx"))
        #expect(workbook.sheets.map(\.name) == ["花名册", "隐藏表", "深度隐藏"])
        #expect(workbook.sheets.map(\.state) == [.visible, .hidden, .veryHidden])
        #expect(workbook.definedNames.contains { $0.name == "_xlnm.Print_Titles" && $0.formula.contains("$3:$3") && $0.localSheetIndex == 0 })
        var hiddenRows: [Int] = []
        let summary = try workbook.forEachRow(in: workbook.sheets[0]) { row in
            if row.isHidden { hiddenRows.append(row.index) }
        }
        #expect(hiddenRows == [6])
        #expect(summary.hiddenColumns == [7...7])
        #expect(Set(summary.mergedRanges) == [CellRange("A1:F1")!, CellRange("A2:F2")!])
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "D4") == date(1990, 1, 1))
        #expect(Fixture.value(rows, "D5") == date(1985, 6, 15))
        #expect(Fixture.value(rows, "D6") == date(1972, 7, 7))
        // An ID typed as a number: openpyxl wrote `4.402031990010113e+17`, the last digits are gone,
        // and the reader says exactly what the file holds, never a guessed 18-digit string.
        #expect(Fixture.value(rows, "G4") == .number(4.402031990010113e+17))
        #expect(Fixture.value(rows, "G4").text == "4.402031990010113e+17")
        #expect(Fixture.value(rows, "G5").text == "0.1")
        #expect(Fixture.value(rows, "G6").text == "0.3333333333333333")
        #expect(Fixture.value(rows, "H4") == date(2020, 3, 5, 8, 30, 15))
        #expect(Fixture.value(rows, "H5").text == "12:30:00")
        #expect(Fixture.value(rows, "H6") == .boolean(true))
        #expect(Fixture.value(rows, "F4") == .boolean(false))
        #expect(Fixture.value(rows, "I5") == .string("富文本"))
        let formula = rows.first { $0.index == 4 }!.cells.first { $0.reference.column == 9 }
        #expect(formula?.formula == "SUM(E4:E6)" && formula?.value == .empty,
                "openpyxl writes no cached value for formulas: the cell is there, with its formula and no value")
    }

    @Test("pandas: header row, NaN left empty, timestamps as dates")
    func pandas() throws {
        let rows = try Fixture.rows("pandas-frame.xlsx")
        #expect(rows[0].cells.map(\.value.text) == ["姓名", "公民身份号码", "出生日期", "代缴金额", "人数"])
        #expect(Fixture.value(rows, "C2") == date(1990, 1, 1))
        #expect(Fixture.value(rows, "D3") == .empty)
        #expect(Fixture.value(rows, "D4") == .number(200.5))
        #expect(Fixture.value(rows, "E4") == .number(3))
    }

    @Test("LibreOffice: merged title, dates, cached formula result, hidden sheet, a boolean saved as the number 1")
    func libreOffice() throws {
        let workbook = try WorkbookReader(path: Fixture.path("libreoffice-roster.xlsx"))
        #expect(workbook.sheets.map(\.name) == ["名单", "说明"])
        #expect(workbook.sheets[1].state == .hidden)
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "A1") == .string("乳源县特困人员名单"))
        #expect(Fixture.value(rows, "C3") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "D5") == .number(200))
        let total = rows.last!.cells.first { $0.reference.column == 4 }!
        #expect(total.formula == "SUM(D3:D5)")
        #expect(total.value == .number(560))
        #expect(Fixture.value(rows, "B6") == .number(1), "LibreOffice writes this boolean as t=\"n\" 1 in General format")
        let summary = try workbook.forEachRow(in: workbook.sheets[0]) { _ in }
        #expect(summary.mergedRanges == [CellRange("A1:D1")!])
    }

    @Test("1904 date system, from openpyxl and XlsxWriter")
    func dateSystem1904() throws {
        let openpyxl = try WorkbookReader(path: Fixture.path("openpyxl-1904.xlsx"))
        #expect(openpyxl.dateSystem == .excel1904)
        let rows = try openpyxl.rows(in: openpyxl.sheets[0])
        #expect(Fixture.value(rows, "A1") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "A2") == date(1904, 1, 1))
        let xlsxwriter = try Fixture.rows("xlsxwriter-1904.xlsx")
        #expect(Fixture.value(xlsxwriter, "E4") == date(1990, 1, 1))
        #expect(Fixture.value(xlsxwriter, "G6") == date(2021, 1, 8))
    }

    @Test("ISO 29500 Strict: namespaces and relationship types differ, ISO date cells")
    func strict() throws {
        let rows = try Fixture.rows("strict-roster.xlsx")
        #expect(Fixture.value(rows, "B4") == .string("张三"))
        #expect(Fixture.value(rows, "E4") == date(1990, 1, 1))
        #expect(Fixture.value(rows, "E5") == date(1985, 6, 15))
        #expect(Fixture.value(rows, "H7") == .number(540))
    }

    @Test("forEachRow(only:) hands over just the rows asked for, cell for cell as the full read, from XlsxWriter, openpyxl and LibreOffice")
    func sparseRead() throws {
        for name in ["xlsxwriter-roster.xlsx", "openpyxl-roster.xlsx", "libreoffice-roster.xlsx", "xlsxwriter-inline.xlsx"] {
            let workbook = try WorkbookReader(path: Fixture.path(name))
            let full = try workbook.rows(in: workbook.sheets[0])
            let wanted: Set<Int> = [1, 4, 6, 99]
            var read: [Row] = []
            try workbook.forEachRow(in: workbook.sheets[0], only: wanted) { row in
                if wanted.contains(row.index) { read.append(row.materialize()) }
            }
            #expect(read == full.filter { wanted.contains($0.index) }, "\(name)")
            #expect(read.map(\.index) == [1, 4, 6], "\(name)")
            #expect(!read[1].cells.isEmpty, "\(name)")
        }
    }

    @Test("forEachRow(only:) in a sheet whose rows have no r: parsed whole, the rows asked for are there")
    func sparseReadWithoutRowNumbers() throws {
        let workbook = try WorkbookReader(path: Fixture.path("edge-cases.xlsx"))
        let full = try workbook.rows(in: workbook.sheets[0])
        var read: [Row] = []
        try workbook.forEachRow(in: workbook.sheets[0], only: [2, 5]) { row in
            if [2, 5].contains(row.index) { read.append(row.materialize()) }
        }
        #expect(read == full.filter { [2, 5].contains($0.index) })
        #expect(read.map(\.index) == [2, 5])
    }
}
