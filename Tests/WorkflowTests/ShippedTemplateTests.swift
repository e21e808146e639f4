import Foundation
import TestSupport
import Testing
import Workflow
import XLSXKit

/// Fills every template the profiles ship and checks the result with openpyxl against the
/// template and the data (Probes/check_filled.py: values, styles, formulas and their cached
/// values, merges, validations, conditional formats, print titles and area, page setup).
@Suite("Shipped templates")
struct ShippedTemplateTests {
    /// Every template file named by a shipped profile, once.
    static let templates: [String] = {
        guard let catalog = try? ProfileCatalog.shipped(), let ids = try? catalog.ids() else { return [] }
        let files = ids.compactMap { try? catalog.profile($0) }.flatMap { $0.templates.map(\.file) }
        return Array(Set(files)).sorted()
    }()

    /// A synthetic value for a field, shaped by its name as the domain will supply it.
    static func value(_ field: String, _ index: Int) -> CellValue {
        if field == "序号" { return .number(Double(index + 1)) }
        if field.contains("身份号码") { return .string("44020319900101\(String(format: "%03d", index))X") }
        if field.contains("证号") { return .string("44020319900101\(String(format: "%03d", index))X62") }
        if field.hasSuffix("时间") || field.hasSuffix("日期") { return .date(ExcelDateTime(year: 2026, month: 10, day: 1 + index)) }
        if field.contains("应") && field.hasSuffix("人数") { return .number(Double(20 + 7 * index)) }
        if field.hasSuffix("人数") || field == "数量" { return .number(Double(5 + 3 * index + field.count % 4)) }
        if field.contains("金额") { return .number(180.5 * Double(index + 1)) }
        if field.contains("年度") { return .number(2026) }
        if field == "年龄" { return .number(Double(30 + index)) }
        if field == "外省户籍" { return .string(index % 2 == 0 ? "是" : "否") }
        return .string("\(field)\(index + 1)")
    }

    static func single(_ name: String) -> CellValue {
        switch name {
        case "数据截至": .date(ExcelDateTime(year: 2026, month: 10, day: 31))
        case "填报日期": .date(ExcelDateTime(year: 2026, month: 11, day: 3))
        case "记录数": .number(1234)
        default: .string("\(name)甲")
        }
    }

    /// Data for every placeholder of `template`: list `k` gets `3 + k` records.
    static func data(for template: String) throws -> TemplateData {
        let placeholders = try TemplatePlaceholders(template: template)
        var data = TemplateData()
        for name in placeholders.values { data.values[name] = single(name) }
        for (position, list) in placeholders.lists.keys.sorted().enumerated() {
            let fields = placeholders.lists[list]!
            data.lists[list] = TemplateList(fields: fields, records: (0..<(3 + position)).map { index in fields.map { value($0, index) } })
        }
        return data
    }

    /// The same data as JSON for the checker (dates as `date:YYYY-MM-DD`).
    static func json(_ data: TemplateData) throws -> Data {
        func plain(_ value: CellValue) -> Any {
            switch value {
            case .number(let number): number
            case .string(let text): text
            case .date(let date): String(format: "date:%04d-%02d-%02d", date.year, date.month, date.day)
            default: NSNull()
            }
        }
        var lists: [String: Any] = [:]
        for (name, list) in data.lists {
            var records: [[Any]] = []
            try list.forEachRecord { records.append($0.map(plain)) }
            lists[name] = ["fields": list.fields, "records": records]
        }
        return try JSONSerialization.data(withJSONObject: ["values": data.values.mapValues(plain), "lists": lists])
    }

