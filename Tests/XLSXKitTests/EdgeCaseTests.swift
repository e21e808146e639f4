import Testing
@testable import XLSXKit

/// Shapes that real exporters produce: missing `r` attributes, escapes, phonetic runs,
/// whitespace rules, zh-CN built-in date formats, Excel's 1900 leap-year bug.
@Suite("Edge cases in sheet XML")
struct EdgeCaseTests {
    let rows: [Row]

    init() throws {
        rows = try Fixture.rows("edge-cases.xlsx")
    }

    @Test("shared strings: rich runs joined, rPh excluded, whitespace trimmed unless preserved, escapes decoded")
    func sharedStrings() {
        #expect(Fixture.value(rows, "A1") == .string("姓名"))
        #expect(Fixture.value(rows, "B1") == .string("韶关 武江"))
        #expect(Fixture.value(rows, "C1") == .string("trimmed"))
        #expect(Fixture.value(rows, "D1") == .string("  kept  "))
        #expect(Fixture.value(rows, "E1") == .string("Tab\tStop_x0041_"))
        #expect(Fixture.value(rows, "F1") == .string("<&>"))
    }

    @Test("rows and cells without r attributes continue from the previous one")
    func missingReferences() {
        #expect(rows.map(\.index) == [1, 2, 4, 5, 6, 8])
        #expect(rows[0].cells.map(\.reference.description) == ["A1", "B1", "C1", "D1", "E1", "F1"])
        #expect(rows[2].cells.map(\.reference.description) == ["B4", "C4", "D4", "E4", "F4"])
    }

    @Test("date formats: built-in 14 and 22, zh-CN 31 and 57 without codes, Chinese and system custom codes")
    func dateFormats() {
        #expect(Fixture.value(rows, "A2") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "B2") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "C2") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "D2") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "E2") == .number(43895), "0.00 is not a date")
        #expect(Fixture.value(rows, "F2") == .number(43895), "@ is not a date")
        #expect(Fixture.value(rows, "B4") == date(2020, 3, 5), "[$-F800] system long date")
        #expect(Fixture.value(rows, "C4").text == "12:00:00", "built-in 20 h:mm on a time")
        #expect(Fixture.value(rows, "D4") == date(2020, 3, 5), "[DBNum1] Chinese year-month")
        #expect(Fixture.value(rows, "F4") == date(2020, 3, 5, 18))
    }

    @Test("hidden row, hidden columns, merged ranges after the data, dimension not trusted")
    func sheetStructure() throws {
        let workbook = try WorkbookReader(path: Fixture.path("edge-cases.xlsx"))
        let summary = try workbook.forEachRow(in: workbook.sheets[0]) { _ in }
        #expect(rows.first { $0.index == 4 }?.isHidden == true)
        #expect(summary.hiddenColumns == [3...4])
        #expect(summary.mergedRanges == [CellRange("A10:C11")!])
        #expect(summary.claimedDimension == "A1:Z99999")
        #expect(summary.usedRange == CellRange("A1:F8"))
        #expect(summary.cellCount == 31)
    }

    @Test("cell types: t=d, t=str with formula, t=e, t=b, inline rich text with whitespace rules")
    func cellTypes() {
        #expect(Fixture.value(rows, "A5") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "B5") == date(2020, 3, 5, 8, 30))
        #expect(Fixture.value(rows, "C5") == .string("姓名韶关 武江"))
        #expect(rows.first { $0.index == 5 }!.cells[2].formula == "A1&B1")
        #expect(Fixture.value(rows, "D5") == .error("#DIV/0!"))
        #expect(Fixture.value(rows, "E5") == .boolean(true))
        #expect(Fixture.value(rows, "F5") == .string("内联 富文本"))
        #expect(Fixture.value(rows, "A8") == .string("inline trimmed"))
        #expect(Fixture.value(rows, "B8") == .string(" inline kept "))
    }

    @Test("1900 system: serial 60 is Excel's fictitious 1900-02-29, then 61 is 1 March")
    func leapYearBug() {
        #expect(Fixture.value(rows, "A6").text == "1900-02-29")
        #expect(Fixture.value(rows, "B6") == date(1900, 3, 1))
        #expect(Fixture.value(rows, "C6") == date(1900, 1, 1))
    }

    @Test("numbers keep full precision and print as the shortest round-trip decimal")
    func numbers() {
        #expect(Fixture.value(rows, "D6") == .number(-0.0015))
        #expect(Fixture.value(rows, "D6").text == "-0.0015")
        #expect(Fixture.value(rows, "E6").text == "1.2345678901234568e+20")
        #expect(Fixture.value(rows, "F6") == .number(0.30000000000000004))
        #expect(Fixture.value(rows, "F6").text == "0.30000000000000004")
    }

    @Test("streaming can stop early; the summary says so")
    func stopEarly() throws {
        let workbook = try WorkbookReader(path: Fixture.path("edge-cases.xlsx"))
        var seen: [Int] = []
        let summary = try workbook.readRows(in: workbook.sheets[0]) { row in
            seen.append(row.index)
            return seen.count < 2
        }
        #expect(seen == [1, 2])
        #expect(summary.stoppedEarly)
    }

    @Test("a caller's error stops the stream and comes out unchanged")
    func callerError() throws {
        struct Enough: Error {}
        let workbook = try WorkbookReader(path: Fixture.path("edge-cases.xlsx"))
        #expect(throws: Enough.self) {
            try workbook.forEachRow(in: workbook.sheets[0]) { row in if row.index == 2 { throw Enough() } }
        }
    }
}

@Suite("Shared formulas")
struct SharedFormulaTests {
    @Test("cells that share a formula report it translated to their own place, as Excel shows it")
    func translated() throws {
        let rows = try Fixture.rows("edge-shared-formulas.xlsx")
        func formula(_ reference: String) -> String? {
            let ref = CellReference(reference)!
            return rows.first { $0.index == ref.row }?.cells.first { $0.reference.column == ref.column }?.formula
        }
        #expect(formula("B1") == "A1*12")
        #expect(formula("C1") == "B1*12")
        #expect(formula("B2") == "A2*12")
        #expect(formula("C3") == "B3*12")
        #expect(formula("D3") == "SUM($A$1:A3)")
        #expect(formula("D4") == "SUM($A$1:A4)")
        #expect(Fixture.value(rows, "C2") == .number(28800))
    }
}
