import Foundation
import GRDB

/// One person as the register knew them on a date: who they are, every status period that had
/// begun by then (ended ones included, for the month's exits), and what the pension system and
/// the reference lists said, each judged by its own date against that day.
public struct PersonOnDate: Sendable {
    public struct Status: Sendable, Equatable {
        public var category: Category
        public var sender: String
        public var recognisedDate: String?
        public var recognisedPlace: String?
        public var remark: String?
        /// 脱贫标注 (已标注脱贫 / 未标注脱贫) as the latest list said it, nil when no list said.
        public var povertyMark: String?
        public var validFrom: String
        public var validTo: String?
        /// The day the first file that brought this status arrived (移交时间).
        public var handover: String
        public var exitReason: String?

        /// Whether the status is in force on `date` (ISO text).
        public func inForce(on date: String) -> Bool { validFrom <= date && (validTo.map { date < $0 } ?? true) }
    }

    /// The pension system's latest word on the person's enrolment by the date.
    public struct Enrolment: Sendable, Equatable {
        /// 参保状态 as exported (正常参保, 暂停, 终止 …), nil when the export had no such column.
        public var state: String?
        /// 参保时间, when exported.
        public var date: String?
        /// Enrolled on the date: the latest record by then is not a stop.
        public var active: Bool
    }

    public struct Payment: Sendable, Equatable {
        public var year: Int
        public var amount: Double?
        public var transferred: String?
        public var paid: String?
        public var credited: String?

        /// A contribution made (paid or credited, or an amount exported), not only funds transferred.
        public var made: Bool { paid != nil || credited != nil || amount != nil }
    }

    public var id: String
    public var name: String
    public var gender: String
    public var birthDate: String
    public var household: String?
    public var county: String?
    public var town: String?
    public var village: String?
    public var phone: String?
    public var disabilityCard: String?
    public var disabilityType: String?
    public var disabilityGrade: String?
    public var statuses: [Status] = []
    public var enrolment: Enrolment?
    /// Payments made by the date, one per contribution year.
    public var payments: [Payment] = []
    public var benefitStart: String?
    /// Exclusions (死亡, 在校生, 已参加职工基本养老保险) dated by the date, each with its earliest date.
    public var exclusions: [(reason: String, date: String)] = []

    /// The date of death, when a death list says the person died by the date.
    public var deathDate: String? { exclusions.first { $0.reason == ExclusionReason.death.rawValue }?.date }
}

/// Why a reference list excludes someone from being enrolled and paid for.
public enum ExclusionReason: String, Sendable, CaseIterable {
    case death = "死亡"
    case student = "在校生"
    case employeePension = "已参加职工基本养老保险"
}

/// What a pension-system export or funds-transfer list said of a person.
struct PensionRecord: Sendable {
    var file: FileStamp
    var state: String?
    var enrolledDate: String?
    var paymentYear: Int?
    var amount: Double?
    var transferred: String?
    var paid: String?
    var credited: String?
    var benefitStart: String?

    /// 终止, 注销, 暂停 …: the person is not enrolled (as of the export).
    var isStop: Bool { state.map { state in PensionRecord.stopWords.contains { state.contains($0) } } ?? false }

    static let stopWords = ["终止", "注销", "暂停", "中断", "未参保", "停保", "退保"]

    /// The record's own date for a payment: paid, else credited, else transferred, else the list's.
    var paymentDate: String { paid ?? credited ?? transferred ?? file.asOf }
}

/// Every record the register holds about one person, from the files a computation may use, in
/// file order. `on(_:)` says what they add up to on a day.
public struct PersonHistory: Sendable {
    public let id: String
    let gender: String
    let birthDate: String
    var roster: [RosterRecord] = []
    var pension: [PensionRecord] = []
    var exclusions: [(reason: String, date: String, file: FileStamp)] = []
    /// Status periods per set, replayed once for all dates.
    private(set) var periods: [PersonOnDate.Status] = []

    init(id: String, gender: String, birthDate: String) {
        self.id = id
        self.gender = gender
        self.birthDate = birthDate
    }

    /// Sorts the records into file order and replays the status periods.
    mutating func settle(files: FileSet) {
        roster.sort { $0.file < $1.file }
        pension.sort { $0.file < $1.file }
        periods = Dictionary(grouping: roster, by: \.set).sorted { $0.key < $1.key }
            .flatMap { set, records in StatusPeriods.replay(records, fullLists: files.fullLists[set] ?? []) }
    }

    /// Whether any status had begun by `date`.
    func hasStatus(by date: String) -> Bool { periods.contains { $0.validFrom <= date } }

