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
    /// When the file arrived: its 移交时间 (see `arrival(of:now:)`).
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

    /// When a file arrived: its modification time — which copying from mail, a share or a USB stick
    /// keeps — but never later than `now`. A property of the file, not of when it is processed.
    public static func arrival(of path: String, now: Date = Date()) -> Date {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? now
        return min(modified, now)
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
    /// Where 数据截至 came from (标题, 文件名, 文件日期 …).
    public var asOfSource = ""
    public var records = 0
    public var added = 0
    public var changed = 0
    public var exited = 0
    /// Records not taken in, by reason.
    public var skipped: [String: Int] = [:]
    /// People of a pension export or reference list that no roster names yet: their records are
    /// kept and count as soon as a roster names them.
    public var waiting = 0
    /// People of a roster about whom exports or reference lists had already arrived.
    public var joined = 0
    /// Records taken in (not skipped).
    public var taken: Int { records - skipped.values.reduce(0, +) }
    /// The people a full list no longer holds (name and masked ID), the first 50.
    public var exitedPeople: [String] = []
    /// IDs the register knows under another name (masked ID and both names), the first 20.
    public var otherNames: [String] = []
    public var otherNameCount = 0

    /// The receipt, one line per fact.
    public var lines: [String] {
        if let earlier = duplicateOf {
            return ["回执：\(fileName) 与 \(earlier.receivedAt) 收到的「\(earlier.name)」内容相同，已处理过，本次未重复计入。"]
        }
        guard let validation, let kind else { return ["回执：\(fileName) 无法读取。"] }
        var lines = ["回执：\(fileName)\(ValidationReport.formatNote(validation.summary))，\(kind.rawValue)\(mode.map { "（\($0.rawValue)）" } ?? "")，报送单位：\(senders.isEmpty ? "—" : senders.joined(separator: "、"))，"
                     + "数据截至 \(asOf)\(asOfSource.isEmpty ? "" : "（\(asOfSource)）")，\(records) 条记录。"]
        let waitingNote = waiting > 0 ? "其中 \(waiting) 人尚不在任何名单上：记录已保存，收到名单后自动计入。" : ""
        switch kind {
        case .roster:
            lines.append("登记册：新增 \(added) 人次，修改 \(changed) 人次，退出 \(exited) 人次。")
            if joined > 0 { lines.append("此前已收到其中 \(joined) 人的参保缴费或比对信息，现已一并计入。") }
        case .enrolment, .ledger, .fundsTransfer: lines.append("登记册：记录\(kind == .fundsTransfer ? "资金划转" : "参保缴费")信息 \(taken) 条。" + waitingNote)
        case .deaths, .students, .employeePension: lines.append("登记册：记录比对排除（\(kind.exclusion!.rawValue)）\(taken) 人。" + waitingNote)
        case .statistics: lines.append("统计表不计入登记册（市级汇总用 sheetflow aggregate）。")
        }
        for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) { lines.append("未计入 \(count) 条：\(reason)（见校验报告）。") }
        if !exitedPeople.isEmpty {
            lines.append("全量名单中已无以下人员，已按数据截至日期记为退出：\(exitedPeople.joined(separator: "、"))\(exited > exitedPeople.count ? " 等 \(exited) 人" : "")。")
        }
        if !otherNames.isEmpty {
            lines.append("同一身份证号、姓名不同（登记册未改名，两个姓名都保留）：\(otherNames.joined(separator: "；"))"
                         + "\(otherNameCount > otherNames.count ? " 等 \(otherNameCount) 人" : "")。请核对号码或姓名。")
        }
        lines.append("校验：\(ValidationReport.verdict(validation.summary)) 校验报告：\(validation.annotatedCopy)")
        return lines
    }
}

/// Why a file was not taken into the register (nothing in it was kept).
public enum IngestError: Error, CustomStringConvertible {
    /// The kind could not be told with confidence.
    case uncertainKind(file: String, guess: FileKind, report: String)

