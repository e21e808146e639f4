import Foundation
import TestSupport
import Testing

/// `sheetflow validate` as a clerk runs it: receipt, outputs, exit codes.
extension CommandLineTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("validate: a list with errors exits 1 with a one-line receipt; a clean one exits 0; an unreadable one 2")
    func validate() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/低保名单.xlsx"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("Tests/WorkflowTests/Fixtures/roster-mistakes-openpyxl.xlsx").path,
                                         toPath: input)
        let bad = try Self.run(["validate", input])
        #expect(bad.status == 1)
        #expect(bad.stdout.hasPrefix("回执：低保名单.xlsx，名单，11 条记录，数据截至 2026-10-31；错误 10 处"))
        #expect(bad.stdout.split(separator: "\n").count == 1)
        for name in ["低保名单-校验报告.xlsx", "低保名单-规范化.xlsx", "低保名单-findings.json"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name) beside the input")
        }

        let json = try Self.run(["validate", input, "-o", folder + "/json", "--json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 11)
        #expect((object["findings"] as? [[String: Any]])?.contains { $0["rule"] as? String == "ID004" && $0["cell"] as? String == "D7" } == true)

        let clean = try Self.run(["validate", Self.repository.appendingPathComponent("Sources/Workflow/Resources/sample-roster.xlsx").path,
                                  "-o", folder + "/clean", "--as-of", "2026-10-31"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("数据截至 2026-10-31；错误 0 处"))
        #expect(clean.stdout.contains("没有错误，可以报送"))

        try Data("不是表格".utf8).write(to: URL(fileURLWithPath: folder + "/坏文件.xlsx"))
        let unreadable = try Self.run(["validate", folder + "/坏文件.xlsx"])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.hasPrefix("错误："))

        let kind = try Self.run(["validate", input, "--kind", "花名册"])
        #expect(kind.status == 64)
        #expect(kind.stderr.contains("不认识的文件类型「花名册」"))
    }
}
