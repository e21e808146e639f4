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
        try expectSameAsCalamine("xlwt-roster.xls")
    }

    @Test("xlwt: the 1904 date system")
    func xlwt1904() throws {
        let workbook = try WorkbookReader(path: Fixture.path("xlwt-1904.xls"))
        #expect(workbook.dateSystem == .excel1904)
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(Fixture.value(rows, "A1") == date(2020, 3, 5))
        #expect(Fixture.value(rows, "A2") == date(1904, 1, 2))
        try expectSameAsCalamine("xlwt-1904.xls")
    }

    @Test("LibreOffice's .xls of the openpyxl and XlsxWriter rosters reads as openpyxl reads the .xlsx",
          arguments: [("libreoffice-openpyxl.xls", "openpyxl-roster.xlsx"), ("libreoffice-xlsxwriter.xls", "xlsxwriter-roster.xlsx")])
    func libreOffice(legacy: String, source: String) throws {
        let workbook = try WorkbookReader(path: Fixture.path(legacy))
        let original = try WorkbookReader(path: Fixture.path(source))
        #expect(workbook.sheets.map(\.name) == original.sheets.map(\.name))
        // LibreOffice saves a very hidden sheet as hidden in .xls (python-calamine and xlrd read it so too).
        #expect(workbook.sheets.map(\.state) == original.sheets.map { $0.state == .veryHidden ? .hidden : $0.state })
        let theirs = try openpyxlCells(source)
        for sheet in workbook.sheets {
            // Formula cells hold what LibreOffice computed on saving, not what the .xlsx cached
            // (openpyxl caches nothing); those are compared with python-calamine below.
            var formulas = Set<String>()
            try original.forEachRow(in: original.sheets[sheet.index]) { row in
                for cell in row.cells where cell.formula != nil { formulas.insert(cell.reference.description) }
            }
            let ours = try cells(of: workbook, sheet).filter { !formulas.contains($0.key) }
            #expect(ours == theirs[sheet.name]?.filter { !formulas.contains($0.key) }, "\(legacy) sheet \(sheet.name)")
            let oursSummary = try workbook.forEachRow(in: sheet) { _ in }
            let originalSummary = try original.forEachRow(in: original.sheets[sheet.index]) { _ in }
            #expect(Set(oursSummary.mergedRanges) == Set(originalSummary.mergedRanges))
        }
        try expectSameAsCalamine(legacy)
    }

    @Test("an .xls under an .xlsx name is read as what it is")
    func renamed() throws {
        let workbook = try WorkbookReader(path: Fixture.path("libreoffice-xls-renamed.xlsx"))
        #expect(workbook.format == .xls)
        let rows = try workbook.rows(in: workbook.sheets[0])
        #expect(rows.contains { $0.cells.contains { $0.value == .string("张三") } })
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

    /// Every cell with a value as comparable text, by A1 reference (errors left out: calamine shows them empty).
    private func cells(of workbook: WorkbookReader, _ sheet: SheetInfo) throws -> [String: String] {
        var result: [String: String] = [:]
        try workbook.forEachRow(in: sheet) { row in
            for cell in row.cells {
                if let text = comparable(cell.value) { result[cell.reference.description] = text }
            }
        }
        return result
    }

    private func comparable(_ value: CellValue) -> String? {
        switch value {
        case .empty, .error: return nil
        case .string(let text): return text.isEmpty ? nil : text
        case .date(let date):
            let clock = String(format: "%02d:%02d:%02d", date.hour, date.minute, date.second)
            return date.hasDate ? String(format: "%04d-%02d-%02dT", date.year, date.month, date.day) + clock : clock
        default: return value.text
        }
    }

    /// The same normalisation in Python, shared by the calamine and openpyxl dumps.
    private static let normalise = """
        import datetime, json, sys
        def norm(v):
            if v is None or v == '': return None
            if isinstance(v, bool): return 'TRUE' if v else 'FALSE'
            if isinstance(v, (int, float)):
                v = float(v)
                return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)
            if isinstance(v, datetime.datetime): return v.strftime('%Y-%m-%dT%H:%M:%S')
            if isinstance(v, datetime.date): return v.strftime('%Y-%m-%dT00:00:00')
            if isinstance(v, datetime.time): return v.strftime('%H:%M:%S')
            if isinstance(v, str) and v.startswith('#'): return None
            return str(v)
        def ref(r, c):
            s = ''
            c += 1
            while c:
                c, m = divmod(c - 1, 26)
                s = chr(65 + m) + s
            return f'{s}{r + 1}'

        """

    private func expectSameAsCalamine(_ name: String) throws {
        let script = Self.normalise + """
            from python_calamine import CalamineWorkbook
            wb = CalamineWorkbook.from_path(sys.argv[1])
            out = {}
            for name in wb.sheet_names:
                cells = {}
                for r, row in enumerate(wb.get_sheet_by_name(name).to_python(skip_empty_area=False)):
                    for c, v in enumerate(row):
                        n = norm(v)
                        if n is not None: cells[ref(r, c)] = n
                out[name] = cells
            print(json.dumps(out))
            """
        let theirs = try ExternalTool.python(script, [Fixture.path(name)]) as? [String: [String: String]] ?? [:]
        let workbook = try WorkbookReader(path: Fixture.path(name))
        #expect(!theirs.isEmpty)
        for sheet in workbook.sheets where theirs[sheet.name] != nil {
            #expect(try cells(of: workbook, sheet) == theirs[sheet.name], "\(name) sheet \(sheet.name) differs from python-calamine")
        }
    }

    private func openpyxlCells(_ name: String) throws -> [String: [String: String]] {
        let script = Self.normalise + """
            import openpyxl
            wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
            out = {}
            for ws in wb.worksheets:
                cells = {}
                for row in ws.iter_rows():
                    for cell in row:
                        n = norm(cell.value)
                        if n is not None: cells[cell.coordinate] = n
                out[ws.title] = cells
            print(json.dumps(out))
            """
        return try ExternalTool.python(script, [Fixture.path(name)]) as? [String: [String: String]] ?? [:]
    }
}
