import Foundation
import Testing
import TestSupport
@testable import XLSXKit

/// Excel 97–2003 `.xls` files: written by xlwt and LibreOffice (read cell by cell against
/// python-calamine reading the same file and openpyxl reading the .xlsx they came from), and
/// hand-built compound files for BIFF5 code pages and every hostile shape.
@Suite("Excel 97-2003 (.xls)")
struct LegacyWorkbookTests {
    // MARK: Real writers

    @Test("xlwt: RK/MULRK and NUMBER, shared strings split by CONTINUE, formats, merges, hidden rows, columns and sheets")
    func xlwt() throws {
        let workbook = try WorkbookReader(path: Fixture.path("xlwt-roster.xls"))
        #expect(workbook.format == .xls)
        #expect(workbook.sheets.map(\.name) == ["花名册", "隐藏表"])
        #expect(workbook.sheets.map(\.state) == [.visible, .hidden])
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "A1") == .string("韶关市武江区低保对象名单"))
        #expect(Fixture.value(rows, "C3") == .string("440203199001011234".prefix(17) + "\(checkDigit("44020319900101123"))"))
        #expect(Fixture.value(rows, "A3") == .number(1))
        #expect(Fixture.value(rows, "D3") == date(1990, 1, 1))
        #expect(Fixture.value(rows, "E4") == date(2019, 11, 20))
        #expect(Fixture.value(rows, "F3") == .number(180.5))
        #expect(Fixture.value(rows, "G4") == .boolean(true))
        #expect(Fixture.value(rows, "A6") == .number(12345678.9))
        #expect(Fixture.value(rows, "B6") == .number(-7))
        #expect(Fixture.value(rows, "C6") == .number(0.01))
        #expect(Fixture.value(rows, "A7") == .string(String(repeating: "长", count: 9000)))
        #expect(Fixture.value(rows, "B8") == .string("人员000号"))
        #expect(Fixture.value(rows, "B307") == .string("人员299号"))
        var hidden: [Int] = []
        let summary = try workbook.forEachRow(in: workbook.sheets[0]) { row in if row.isHidden { hidden.append(row.index) } }
        #expect(hidden == [5])
        #expect(summary.hiddenColumns == [7...7])
        #expect(summary.mergedRanges == [CellRange("A1:G1")!])
        #expect(summary.columnWidths.contains(ColumnWidth(columns: 3...3, width: 22)))
        #expect(summary.rowCount == 307)
        try PeerComparison.expectSameAsCalamine("xlwt-roster.xls")
    }

    @Test("xlwt: the 1904 date system")
    func xlwt1904() throws {
        let workbook = try WorkbookReader(path: Fixture.path("xlwt-1904.xls"))
        #expect(workbook.dateSystem == .excel1904)
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "A1") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "A2") == date(1904, 1, 2))
        try PeerComparison.expectSameAsCalamine("xlwt-1904.xls")
    }

    @Test("an .xls under an .xlsx name is read as what it is")
    func renamed() throws {
        let workbook = try WorkbookReader(path: Fixture.path("libreoffice-xls-renamed.xlsx"))
        #expect(workbook.format == .xls)
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(rows.contains { $0.cells.contains { $0.value == .string("张三") } })
    }

    @Test("a small workbook: its stream under 4 KiB lives in the compound file's mini stream", .enabled(if: ExternalTool.hasLibreOffice))
    func miniStream() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try ExternalTool.python("""
            import sys, openpyxl
            wb = openpyxl.Workbook(); wb.active.title = "名单"; wb.active["A1"] = "一"; wb.active["B2"] = 2.5
            wb.save(sys.argv[1]); print("{}")
            """, [folder + "/小.xlsx"])
        let legacy = try ExternalTool.libreOffice(convert: folder + "/小.xlsx", to: "xls:MS Excel 97", in: folder)
        let container = try CompoundFile(try FileHandleReader(path: legacy))
        guard case .legacyWorkbook(let stream) = container.content() else { Issue.record("no workbook stream"); return }
        #expect(stream.size < container.miniStreamCutoff, "the fixture must exercise the mini stream")
        let rows = try Fixture.rowsAt(legacy)
        #expect(Fixture.value(rows, "A1") == .string("一"))
        #expect(Fixture.value(rows, "B2") == .number(2.5))
    }

    // MARK: Hand-built files

    @Test("BIFF5 (Excel 5/95) text in code page 936 (GBK)")
    func biff5CodePage() throws {
        let folder = try ExternalTool.temporaryFolder()
        let path = folder + "/excel95.xls"
        try Data(LegacyBytes.compoundFile(LegacyBytes.biff5Workbook(codePage: 936))).write(to: URL(fileURLWithPath: path))
        let workbook = try WorkbookReader(path: path)
        #expect(workbook.sheets.map(\.name) == ["花名册"])
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "A1") == .string("张三"))
        #expect(Fixture.value(rows, "B2") == .number(180.5))
        #expect(Fixture.value(rows, "C2") == .number(42))
    }

    @Test("4096-byte sectors (compound file version 4) read as 512-byte ones do")
    func largeSectors() throws {
        let folder = try ExternalTool.temporaryFolder()
        let path = folder + "/v4.xls"
        let bytes = LegacyBytes.compoundFile(LegacyBytes.biff8Workbook(), sectorSize: 4096)
        #expect(bytes.count % 4096 == 0 && bytes[0x1E] == 12)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let workbook = try WorkbookReader(path: path)
        #expect(workbook.sheets.map(\.name) == ["名单"])
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "A1") == .string("甲") && Fixture.value(rows, "B1") == .string("乙"))
    }

    @Test("hostile .xls files are refused with their reason, quickly", arguments: LegacyBytes.Hostile.allCases)
    func hostile(_ shape: LegacyBytes.Hostile) throws {
        let folder = try ExternalTool.temporaryFolder()
        let path = folder + "/hostile.xls"
        try Data(shape.bytes).write(to: URL(fileURLWithPath: path))
        let started = Date()
        let error = Fixture.readError(path)
        #expect(Date().timeIntervalSince(started) < 10, "\(shape) took too long")
        #expect(error?.code == shape.expected, "\(shape): \(String(describing: error))")
        #expect(error?.message.contains("另存") == true || error?.message.contains("重新") == true, "\(shape): \(error?.message ?? "")")
        #expect(error?.file == path)
    }

    @Test("a lying SST count reads the strings there are")
    func lyingStringCount() throws {
        let folder = try ExternalTool.temporaryFolder()
        let path = folder + "/lying.xls"
        try Data(LegacyBytes.compoundFile(LegacyBytes.biff8Workbook(claimedStrings: 1_000_000_000))).write(to: URL(fileURLWithPath: path))
        let rows = try Fixture.rowsAt(path)
        #expect(Fixture.value(rows, "A1") == .string("甲"))
        #expect(Fixture.value(rows, "B1") == .string("乙"))
    }

    // MARK: Helpers

    private func checkDigit(_ first17: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let total = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return String(Array("10X98765432")[total % 11])
    }

}
