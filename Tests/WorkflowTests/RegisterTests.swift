import Foundation
import TestSupport
import Testing
import XLSXKit
@testable import Workflow

/// The register over three months of a synthetic county (Tests/WorkflowTests/Probes/county_scenario.py
/// writes the files with openpyxl and computes, from the scenario alone, what each month's lists and
/// statistics must say); the outputs are read back with openpyxl.
@Suite("Register and monthly report")
struct RegisterTests {
    static func probe() throws -> String {
        let path = try #require(Bundle.module.path(forResource: "county_scenario", ofType: "py", inDirectory: "Probes"))
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// `2026-10-03` at 09:00 China time.
    static func morning(_ day: String) throws -> Date {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        var components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 9)
        components.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return try #require(Calendar(identifier: .gregorian).date(from: components))
    }

    /// The 18-character IDs under the 公民身份号码 header (formulas and totals left out), without
    /// the rows whose 变动类型 is 退出.
    static func ids(_ rows: [[Any]]) -> [String] {
        let header = rows.first { $0.contains { $0 as? String == "公民身份号码" } } ?? []
        guard let column = header.firstIndex(where: { $0 as? String == "公民身份号码" }) else { return [] }
        let change = header.firstIndex { $0 as? String == "变动类型" }
        return rows.compactMap { row -> String? in
            guard row.count > column, let id = row[column] as? String, id.count == 18, !id.hasPrefix("=") else { return nil }
            if let change, row.count > change, row[change] as? String == "退出" { return nil }
            return id
        }.sorted()
    }

    @Test("three months of full and incremental lists, exports and reference lists give the lists and statistics the scenario implies")
    func threeMonths() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = try #require(try ExternalTool.python(Self.probe(), ["make", folder]) as? [String: Any])
        let files = try #require(plan["files"] as? [[String: Any]])
        #expect(files.count == 11)
        let profile = try ProfileCatalog.shipped().profile("shaoguan-2018")
        let register = try Register(path: folder + "/ws/.sheetflow/register.sqlite")

        var receipts: [String: IngestReceipt] = [:]
        for file in files {
            let path = try #require(file["path"] as? String)
            let options = IngestOptions(profile: profile, sender: file["sender"] as? String, kind: (file["kind"] as? String).flatMap(FileKind.init),
                                        receivedAt: try Self.morning(try #require(file["received"] as? String)), reportFolder: folder + "/reports")
            let receipt = try register.ingest(path, options: options)
            #expect(receipt.duplicateOf == nil)
            receipts[URL(fileURLWithPath: path).lastPathComponent] = receipt
        }
        // What each kind of file did to the register.
        let september = try #require(receipts["民政-9月全量名单.xlsx"])
        #expect((september.mode, september.added, september.exited) == (.full, 169, 0))
        let october = try #require(receipts["民政-10月全量名单.xlsx"])
        #expect((october.mode, october.added, october.exited) == (.full, 10, 5))
        #expect(october.exitedPeople.count == 5 && october.exitedPeople.allSatisfy { $0.contains("********") })
        let changes = try #require(receipts["残联-10月变动名单.xlsx"])
        #expect((changes.mode, changes.added, changes.exited) == (.incremental, 4, 4))
        let additions = try #require(receipts["建档立卡-11月新增名单.xlsx"])
        #expect((additions.mode, additions.added, additions.exited) == (.incremental, 5, 0))
        #expect(receipts["死亡人员-11月.xlsx"]?.unmatched == 0)

        // The same content again is recognised and changes nothing.
        let before = try register.counts(on: "2026-11-30")
        let again = try register.ingest(try #require(files[0]["path"] as? String),
                                        options: IngestOptions(profile: profile, reportFolder: folder + "/reports"))
        #expect(again.duplicateOf?.name == "民政-9月全量名单.xlsx")
        #expect(again.lines[0].contains("已处理过"))
        #expect(try register.counts(on: "2026-11-30") == before)

        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))) as? [String: [String: Any]])
        for month in ["2026-09", "2026-10", "2026-11"] {
            let output = "\(folder)/report-\(month)"
            let result = try MonthlyReport.write(register: register, options: MonthlyReportOptions(profile: profile, month: try #require(ReportMonth(month)), folder: output, unit: "武江区社保局"))
            #expect(result.unfilled.isEmpty)
            let want = try #require(expected[month])
            let books = try #require(try ExternalTool.python(Self.probe(), ["read"] + result.outputs) as? [String: [String: [[Any]]]])

            // Comparison lists: the ID column holds exactly the people the scenario implies.
            for (list, file) in [("应参未参", "应参未参名单.xlsx"), ("应代缴未代缴", "应代缴未代缴名单.xlsx"), ("应发未发", "应发未发名单.xlsx")] {
                let rows = try #require(books[file]?["名单"])
                #expect(Self.ids(rows) == want[list] as? [String], "\(month) \(list)")
            }
            // One push list per destination.
            let push = try #require(want["push"] as? [String: [String]])
            for (destination, people) in push {
                let rows = try #require(books["跨地推送名单-\(destination).xlsx"]?["推送名单"], "\(month) \(destination)")
                #expect(Self.ids(rows) == people.sorted(), "\(month) push to \(destination)")
            }
            #expect(books.keys.filter { $0.hasPrefix("跨地推送名单-") }.count == push.count)
            // Basic information: everyone in force in each list's categories (exits of the month marked, not counted here).
            let basic = try #require(want["basic"] as? [String: [String]])
            for (sheet, list) in zip(["附表1", "附表2", "附表3", "附表4"], ["建档立卡", "低保对象", "特困人员", "残疾人"]) {
                let rows = try #require(books["附件1-贫困人员基本信息表.xlsx"]?[sheet])
                #expect(Self.ids(rows) == basic[list]?.sorted(), "\(month) \(sheet)")
            }
            // Statistics per township: C 人员总数, D 应参保, E 已参保, G 应代缴, H 已代缴, I 代缴金额, K 应领取, L 已领取.
            let stats = try #require(want["stats"] as? [String: [String: [Int]]])
            for (sheet, list) in zip(["附表9", "附表10", "附表11", "附表12"], ["建档立卡", "低保对象", "特困人员", "残疾人"]) {
                let rows = try #require(books["附件3-贫困人员参加养老保险情况统计表.xlsx"]?[sheet])
                var actual: [String: [Int]] = [:]
                for row in rows where row.count > 11 {
                    guard let town = row[1] as? String, town.hasSuffix("街道") || town.hasSuffix("镇") else { continue }
                    actual[town] = [2, 3, 4, 6, 7, 8, 10, 11].map { (row[$0] as? NSNumber)?.intValue ?? -1 }
                }
                #expect(actual == stats[list] ?? [:], "\(month) \(sheet)")
            }
        }

        // A past month reproduced later gives the same bytes.
        let first = "\(folder)/report-2026-10", second = "\(folder)/report-2026-10-again"
        _ = try MonthlyReport.write(register: register, options: MonthlyReportOptions(profile: profile, month: ReportMonth(year: 2026, month: 10), folder: second, unit: "武江区社保局"))
        let names = try FileManager.default.contentsOfDirectory(atPath: first).sorted()
        #expect(names.count >= 8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: second).sorted() == names)
        for name in names {
            #expect(FileManager.default.contentsEqual(atPath: "\(first)/\(name)", andPath: "\(second)/\(name)"), "\(name)")
        }
    }

    @Test("SHA-256 matches the FIPS 180-4 examples")
    func sha256() {
        #expect(ContentHash.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.sha256([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(ContentHash.sha256(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(ContentHash.sha256([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
