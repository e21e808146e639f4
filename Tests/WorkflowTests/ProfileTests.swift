import Foundation
import TestSupport
import Testing
@testable import Workflow

@Suite("Profiles")
struct ProfileTests {
    static let catalog = try! ProfileCatalog.shipped()

    @Test("the five shipped profiles load with the notices' rules")
    func shipped() throws {
        #expect(try Self.catalog.ids() == ["guangdong-2020", "jieyang-2018", "kunming-2021", "shaoguan-2018", "zhongshan-2018"])

        let guangdong = try Self.catalog.profile("guangdong-2020")
        #expect(guangdong.region == "44")
        #expect(guangdong.basis == "粤人社规〔2020〕49号")
        #expect(guangdong.age == Profile.AgeBounds(minimum: 16, maximum: nil, pension: 60))
        #expect(guangdong.deadlines.map(\.day) == [3, 6, 9])
        #expect(guangdong.templates(for: .roster).map { URL(fileURLWithPath: $0.file).lastPathComponent }
                == ["附件1-建档立卡贫困人员名单.xlsx", "附件2-低保对象特困人员名单.xlsx", "附件3-重度残疾人精神和智力残疾人名单.xlsx"])
        #expect(guangdong.templates(for: .roster)[1].categories == [.minimumLiving, .extremePoverty])

        let shaoguan = try Self.catalog.profile("shaoguan-2018")
        #expect(shaoguan.region == "4402")
        #expect(shaoguan.payment.payer.hasPrefix("县级人民政府"))
        let ledger = try #require(shaoguan.templates(for: .ledger).first)
        #expect(ledger.lists["残疾人"] == [.severeDisability, .mentalDisability])
        #expect(ledger.lists.count == 4)
        #expect(shaoguan.deadlines.contains { $0.day == 3 && $0.workdays })

        let zhongshan = try Self.catalog.profile("zhongshan-2018")
        #expect(zhongshan.age.maximum == 60)
        #expect(zhongshan.payment.payer == "镇（区）人民政府")
        #expect(zhongshan.templates(for: .changes).first?.lists.keys.sorted() == ["新增", "退出"])

