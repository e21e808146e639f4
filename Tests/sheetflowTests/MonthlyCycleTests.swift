import Foundation
import TestSupport
import Testing

/// The monthly cycle as a clerk runs it: `sheetflow init --unit`, the month's files dropped into the
/// inbox root in whatever order they come (dated the 3rd–5th of the next month), `sheetflow run`,
/// then `sheetflow report --month` in the workspace with no other flag.
@Suite("monthly cycle through the folder service")
struct MonthlyCycleTests {
    /// Copies `file` into `folder`, keeping its modification time (its arrival).
    static func drop(_ file: String, into folder: String) throws {
        let target = folder + "/" + URL(fileURLWithPath: file).lastPathComponent
        try FileManager.default.copyItem(atPath: file, toPath: target)
        let modified = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
        try FileManager.default.setAttributes([.modificationDate: modified as Any], ofItemAtPath: target)
    }

    @Test("20 seeded orders, dropped in batches into the inbox root and taken by `sheetflow run`, give byte-identical reports that say what the scenario implies")
    func anyOrderThroughTheService() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (files, expected) = try CountyScenario.make(in: folder)
        var first: [String: Data]?
        for seed in UInt64(0)..<20 {
            let root = "\(folder)/工作区-\(seed)"
            let made = try CommandLineTests.run(["init", root, "--unit", "武江区社保局"])
            #expect(made.status == 0, "\(made.stderr)")
            let config = try String(contentsOfFile: root + "/sheetflow.yaml", encoding: .utf8)
            try config.replacingOccurrences(of: "settle_seconds: 2", with: "settle_seconds: 0").write(toFile: root + "/sheetflow.yaml", atomically: true, encoding: .utf8)
            // Batches of one to five files, as they happen to come; the service takes a batch by name.
            var order = CountyScenario.order(files.count, seed: seed)[...]
            var batch = 0
            while !order.isEmpty {
                let size = 1 + Int((seed &* 7 &+ UInt64(batch) &* 3) % 5)
                for index in order.prefix(size) { try Self.drop(files[index], into: root + "/inbox") }
                order = order.dropFirst(size)
                batch += 1
                let run = try CommandLineTests.run(["run", root])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(run.stdout.contains("未能处理 0 个"), "\(run.stdout)")
            }
            for month in CountyScenario.months {
                let report = try CommandLineTests.run(["report", "--month", month, "--workspace", root])
                #expect(report.status == 0, "\(report.stderr)")
                #expect(report.stdout.contains("政策配置：shaoguan-2018（工作区配置 sheetflow.yaml）；填报单位：武江区社保局（工作区配置 sheetflow.yaml）"))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/failed").isEmpty)
            // Each month's current set (outbox/2026-07月报/ …); the replaced ones under 历史月报/ are not compared.
            let books = try CountyScenario.workbooks(under: root + "/outbox").filter { $0.key.hasPrefix("2026-") && $0.key.contains("月报/") }
            #expect(Set(books.keys.map { $0.prefix(9) }) == ["2026-07月报", "2026-08月报", "2026-09月报"])
            if let first {
                #expect(books.keys.sorted() == first.keys.sorted(), "order \(seed)")
                for (path, bytes) in books where first[path] != bytes { Issue.record("order \(seed): \(path) differs") }
                try? FileManager.default.removeItem(atPath: root)
            } else {
                #expect(books.count >= 30)
                first = books
                try CountyScenario.check({ "\(root)/outbox/\($0)月报" }, expected: expected)
            }
        }
    }
}
