import Foundation
import TestSupport
import Testing

/// `sheetflow fill` on templates a clerk makes herself — written by openpyxl, and the same one
/// re-saved by LibreOffice — not by our generator: totals over the single placeholder row grow
/// with the data and carry their values, and everything tied to the rows moves with them.
extension CommandLineTests {
    /// A clerk-style template: title with the unit, header on row 3, one placeholder row 4, a
    /// total row 5 (SUM, COUNTA, COUNTIF, AVERAGE over row 4, and a sum over the header-to-row-4
    /// range), a merged footer, a list validation and a conditional format on row 4, print
    /// titles and area, and a second sheet referring to the totals; plus 500 records.
    static let clerkTemplateScript = """
    import sys, openpyxl
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    folder = sys.argv[1]
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "名单"
    ws["A1"] = "{填报单位}困难人员代缴名单"; ws.merge_cells("A1:F1")
    ws["A2"] = "数据截至：{数据截至}"
    ws.append(["序号", "姓名", "身份证号", "类别", "金额", "备注"])
    ws.append(["{.序号}", "{.姓名}", "{.身份证号}", "{.类别}", "{.金额}", "{.备注}"])
    ws["A5"] = "合计"; ws["B5"] = "=COUNTA(B4:B4)"; ws["C5"] = "=AVERAGE(E4:E4)"
    ws["D5"] = '=COUNTIF(D4:D4,"低保对象")'; ws["E5"] = "=SUM(E4:E4)"; ws["F5"] = "=SUM(E3:E4)-E5"
    ws["A7"] = "填表人：　　　　　　　　　　审核人："; ws.merge_cells("A7:F7")
    dv = DataValidation(type="list", formula1='"低保对象,特困人员"', allow_blank=True); ws.add_data_validation(dv); dv.add("D4")
    ws.conditional_formatting.add("E4", CellIsRule(operator="lessThan", formula=["0"], fill=PatternFill("solid", fgColor="FFC7CE")))
    ws.print_title_rows = "3:3"; ws.print_area = "A1:F7"
    other = wb.create_sheet("说明"); other["A1"] = "合计金额"; other["B1"] = "=名单!E5"; other["B2"] = "=COUNTA(名单!B4:B4)"
    wb.save(folder + "/模板.xlsx")
    data = openpyxl.Workbook(); d = data.active
    d.append(["序号", "姓名", "身份证号", "类别", "金额", "备注"])
    for i in range(1, 501):
        d.append([i, f"人员{i}", f"4402031980{i:08d}", "低保对象" if i % 3 else "特困人员", 10 * i, "独居 （已核实）" if i == 7 else None])
    data.save(folder + "/数据.xlsx")
    print("{}")
    """

    /// What openpyxl reads back from a filled clerk template.
    static let readFilledScript = """
    import json, sys, openpyxl
    wb = openpyxl.load_workbook(sys.argv[1]); wc = openpyxl.load_workbook(sys.argv[1], data_only=True)
    ws, vs = wb["名单"], wc["名单"]
    print(json.dumps({
      "formulas": [ws.cell(504, c).value for c in range(2, 7)], "cached": [vs.cell(504, c).value for c in range(2, 7)],
      "records": [ws.cell(4, 2).value, ws.cell(503, 2).value, ws.cell(503, 5).value], "remark": ws["F10"].value,
      "footer": ws["A506"].value, "merged": sorted(str(r) for r in ws.merged_cells.ranges),
      "validation": [str(v.sqref) for v in ws.data_validations.dataValidation],
      "conditional": [str(r.sqref) for r in ws.conditional_formatting], "titles": ws.print_title_rows, "area": ws.print_area,
      "other": [wb["说明"]["B1"].value, wc["说明"]["B1"].value, wb["说明"]["B2"].value, wc["说明"]["B2"].value],
    }, ensure_ascii=False))
    """

    /// Our output with every formula's cached value removed, so LibreOffice must compute them.
    static let stripCachedScript = """
    import re, sys, zipfile
    source, target = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\\1", data)
            zout.writestr(item, data)
    print("{}")
    """

    @Test("a clerk's template (openpyxl, and re-saved by LibreOffice) filled with 500 records: totals grow, carry their values, and LibreOffice computes the same")
    func clerkTemplate() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try ExternalTool.python(Self.clerkTemplateScript, [folder])
        var templates = [folder + "/模板.xlsx"]
        if ExternalTool.hasLibreOffice {
            try FileManager.default.createDirectory(atPath: folder + "/lo", withIntermediateDirectories: true)
            templates.append(try ExternalTool.libreOffice(convert: folder + "/模板.xlsx", to: "xlsx", in: folder + "/lo"))
        }
        for (number, template) in templates.enumerated() {
            let output = "\(folder)/结果\(number).xlsx"
            // What a clerk types: the template, the data, the unit; no hints about rows or totals.
            let result = try Self.run(["fill", "--template", template, "--data", folder + "/数据.xlsx", "--set", "填报单位=武江区社保局",
                                       "--set", "数据截至=2026-10-31", "-o", output])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("已填写：\(output)（500 条记录）"))
            #expect(!result.stdout.contains("需要在 Excel/WPS 打开时计算"), "every formula computed: \(result.stdout)")
            let read = try #require(try ExternalTool.python(Self.readFilledScript, [output]) as? [String: Any])
            #expect(read["formulas"] as? [String] == ["=COUNTA(B4:B503)", "=AVERAGE(E4:E503)", "=COUNTIF(D4:D503,\"低保对象\")",
                                                     "=SUM(E4:E503)", "=SUM(E3:E503)-E504"], "template \(number)")
            let total = (1...500).reduce(0) { $0 + 10 * $1 }
            let poor = (1...500).filter { $0 % 3 != 0 }.count
            #expect(read["cached"] as? [Double] == [500, Double(total) / 500, Double(poor), Double(total), 0])
            #expect(read["records"] as? [AnyHashable] == ["人员1", "人员500", 5000])
            #expect(read["remark"] as? String == "独居 （已核实）", "free text is written as the data has it")
            #expect(read["footer"] as? String == "填表人：　　　　　　　　　　审核人：")
            #expect(read["merged"] as? [String] == ["A1:F1", "A506:F506"])
            #expect(read["validation"] as? [String] == ["D4:D503"])
            #expect(read["conditional"] as? [String] == ["E4:E503"])
            #expect(read["titles"] as? String == "$3:$3")
            #expect((read["area"] as? String)?.hasSuffix("$A$1:$F$506") == true)
            #expect(read["other"] as? [AnyHashable] == ["=名单!E504", Double(total), "=COUNTA(名单!B4:B503)", 500] as [AnyHashable],
                    "a formula on another sheet follows the filled rows and carries its value")

            // LibreOffice computes the formulas itself (cached values removed) and gets ours.
            guard ExternalTool.hasLibreOffice else { continue }
            let stripped = "\(folder)/lo/无缓存\(number).xlsx"
            _ = try ExternalTool.python(Self.stripCachedScript, [output, stripped])
            let lines = try ExternalTool.libreOfficeCSVLines(of: stripped, in: folder + "/lo")
            let totalRow = lines.first { $0.hasPrefix("\"合计\"") || $0.hasPrefix("合计") }
            #expect(totalRow?.replacingOccurrences(of: "\"", with: "") == "合计,500,\(total / 500),\(poor),\(total),0", "\(lines.suffix(4))")
        }
    }
}
