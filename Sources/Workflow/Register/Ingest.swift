import Foundation
import GRDB
import XLSXKit

/// Whether a roster is the sender's whole list of its categories or only the changes (notice 000:
/// the first delivery is the full stock, then each month the new or changed records).
public enum ListMode: String, Sendable, CaseIterable {
    case full = "全量"
    case incremental = "增量"

    /// A 变动类型 column or a title that speaks of additions or changes means the changes only;
    /// otherwise a roster is the whole list.
    static func judge(columns: Set<Field>, titles: [String], fileName: String) -> ListMode {
        if columns.contains(.change) { return .incremental }
        let text = (titles + [fileName]).joined(separator: " ")
        if ["全量", "全部", "存量"].contains(where: text.contains) { return .full }
        return ["新增", "增量", "变动", "变更", "减少", "退出"].contains(where: text.contains) ? .incremental : .full
    }
}

/// How a file is taken into the register.
public struct IngestOptions: Sendable {
    public var profile: Profile
    /// Who sent it (an inbox sub-folder or `--sender`); by default the department of each record's category.
    public var sender: String?
    public var kind: FileKind?
    public var mode: ListMode?
    /// 数据截至 when the file does not say it.
    public var asOf: ExcelDateTime?
    /// When the file arrived: its 移交时间.
    public var receivedAt: Date
    /// Where the validation report of the file goes.
    public var reportFolder: String
    /// Told the number of records read so far (see `ValidationOptions.progress`).
    public var progress: (@Sendable (Int) -> Void)?

    public init(profile: Profile, sender: String? = nil, kind: FileKind? = nil, mode: ListMode? = nil, asOf: ExcelDateTime? = nil,
                receivedAt: Date = Date(), reportFolder: String) {
        self.profile = profile
        self.sender = sender
        self.kind = kind
        self.mode = mode
        self.asOf = asOf
        self.receivedAt = receivedAt
        self.reportFolder = reportFolder
    }
}

/// What taking in one file did: the receipt (回执) says it in Chinese.
public struct IngestReceipt: Sendable {
    public var fileName: String
    public var hash: String
    /// The earlier file with the same content: nothing was changed.
    public var duplicateOf: Register.FileRecord?
    public var validation: ValidationReport?
    public var kind: FileKind?
    public var senders: [String] = []
    public var mode: ListMode?
    public var asOf = ""
    public var records = 0
    public var added = 0
    public var changed = 0
    public var exited = 0
    /// Records not taken in, by reason.
    public var skipped: [String: Int] = [:]
    /// Rows of pension exports and reference lists about people the register does not hold.
    public var unmatched = 0
    /// Records taken in (not skipped).
    public var taken: Int { records - skipped.values.reduce(0, +) }
    /// The people a full list no longer holds (name and masked ID), the first 50.
    public var exitedPeople: [String] = []

    /// The receipt, one line per fact.
    public var lines: [String] {
        if let earlier = duplicateOf {
            return ["回执：\(fileName) 与 \(earlier.receivedAt) 收到的「\(earlier.name)」内容相同，已处理过，本次未重复计入。"]
        }
        guard let validation, let kind else { return ["回执：\(fileName) 无法读取。"] }
        var lines = ["回执：\(fileName)，\(kind.rawValue)\(mode.map { "（\($0.rawValue)）" } ?? "")，报送单位：\(senders.isEmpty ? "—" : senders.joined(separator: "、"))，"
                     + "数据截至 \(asOf)，\(records) 条记录。"]
        switch kind {
        case .roster: lines.append("登记册：新增 \(added) 人次，修改 \(changed) 人次，退出 \(exited) 人次。")
        case .enrolment, .ledger: lines.append("登记册：更新参保缴费信息 \(taken) 条；其中 \(unmatched) 条在登记册中找不到此人。")
        case .deaths, .students, .employeePension: lines.append("登记册：记录比对排除 \(taken) 人；其中 \(unmatched) 人不在登记册中。")
        case .statistics: lines.append("统计表不计入登记册（用于市级汇总）。")
        }
        for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) { lines.append("未计入 \(count) 条：\(reason)（见校验报告）。") }
        if !exitedPeople.isEmpty {
            lines.append("全量名单中已无以下人员，已按数据截至日期记为退出：\(exitedPeople.joined(separator: "、"))\(exited > exitedPeople.count ? " 等 \(exited) 人" : "")。")
        }
        lines.append("校验：\(ValidationReport.verdict(validation.summary)) 校验报告：\(validation.annotatedCopy)")
        return lines
    }
}

