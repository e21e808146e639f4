import Foundation
import TestSupport
import Testing

/// Every workbook sheetflow writes, judged by software nobody here wrote: `openxml-audit` (PyPI),
/// which carries the Open XML SDK's schema and semantic rules. Zero errors, except — for a
/// validation report, an annotated copy of the input — errors the input itself already has.
@Suite("workbooks we write pass the Open XML SDK's rules")
struct OpenXMLAuditTests {
    /// Each file's errors (description and part), by file name, from one `openxml-audit -r` run over `folder`.
    static func audit(_ folder: String) throws -> [String: [String]] {
        let output = try ExternalTool.run("python3", ["-m", "openxml_audit", "-r", "-o", "json", "-m", "0", folder])
        let results = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]], "\(output.stderr)")
        var errors: [String: [String]] = [:]
        for result in results {
            let file = (result["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } ?? "?"
            errors[file] = (result["errors"] as? [[String: Any]] ?? []).map { "\($0["part_uri"] ?? "") \(Self.condition($0["description"] as? String ?? ""))" }
        }
        return errors
    }

    /// A finding's description, with the one package-wide condition the SDK words per worksheet
    /// ("Worksheet sheet2.xml has 104 inline-string cell(s) … but the package has no populated
    /// xl/sharedStrings.xml") said once: a package without shared strings, as openpyxl writes them.
    static func condition(_ description: String) -> String {
        description.contains("inline-string cell") && description.contains("no populated") ? "inline strings in a package without a shared-strings part" : description
    }

    @Test("demo, convert (also of .xls and .ods), fill, validate (also of a Strict input, whose report is Transitional throughout, and of an .xls) and aggregate")
    func everyWriter() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out", inputs = folder + "/inputs"
        for path in [out, inputs] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

        // The demo: every file it wrote (its inputs in archive/ are ours too).
        #expect(try CommandLineTests.run(["demo", folder + "/示例"]).status == 0)
        for case let relative as String in FileManager.default.enumerator(atPath: folder + "/示例")?.allObjects ?? []
        where relative.hasSuffix(".xlsx") && !relative.contains("校验报告") {
            try FileManager.default.copyItem(atPath: folder + "/示例/" + relative, toPath: out + "/demo-" + relative.replacingOccurrences(of: "/", with: "_"))
        }
        // convert, with a field longer than a cell holds; fill the Shaoguan ledger.
        let long = String(repeating: "备注", count: 20_000)
        try "姓名,身份证号,备注\n张三,440203199001011231,\(long)\n".write(toFile: folder + "/名单.csv", atomically: true, encoding: .utf8)
        let converted = try CommandLineTests.run(["convert", folder + "/名单.csv", "-o", out + "/convert.xlsx"])
        #expect(converted.stdout.contains("已截断的单元格：工作表「名单」C2（原 40000 个字符）"), "\(converted.stdout)")
        for (legacy, name) in [("xlwt-roster.xls", "convert-xls.xlsx"), ("odfpy-roster.ods", "convert-ods.xlsx")] {
            #expect(try CommandLineTests.run(["convert", CommandLineTests.fixtures.appendingPathComponent(legacy).path, "-o", out + "/" + name]).status == 0)
        }
        let header = "序号,乡镇（街道）,姓名,公民身份号码,人员类别,认定时间,移交时间,参保时间,资金划转时间,代缴时间,缴费到账时间,缴费年度,代缴金额,参保状态,备注\n"
        try (header + "1,龙归镇,人员1,44020319900101001X,低保对象,2026-09-01,2026-10-03,2026-10-11,2026-10-15,2026-10-20,2026-10-25,2026,180,正常参保,\n")
            .write(toFile: folder + "/台账.csv", atomically: true, encoding: .utf8)
        let template = CommandLineTests.repository.appendingPathComponent("Templates/shaoguan-2018/附件2-贫困人员参加养老保险情况台账.xlsx").path
        #expect(try CommandLineTests.run(["fill", "--template", template, "--data", "低保对象=\(folder)/台账.csv", "--data", "建档立卡=\(folder)/台账.csv",
                                          "--data", "特困人员=\(folder)/台账.csv", "--data", "残疾人=\(folder)/台账.csv", "-o", out + "/fill.xlsx"]).status == 0)
        // validate: a Strict input, and inputs written by XlsxWriter, openpyxl and LibreOffice.
        let fixtures = [CommandLineTests.fixtures.appendingPathComponent("strict-roster.xlsx").path,
                        CommandLineTests.fixtures.appendingPathComponent("xlsxwriter-roster.xlsx").path,
                        CommandLineTests.repository.appendingPathComponent("Tests/WorkflowTests/Fixtures/roster-mistakes-openpyxl.xlsx").path,
                        CommandLineTests.repository.appendingPathComponent("Tests/WorkflowTests/Fixtures/roster-mistakes-libreoffice.xlsx").path,
                        CommandLineTests.fixtures.appendingPathComponent("libreoffice-xlsxwriter.xls").path]
        for fixture in fixtures {
            try FileManager.default.copyItem(atPath: fixture, toPath: inputs + "/" + URL(fileURLWithPath: fixture).lastPathComponent)
            #expect([0, 1].contains(try CommandLineTests.run(["validate", fixture, "-o", out]).status))
        }
        // aggregate the demo's October statistics.
        let statistics = folder + "/示例/outbox/2026-10月报/附件3-贫困人员参加养老保险情况统计表.xlsx"
        #expect(try CommandLineTests.run(["aggregate", statistics, "--month", "2026-10", "-o", out]).status == 0)

        let results = try Self.audit(out), inputErrors = try Self.audit(inputs)
        #expect(results.count >= 40, "\(results.keys.sorted())")
        for (file, errors) in results.sorted(by: { $0.key < $1.key }) {
            // A validation report may carry only what its input carries.
            let input = file.hasSuffix("-校验报告.xlsx") ? inputErrors[file.replacingOccurrences(of: "-校验报告.xlsx", with: ".xlsx")] ?? [] : []
            let own = errors.filter { error in !input.contains { $0.hasSuffix(error.split(separator: " ", maxSplits: 1).last.map(String.init) ?? error) } }
            #expect(own.isEmpty, "\(file): \(own.prefix(5))")
        }
        // The Strict input's report is Transitional throughout, and its properties list the new sheet.
        let report = out + "/strict-roster-校验报告.xlsx"
        let parts = try #require(try ExternalTool.python("""
            import json, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            print(json.dumps({"strict": [n for n in z.namelist() if b"purl.oclc.org" in z.read(n)], "app": z.read("docProps/app.xml").decode()}))
            """, [report]) as? [String: Any])
        #expect((parts["strict"] as? [String])?.isEmpty == true, "\(parts["strict"] ?? "")")
        #expect((parts["app"] as? String)?.contains("<vt:lpstr>校验结果</vt:lpstr><vt:lpstr>低保对象</vt:lpstr>") == true, "\(parts["app"] ?? "")")
    }
}
