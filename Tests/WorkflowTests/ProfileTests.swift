import Foundation
import TestSupport
import Testing
import XLSXKit
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
        #expect(shaoguan.deadlines.contains { $0.day == 3 && $0.workdays && $0.binds == .agency })
        #expect(shaoguan.deadlines(for: .senders).map(\.day) == [5])
        #expect(shaoguan.deadlines(for: .city).count == 1)

        let zhongshan = try Self.catalog.profile("zhongshan-2018")
        #expect(zhongshan.age.maximum == 60)
        #expect(zhongshan.payment.payer == "镇（区）人民政府")
        #expect(zhongshan.templates(for: .changes).first?.lists.keys.sorted() == ["新增", "退出"])

        let kunming = try Self.catalog.profile("kunming-2021")
        #expect(kunming.region == "5301")
        #expect(kunming.payment.amount == 100)
        #expect(kunming.priority.first == .relapsedPoverty)
        #expect(kunming.cycle == Profile.Cycle(comparison: .quarterly, cutoff: Profile.MonthDay(month: 10, day: 31), comparisonDay: 30))
        #expect(kunming.deadlines.map(\.binds) == [.agency])
        #expect(kunming.screening == [.disabilityGrade34])
        #expect(kunming.templates(for: .doubleSubsidy).first?.categories == [.disabilityGrade34])
    }

    @Test("working days follow the State Council's arrangements: 国庆 2026 with its worked Saturday, 春节 2026 and 2027, New Year 2027")
    func workingDayDeadlines() throws {
        let calendar = try Self.catalog.profile("shaoguan-2018").calendar
        let third = Profile.Deadline(what: "统计表", binds: .agency, day: 3, workdays: true)
        let fifth = Profile.Deadline(what: "名单", binds: .senders, day: 5, workdays: false)
        func due(_ deadline: Profile.Deadline, _ year: Int, _ month: Int) -> String { deadline.due(in: ReportMonth(year: year, month: month), calendar: calendar).iso8601 }
        // November 2026 has no holiday: the 1st is a Sunday, so the third working day is the 4th.
        #expect(due(third, 2026, 11) == "2026-11-04")
        #expect(third.describe(in: ReportMonth(year: 2026, month: 11), calendar: calendar) == "11月4日（第3个工作日）")
        // 国庆 2026: 1–7 October off, Saturday the 10th worked: 8th, 9th, 10th.
        #expect(due(third, 2026, 10) == "2026-10-10")
        #expect(Profile.Deadline(what: "", binds: .city, day: 5, workdays: true).due(in: ReportMonth(year: 2026, month: 10), calendar: calendar).iso8601 == "2026-10-13")
        #expect(calendar.isWorkday(DateText.iso("2026-09-20")!), "Sunday 20 September 2026 is worked")
        // Weekdays only, the same month would give the 5th.
        #expect(third.due(in: ReportMonth(year: 2026, month: 10), calendar: .weekdays).iso8601 == "2026-10-05")
        // New Year 2027 is a Friday: the 4th, 5th and 6th.
        #expect(due(third, 2027, 1) == "2027-01-06")
        // 春节 2026 (15–23 February off, 14th and 28th worked): due on the 5th, arriving the 25th is 9 working days late.
        #expect(calendar.workdays(after: DateText.iso("2026-02-05")!, through: DateText.iso("2026-02-25")!) == 9)
        // 春节 2027: 除夕 to 初三 (5–8 February) are holidays; the arrangement's other days are still to be entered.
        #expect(!calendar.isWorkday(DateText.iso("2027-02-05")!) && !calendar.isWorkday(DateText.iso("2027-02-08")!))
        #expect(calendar.pendingYears == [2027] && calendar.years.isSuperset(of: Set(2018...2027)))
        #expect(due(fifth, 2026, 10) == "2026-10-05", "a calendar-day deadline stays on its day")
    }

    @Test("the holidays file is read line by line; a wrong line names its number")
    func holidaysFile() throws {
        let calendar = try WorkCalendar("2030-05-01~2030-05-03 休 劳动节\n2030-05-11 班 调休\n", file: "x.txt")
        #expect(!calendar.isWorkday(DateText.iso("2030-05-02")!) && calendar.isWorkday(DateText.iso("2030-05-11")!))
        let error = try #require(throws: ProfileError.self) { try WorkCalendar("# 注释\n2030-05-01 放 劳动节\n", file: "x.txt") }
        #expect(error.line == 2)
        #expect(error.message.contains("2030-05-01 放 劳动节"))
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
        ("zhongshan-2018", "    binds: 报送名单的部门", "    binds: 民政局", "binds: 民政局", "binds 应是以下之一"),
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