extension Register {
    /// Takes a file in: validates it (writing its validation report), then merges its records in
    /// one transaction. A full roster replaces its sender's set for its categories (people no
    /// longer on it get an exit dated at its 数据截至); an incremental one adds and changes, and
    /// exits where 变动类型 says 退出. The same content a second time changes nothing.
    public func ingest(_ path: String, options: IngestOptions) throws -> IngestReceipt {
        try ingest(path, options: options, within: nil)
    }

    /// As above; `within` runs inside the ingest transaction with the finished receipt (the folder
    /// service records its journal there, so the register and the journal change together).
    func ingest(_ path: String, options: IngestOptions, within: ((Database, IngestReceipt) throws -> Void)?) throws -> IngestReceipt {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let hash = try ContentHash.sha256(file: path)
        var receipt = IngestReceipt(fileName: name, hash: hash)
        if let earlier = try file(withHash: hash) {
            receipt.duplicateOf = earlier
            return receipt
        }
        let received = ChinaTime.timestamp(options.receivedAt)
        let validationOptions = ValidationOptions(profile: options.profile, asOf: options.asOf, kind: options.kind, progress: options.progress)
        do {
            return try database.write { db in
                try db.execute(sql: "INSERT INTO file (hash, name, sender, kind, received_at, as_of, mode, records, findings, errors) VALUES (?, ?, '', '', ?, '', '', 0, 0, 0)",
                               arguments: [hash, name, received])
                var merger = RecordMerger(db: db, file: db.lastInsertedRowID, handover: String(received.prefix(10)), options: options)
                let validation = try ValidationReport.write(input: path, options: validationOptions, folder: options.reportFolder) { validator, _, values, _ in
                    guard let judged = validator.judged else { return }
                    try merger.merge(values, kind: judged.kind, asOf: judged.asOf.iso8601)
                }
                let summary = validation.summary
                receipt.validation = validation
                receipt.kind = summary.kind
                receipt.asOf = summary.asOf.iso8601
                receipt.records = summary.records
                if summary.kind == .roster {
                    let layout = summary.layout
                    let mode = options.mode ?? ListMode.judge(columns: Set(layout?.columns.keys.map { $0 } ?? []), titles: layout?.titleLines ?? [], fileName: name)
                    receipt.mode = mode
                    if mode == .full { try merger.exitMissing(asOf: summary.asOf.iso8601) }
                }
                receipt.added = merger.added
                receipt.changed = merger.changed
                receipt.exited = merger.exited
                receipt.exitedPeople = merger.exitedPeople
                receipt.skipped = merger.skipped
                receipt.unmatched = merger.unmatched
                receipt.senders = merger.senders.sorted()
                try db.execute(sql: """
                    UPDATE file SET sender = ?, kind = ?, as_of = ?, mode = ?, records = ?, findings = ?, errors = ?,
                        added = ?, changed = ?, exited = ?, skipped = ?, unmatched = ? WHERE id = ?
                    """, arguments: [receipt.senders.joined(separator: "、"), summary.kind.rawValue, receipt.asOf, receipt.mode?.rawValue ?? "",
                                     summary.records, summary.counts.values.reduce(0, +), summary.errors, receipt.added, receipt.changed,
                                     receipt.exited, merger.skipped.values.reduce(0, +), receipt.unmatched, merger.file])
                try within?(db, receipt)
                return receipt
            }
        } catch let error as DatabaseError {
            throw RegisterError.unusable(path: self.path, reason: error.message ?? error.description)
        }
    }
}