    /// The person on `date` (ISO): statuses begun by then; attributes from the lists dated by then;
    /// enrolment, payments, benefits and exclusions whose own dates are by then.
    public func on(_ date: String) -> PersonOnDate {
        let attributes = PersonAttributes.merged(roster.filter { $0.file.asOf <= date })
        var person = PersonOnDate(id: id, name: attributes.name ?? "", gender: gender, birthDate: birthDate, household: attributes.household,
                                  county: attributes.county, town: attributes.town, village: attributes.village, phone: attributes.phone,
                                  disabilityCard: attributes.disabilityCard, disabilityType: attributes.disabilityType,
                                  disabilityGrade: attributes.disabilityGrade)
        person.statuses = periods.filter { $0.validFrom <= date }
        person.enrolment = enrolment(on: date)
        person.payments = payments(on: date)
        person.benefitStart = pension.last { $0.benefitStart.map { $0 <= date } ?? false }?.benefitStart
        var earliest: [String: String] = [:]
        for exclusion in exclusions where exclusion.date <= date {
            earliest[exclusion.reason] = min(earliest[exclusion.reason] ?? exclusion.date, exclusion.date)
        }
        person.exclusions = earliest.sorted { $0.key < $1.key }.map { (reason: $0.key, date: $0.value) }
        return person
    }

    /// The latest enrolment fact by `date`: a stop counts from its list's 数据截至; an enrolment from
    /// its 参保时间 and again from its list's 数据截至 (the export says the person is enrolled then).
    private func enrolment(on date: String) -> PersonOnDate.Enrolment? {
        var latest: (date: String, file: FileStamp, record: PensionRecord)?
        for record in pension where record.state != nil || record.enrolledDate != nil {
            let dates = record.isStop ? [record.file.asOf] : [record.enrolledDate, record.file.asOf].compactMap { $0 }
            for day in dates where day <= date {
                if latest == nil || (day, record.file) > (latest!.date, latest!.file) { latest = (day, record.file, record) }
            }
        }
        return latest.map { PersonOnDate.Enrolment(state: $0.record.state, date: $0.record.enrolledDate, active: !$0.record.isStop) }
    }

    /// Payments dated by `date`, per year; each field from the latest record that has it.
    private func payments(on date: String) -> [PersonOnDate.Payment] {
        var byYear: [Int: PersonOnDate.Payment] = [:]
        for record in pension where record.paymentYear != nil && record.paymentDate <= date {
            let year = record.paymentYear!
            var payment = byYear[year] ?? PersonOnDate.Payment(year: year)
            payment.amount = record.amount ?? payment.amount
            payment.transferred = record.transferred ?? payment.transferred
            payment.paid = record.paid ?? payment.paid
            payment.credited = record.credited ?? payment.credited
            byYear[year] = payment
        }
        return byYear.values.sorted { $0.year < $1.year }
    }
}

extension PersonOnDate.Payment {
    init(year: Int) { self.init(year: year, amount: nil, transferred: nil, paid: nil, credited: nil) }
}

extension Register {
    /// Calls `body` with the history of each person some roster named, in ID order, from the files
    /// that had arrived by `knownOn` (ISO date; nil: every file). Streams: one read transaction,
    /// three cursors ordered by person merged along the people, one person in memory at a time.
    public func forEachPerson(knownOn: String? = nil, _ body: (PersonHistory) throws -> Void) throws {
        try database.read { db in
            let files = try FileSet(db, knownOn: knownOn)
            try Register.forEachPerson(db, files: files, body)
        }
    }

    /// As above, inside a transaction, over `files`.
    static func forEachPerson(_ db: Database, files: FileSet, _ body: (PersonHistory) throws -> Void) throws {
        let people = try Row.fetchCursor(db, sql: "SELECT id, gender, birth_date FROM person ORDER BY id")
        var roster = try MergeCursor(Row.fetchCursor(db, sql: RecordColumns.roster + " ORDER BY person_id")) { RecordColumns.roster($0, files) }
        var pension = try MergeCursor(Row.fetchCursor(db, sql: RecordColumns.pension + " ORDER BY person_id")) { RecordColumns.pension($0, files) }
        var exclusions = try MergeCursor(Row.fetchCursor(db, sql: RecordColumns.exclusion + " ORDER BY person_id")) { RecordColumns.exclusion($0, files) }
        while let row = try people.next() {
            var history = PersonHistory(id: row[0], gender: row[1], birthDate: row[2])
            history.roster = try roster.take(history.id)
            guard !history.roster.isEmpty else { continue }
            history.pension = try pension.take(history.id)
            history.exclusions = try exclusions.take(history.id)
            history.settle(files: files)
            try body(history)
        }
    }