    public var description: String {
        switch self {
        case .uncertainKind(let file, let guess, let report):
            "\(file)：看不出是哪一类文件（猜测为「\(guess.rawValue)」，把握低），未登记。\(FileKind.howToName)校验报告：\(report)"
        }
    }
}

extension FileKind {
    /// The exclusion a reference list records, nil for other kinds.
    var exclusion: ExclusionReason? {
        switch self {
        case .deaths: .death
        case .students: .student
        case .employeePension: .employeePension
        default: nil
        }
    }

    /// The column holding a reference list's own date for each person.
    var exclusionDate: Field? {
        switch self {
        case .deaths: .deathDate
        case .students: .admission
        case .employeePension: .enrolled
        default: nil
        }
    }
}

extension Register {
    /// Takes a file in: validates it (writing its validation report), then keeps each record as the
    /// file said it, in one transaction. What the records add up to — statuses, exits, enrolment —
    /// is computed from all records in file order (see `FileStamp`), so the receipt's counts say
    /// what this file changed against what the register held before it. The same content a second
    /// time changes nothing; a file whose kind cannot be told changes nothing and throws
    /// `IngestError.uncertainKind`.
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
        let validationOptions = ValidationOptions(profile: options.profile, asOf: options.asOf, kind: options.kind, fileDate: ChinaTime.day(options.receivedAt),
                                                  progress: options.progress)
        do {
            return try database.write { db in
                try db.execute(sql: "INSERT INTO file (hash, name, sender, kind, received_at, as_of, mode, records, findings, errors) VALUES (?, ?, '', '', ?, '', '', 0, 0, 0)",
                               arguments: [hash, name, received])
                let fileID = db.lastInsertedRowID
                // The file is validated on another thread while this one keeps its records (see Handoff).
                let handoff = Handoff<ObservedRecord, ValidationReport>()
                let folder = options.reportFolder, statedMode = options.mode
                DispatchQueue(label: "sheetflow.ingest.validation").async {
                    var listSent = false
                    handoff.close(Result {
                        try ValidationReport.write(input: path, options: validationOptions, folder: folder, observe: { validator, sheet, row, values, _ in
                            // A guess of low confidence keeps nothing (the file is refused below, its report written).
                            guard let judged = validator.judged, judged.confidence != .low, let layout = validator.layout else { return }
                            var list: ObservedRecord.List?
                            if !listSent {
                                listSent = true
                                let mode = judged.kind == .roster
                                    ? statedMode ?? ListMode.judge(columns: Set(layout.columns.keys), titles: layout.titleLines, fileName: name) : nil
                                list = ObservedRecord.List(kind: judged.kind, asOf: judged.asOf.iso8601, mode: mode)
                            }
                            try handoff.send(ObservedRecord(list: list, sheet: sheet, row: row, values: values))
                        }, rowsRead: handoff.endValues)
                    })
                }
                var merger: RecordMerger?
                do {
                    while let record = try handoff.next() {
                        if let list = record.list {
                            let stamp = FileStamp(id: fileID, asOf: list.asOf, receivedAt: received, hash: hash, full: list.mode == .full)
                            merger = try RecordMerger(db: db, file: stamp, fileName: name, kind: list.kind, mode: list.mode, options: options)
                        }
                        try merger?.merge(record.values, sheet: record.sheet, row: record.row)
                    }
                    try merger?.finish()   // while the other thread finishes the validation report
                } catch {
                    handoff.cancel()
                    _ = try? handoff.result()
                    throw error
                }
                let validation = try handoff.result()
                let summary = validation.summary
                guard summary.kindConfidence != .low else {
                    throw IngestError.uncertainKind(file: name, guess: summary.kind, report: validation.annotatedCopy)
                }
                if let merger {
                    receipt.mode = merger.mode
                    receipt.added = merger.added
                    receipt.changed = merger.changed
                    receipt.exited = merger.exited
                    receipt.exitedPeople = merger.exitedPeople
                    receipt.skipped = merger.skipped
                    receipt.waiting = merger.waiting
                    receipt.joined = merger.joined
                    receipt.senders = merger.senders.sorted()
                    receipt.otherNames = merger.otherNames
                    receipt.otherNameCount = merger.otherNameCount
                }
                receipt.validation = validation
                receipt.kind = summary.kind
                receipt.asOf = summary.asOf.iso8601
                receipt.asOfSource = summary.asOfSource
                receipt.records = summary.records
                try db.execute(sql: """
                    UPDATE file SET sender = ?, kind = ?, as_of = ?, as_of_source = ?, mode = ?, records = ?, findings = ?, errors = ?,
                        added = ?, changed = ?, exited = ?, skipped = ?, unmatched = ? WHERE id = ?
                    """, arguments: [receipt.senders.joined(separator: "、"), summary.kind.rawValue, receipt.asOf, receipt.asOfSource,
                                     receipt.mode?.rawValue ?? "", summary.records, summary.counts.values.reduce(0, +), summary.errors,
                                     receipt.added, receipt.changed, receipt.exited, receipt.skipped.values.reduce(0, +), receipt.waiting, fileID])
                try within?(db, receipt)
                return receipt
            }
        } catch let error as DatabaseError {
            throw RegisterError.unusable(path: self.path, reason: error.message ?? error.description)
        }
    }
}

