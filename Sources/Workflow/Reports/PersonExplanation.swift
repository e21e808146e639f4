import Foundation
import GRDB
import XLSXKit

/// 查人: what the register holds of one person and, for a month, which of the month's lists they
/// are on and why — the rule that put them there and every record it rests on (file, sheet, row),
/// so a clerk can answer "为什么他在应参未参名单上？" on the phone. The lists are decided by the same
/// predicates the monthly reports use (`Comparison`, `Assessment`).
public struct PersonExplanation: Sendable {
    /// A list the person is on this month, and why.
    public struct Listing: Sendable, Equatable {
        public var list: String
        public var why: String
    }

    /// A record of the person in a file taken in.
    public struct Source: Sendable, Equatable {
        /// 名单, 参保缴费信息, 死亡人员名单 …
        public var kind: String
        public var file: String
        /// Nil on the file's first (or only) list sheet.
        public var sheet: String?
        public var row: Int
        public var sender: String
        public var asOf: String
        /// What the record said, in a few words (`低保对象`, `参保状态：正常参保`, …).
        public var said: String
    }

    public var month: ReportMonth
    /// The person on the month's last day (statuses, enrolment, payments).
    public var person: PersonOnDate
    public var assessment: Assessment
    public var lists: [Listing]
    /// Why the comparison leaves the person out (比对排除), if it does.
    public var leftOut: String?
    /// Every record of the person in files with 数据截至 on or before the month's end, oldest first.
    public var sources: [Source]

    /// The explanation as the clerk of one sender may see it: nil unless `sender` itself reported
    /// the person; the categories and records that `others` (the workspace's other senders)
    /// delivered are left out. The agency's own records (enrolment, payments) stay: they are the why.
    public func seen(by sender: String, others: Set<String>) -> PersonExplanation? {
        func isOwn(_ senders: String) -> Bool { senders.split(separator: "、").contains { $0 == sender } }
        func isOthers(_ senders: String) -> Bool { !isOwn(senders) && senders.split(separator: "、").contains { others.contains(String($0)) } }
        guard person.statuses.contains(where: { isOwn($0.sender) }) || sources.contains(where: { isOwn($0.sender) }) else { return nil }
        var seen = self
        seen.person.statuses.removeAll { !isOwn($0.sender) }
        seen.sources.removeAll { isOthers($0.sender) }
        return seen
    }
}