    /// The history of one person (nil when no roster names them), inside a transaction, over `files`.
    /// `named`, if given, is told the name and file of each of the person's records (rosters'
    /// first), also when no roster names them.
    static func history(of id: String, _ db: Database, files: FileSet,
                        named: ((_ name: String?, _ file: FileStamp, _ roster: Bool) -> Void)? = nil) throws -> PersonHistory? {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, gender, birth_date FROM person WHERE id = ?"), arguments: [id])
        guard row != nil || named != nil else { return nil }
        let roster = try Row.fetchAll(db.cachedStatement(sql: RecordColumns.roster + " WHERE person_id = ?"), arguments: [id])
            .compactMap { RecordColumns.roster($0, files) }
        if let named { for record in roster { named(record.attributes.name, record.file, true) } }
        let pension = try Row.fetchAll(db.cachedStatement(sql: RecordColumns.pension + " WHERE person_id = ?"), arguments: [id]).compactMap { row in
            RecordColumns.pension(row, files).map { record in named?(row[RecordColumns.pensionName], record.file, false); return record }
        }
        let exclusions = try Row.fetchAll(db.cachedStatement(sql: RecordColumns.exclusion + " WHERE person_id = ?"), arguments: [id]).compactMap { row in
            RecordColumns.exclusion(row, files).map { record in named?(row[RecordColumns.exclusionName], record.file, false); return record }
        }
        guard let row else { return nil }
        var history = PersonHistory(id: row[0], gender: row[1], birthDate: row[2])
        history.roster = roster
        history.pension = pension
        history.exclusions = exclusions
        history.settle(files: files)
        return history
    }
}

/// The columns read for each kind of record, by position (the first is always the person:
/// reading by name looks each one up again on every row), and the records they make. Rows of
/// files left out of the set make nil.
private enum RecordColumns {
    static let roster = """
        SELECT person_id, category, file_id, sender, change, name, household, county, town, village, phone,
               disability_card, disability_type, disability_grade, recognised_date, recognised_place, remark, poverty_mark FROM roster_record
        """

    static func roster(_ row: Row, _ files: FileSet) -> RosterRecord? {
        guard let file = files[row[2]], let category = Category(rawValue: row[1]) else { return nil }
        return RosterRecord(file: file, set: RosterSet(sender: row[3], category: category), change: row[4],
                            recognisedDate: row[14], recognisedPlace: row[15], remark: row[16], povertyMark: row[17],
                            attributes: PersonAttributes(name: row[5], household: row[6], county: row[7], town: row[8], village: row[9],
                                                         phone: row[10], disabilityCard: row[11], disabilityType: row[12], disabilityGrade: row[13]))
    }

    static let pension = """
        SELECT person_id, file_id, state, enrolled_date, payment_year, amount, transferred_date, paid_date, credited_date, benefit_start, name
        FROM pension_record
        """
    /// Where `pension` and `exclusion` have the record's name.
    static let pensionName = 10, exclusionName = 4

    static func pension(_ row: Row, _ files: FileSet) -> PensionRecord? {
        guard let file = files[row[1]] else { return nil }
        return PensionRecord(file: file, state: row[2], enrolledDate: row[3], paymentYear: row[4], amount: row[5], transferred: row[6],
                             paid: row[7], credited: row[8], benefitStart: row[9])
    }

    static let exclusion = "SELECT person_id, reason, date, file_id, name FROM exclusion_record"

    static func exclusion(_ row: Row, _ files: FileSet) -> (reason: String, date: String, file: FileStamp)? {
        files[row[3]].map { (reason: row[1] as String, date: row[2] as String, file: $0) }
    }
}

/// A cursor over rows ordered by `person_id`, read along with the people: `take(id)` returns the
/// values of that person and skips those of people before it. Rows converted to nil (from files
/// left out) are skipped.
private struct MergeCursor<Value> {
    private let cursor: RowCursor
    private let convert: (Row) -> Value?
    private var pending: (String, Value?)?
    private var finished = false

    init(_ cursor: RowCursor, _ convert: @escaping (Row) -> Value?) {
        self.cursor = cursor
        self.convert = convert
    }

    mutating func take(_ id: String) throws -> [Value] {
        var values: [Value] = []
        while true {
            if pending == nil, !finished {
                // GRDB reuses the row a cursor returns: convert it at once.
                if let row = try cursor.next() { pending = (row[0], convert(row)) } else { finished = true }
            }
            guard let (person, value) = pending, person <= id else { return values }
            if person == id, let value { values.append(value) }
            pending = nil
        }
    }
}