/// A normalised record on its way from validation to the register; the first also says what
/// kind of list the validation judged the file to be.
struct ObservedRecord: Sendable {
    struct List: Sendable {
        var kind: FileKind
        var asOf: String
        var mode: ListMode?
    }

    var list: List?
    var sheet: String?
    var row: Int
    var values: [Field: CellValue]
}

/// Keeps the normalised records of one file in the register (inside the ingest transaction) and
/// counts, for the receipt, what they change against the register as it was before the file.
struct RecordMerger {
    let db: Database
    let file: FileStamp
    let fileName: String
    let kind: FileKind
    let mode: ListMode?
    let options: IngestOptions
    /// The register's files before this one (for replaying a person's periods as they were).
    private let before: FileSet
    private let categories: Set<Category>
    var added = 0, changed = 0, exited = 0, joined = 0
    var skipped: [String: Int] = [:]
    var senders: Set<String> = []
    var exitedPeople: [String] = []
    /// People not on any roster yet (pension exports and reference lists), counted by `finish()`.
    var waiting = 0
    var otherNames: [String] = []
    var otherNameCount = 0
    /// IDs already reported under another name (few: memory does not grow with the rows).
    private var reportedNames: Set<String> = []
    /// The sets a full list covers.
    private var covered: Set<RosterSet> = []
    /// Everyone the register held records of before this file (IDs packed in 8 bytes): a person
    /// not among them has no earlier records or names to look up (a first ingest looks up nothing).
    private let known: Set<UInt64>
    /// Roster records staged so far, and how many of them are of people whose other records
    /// arrived before any roster named them (see `RosterStaging`).
    private var staged = 0, stagedJoins = 0

    init(db: Database, file: FileStamp, fileName: String, kind: FileKind, mode: ListMode?, options: IngestOptions) throws {
        self.db = db
        self.file = file
        self.fileName = fileName
        self.kind = kind
        self.mode = mode
        self.options = options
        before = try FileSet(db, knownOn: nil)   // the file being taken in is not complete yet: not among them
        categories = Set(options.profile.categories + options.profile.screening)
        var known = Set<UInt64>()
        let ids = try String.fetchCursor(db, sql: "SELECT person_id FROM roster_record UNION SELECT person_id FROM pension_record "
                                                  + "UNION SELECT person_id FROM exclusion_record")
        while let id = try ids.next() {
            if case .success(let parsed) = ResidentID.parse(id) { known.insert(RecordChecker.key(parsed)) }
        }
        self.known = known
        if kind == .roster { try db.execute(sql: RosterStaging.create) }
    }