extension Register {
    /// The IDs of the people `query` names: an ID number (18 characters; a 15-digit one as its
    /// 18-digit form), or a 姓名 as some roster wrote it. At most 50, with the latest name of each.
    public func findPeople(_ query: String) throws -> [(id: String, name: String?)] {
        let text = TextCleaning.trimmed(query).uppercased()
        return try database.read { db in
            if case .success(let id) = ResidentID.parse(text) {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM person WHERE id = ?)", arguments: [id.text]) == true else { return [] }
                let name = try String.fetchOne(db, sql: "SELECT name FROM roster_record WHERE person_id = ? AND name IS NOT NULL ORDER BY file_id DESC LIMIT 1",
                                               arguments: [id.text])
                return [(id.text, name)]
            }
            guard !text.isEmpty, text.count <= 30 else { return [] }
            return try Row.fetchAll(db, sql: "SELECT person_id, max(name) FROM roster_record WHERE name = ? GROUP BY person_id ORDER BY person_id LIMIT 50",
                                    arguments: [text]).map { ($0[0], $0[1]) }
        }
    }

    /// The person `id` in `month`: nil when no roster names them.
    public func explain(_ id: String, month: ReportMonth, profile: Profile, unit: String? = nil) throws -> PersonExplanation? {
        let assessor = Assessor(profile: profile, month: month, unit: unit)
        let comparison = Assessor(profile: profile, month: month, unit: unit, day: profile.cycle.comparisonDay)
        return try database.read { db in
            let files = try FileSet(db, knownOn: nil)
            guard let history = try Register.history(of: id, db, files: files) else { return nil }
            let assessment = assessor.assess(history.on(assessor.date))
            let compared = comparison.date == assessor.date ? assessment : comparison.assess(history.on(comparison.date))
            var lists: [PersonExplanation.Listing] = []
            let category = compared.listed.map { "属「\($0.rawValue)」" } ?? ""
            if MonthlyReport.comparisonDue(profile: profile, month: month) {
                for (output, list) in [(Profile.OutputKind.shouldEnrol, "应参未参名单"), (.shouldPay, "应代缴未代缴名单"), (.shouldReceive, "应发未发名单")] {
                    guard let reason = Comparison.reason(output, compared, profile: profile) else { continue }
                    let rule = switch output {
                    case .shouldEnrol: "\(category)，\(compared.age) 周岁，应参加城乡居民养老保险"
                    case .shouldPay: "\(category)，\(compared.age) 周岁，\(compared.paymentYear) 年度应由政府代缴"
                    default: "\(category)，已到领取年龄，应领取养老金"
                    }
                    lists.append(.init(list: list, why: "\(rule)；\(reason)（按 \(comparison.date) 的情况比对）"))
                }
            }
            if let destination = assessment.pushTo {
                lists.append(.init(list: "跨地推送名单（推送至\(destination)）", why: assessment.pushReason ?? "户籍地在\(destination)"))
            }
            let sources = try Register.sources(of: id, upTo: assessor.date, db)
            return PersonExplanation(month: month, person: assessment.person, assessment: assessment, lists: lists,
                                     leftOut: Comparison.leftOutReason(compared, profile: profile), sources: sources)
        }
    }

    /// The person's records in files with 数据截至 on or before `date`, oldest first.
    static func sources(of id: String, upTo date: String, _ db: Database) throws -> [PersonExplanation.Source] {
        var sources: [(order: String, source: PersonExplanation.Source)] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT f.name, r.sheet, r.row, r.sender, f.as_of, f.received_at, r.category, r.change FROM roster_record r JOIN file f ON f.id = r.file_id
            WHERE r.person_id = ? AND f.as_of <= ?
            """, arguments: [id, date]) {
            let change: String? = row[7]
            sources.append((row[4] as String + (row[5] as String), .init(kind: FileKind.roster.rawValue, file: row[0], sheet: row[1], row: row[2], sender: row[3],
                                                                     asOf: row[4], said: (row[6] as String) + (change.map { "，变动：\($0)" } ?? ""))))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT f.name, p.sheet, p.row, f.sender, f.as_of, f.received_at, f.kind, p.state, p.enrolled_date, p.payment_year, p.amount, p.paid_date, p.benefit_start
            FROM pension_record p JOIN file f ON f.id = p.file_id WHERE p.person_id = ? AND f.as_of <= ?
            """, arguments: [id, date]) {
            var said: [String] = []
            if let state: String = row[7] { said.append("参保状态：\(state)") }
            if let enrolled: String = row[8] { said.append("参保日期：\(enrolled)") }
            if let year: Int = row[9] { said.append("\(year) 年度" + ((row[10] as Double?).map { "代缴 \(CellValue.number($0).text) 元" } ?? "") + ((row[11] as String?).map { "，代缴日期 \($0)" } ?? "")) }
            if let benefit: String = row[12] { said.append("待遇领取：\(benefit) 起") }
            sources.append((row[4] as String + (row[5] as String), .init(kind: row[6], file: row[0], sheet: row[1], row: row[2], sender: row[3], asOf: row[4],
                                                                     said: said.joined(separator: "，"))))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT f.name, e.sheet, e.row, f.sender, f.as_of, f.received_at, f.kind, e.reason, e.date FROM exclusion_record e JOIN file f ON f.id = e.file_id
            WHERE e.person_id = ? AND f.as_of <= ?
            """, arguments: [id, date]) {
            sources.append((row[4] as String + (row[5] as String), .init(kind: row[6], file: row[0], sheet: row[1], row: row[2], sender: row[3], asOf: row[4],
                                                                     said: "\(row[7] as String)：\(row[8] as String)")))
        }
        return sources.sorted { $0.order < $1.order }.map(\.source)
    }
}
