import Foundation
import GRDB

/// One person as the register knew them on a date: who they are, every status period that had
/// begun by then (ended ones included, for the month's exits), and the pension system's records
/// up to that date.
public struct PersonOnDate: Sendable {
    public struct Status: Sendable, Equatable {
        public var category: Category
        public var sender: String
        public var recognisedDate: String?
        public var recognisedPlace: String?
        public var remark: String?
        public var validFrom: String
        public var validTo: String?
        /// The date the file that brought this status arrived (移交时间).
        public var handover: String
        public var exitReason: String?

        /// Whether the status is in force on `date` (ISO text).
        public func inForce(on date: String) -> Bool { validFrom <= date && (validTo.map { date < $0 } ?? true) }
    }

    public struct Payment: Sendable, Equatable {
        public var year: Int
        public var amount: Double?
        public var transferred: String?
        public var paid: String?
        public var credited: String?
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
    /// The latest enrolment record reported by the date: 参保状态 and 参保时间.
    public var enrolment: (state: String?, date: String?)?
    public var payments: [Payment] = []
    public var benefitStart: String?
    /// Exclusions (死亡, 在校生, 已参加职工基本养老保险) dated by the date, with their dates.
    public var exclusions: [(reason: String, date: String)] = []
}

extension Register {
    /// Calls `body` for each person who had a status by `date` (ISO text), in ID order. Streams:
    /// one read transaction, six ordered cursors merged by person, one person in memory at a time.
    public func forEachPerson(on date: String, _ body: (PersonOnDate) throws -> Void) throws {
        // Columns are read by position (the first is always the person): reading by name looks
        // each one up again on every row.
        try database.read { db in
            let people = try Row.fetchCursor(db, sql: """
                SELECT id, name, gender, birth_date, household, county, town, village, phone, disability_card, disability_type, disability_grade
                FROM person WHERE id IN (SELECT person_id FROM status WHERE valid_from <= ?) ORDER BY id
                """, arguments: [date])
            var statuses = try MergeCursor(Row.fetchCursor(db, sql: """
                SELECT person_id, category, sender, recognised_date, recognised_place, remark, valid_from, valid_to, handover, exit_reason
                FROM status WHERE valid_from <= ? ORDER BY person_id, valid_from, id
                """, arguments: [date])) { row in
                PersonOnDate.Status(category: Category(rawValue: row[1]) ?? .minimumLiving, sender: row[2], recognisedDate: row[3],
                                    recognisedPlace: row[4], remark: row[5], validFrom: row[6], validTo: row[7], handover: row[8], exitReason: row[9])
            }
            var enrolments = try MergeCursor(Row.fetchCursor(db, sql: """
                SELECT person_id, state, enrolled_date FROM enrolment WHERE as_of <= ? ORDER BY person_id, as_of
                """, arguments: [date])) { row in (state: row[1] as String?, date: row[2] as String?) }
            var payments = try MergeCursor(Row.fetchCursor(db, sql: """
                SELECT person_id, year, amount, transferred_date, paid_date, credited_date FROM payment ORDER BY person_id, year
                """)) { row in
                PersonOnDate.Payment(year: row[1], amount: row[2], transferred: row[3], paid: row[4], credited: row[5])
            }
            var benefits = try MergeCursor(Row.fetchCursor(db, sql: "SELECT person_id, start_date FROM benefit WHERE start_date <= ? ORDER BY person_id",
                                                           arguments: [date])) { row in row[1] as String }
            var exclusions = try MergeCursor(Row.fetchCursor(db, sql: """
                SELECT person_id, reason, date FROM exclusion WHERE date <= ? ORDER BY person_id, reason
                """, arguments: [date])) { row in (reason: row[1] as String, date: row[2] as String) }
            while let row = try people.next() {
                let id: String = row[0]
                var person = PersonOnDate(id: id, name: row[1] ?? "", gender: row[2] ?? "", birthDate: row[3] ?? "",
                                          household: row[4], county: row[5], town: row[6], village: row[7],
                                          phone: row[8], disabilityCard: row[9], disabilityType: row[10], disabilityGrade: row[11])
                person.statuses = try statuses.take(id)
                person.enrolment = try enrolments.take(id).last
                // Payments count once made by the date; a payment not yet made is not known then.
                person.payments = try payments.take(id).filter { ($0.paid ?? $0.credited ?? $0.transferred).map { $0 <= date } ?? false }
                person.benefitStart = try benefits.take(id).first
                person.exclusions = try exclusions.take(id)
                try body(person)
            }
        }
    }
}

/// A cursor over rows ordered by `person_id`, read along with the people: `take(id)` returns the
/// values of that person and skips those of people before it.
private struct MergeCursor<Value> {
    private let cursor: RowCursor
    private let convert: (Row) -> Value
    private var pending: (String, Value)?
    private var finished = false

    init(_ cursor: RowCursor, _ convert: @escaping (Row) -> Value) {
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
            if person == id { values.append(value) }
            pending = nil
        }
    }
}
