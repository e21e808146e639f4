import Testing
@testable import XLSXKit

@Suite("Model values")
struct ModelTests {
    @Test("cell references parse, print, and stay inside the grid")
    func references() {
        #expect(CellReference("A1") == CellReference(row: 1, column: 1))
        #expect(CellReference("$AB$12") == CellReference(row: 12, column: 28))
        #expect(CellReference("XFD1048576") == CellReference(row: 1_048_576, column: 16_384))
        #expect(CellReference("XFE1") == nil)
        #expect(CellReference("A1048577") == nil)
        #expect(CellReference("A0") == nil)
        #expect(CellReference("12") == nil)
        #expect(CellReference(row: 5, column: 703).description == "AAA5")
        #expect(CellReference.columnNumber("xfd") == 16_384)
        #expect(CellRange("C3:A1") == CellRange(CellReference("A1")!, CellReference("C3")!))
        #expect(CellRange("A1:C3")!.contains(CellReference("B2")!))
    }

    @Test("Excel serials convert in both date systems")
    func serials() {
        #expect(ExcelDateTime(serial: 43895, system: .excel1900)?.iso8601 == "2020-03-05")
        #expect(ExcelDateTime(serial: 43895.5, system: .excel1900)?.iso8601 == "2020-03-05T12:00:00")
        #expect(ExcelDateTime(serial: 42433, system: .excel1904)?.iso8601 == "2020-03-05")
        #expect(ExcelDateTime(serial: 0, system: .excel1904)?.iso8601 == "1904-01-01")
        #expect(ExcelDateTime(serial: 59, system: .excel1900)?.iso8601 == "1900-02-28")
        #expect(ExcelDateTime(serial: 60, system: .excel1900)?.iso8601 == "1900-02-29")
        #expect(ExcelDateTime(serial: 61, system: .excel1900)?.iso8601 == "1900-03-01")
        #expect(ExcelDateTime(serial: 0.999999999, system: .excel1900)?.iso8601 == "1900-01-01")
        #expect(ExcelDateTime(serial: 43895.0000001, system: .excel1900)?.iso8601 == "2020-03-05T00:00:00.009")
        #expect(ExcelDateTime(serial: -1, system: .excel1900) == nil)
        #expect(ExcelDateTime(serial: 0.75, system: .excel1900, timeOnly: true)?.iso8601 == "18:00:00")
        #expect(ExcelDateTime(iso: "2020-02-30") == nil)
        #expect(ExcelDateTime(iso: "2024-02-29T23:59:59.5")?.iso8601 == "2024-02-29T23:59:59.500")
    }

    @Test("number formats: which codes are dates or times", arguments: [
        ("yyyy-mm-dd", NumberFormat.Kind.date), ("yyyy\"年\"m\"月\"d\"日\"", .date), ("h:mm", .time),
        ("yyyy/m/d h:mm", .dateTime), ("mm:ss", .time), ("[h]:mm:ss", .duration), ("[mm]:ss", .duration), ("[ss].0", .duration), ("yyyy-mm-dd [h]:mm", .dateTime), ("0.00", .number),
        ("@", .number), ("#,##0.00", .number), ("General", .number), ("0.00E+00", .number),
        ("\"日期\"0", .number), ("[Red]0.00", .number), ("[$-F800]dddd, mmmm dd, yyyy", .date),
        ("[$-F400]h:mm:ss AM/PM", .time), ("[DBNum1][$-804]yyyy\"年\"m\"月\"", .date),
        ("上午/下午h\"时\"mm\"分\"", .time), ("¥#,##0.00;[Red]¥-#,##0.00", .number), ("m\"月\"d\"日\"", .date),
    ])
    func formatCodes(code: String, kind: NumberFormat.Kind) {
        #expect(NumberFormat.kind(of: code) == kind)
    }

    @Test("built-in format ids, including the zh-CN ones written without codes")
    func builtInIds() {
        for id in [14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58] {
            #expect(NumberFormat.builtInKind(id) == .date, "\(id)")
        }
        #expect(NumberFormat.builtInKind(46) == .duration)
        for id in [18, 19, 20, 21, 32, 33, 34, 35, 45, 47, 55, 56] {
            #expect(NumberFormat.builtInKind(id) == .time, "\(id)")
        }
        #expect(NumberFormat.builtInKind(22) == .dateTime)
        for id in [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 38, 39, 40, 48, 49] {
            #expect(NumberFormat.builtInKind(id) == .number, "\(id)")
        }
    }

    @Test("relationship targets resolve relative and absolute")
    func partNames() {
        #expect(PartName.resolve("worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
        #expect(PartName.resolve("/xl/styles.xml", from: "xl/workbook.xml") == "xl/styles.xml")
        #expect(PartName.resolve("../drawings/drawing1.xml", from: "xl/worksheets/sheet1.xml") == "xl/drawings/drawing1.xml")
        #expect(PartName.resolve("xl/workbook.xml", from: "") == "xl/workbook.xml")
        #expect(PartName.relationshipsPart(for: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
        #expect(PartName.relationshipsPart(for: "") == "_rels/.rels")
    }

    @Test("_xHHHH_ escapes decode, _x005F_ escapes the underscore")
    func escapes() {
        func decode(_ text: String) -> String {
            Array(text.utf8).withUnsafeBufferPointer { EscapedText.decode($0) }
        }
        #expect(decode("a_x000D_b") == "a\rb")
        #expect(decode("_x005F_x0041_") == "_x0041_")
        #expect(decode("plain_x_text") == "plain_x_text")
        #expect(decode("_xD83D__xDE00_") == "😀")
    }
}
