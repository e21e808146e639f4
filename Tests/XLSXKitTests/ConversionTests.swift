import Foundation
import TestSupport
import Testing
@testable import XLSXKit

/// CSV ↔ xlsx as clerks' files need it: encodings, delimiters, codes kept as text, dates as dates.
@Suite("CSV conversion")
struct ConversionTests {
    static let roster = "序号,姓名,公民身份号码,联系电话,出生日期,代缴金额,邮编,备注\r\n"
        + "1,张三,440203199001011231,13800138000,1990-01-01,180,012345,\"含,逗号\"\r\n"
        + "2,李四,44020319850615262X,13900139000,1985/6/15,\"1,234.50\",512000,=1+1\r\n"
        + "3,王五,440232197207070010,,1972年7月7日,200.5,512000,\"说\"\"明\"\"\"\r\n"

    func write(_ bytes: [UInt8], to folder: String, _ name: String) throws -> String {
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("encoding and delimiter are detected", arguments: [
        ("UTF-8 with BOM", [0xEF, 0xBB, 0xBF] + Array(roster.utf8), TextEncoding.utf8, UInt8(ascii: ",")),
        ("UTF-8", Array(roster.utf8), .utf8, UInt8(ascii: ",")),
        ("GB18030, semicolons", Array(roster.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: "\"1;234.50\"", with: "1234.50").utf8), .utf8, UInt8(ascii: ";")),
    ])
    func detection(label: String, bytes: [UInt8], encoding: TextEncoding, delimiter: UInt8) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reader = try CSVReader(path: try write(bytes, to: folder, "in.csv"))
        #expect(reader.encoding == encoding, "\(label)")
        #expect(reader.delimiter == delimiter, "\(label)")
        var rows: [[String]] = []
        try reader.forEachRow { rows.append($0) }
        #expect(rows.count == 4)
        #expect(rows[1][1] == "张三")
    }

    @Test("GB18030 files from Chinese Excel decode, and bytes that are no encoding are refused with their offset")
    func gb18030() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let converter = try TextTranscoder(from: "UTF-8", to: "GB18030")
        let gb = try Array(Self.roster.utf8).withUnsafeBytes { try converter.convert($0, final: true) }
        let reader = try CSVReader(path: try write(gb, to: folder, "gbk.csv"))
        #expect(reader.encoding == .gb18030)
        var rows: [[String]] = []
        try reader.forEachRow { rows.append($0) }
        #expect(rows[3] == ["3", "王五", "440232197207070010", "", "1972年7月7日", "200.5", "512000", "说\"明\""])
        let broken = try write(Array("姓名\n张三".utf8) + [0xFF, 0xFF, 0x0A], to: folder, "broken.csv")
        #expect(throws: XLSXError.self) { try CSVReader(path: broken, encoding: .utf8).forEachRow { _ in } }
    }

    @Test("CSV to xlsx: codes as text, numbers, dates, bold frozen header; openpyxl agrees")
    func csvToXLSX() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = try write(Array(Self.roster.utf8), to: folder, "名单.csv")
        let report = try TableConversion.csvToWorkbook(csv: csv, xlsx: folder + "/名单.xlsx", sheetName: "名单")
        #expect(report.rows == 4)
        #expect(report.codeColumns == ["公民身份号码", "联系电话", "邮编"])
        #expect(report.dateColumns == ["出生日期"])
        let probe = """
        import json, sys, openpyxl
        ws = openpyxl.load_workbook(sys.argv[1])["名单"]
        cells = {c.coordinate: [c.value.isoformat() if hasattr(c.value, "isoformat") else c.value, c.data_type, c.number_format]
                 for row in ws.iter_rows() for c in row if c.value is not None}
        print(json.dumps({"cells": cells, "freeze": ws.freeze_panes, "bold": ws["A1"].font.b,
                          "width": ws.column_dimensions["C"].width}, ensure_ascii=False))
        """
        let result = try #require(try ExternalTool.python(probe, [folder + "/名单.xlsx"]) as? [String: Any])
        let cells = try #require(result["cells"] as? [String: [Any]])
        #expect(cells["C2"]?[0] as? String == "440203199001011231")
        #expect(cells["C2"]?[2] as? String == "@")
        #expect(cells["D2"]?[0] as? String == "13800138000")
        #expect(cells["G2"]?[0] as? String == "012345")
        #expect(cells["G3"]?[0] as? String == "512000", "a code column keeps every value as text")
        #expect(cells["A2"]?[0] as? Int == 1)
        #expect(cells["F3"]?[0] as? Double == 1234.5)
        #expect(cells["E3"]?[0] as? String == "1985-06-15T00:00:00")
        #expect(cells["E4"]?[0] as? String == "1972-07-07T00:00:00")
        #expect(cells["H3"]?[0] as? String == "=1+1")
        #expect(cells["H3"]?[1] as? String == "s", "a value starting with = stays text")
        #expect(cells["H4"]?[0] as? String == "说\"明\"")
        #expect(result["freeze"] as? String == "A2")
        #expect(result["bold"] as? Bool == true)
        #expect((result["width"] as? Double ?? 0) >= 18)
    }

    @Test("xlsx to CSV: UTF-8 with BOM or GB18030, ISO dates, shortest numbers, positions kept")
    func xlsxToCSV() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try TableConversion.workbookToCSV(xlsx: Fixture.path("openpyxl-roster.xlsx"), csv: folder + "/out.csv")
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/out.csv")))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0] == "韶关市武江区低保对象名单")
        #expect(lines[2] == "序号,姓名,公民身份号码,出生日期,代缴金额,是否在校")
        // I4 holds a formula openpyxl wrote without a value: an empty field in its place.
        #expect(lines[3] == "1,张三,440203199001011231,1990-01-01,180,FALSE,4.402031990010113e+17,2020-03-05T08:30:15,")
        _ = try TableConversion.workbookToCSV(xlsx: Fixture.path("openpyxl-roster.xlsx"), csv: folder + "/gb.csv", encoding: .gb18030)
        let reader = try CSVReader(path: folder + "/gb.csv")
        #expect(reader.encoding == .gb18030)
        var rows: [[String]] = []
        try reader.forEachRow { rows.append($0) }
        #expect(rows[4][1] == "李四")
    }

    @Test("column typing: what counts as a code, a number, a date", arguments: [
        ("440203199001011231", true), ("44020319850615262X", true), ("13800138000", true), ("012345", true),
        ("123456789012", true), ("512000", false), ("0", false), ("-5", false), ("张三", false),
    ])
    func codes(text: String, isCode: Bool) {
        #expect(ColumnTyping.isCode(text) == isCode)
    }

    @Test("date forms clerks type")
    func dates() {
        for text in ["2020-03-05", "2020/3/5", "2020.3.5", "2020年3月5日", "2020-03-05 08:30", "2020/3/5 8:30:15"] {
            #expect(ColumnTyping.date(text).map { [$0.year, $0.month, $0.day] } == [2020, 3, 5], "\(text)")
        }
        for text in ["2020-02-30", "20200305", "3/5/2020", "2020-13-01", "张三"] {
            #expect(ColumnTyping.date(text) == nil, "\(text)")
        }
        #expect(ColumnTyping.number("1,234.50") == 1234.5)
        #expect(ColumnTyping.number("12,34") == nil)
        #expect(ColumnTyping.number("1e-3") == 0.001)
        #expect(ColumnTyping.number("1.2.3") == nil)
    }
}
