import Foundation
import TestSupport
import Testing

/// Runs the built `sheetflow` binary as a user would and checks what it prints and returns.
@Suite("sheetflow command line")
struct CommandLineTests {
    static var binary: URL {
        // Test bundles and products share the build folder.
        var folder = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("sheetflow").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("sheetflow")
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("XLSXKitTests/Fixtures")
    }

    static func run(_ arguments: [String], in directory: String? = nil, input: String? = nil) throws -> ExternalTool.Output {
        try ExternalTool.run(binary.path, arguments, in: directory, input: input)
    }

    @Test("inspect --json prints the documented schema with typed values")
    func inspectJSON() throws {
        let result = try Self.run(["inspect", Self.fixtures.appendingPathComponent("openpyxl-roster.xlsx").path, "--json", "--limit", "4"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let sheets = try #require(json["sheets"] as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["花名册", "隐藏表", "深度隐藏"])
        #expect(sheets.map { $0["state"] as? String } == ["visible", "hidden", "veryHidden"])
        #expect(sheets[0]["index"] as? Int == 1)
        let rows = try #require(sheets[0]["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        let fourth = try #require(rows[3]["cells"] as? [[String: Any]])
        func cell(_ ref: String) -> [String: Any]? { fourth.first { $0["ref"] as? String == ref } }
        #expect(cell("B4")?["type"] as? String == "string")
        #expect(cell("B4")?["value"] as? String == "张三")
        #expect(cell("D4")?["type"] as? String == "date")
        #expect(cell("D4")?["value"] as? String == "1990-01-01")
        #expect(cell("H4")?["value"] as? String == "2020-03-05T08:30:15")
        #expect(cell("E4")?["type"] as? String == "number")
        #expect(cell("E4")?["value"] as? String == "180")
        #expect(cell("F4")?["type"] as? String == "boolean")
        #expect(sheets[0]["merged"] as? [String] == ["A2:F2", "A1:F1"])
    }

    @Test("inspect --json shows formulas with their cached values")
    func inspectFormula() throws {
        let result = try Self.run(["inspect", Self.fixtures.appendingPathComponent("xlsxwriter-roster.xlsx").path, "--json", "--sheet", "1"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(#""formula":"SUM(H4:H6)","ref":"H7","type":"number","value":"540""#))
        #expect(result.stdout.contains(##""ref":"B8","type":"error","value":"#DIV/0!""##))
    }

    @Test("inspect --count prints one line per sheet")
    func inspectCount() throws {
        let result = try Self.run(["inspect", Self.fixtures.appendingPathComponent("openpyxl-roster.xlsx").path, "--count"])
        #expect(result.status == 0)
        #expect(result.stdout == "花名册 rows=6 cells=34\n隐藏表 rows=1 cells=1\n深度隐藏 rows=1 cells=1\n", "I4 is a formula without a cached value: a cell")
    }

    @Test("inspect in text shows sheets, merges and rows in Chinese")
    func inspectText() throws {
        let result = try Self.run(["inspect", Self.fixtures.appendingPathComponent("libreoffice-roster.xlsx").path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("工作表 1「名单」 可见，数据范围 A1:D6"))
        #expect(result.stdout.contains("合并单元格：A1:D1"))
        #expect(result.stdout.contains("工作表 2「说明」 隐藏"))
        #expect(result.stdout.contains("D6=560（公式 =SUM(D3:D5)）"))
    }

    @Test("an unreadable file exits 2 with the reason in Chinese on stderr", arguments: [
        ("bad-encrypted.xlsx", "密码"), ("bad-truncated.xlsx", "不完整"),
        ("bad-not-a-zip.xlsx", "不是 Excel 工作簿"), ("bad-xxe.xlsx", "DOCTYPE"),
    ])
    func unreadable(name: String, phrase: String) throws {
        let result = try Self.run(["inspect", Self.fixtures.appendingPathComponent(name).path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("错误："))
        #expect(result.stderr.contains(phrase))
        #expect(result.stderr.contains(name))
    }

    @Test("an unknown sheet exits 2 and says which")
    func unknownSheet() throws {
        let result = try Self.run(["inspect", Self.fixtures.appendingPathComponent("openpyxl-roster.xlsx").path, "--sheet", "不存在"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("找不到指定的工作表"))
    }

    @Test("demo processes three months and says what arrived, what was wrong and where the outputs are")
    func demo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sheetflow-cli-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Self.run(["demo", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("示例工作区：\(folder.path)（政策配置 shaoguan-2018）"))
        for month in ["2026年8月", "2026年9月", "2026年10月"] { #expect(result.stdout.contains("\(month)的名单（次月 3 日送达）：")) }
        #expect(result.stdout.contains("民政部门/低保特困人员名单-2026年8月.xlsx\n    登记册：新增 37 人次"))
        #expect(result.stdout.contains("城乡居民参保缴费信息20260903.xlsx\n    登记册：记录参保缴费信息 52 条。其中 52 人尚不在任何名单上"), "\(result.stdout)")
        let report = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("十月的全部报表：") }?.dropFirst("十月的全部报表：".count))
        #expect(FileManager.default.fileExists(atPath: report + "附件3-贫困人员参加养老保险情况统计表.xlsx"))
    }

    @Test("help is in Chinese with examples, for every command")
    func help() throws {
        for command in ["init", "watch", "run", "validate", "ingest", "report", "status", "aggregate", "rules", "inspect", "convert", "fill", "profiles", "demo"] {
            let result = try Self.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("示例："), "\(command)")
            #expect(result.stdout.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(command)")
        }
        #expect(try Self.run(["inspect", "--help"]).stdout.contains("查看工作簿"))
    }
}

extension CommandLineTests {
    @Test("convert CSV to xlsx and back, saying which columns stayed text")
    func convert() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sheetflow-cli-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("名单.csv")
        try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array("姓名,公民身份号码,联系电话\n张三,440203199001011231,13800138000\n".utf8)).write(to: csv)
        let xlsx = folder.appendingPathComponent("名单.xlsx").path
        let forward = try Self.run(["convert", csv.path, "-o", xlsx])
        #expect(forward.status == 0)
        #expect(forward.stdout.contains("2 行 × 3 列"))
        #expect(forward.stdout.contains("按文本写入（不会变成科学计数法）的列：公民身份号码、联系电话"))
        let back = try Self.run(["convert", xlsx, "-o", folder.appendingPathComponent("back.csv").path])
        #expect(back.status == 0)
        let text = try String(contentsOf: folder.appendingPathComponent("back.csv"), encoding: .utf8)
        #expect(text.contains("张三,440203199001011231,13800138000"))
        let same = try Self.run(["convert", xlsx, "-o", xlsx])
        #expect(same.status != 0)
        #expect(same.stderr.contains("不能与输入文件相同"))
    }
}
