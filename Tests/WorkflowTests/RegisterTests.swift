import Foundation
import GRDB
import TestSupport
import Testing
import XLSXKit
@testable import Workflow

/// The register over a county's three months as the files really arrive (`CountyScenario`: written
/// by openpyxl, dated the 3rd–5th of the next month, with no sub-folder, kind or date hints, and
/// what each month's lists and statistics must say computed from the scenario alone). Any order of
/// the files gives the same bytes.
@Suite("Register and monthly report")
struct RegisterTests {
    static let shaoguan = try! ProfileCatalog.shipped().profile("shaoguan-2018")

    /// Takes the files in `order` into a new register at `folder` and writes the three months'
    /// reports into `folder/reports/<month>`; returns the receipts by file name.
    static func ingest(_ files: [String], order: [Int], into folder: String) throws -> [String: IngestReceipt] {
        let register = try Register(path: folder + "/register.sqlite")
        var receipts: [String: IngestReceipt] = [:]
        for index in order {
            let file = files[index]
            let receipt = try register.ingest(file, options: IngestOptions(profile: shaoguan, receivedAt: IngestOptions.arrival(of: file),
                                                                           reportFolder: folder + "/checks"))
            receipts[URL(fileURLWithPath: file).lastPathComponent] = receipt
        }
        for month in CountyScenario.months {
            _ = try MonthlyReport.write(register: register, options: MonthlyReportOptions(profile: shaoguan, month: ReportMonth(month)!,
                                                                                        folder: folder + "/reports/" + month, unit: "武江区社保局"))
        }
        return receipts
    }

    @Test("20 orders of a county's three months of files, with no hints, give one register's worth of byte-identical reports, and every list and statistic is what the scenario implies")
    func anyOrder() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (files, expected) = try CountyScenario.make(in: folder)
        #expect(files.count == 14)

        var first: [String: Data]?
        var exportFirst: IngestReceipt?
        for seed in UInt64(0)..<20 {
            let order = CountyScenario.order(files.count, seed: seed)
            let receipts = try Self.ingest(files, order: order, into: "\(folder)/order-\(seed)")
            // Each file recognised from its content alone.
            for (name, receipt) in receipts {
                #expect(receipt.validation?.summary.kindConfidence != .low, "\(name)")
                let kind: FileKind = name.hasPrefix("参保缴费") ? .enrolment : name.hasPrefix("公安") || name.hasPrefix("殡葬") ? .deaths
                    : name.hasPrefix("教育局") ? .students : name.hasPrefix("职工") ? .employeePension : .roster
                #expect(receipt.kind == kind, "\(name): \(receipt.lines[0])")
            }
            if URL(fileURLWithPath: files[order[0]]).lastPathComponent.hasPrefix("参保缴费") { exportFirst = receipts[URL(fileURLWithPath: files[order[0]]).lastPathComponent] }
            let books = try CountyScenario.workbooks(under: "\(folder)/order-\(seed)/reports")
            if let first {
                #expect(books.keys.sorted() == first.keys.sorted(), "order \(seed)")
                for (path, bytes) in books where first[path] != bytes { Issue.record("order \(seed) \(order): \(path) differs") }
            } else {
                #expect(books.count >= 30)
                first = books
            }
            if seed > 0 { try? FileManager.default.removeItem(atPath: "\(folder)/order-\(seed)") }
        }
        // An export that arrives before the rosters keeps its rows for them.
        let early = try #require(exportFirst, "seed 0…19 put an export first at least once")
        #expect(early.waiting > 0)
        #expect(early.lines.contains { $0.contains("尚不在任何名单上：记录已保存，收到名单后自动计入") })
        #expect(!early.lines.contains { $0.contains("找不到") })
        // No 数据截至 line: arriving on the 3rd of the next month, it reports on the month before.
        #expect(early.asOf.hasSuffix("-31") || early.asOf.hasSuffix("-30"), "\(early.asOfSource)")
        #expect(early.asOfSource.contains("报送期限前收到，按"), "\(early.asOfSource)")