    /// Takes in one record; `sheet` is nil on the list's first sheet.
    mutating func merge(_ values: [Field: CellValue], sheet: String?, row: Int) throws {
        guard case .string(let text)? = values[.id], case .success(let id) = ResidentID.parse(text) else {
            skipped["身份证号缺失或有误", default: 0] += 1
            return
        }
        let name = RecordMerger.text(values[.name])
        switch kind {
        case .roster: try mergeRoster(id, values, sheet: sheet, row: row, name: name)
        case .enrolment, .ledger, .fundsTransfer: try mergePension(id, values, sheet: sheet, row: row, name: name)
        case .deaths, .students, .employeePension: try mergeExclusion(id, values, sheet: sheet, row: row, name: name)
        case .statistics: return
        }
    }

    /// After the last record: counts the people of an export or reference list no roster names;
    /// a full list ends the periods of everyone of its sets it does not hold.
    mutating func finish() throws {
        if kind == .roster { try flushRoster() }
        if let table = kind == .roster ? nil : kind.exclusion == nil ? "pension_record" : "exclusion_record" {
            waiting = try Int.fetchOne(db, sql: "SELECT count(DISTINCT person_id) FROM \(table) WHERE file_id = ? AND person_id NOT IN (SELECT id FROM person)",
                                       arguments: [file.id]) ?? 0
        }
        guard mode == .full else { return }
        for set in covered.sorted() {
            let gone = try String.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT person_id FROM roster_record r WHERE sender = ?1 AND category = ?2 AND file_id != ?3
                  AND NOT EXISTS (SELECT 1 FROM roster_record n WHERE n.person_id = r.person_id AND n.category = ?2 AND n.file_id = ?3)
                ORDER BY person_id
                """), arguments: [set.sender, set.category.rawValue, file.id])
            for person in gone {
                guard let history = try Register.history(of: person, db, files: before),
                      history.periods.contains(where: { $0.category == set.category && $0.sender == set.sender && $0.inForce(on: file.asOf) })
                else { continue }
                exited += 1
                if exitedPeople.count < 50 { exitedPeople.append("\(history.on(file.asOf).name)（\(ResidentID.mask(person))）") }
            }
        }
    }

    static func text(_ value: CellValue?) -> String? {
        guard let value, value != .empty else { return nil }
        if case .date(let date) = value { return date.iso8601 }
        let trimmed = TextCleaning.trimmed(value.text)
        return trimmed.isEmpty ? nil : trimmed
    }

    private mutating func mergeRoster(_ id: ResidentID, _ values: [Field: CellValue], sheet: String?, row: Int, name: String?) throws {
        guard let categoryName = RecordMerger.text(values[.category]), let category = Category(rawValue: categoryName), categories.contains(category) else {
            skipped["人员类别缺失或不在本地政策范围内", default: 0] += 1
            return
        }
        let set = RosterSet(sender: options.sender ?? category.department, category: category)
        senders.insert(set.sender)
        if mode == .full, covered.insert(set).inserted {
            try db.execute(sql: "INSERT OR IGNORE INTO list_cover (sender, category, file_id) VALUES (?, ?, ?)",
                           arguments: [set.sender, category.rawValue, file.id])
        }
        var history: PersonHistory?, earlier = false
        if known.contains(RecordChecker.key(id)) { (history, earlier) = try lookUp(id.text, name) }
        let open = history?.periods.last { $0.category == category && $0.sender == set.sender && $0.inForce(on: file.asOf) }
        let joins = history == nil && earlier
        let change = RecordMerger.text(values[.change])
        let recognised = RecordMerger.text(values[.recognisedDate]), place = RecordMerger.text(values[.recognisedPlace])
        let remark = RecordMerger.text(values[.remark])
        let outcome: RosterStaging.Outcome
        if change.map(RosterRecord.exitWords.contains) ?? false {
            outcome = open != nil ? .exited : .none
        } else if let open {
            let same = (open.recognisedDate, open.recognisedPlace, open.remark) == (recognised ?? open.recognisedDate, place ?? open.recognisedPlace, remark ?? open.remark)
            outcome = same ? .none : .changed
        } else {
            outcome = .added
        }
        count(outcome, by: 1)
        staged += 1
        if joins { stagedJoins += 1 }
        try db.cachedStatement(sql: RosterStaging.insert)
            .execute(arguments: [outcome.rawValue, joins, id.isMale ? "男" : "女", id.birthDate,
                                 id.text, category.rawValue, file.id, set.sender, row, change, name, RecordMerger.text(values[.household]),
                                 RecordMerger.text(values[.county]), RecordMerger.text(values[.town]), RecordMerger.text(values[.village]),
                                 RecordMerger.text(values[.phone]), RecordMerger.text(values[.disabilityCard]),
                                 RecordMerger.text(values[.disabilityType]), RecordMerger.text(values[.disabilityGrade]),
                                 recognised, place, remark, RecordMerger.text(values[.povertyMark]), sheet])
    }

    private mutating func count(_ outcome: RosterStaging.Outcome, by step: Int) {
        switch outcome {
        case .none: break
        case .added: added += step
        case .changed: changed += step
        case .exited: exited += step
        }
    }

    /// Writes the staged roster records and their people into the register, sorted by person.
    /// The same person twice in one category of the file (reported by validation) is kept once,
    /// as first listed, and counted once.
    private mutating func flushRoster() throws {
        try db.execute(sql: RosterStaging.people)
        try db.execute(sql: RosterStaging.records)
        if db.changesCount < staged {
            let repeated = try Row.fetchAll(db, sql: RosterStaging.repeatedOutcomes)
            for row in repeated { count(RosterStaging.Outcome(rawValue: row[0]) ?? .none, by: -(row[1] as Int)) }
        }
        if stagedJoins > 0 { joined = try Int.fetchOne(db, sql: RosterStaging.joinedPeople) ?? 0 }
        try db.execute(sql: RosterStaging.drop)
    }

    private mutating func mergePension(_ id: ResidentID, _ values: [Field: CellValue], sheet: String?, row: Int, name: String?) throws {
        senders.insert(options.sender ?? (kind == .fundsTransfer ? "财政部门" : "社保经办机构"))
        if known.contains(RecordChecker.key(id)) { _ = try lookUp(id.text, name) }
        let state = RecordMerger.text(values[.status]), enrolled = RecordMerger.text(values[.enrolled])
        let paid = RecordMerger.text(values[.paid]), credited = RecordMerger.text(values[.credited])
        let transferred = RecordMerger.text(values[.fundsTransferred])
        // A funds-transfer list's amounts are transfers, not contributions.
        var amount: Double? = if case .number(let number)? = values[.amount] { number } else { RecordMerger.text(values[.amount]).flatMap(Double.init) }
        if kind == .fundsTransfer { amount = nil }
        var year: Int?
        if paid != nil || credited != nil || transferred != nil || amount != nil {
            year = RecordMerger.text(values[.paymentYear]).flatMap { Int($0.prefix(4)) }
                ?? (paid ?? credited ?? transferred).flatMap { Int($0.prefix(4)) } ?? Int(file.asOf.prefix(4))!
        }
        let benefit = RecordMerger.text(values[.benefitStart])
        guard state != nil || enrolled != nil || year != nil || benefit != nil else { return }
        try db.cachedStatement(sql: """
            INSERT INTO pension_record (person_id, file_id, row, name, state, enrolled_date, payment_year, amount, transferred_date, paid_date,
                credited_date, benefit_start, sheet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id.text, file.id, row, name, state, enrolled, year, amount, transferred, paid, credited, benefit, sheet])
    }