/// Merges the normalised records of one file into the register (inside the ingest transaction).
struct RecordMerger {
    let db: Database
    let file: Int64
    let handover: String
    let options: IngestOptions
    private let categories: Set<Category>
    var added = 0, changed = 0, exited = 0, unmatched = 0
    var skipped: [String: Int] = [:]
    var senders: Set<String> = []
    var exitedPeople: [String] = []
    /// The sender's sets a full list covers.
    private struct SenderCategory: Hashable, Comparable {
        var sender: String
        var category: Category
        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.sender, lhs.category.rawValue) < (rhs.sender, rhs.category.rawValue) }
    }
    private var covered: Set<SenderCategory> = []

    init(db: Database, file: Int64, handover: String, options: IngestOptions) {
        self.db = db
        self.file = file
        self.handover = handover
        self.options = options
        categories = Set(options.profile.categories + options.profile.screening)
    }

    private static let exitWords: Set<String> = ["退出", "减少", "注销", "删除", "停保", "取消"]

    mutating func merge(_ values: [Field: CellValue], kind: FileKind, asOf: String) throws {
        guard case .string(let text)? = values[.id], case .success(let id) = ResidentID.parse(text) else {
            skipped["身份证号缺失或有误", default: 0] += 1
            return
        }
        switch kind {
        case .roster: try mergeStatus(id, values, asOf: asOf)
        case .enrolment, .ledger: try mergePension(id, values, asOf: asOf)
        case .deaths: try mergeExclusion(id, reason: "死亡", asOf: asOf, sender: options.sender ?? "公安、卫健、民政（殡葬）部门")
        case .students: try mergeExclusion(id, reason: "在校生", asOf: asOf, sender: options.sender ?? "教育部门")
        case .employeePension: try mergeExclusion(id, reason: "已参加职工基本养老保险", asOf: asOf, sender: options.sender ?? "社保经办机构")
        case .statistics: break
        }
    }

    private static func text(_ value: CellValue?) -> String? {
        guard let value, value != .empty else { return nil }
        if case .date(let date) = value { return date.iso8601 }
        let text = value.text.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    private mutating func mergeStatus(_ id: ResidentID, _ values: [Field: CellValue], asOf: String) throws {
        guard let name = RecordMerger.text(values[.category]), let category = Category(rawValue: name), categories.contains(category) else {
            skipped["人员类别缺失或不在本地政策范围内", default: 0] += 1
            return
        }
        let sender = options.sender ?? category.department
        senders.insert(sender)
        covered.insert(SenderCategory(sender: sender, category: category))
        try db.cachedStatement(sql: """
            INSERT INTO person (id, name, gender, birth_date, household, county, town, village, phone,
                                disability_card, disability_type, disability_grade, first_file, last_file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                name = coalesce(excluded.name, name), gender = excluded.gender, household = coalesce(excluded.household, household),
                county = coalesce(excluded.county, county), town = coalesce(excluded.town, town), village = coalesce(excluded.village, village),
                phone = coalesce(excluded.phone, phone), disability_card = coalesce(excluded.disability_card, disability_card),
                disability_type = coalesce(excluded.disability_type, disability_type),
                disability_grade = coalesce(excluded.disability_grade, disability_grade), last_file = excluded.last_file
            """).execute(arguments: [id.text, RecordMerger.text(values[.name]), id.isMale ? "男" : "女",
                             String(format: "%04d-%02d-%02d", id.birthYear, id.birthMonth, id.birthDay),
                             RecordMerger.text(values[.household]), RecordMerger.text(values[.county]), RecordMerger.text(values[.town]),
                             RecordMerger.text(values[.village]), RecordMerger.text(values[.phone]), RecordMerger.text(values[.disabilityCard]),
                             RecordMerger.text(values[.disabilityType]), RecordMerger.text(values[.disabilityGrade]), file, file])
        let open = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, recognised_date, recognised_place, remark, valid_from FROM status
            WHERE person_id = ? AND category = ? AND sender = ? AND valid_to IS NULL
            """), arguments: [id.text, category.rawValue, sender])
        if let change = RecordMerger.text(values[.change]), RecordMerger.exitWords.contains(change) {
            if let open, (open["valid_from"] as String) <= asOf {
                try db.cachedStatement(sql: "UPDATE status SET valid_to = ?, exit_file = ?, exit_reason = ?, last_file = ? WHERE id = ?")
                               .execute(arguments: [asOf, file, "名单注明\(change)", file, open["id"] as Int64])
                exited += 1
            }
            return
        }
        let recognisedDate = RecordMerger.text(values[.recognisedDate]), place = RecordMerger.text(values[.recognisedPlace])
        let remark = RecordMerger.text(values[.remark])
        if let open {
            let statusID: Int64 = open["id"]
            if (open["recognised_date"] as String?, open["recognised_place"] as String?, open["remark"] as String?) != (recognisedDate, place, remark) {
                changed += 1
            }
            try db.cachedStatement(sql: "UPDATE status SET recognised_date = ?, recognised_place = ?, remark = ?, last_file = ? WHERE id = ?")
                           .execute(arguments: [recognisedDate, place, remark, file, statusID])
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO status (person_id, category, sender, recognised_date, recognised_place, remark, valid_from, handover, entry_file, last_file)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id.text, category.rawValue, sender, recognisedDate, place, remark, asOf, handover, file, file])
            added += 1
        }
    }

    /// After a full list: everyone its senders had in its categories who is not on it leaves, unless
    /// a list with a later 数据截至 (taken in earlier) already confirmed them.
    mutating func exitMissing(asOf: String) throws {
        for set in covered.sorted() {
            let gone = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT s.id, p.name, p.id AS person FROM status s JOIN person p ON p.id = s.person_id
                WHERE s.sender = ? AND s.category = ? AND s.valid_to IS NULL AND s.last_file != ? AND s.valid_from <= ?
                  AND (SELECT as_of FROM file WHERE id = s.last_file) <= ?
                ORDER BY p.id
                """), arguments: [set.sender, set.category.rawValue, file, asOf, asOf])
            for row in gone {
                try db.cachedStatement(sql: "UPDATE status SET valid_to = ?, exit_file = ?, exit_reason = ? WHERE id = ?")
                               .execute(arguments: [asOf, file, "全量名单中已无此人", row["id"] as Int64])
                let name: String = row["name"] ?? "", person: String = row["person"]
                if exitedPeople.count < 50 { exitedPeople.append("\(name)（\(ResidentID.mask(person))）") }
            }
            exited += gone.count
        }
    }

    private mutating func known(_ id: ResidentID) throws -> Bool {
        let found = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM person WHERE id = ?"), arguments: [id.text]) ?? false
        if !found { unmatched += 1 }
        return found
    }

    private mutating func mergePension(_ id: ResidentID, _ values: [Field: CellValue], asOf: String) throws {
        senders.insert(options.sender ?? "社保经办机构")
        _ = try known(id)
        let state = RecordMerger.text(values[.status]), enrolled = RecordMerger.text(values[.enrolled])
        if state != nil || enrolled != nil {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO enrolment (person_id, as_of, state, enrolled_date, file_id) VALUES (?, ?, ?, ?, ?)")
                           .execute(arguments: [id.text, asOf, state, enrolled, file])
        }
        let paid = RecordMerger.text(values[.paid]), credited = RecordMerger.text(values[.credited])
        let transferred = RecordMerger.text(values[.fundsTransferred])
        let amount: Double? = if case .number(let number)? = values[.amount] { number } else { RecordMerger.text(values[.amount]).flatMap(Double.init) }
        if paid != nil || credited != nil || amount != nil {
            let year = RecordMerger.text(values[.paymentYear]).flatMap { Int($0.prefix(4)) }
                ?? (paid ?? credited).flatMap { Int($0.prefix(4)) } ?? Int(asOf.prefix(4))!
            try db.cachedStatement(sql: """
                INSERT INTO payment (person_id, year, amount, transferred_date, paid_date, credited_date, file_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(person_id, year) DO UPDATE SET amount = coalesce(excluded.amount, amount),
                    transferred_date = coalesce(excluded.transferred_date, transferred_date), paid_date = coalesce(excluded.paid_date, paid_date),
                    credited_date = coalesce(excluded.credited_date, credited_date), file_id = excluded.file_id
                """).execute(arguments: [id.text, year, amount, transferred, paid, credited, file])
        }
        if let start = RecordMerger.text(values[.benefitStart]) {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO benefit (person_id, start_date, file_id) VALUES (?, ?, ?)").execute(arguments: [id.text, start, file])
        }
    }

    private mutating func mergeExclusion(_ id: ResidentID, reason: String, asOf: String, sender: String) throws {
        senders.insert(sender)
        _ = try known(id)
        try db.cachedStatement(sql: """
            INSERT INTO exclusion (person_id, reason, date, file_id) VALUES (?, ?, ?, ?)
            ON CONFLICT(person_id, reason) DO UPDATE SET date = min(date, excluded.date)
            """).execute(arguments: [id.text, reason, asOf, file])
    }
}