        let kunming = try Self.catalog.profile("kunming-2021")
        #expect(kunming.region == "5301")
        #expect(kunming.payment.amount == 100)
        #expect(kunming.priority.first == .relapsedPoverty)
        #expect(kunming.cycle == Profile.Cycle(comparison: .quarterly, cutoff: Profile.MonthDay(month: 10, day: 31)))
        #expect(kunming.screening == [.disabilityGrade34])
        #expect(kunming.templates(for: .doubleSubsidy).first?.categories == [.disabilityGrade34])
    }

    @Test("a deadline in working days skips weekends: the third working day of November 2026 is the 4th (the 1st is a Sunday)")
    func workingDayDeadlines() throws {
        let third = Profile.Deadline(what: "统计表", day: 3, workdays: true)
        let fifth = Profile.Deadline(what: "名单", day: 5, workdays: false)
        #expect(third.due(in: ReportMonth(year: 2026, month: 11)).iso8601 == "2026-11-04")
        #expect(third.due(in: ReportMonth(year: 2026, month: 8)).iso8601 == "2026-08-05")
        #expect(third.due(in: ReportMonth(year: 2027, month: 1)).iso8601 == "2027-01-05")
        #expect(third.describe(in: ReportMonth(year: 2026, month: 11)) == "11月4日（第3个工作日）")
        #expect(fifth.due(in: ReportMonth(year: 2026, month: 11)).iso8601 == "2026-11-05")
        #expect(fifth.describe(in: ReportMonth(year: 2026, month: 11)) == "11月5日")
    }

    @Test("Jieyang inherits Guangdong's defaults and overrides only what it writes")
    func inheritance() throws {
        let guangdong = try Self.catalog.profile("guangdong-2020")
        let jieyang = try Self.catalog.profile("jieyang-2018")
        #expect(jieyang.inherits == "guangdong-2020")
        #expect(jieyang.region == "4452")
        #expect(jieyang.basis.hasPrefix("揭市人社函〔2018〕85号"))
        #expect(jieyang.categories == guangdong.categories)
        #expect(jieyang.payment == guangdong.payment)
        #expect(jieyang.templates == guangdong.templates)
    }

    /// A copy of the shipped profiles in which `id`'s file has `original` replaced.
    static func broken(_ id: String, replacing original: String, with replacement: String) throws -> (ProfileCatalog, String) {
        let folder = try ExternalTool.temporaryFolder() + "/Templates"
        try FileManager.default.copyItem(atPath: catalog.folder, toPath: folder)
        let file = "\(folder)/\(id)/profile.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains(original), "the shipped profile changed; update this test")
        try text.replacingOccurrences(of: original, with: replacement).write(toFile: file, atomically: true, encoding: .utf8)
        return (ProfileCatalog(folder: folder), file)
    }

    static func line(of text: String, in file: String) throws -> Int {
        let lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test("a broken profile is an error naming the file and the line to fix", arguments: [
        ("shaoguan-2018", "  minimum: 16", "  minimum: 16\n\tmaximum: 60", "\tmaximum: 60", "YAML"),
        ("shaoguan-2018", "region: \"4402\"", "regoin: \"4402\"", "regoin", "未知的键「regoin」"),
        ("kunming-2021", "priority: [返贫致贫人口, 特困人员, 低保对象]", "priority: [返贫致贫人口, 特困人员, 低保户]", "低保户", "不认识的人员类别「低保户」"),
        ("kunming-2021", "cutoff: 10-31", "cutoff: 10月31日", "cutoff", "cutoff 应写成 月-日"),
        ("zhongshan-2018", "  maximum: 60", "  maximum: 6", "maximum: 6", "maximum（6）应大于 minimum（16）"),
        ("guangdong-2020", "- file: 附件2-低保对象特困人员名单.xlsx", "- file: 附件2-低保名单.xlsx", "附件2-低保名单", "找不到模板文件「附件2-低保名单.xlsx」"),
        ("shaoguan-2018", "      残疾人: [重度残疾人, 精神和智力残疾人]\n  - file: 附件2", "      残疾: [重度残疾人, 精神和智力残疾人]\n  - file: 附件2", "残疾: [", "没有名为「残疾」的名单"),
        ("shaoguan-2018", "    day: 5\n", "    day: 35\n", "day: 35", "1 到 31 之间的整数"),
    ])
    func brokenProfile(id: String, original: String, replacement: String, marker: String, message: String) throws {
        let (catalog, file) = try Self.broken(id, replacing: original, with: replacement)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: catalog.folder).deletingLastPathComponent().path) }
        let error = try #require(throws: ProfileError.self) { try catalog.profile(id) }
        #expect(error.file == file)
        #expect(error.line == (try Self.line(of: marker, in: file)))
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasPrefix("\(file) 第 \(error.line ?? 0) 行："))
    }

    @Test("an inheritance cycle and a missing parent are reported")
    func inheritanceProblems() throws {
        let (catalog, _) = try Self.broken("guangdong-2020", replacing: "id: guangdong-2020 ", with: "id: guangdong-2020\ninherits: jieyang-2018 ")
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: catalog.folder).deletingLastPathComponent().path) }
        let cycle = try #require(throws: ProfileError.self) { try catalog.profile("jieyang-2018") }
        #expect(cycle.message.contains("循环"))

        let (other, file) = try Self.broken("jieyang-2018", replacing: "inherits: guangdong-2020", with: "inherits: guangdong-2021")
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: other.folder).deletingLastPathComponent().path) }
        let missing = try #require(throws: ProfileError.self) { try other.profile("jieyang-2018") }
        #expect(missing.message == "要继承的配置「guangdong-2021」不存在。")
        #expect(missing.line == (try Self.line(of: "inherits:", in: file)))
    }
}