    private mutating func mergeExclusion(_ id: ResidentID, _ values: [Field: CellValue], sheet: String?, row: Int, name: String?) throws {
        let reason = kind.exclusion!
        senders.insert(options.sender ?? {
            switch reason {
            case .death: "公安、卫健、民政（殡葬）部门"
            case .student: "教育部门"
            case .employeePension: "社保经办机构"
            }
        }())
        if known.contains(RecordChecker.key(id)) { _ = try lookUp(id.text, name) }
        let date = kind.exclusionDate.flatMap { RecordMerger.text(values[$0]) } ?? file.asOf
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO exclusion_record (person_id, reason, file_id, row, name, date, sheet) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [id.text, reason.rawValue, file.id, row, name, date, sheet])
    }

    /// What the register held of a known person before this file: their history (nil when no
    /// roster names them) and whether other files hold pension or reference records of them. An ID
    /// the register knows under another name is said in the receipt (once per person), never changed.
    private mutating func lookUp(_ id: String, _ name: String?) throws -> (history: PersonHistory?, otherRecords: Bool) {
        var names: [(name: String?, file: FileStamp, roster: Bool)] = []
        let history = try Register.history(of: id, db, files: before) { names.append(($0, $1, $2)) }
        let differs = { (record: (name: String?, file: FileStamp, roster: Bool)) in record.name.map { $0 != name } ?? false }
        if let name, names.contains(where: differs), reportedNames.insert(id).inserted {
            otherNameCount += 1
            if otherNames.count < 20 {
                // The first record in file order under another name (within a file, rosters first).
                let ordered = names.enumerated().sorted { $0.element.file != $1.element.file ? $0.element.file < $1.element.file : $0.offset < $1.offset }
                let other = ordered.first { differs($0.element) }!.element
                let file = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM file WHERE id = ?"), arguments: [other.file.id]) ?? ""
                otherNames.append("\(ResidentID.mask(id)) 登记册中为「\(other.name!)」（\(file)），本文件为「\(name)」")
            }
        }
        return (history, names.contains { !$0.roster })
    }
}