        try CountyScenario.check({ "\(folder)/order-0/reports/\($0)" }, expected: expected)
        try Self.checkLedger("\(folder)/order-0/reports/2026-08/附件2-贫困人员参加养老保险情况台账.xlsx")
    }

    /// August's ledger (附表6, 低保对象): 移交时间 is when the July list arrived (4 August), someone
    /// enrolled in July is not flagged for it, a missing payment is flagged once August is over, and
    /// the benefit path has no 代缴金额 at all (not a highlighted 0).
    static func checkLedger(_ path: String) throws {
        let read = try ExternalTool.run("python3", [CountyScenario.probe, "read", path])
        let book = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: [String: [[Any]]]])
        let rows = try #require(book.values.first?["附表6"]).filter { ($0.count > 14) && ($0[3] as? String)?.count == 18 }
        #expect(rows.count > 50)
        for row in rows {
            let id = row[3] as! String, remark = row[14] as? String ?? ""
            let born = Int(id.dropFirst(6).prefix(8))!, age = (20_260_831 - born) / 10_000
            let (handover, enrolled, paid) = (row[6] as? String, row[7] as? String, row[9] as? String)
            if let handover, let enrolled, enrolled < handover { #expect(!remark.contains("先后不可能"), "\(row)") }
            if handover == "2026-08-04", enrolled == nil, age < 60, age >= 16 {
                #expect(remark.contains("未在移交当月完成：移交 2026-08-04，至 2026-08-31 尚无参保时间"), "\(row)")
            }
            if age >= 60, paid == nil { #expect(row[12] is NSNull, "\(id): \(row[12])") }
        }
        #expect(rows.contains { ($0[12] as? NSNumber)?.intValue == 0 && $0[9] is NSNull }, "someone due and unpaid shows 0")
        #expect(rows.contains { $0[6] as? String == "2026-08-04" && ($0[7] as? String).map { $0 < "2026-08-04" } == true && ($0[14] is NSNull) },
                "someone enrolled before the hand-over, nothing to say")
    }

    @Test("the ledger flags what cannot be and what was not done in the hand-over month, nothing else")
    func ledgerRules() {
        func problems(_ dates: [Field: String], due: [Field] = [.enrolled, .paid], asOf: String = "2026-08-31") -> [String] {
            LedgerDates.problems({ dates[$0].flatMap(DateText.iso) }, due: due, asOf: DateText.iso(asOf)).map { "\($0.rule.code) \($0.detail)" }
        }
        #expect(problems([.recognisedDate: "2026-06-01", .handover: "2026-08-04", .enrolled: "2026-07-10", .paid: "2026-07-20", .credited: "2026-07-25"]).isEmpty,
                "already enrolled and paid before the hand-over")
        #expect(problems([.handover: "2026-08-04", .enrolled: "2026-09-02"]) == ["LED002 移交 2026-08-04，参保时间 2026-09-02", "LED002 移交 2026-08-04，至 2026-08-31 尚无代缴时间"])
        #expect(problems([.handover: "2026-08-04"], asOf: "2026-08-15").isEmpty, "the hand-over month is not over yet")
        #expect(problems([.handover: "2026-08-04"], due: []).isEmpty, "nothing due (the benefit path)")
        #expect(problems([.handover: "2026-08-04", .enrolled: "2026-08-05", .paid: "2026-08-20", .credited: "2026-08-10"])
                == ["LED001 「缴费到账时间」2026-08-10 早于「代缴时间」2026-08-20"])
        #expect(problems([.recognisedDate: "2026-09-01", .handover: "2026-08-04", .enrolled: "2026-08-05", .paid: "2026-08-06"])
                == ["LED001 「移交时间」2026-08-04 早于「认定时间」2026-09-01"])
        #expect(problems([.handover: "2026-08-04", .enrolled: "2026-08-20", .paid: "2026-08-10"]) == ["LED001 「代缴时间」2026-08-10 早于「参保时间」2026-08-20"])
    }

    @Test("a month reproduced as it was known on a day uses only the files that had arrived by then")
    func knownOn() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (files, _) = try CountyScenario.make(in: folder)
        let register = try Register(path: folder + "/register.sqlite")
        for file in files {
            _ = try register.ingest(file, options: IngestOptions(profile: Self.shaoguan, receivedAt: IngestOptions.arrival(of: file), reportFolder: folder + "/checks"))
        }
        func unpaid(knownOn: String?, into name: String? = nil) throws -> Int {
            let result = try MonthlyReport.write(register: register, options: MonthlyReportOptions(
                profile: Self.shaoguan, month: ReportMonth(year: 2026, month: 7), folder: folder + "/" + (name ?? knownOn ?? "all"), unit: "武江区社保局", knownOn: knownOn))
            return try #require(result.counts.first { $0.0 == "应代缴未代缴" }?.1)
        }
        // On 4 August the July export (3 August) and the civil-affairs list (4 August) had arrived,
        // not the disabled federation's (5 August); the students' list came in September.
        let early = try unpaid(knownOn: "2026-08-04"), complete = try unpaid(knownOn: nil)
        #expect(early != complete)
        #expect(try unpaid(knownOn: "2026-08-02") == 0, "nothing had arrived")
        // Reproduced again later: the same bytes.
        _ = try unpaid(knownOn: "2026-08-04", into: "again")
        let once = try CountyScenario.workbooks(under: folder + "/2026-08-04"), again = try CountyScenario.workbooks(under: folder + "/again")
        #expect(once.count >= 8 && once == again)
        #expect(once != (try CountyScenario.workbooks(under: folder + "/all")))
    }

    @Test("one ID under two names: both rows are errors in the file; across files the receipt says it and the register keeps both")
    func oneIDOnePerson() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func id(_ body: String) -> String { body + String(ResidentID.checkCharacter(Array(body.utf8)[...])) }
        let a = id("44020319800101123"), b = id("44020319850202124")
        _ = try ExternalTool.python("""
            import openpyxl, sys, datetime
            def save(name, rows):
                book = openpyxl.Workbook(); sheet = book.active
                sheet.append(["武江区低保对象名单"]); sheet.append(["数据截至：2026年9月30日"])
                sheet.append(["序号", "姓名", "公民身份号码", "出生日期", "人员类别", "户籍地址"])
                for row in rows: sheet.append(row)
                book.save(sys.argv[1] + "/" + name)
            save("低保9月.xlsx", [[1, "梁惠芳", sys.argv[2], None, "低保对象", "广东省韶关市武江区"],
                                 [2, "林玉珍", sys.argv[2], None, "低保对象", "广东省韶关市武江区"],
                                 [3, "陈秀英", sys.argv[3], datetime.datetime(1985, 3, 2), "低保对象", "广东省韶关市武江区"]])
            save("低保10月.xlsx", [[1, "林玉珍", sys.argv[3], None, "低保对象", "广东省韶关市武江区"]])
            print("{}")
            """, [folder, a, b])
        let register = try Register(path: folder + "/register.sqlite")
        let september = try register.ingest(folder + "/低保9月.xlsx", options: IngestOptions(profile: Self.shaoguan, reportFolder: folder + "/checks"))
        let findings = try String(contentsOfFile: try #require(september.validation?.findingsJSON), encoding: .utf8)
        #expect(findings.contains(#""rule":"DUP002","severity":"error","sheet":"Sheet","cell":"C4""#))
        #expect(findings.contains(#""rule":"DUP002","severity":"error","sheet":"Sheet","cell":"C5""#))
        #expect(findings.contains(#""rule":"ID013","severity":"error","sheet":"Sheet","cell":"D6""#), "出生日期 1985-03-02, the ID says 1985-02-02")
        let october = try register.ingest(folder + "/低保10月.xlsx", options: IngestOptions(profile: Self.shaoguan, reportFolder: folder + "/checks"))
        let line = try #require(october.lines.first { $0.hasPrefix("同一身份证号、姓名不同") })
        #expect(line.contains("\(ResidentID.mask(b)) 登记册中为「陈秀英」（低保9月.xlsx），本文件为「林玉珍」"), "\(line)")
        #expect(!line.contains(b))
        // The register keeps each name with its file; September's report still says 陈秀英.
        let names = try register.database.read { db in try String.fetchAll(db, sql: "SELECT name FROM roster_record WHERE person_id = ? ORDER BY file_id", arguments: [b]) }
        #expect(names == ["陈秀英", "林玉珍"])
    }

    @Test("the receipt counts each person and category once: a row listed twice keeps the first, someone an export named first joins once")
    func receiptCountsOnce() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func id(_ body: String) -> String { body + String(ResidentID.checkCharacter(Array(body.utf8)[...])) }
        let a = id("44020319800101123"), b = id("44020319750202124"), c = id("44020319700303125"),
            e = id("44020319650404126"), f = id("44020319900505127")
        _ = try ExternalTool.python("""
            import openpyxl, sys, datetime
            folder, a, b, c, e, f = sys.argv[1:7]
            def save(name, title, day, header, rows):
                book = openpyxl.Workbook(); sheet = book.active
                sheet.append([title]); sheet.append([f"数据截至：{day}"]); sheet.append(header)
                for row in rows: sheet.append(row)
                book.save(folder + "/" + name)
            save("参保缴费信息导出-9月.xlsx", "城乡居民养老保险参保缴费信息", "2026年9月30日", ["身份证号码", "姓名", "参保状态", "参保时间"],
                 [[c, "周小红", "正常参保", datetime.datetime(2020, 1, 1)]])
            header = ["序号", "姓名", "公民身份号码", "人员类别", "认定时间", "户籍地址"]
            place = "广东省韶关市武江区西河镇"
            def roster(a_since, last):
                return [[1, "梁惠芳", a, "低保对象", a_since, place], [2, "梁惠芳", a, "低保对象", a_since, place],
                        [3, "陈秀英", b, "低保对象", datetime.datetime(2018, 1, 1), place], [4, "陈秀英", b, "特困人员", datetime.datetime(2018, 1, 1), place],
                        [5, "周小红", c, "低保对象", datetime.datetime(2020, 1, 1), place], [6, "周小红", c, "特困人员", datetime.datetime(2020, 1, 1), place],
                        last]
            save("救助对象9月.xlsx", "武江区救助对象名单", "2026年9月30日", header,
                 roster(datetime.datetime(2019, 5, 1), [7, "何丽", e, "低保对象", datetime.datetime(2021, 1, 1), place]))
            save("救助对象10月.xlsx", "武江区救助对象名单", "2026年10月31日", header,
                 roster(datetime.datetime(2019, 6, 1), [7, "王芳", f, "低保对象", datetime.datetime(2026, 10, 8), place]))
            print("{}")
            """, [folder, a, b, c, e, f])
        let register = try Register(path: folder + "/register.sqlite")
        func take(_ name: String) throws -> IngestReceipt {
            try register.ingest(folder + "/" + name, options: IngestOptions(profile: Self.shaoguan, reportFolder: folder + "/checks"))
        }
        let export = try take("参保缴费信息导出-9月.xlsx")
        #expect(export.kind == .enrolment && export.waiting == 1, "\(export.lines)")
        let september = try take("救助对象9月.xlsx")
        #expect((september.added, september.changed, september.exited, september.joined) == (6, 0, 0, 1), "\(september.lines)")
        #expect(september.lines.contains("此前已收到其中 1 人的参保缴费或比对信息，现已一并计入。"))
        let october = try take("救助对象10月.xlsx")
        #expect(october.mode == .full)
        #expect((october.added, october.changed, october.exited, october.joined) == (1, 1, 1, 0), "\(october.lines)")
        #expect(october.exitedPeople == ["何丽（\(ResidentID.mask(e))）"])
        let kept = try register.database.read { db in
            try Row.fetchAll(db, sql: "SELECT f.name, r.person_id, r.category, r.row FROM roster_record r JOIN file f ON f.id = r.file_id ORDER BY f.id, r.person_id, r.category")
                .map { "\($0[0] as String) \($0[1] as String == a ? "a" : $0[1] as String == b ? "b" : $0[1] as String == c ? "c" : $0[1] as String == e ? "e" : "f") \($0[2] as String) \($0[3] as Int)" }
        }
        #expect(kept.sorted() == ["救助对象9月.xlsx a 低保对象 4", "救助对象9月.xlsx b 低保对象 6", "救助对象9月.xlsx b 特困人员 7", "救助对象9月.xlsx c 低保对象 8",
                         "救助对象9月.xlsx c 特困人员 9", "救助对象9月.xlsx e 低保对象 10",
                         "救助对象10月.xlsx a 低保对象 4", "救助对象10月.xlsx b 低保对象 6", "救助对象10月.xlsx b 特困人员 7", "救助对象10月.xlsx c 低保对象 8",
                         "救助对象10月.xlsx c 特困人员 9", "救助对象10月.xlsx f 低保对象 10"].sorted(), "\(kept)")
        let people = try register.database.read { db in try String.fetchAll(db, sql: "SELECT id FROM person ORDER BY id") }
        #expect(people == [a, b, c, e, f].sorted())
    }

    @Test("a register written before v4 (derived periods) is converted to records that give the same periods, enrolment and payments")
    func migration() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/register.sqlite"
        let (a, b) = ("440203198001011235", "440203198502021240")
        do {
            let queue = try DatabaseQueue(path: path)
            try RegisterSchema.migrator.migrate(queue, upTo: "v3-intake")
            try queue.write { db in
                for (id, name, asOf, received) in [(1, "民政-7月.xlsx", "2026-07-31", "2026-08-04 09:00:00"), (2, "参保-7月.xlsx", "2026-07-31", "2026-08-03 09:00:00"),
                                                   (3, "民政-8月.xlsx", "2026-08-31", "2026-09-04 09:00:00"), (4, "民政-9月.xlsx", "2026-09-30", "2026-10-04 09:00:00")] {
                    try db.execute(sql: "INSERT INTO file (id, hash, name, sender, kind, received_at, as_of, mode, records, findings, errors) VALUES (?, ?, ?, '民政部门', ?, ?, ?, ?, 2, 0, 0)",
                                   arguments: [id, "h\(id)", name, id == 2 ? "参保缴费信息" : "名单", received, asOf, id == 2 ? "" : "全量"])
                }
                for (id, name) in [(a, "甲"), (b, "乙")] {
                    try db.execute(sql: "INSERT INTO person (id, name, gender, birth_date, household, town, first_file, last_file) VALUES (?, ?, '男', '1980-01-01', '广东省韶关市武江区', '新华街道', 1, 3)",
                                   arguments: [id, name])
                }
                // 甲 on the July, August and September lists; 乙 on July's and August's, gone from September's.
                try db.execute(sql: """
                    INSERT INTO status (person_id, category, sender, valid_from, valid_to, handover, entry_file, last_file, exit_file, exit_reason) VALUES
                        (?, '低保对象', '民政部门', '2026-07-31', NULL, '2026-08-04', 1, 4, NULL, NULL),
                        (?, '低保对象', '民政部门', '2026-07-31', '2026-09-30', '2026-08-04', 1, 3, 4, '全量名单中已无此人')
                    """, arguments: [a, b])
                try db.execute(sql: "INSERT INTO enrolment VALUES (?, '2026-07-31', '正常参保', '2026-07-10', 2)", arguments: [a])
                try db.execute(sql: "INSERT INTO payment VALUES (?, 2026, 180, NULL, '2026-07-20', NULL, 2)", arguments: [a])
            }
        }
        let register = try Register(path: path)
        var people: [String: PersonOnDate] = [:]
        try register.forEachPerson { people[$0.id] = $0.on("2026-09-30") }
        let first = try #require(people[a]), second = try #require(people[b])
        #expect(first.statuses.count == 1 && first.statuses[0].inForce(on: "2026-09-30") && first.statuses[0].handover == "2026-08-04")
        #expect(first.enrolment?.active == true && first.payments.first?.amount == 180 && first.name == "甲")
        #expect(second.statuses.map(\.validTo) == ["2026-09-30"] && second.statuses[0].inForce(on: "2026-08-31"))
        #expect(try register.counts(on: "2026-09-30") == (1, 1) && (try register.counts(on: "2026-08-31")) == (2, 2))
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
