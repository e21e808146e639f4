import Foundation
import Testing

/// A county's three months of files as they really arrive, written by openpyxl
/// (`Tests/WorkflowTests/Probes/county_scenario.py`), with what each month's reports must say
/// computed from the scenario alone; and the checks of a set of reports against it. Shared by the
/// register's tests and the folder service's.
public enum CountyScenario {
    public static let months = ["2026-07", "2026-08", "2026-09"]

    /// The probe script.
    public static var probe: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WorkflowTests/Probes/county_scenario.py").path
    }

    /// Writes the files into `folder/files` (dated the 3rd–5th of the next month) and returns
    /// their paths and the expectations per month.
    public static func make(in folder: String) throws -> (files: [String], expected: [String: [String: Any]]) {
        let output = try ExternalTool.run("python3", [probe, "make", folder])
        #expect(output.status == 0, "\(output.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let files = try #require(plan["files"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))) as? [String: [String: Any]])
        return (files, expected)
    }

    /// A permutation of `count` items from a seed (SplitMix64), the same on every machine.
    public static func order(_ count: Int, seed: UInt64) -> [Int] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var items = Array(0..<count)
        for index in stride(from: count - 1, to: 0, by: -1) { items.swapAt(index, Int(next() % UInt64(index + 1))) }
        return items
    }

    /// Every workbook under `folder` by path below it, with its bytes.
    public static func workbooks(under folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder)?.allObjects ?? [] where path.hasSuffix(".xlsx") {
            result[path] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path))
        }
        return result
    }

    /// The 18-character IDs under the 公民身份号码 header (formulas and totals left out), without
    /// the rows whose 变动类型 is 退出.
    public static func ids(_ rows: [[Any]]) -> [String] {
        let header = rows.first { $0.contains { $0 as? String == "公民身份号码" } } ?? []
        guard let column = header.firstIndex(where: { $0 as? String == "公民身份号码" }) else { return [] }
        let change = header.firstIndex { $0 as? String == "变动类型" }
        return rows.compactMap { row -> String? in
            guard row.count > column, let id = row[column] as? String, id.count == 18, !id.hasPrefix("=") else { return nil }
            if let change, row.count > change, row[change] as? String == "退出" { return nil }
            return id
        }.sorted()
    }

    /// Each month's outputs (`folder(month)`), read by openpyxl, against what the scenario implies.
    public static func check(_ folder: (String) -> String, expected: [String: [String: Any]]) throws {
        for month in months {
            let output = folder(month)
            let names = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasSuffix(".xlsx") }.sorted()
            let read = try ExternalTool.run("python3", [probe, "read"] + names.map { output + "/" + $0 })
            let books = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: [String: [[Any]]]])
            let want = try #require(expected[month])

            // Comparison lists: the ID column holds exactly the people the scenario implies.
            for (list, file) in [("应参未参", "应参未参名单.xlsx"), ("应代缴未代缴", "应代缴未代缴名单.xlsx"), ("应发未发", "应发未发名单.xlsx")] {
                #expect(ids(try #require(books[file]?["名单"])) == want[list] as? [String], "\(month) \(list)")
            }
            #expect(ids(try #require(books["比对排除名单.xlsx"]?["比对排除名单"])) == want["excluded"] as? [String], "\(month) 比对排除")
            // One push list per destination: other city, other province, other county of the city.
            let push = try #require(want["push"] as? [String: [String]])
            for (destination, people) in push {
                let rows = try #require(books["跨地推送名单-\(destination).xlsx"]?["推送名单"], "\(month) \(destination)")
                #expect(ids(rows) == people.sorted(), "\(month) push to \(destination)")
            }
            #expect(books.keys.filter { $0.hasPrefix("跨地推送名单-") }.count == push.count)
            // Basic information: everyone in force and alive in each list's categories; ledger: the counted.
            let basic = try #require(want["basic"] as? [String: [String]]), ledger = try #require(want["ledger"] as? [String: [String]])
            for (number, list) in zip(1...4, ["建档立卡", "低保对象", "特困人员", "残疾人"]) {
                #expect(ids(try #require(books["附件1-贫困人员基本信息表.xlsx"]?["附表\(number)"])) == basic[list]?.sorted(), "\(month) 附表\(number)")
                #expect(ids(try #require(books["附件2-贫困人员参加养老保险情况台账.xlsx"]?["附表\(number + 4)"])) == ledger[list] ?? [], "\(month) 附表\(number + 4)")
            }
            // Statistics per township: C 人员总数, D 应参保, E 已参保, G 应代缴, H 已代缴, I 代缴金额, K 应领取, L 已领取.
            let stats = try #require(want["stats"] as? [String: [String: [Int]]])
            for (number, list) in zip(9...12, ["建档立卡", "低保对象", "特困人员", "残疾人"]) {
                let rows = try #require(books["附件3-贫困人员参加养老保险情况统计表.xlsx"]?["附表\(number)"])
                var actual: [String: [Int]] = [:]
                for row in rows where row.count > 11 {
                    guard let town = row[1] as? String, town.hasSuffix("街道") || town.hasSuffix("镇") else { continue }
                    actual[town] = [2, 3, 4, 6, 7, 8, 10, 11].map { (row[$0] as? NSNumber)?.intValue ?? -1 }
                }
                #expect(actual == stats[list] ?? [:], "\(month) 附表\(number)")
                // 应参保 − 已参保 and 应代缴 − 已代缴 are the people on the lists (the townships together).
                let counted = Set(ledger[list] ?? [])
                let (unenrolled, unpaid) = (Set(want["应参未参"] as? [String] ?? []), Set(want["应代缴未代缴"] as? [String] ?? []))
                #expect(actual.values.map { $0[1] - $0[2] }.reduce(0, +) == unenrolled.intersection(counted).count, "\(month) 附表\(number) 应参保−已参保")
                #expect(actual.values.map { $0[3] - $0[4] }.reduce(0, +) == unpaid.intersection(counted).count, "\(month) 附表\(number) 应代缴−已代缴")
            }
            // The forms say who made them on the 填报单位 line only; the title is the form's own.
            let head = try #require(books["附件3-贫困人员参加养老保险情况统计表.xlsx"]?["附表10"]?.prefix(3).flatMap { $0 }.compactMap { $0 as? String })
            #expect(head.contains { $0.hasPrefix("低保对象参加养老保险情况统计表") } && head.contains("填报单位：武江区社保局"), "\(head)")
            #expect(!head.contains { $0.contains("统计表") && $0.contains("武江区") }, "the unit is not in the title: \(head)")
        }
    }
}
