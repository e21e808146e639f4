import Foundation
import TestSupport
import Testing

/// The official forms as a clerk prints them: every profile's demo, its month's forms and a
/// validation report converted to PDF by LibreOffice and read back by poppler's pdftotext.
extension CommandLineTests {
    static var canPrint: Bool { ExternalTool.hasLibreOffice && (try? ExternalTool.run("which", ["pdftotext"]).status) == 0 }

    @Test("every profile's forms print right: each sheet numbered on its own with its own page count, years as 2026, long texts whole, room to sign",
          .enabled(if: CommandLineTests.canPrint), arguments: ["shaoguan-2018", "guangdong-2020", "kunming-2021", "zhongshan-2018", "jieyang-2018"])
    func printedForms(profile: String) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let demo = try Self.run(["demo", folder + "/demo", "--profile", profile])
        #expect(demo.status == 0, "\(demo.stderr)")
        let month = folder + "/demo/outbox/2026-10月报"
        let print = folder + "/print"
        try FileManager.default.createDirectory(atPath: print, withIntermediateDirectories: true)
        var books = try FileManager.default.contentsOfDirectory(atPath: month).filter { $0.hasSuffix(".xlsx") }.sorted()
        for name in books { try FileManager.default.copyItem(atPath: "\(month)/\(name)", toPath: "\(print)/\(name)") }
        // The August civil-affairs list's validation report: its first sheet, 校验结果, is ours.
        let reports = try FileManager.default.subpathsOfDirectory(atPath: folder + "/demo/outbox").filter { $0.hasSuffix("低保特困人员名单-2026年8月-校验报告.xlsx") }
        let report = try #require(reports.first)
        try FileManager.default.copyItem(atPath: folder + "/demo/outbox/" + report, toPath: print + "/校验报告.xlsx")
        let converted = try ExternalTool.run("soffice", ["-env:UserInstallation=file://\(folder)/lo-profile", "--headless", "--convert-to", "pdf",
                                                         "--outdir", print] + (books + ["校验报告.xlsx"]).map { "\(print)/\($0)" })
        #expect(converted.status == 0, "\(converted.stderr)")
        books = books.map { "\(print)/\($0)" } + ["\(print)/校验报告.xlsx#1"]
        let probe = Self.repository.appendingPathComponent("Tests/WorkflowTests/Probes/check_printed.py").path
        let output = try ExternalTool.run("python3", [probe, print] + books)
        #expect(output.status == 0, "\(output.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(result["problems"] as? [String] == [], "\(profile)")
        // Every sheet of every form was looked at, and the long texts were there to check.
        #expect((result["sheets"] as? Int ?? 0) >= books.count, "\(result)")
        #expect((result["texts"] as? Int ?? 0) > 5, "\(result)")
        if profile == "shaoguan-2018" {
            let ledger = try ExternalTool.run("pdftotext", ["-layout", "\(print)/附件2-贫困人员参加养老保险情况台账.pdf", "-"]).stdout
            #expect(ledger.contains(" 2026 ") && !ledger.contains("2,026"), "缴费年度 as a plain year")
            #expect(ledger.components(separatedBy: "第 1 页，共").count - 1 == 4, "附表5–8 each start at page 1")
        }
    }
}