/// A roster's records on their way into the register. Inserted one by one in the file's order,
/// a million records land in random places of B-trees of a quarter gigabyte (each insert reading
/// and writing pages the cache no longer holds); staged in a temporary table in file order, they
/// are written at the end in one `INSERT … SELECT … ORDER BY person`, which fills the register's
/// pages in order (SQLite sorts in bounded memory, spilling to temporary files).
enum RosterStaging {
    /// What a record changes against the register before the file (for the receipt's counts).
    enum Outcome: Int {
        case none = 0, added, changed, exited
    }

    /// The columns of `roster_record`, as written.
    private static let columns = "person_id, category, file_id, sender, row, change, name, household, county, town, village, phone, "
        + "disability_card, disability_type, disability_grade, recognised_date, recognised_place, remark, poverty_mark, sheet"

    static let create = """
        DROP TABLE IF EXISTS temp.staged_roster_record;
        CREATE TEMP TABLE staged_roster_record (outcome INTEGER NOT NULL, joins INTEGER NOT NULL, gender TEXT NOT NULL, birth_date TEXT NOT NULL, \(columns));
        """
    static let insert = "INSERT INTO temp.staged_roster_record VALUES (\(Array(repeating: "?", count: 24).joined(separator: ", ")))"
    static let people = "INSERT OR IGNORE INTO person (id, gender, birth_date) SELECT person_id, gender, birth_date FROM temp.staged_roster_record ORDER BY person_id"
    static let records = "INSERT OR IGNORE INTO roster_record (\(columns)) SELECT \(columns) FROM temp.staged_roster_record ORDER BY person_id, category, rowid"
    /// The outcomes of the records not first of their person and category in the file.
    static let repeatedOutcomes = """
        SELECT outcome, count(*) FROM temp.staged_roster_record WHERE rowid NOT IN
            (SELECT min(rowid) FROM temp.staged_roster_record GROUP BY person_id, category) GROUP BY outcome
        """
    static let joinedPeople = "SELECT count(DISTINCT person_id) FROM temp.staged_roster_record WHERE joins"
    static let drop = "DROP TABLE temp.staged_roster_record"
}