    @Test("each shipped template fills and matches its template in openpyxl", arguments: templates)
    func fillShipped(template: String) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = try Self.data(for: template)
        let output = folder + "/filled.xlsx"
        let report = try TemplateFiller.fill(template: template, data: data, output: output)
        #expect(report.unfilled.isEmpty)
        #expect(report.uncomputedFormulas == 0, "the shipped templates use only formulas sheetflow computes")
        #expect(report.records == data.lists.mapValues { list in list.count ?? 0 })
        try Self.json(data).write(to: URL(fileURLWithPath: folder + "/data.json"))
        let probe = try #require(Bundle.module.path(forResource: "check_filled", ofType: "py", inDirectory: "Probes"))
        let result = try #require(try ExternalTool.python(String(contentsOfFile: probe, encoding: .utf8), [template, output, folder + "/data.json"]) as? [String: Any])
        #expect(result["problems"] as? [String] == [], "\(URL(fileURLWithPath: template).lastPathComponent)")
        let checked = try #require(result["checked"] as? [String: Int])
        #expect(checked["cells", default: 0] > 20)
        #expect(checked["merges", default: 0] >= 3)
    }

    @Test("every shipped template prints on A4 landscape, one page wide, header repeated, in CJK fonts", arguments: templates)
    func printSetup(template: String) throws {
        let script = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        print(json.dumps([{"sheet": ws.title, "orientation": ws.page_setup.orientation, "paper": str(ws.page_setup.paperSize),
          "fitToWidth": ws.page_setup.fitToWidth or 1, "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage,
          "titles": ws.print_title_rows,
          "fonts": sorted({c.font.name for row in ws.iter_rows() for c in row if c.value is not None})} for ws in wb.worksheets],
          ensure_ascii=False))
        """
        let sheets = try #require(try ExternalTool.python(script, [template]) as? [[String: Any]])
        #expect(!sheets.isEmpty)
        for sheet in sheets {
            #expect(sheet["orientation"] as? String == "landscape")
            #expect(sheet["paper"] as? String == "9")
            #expect(sheet["fitToWidth"] as? Int == 1 && sheet["fitToPage"] as? Bool == true, "one page wide (1 is the default when absent)")
            #expect((sheet["titles"] as? String)?.isEmpty == false, "\(sheet["sheet"] ?? "")")
            #expect(Set(sheet["fonts"] as? [String] ?? []).isSubset(of: ["宋体", "黑体"]))
        }
    }

    @Test("the profiles ship 14 distinct templates (the parameterised tests run one case each)")
    func templateCount() {
        #expect(Self.templates.count == 14, "\(Self.templates)")
    }

    @Test("LibreOffice opens every shipped template and prints it to PDF", .enabled(if: ExternalTool.hasLibreOffice))
    func libreOfficeOpensAll() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Copies with plain names: one soffice run converts them all.
        var names: [String] = []
        for (index, template) in Self.templates.enumerated() {
            names.append("t\(index).xlsx")
            try FileManager.default.copyItem(atPath: template, toPath: "\(folder)/t\(index).xlsx")
        }
        let result = try ExternalTool.run("soffice", ["-env:UserInstallation=file://\(folder)/lo-profile", "--headless", "--convert-to", "pdf",
                                                      "--outdir", folder] + names.map { "\(folder)/\($0)" })
        #expect(result.status == 0, "\(result.stderr)")
        for (index, template) in Self.templates.enumerated() {
            let pdf = try? Data(contentsOf: URL(fileURLWithPath: "\(folder)/t\(index).pdf"))
            #expect((pdf?.count ?? 0) > 1000 && pdf?.starts(with: Array("%PDF".utf8)) == true, "\(template)")
        }
    }

    @Test("Shaoguan's ledger filled: LibreOffice shows the records and the totals", .enabled(if: ExternalTool.hasLibreOffice))
    func ledgerInLibreOffice() throws {
        let catalog = try ProfileCatalog.shipped()
        let template = try #require(try catalog.profile("shaoguan-2018").templates(for: .ledger).first).file
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var data = try Self.data(for: template)
        data.values["地区"] = .string("武江区")
        let output = folder + "/台账.xlsx"
        _ = try TemplateFiller.fill(template: template, data: data, output: output)
        let lines = try ExternalTool.libreOfficeCSVLines(of: output, in: folder)
        // The first sheet (附表5, list 建档立卡, the second list in name order: 4 records): label,
        // title, info line, two header rows, the records, totals.
        #expect(lines[1].hasPrefix("建档立卡未标注脱贫贫困人口参加养老保险情况台账,"), "the title without the unit")
        #expect(lines[5].hasPrefix("1,乡镇（街道）1,姓名1,44020319900101000X,人员类别1,2026-10-01,"))
        #expect(lines[8].hasPrefix("4,乡镇（街道）4,姓名4,44020319900101003X,"))
        #expect(lines[9].hasPrefix("合计,,,4,"))
        #expect(lines[9].contains("\"1,805.00\""), "180.5 × (1 + 2 + 3 + 4)")
    }
}
