import XLSXKit

/// The six dates of a ledger row (认定 → 移交 → 参保 → 资金划转 → 代缴 → 缴费到账, notices 000 and
/// 001) and what is wrong with them. Only real problems: an order that cannot be (handed over
/// before recognised, paid before enrolled, credited before paid), and enrolment or payment not
/// done in the month of hand-over (当月完成) — done in a later month, or, once that month is over,
/// not done at all. Someone enrolled or paid for before the hand-over is fine. Used by `validate`
/// on a ledger a clerk sends and by the monthly ledger.
public enum LedgerDates {
    public struct Problem: Sendable, Equatable {
        public var rule: Rule
        public var field: Field
        public var detail: String
    }

    /// Pairs whose second date cannot come before the first.
    private static let orders: [(Field, Field)] = [(.recognisedDate, .handover), (.enrolled, .paid), (.paid, .credited)]

    /// The problems of one row, given its dates by field. `due` are the steps this person needs
    /// (参保, 代缴); a missing one is a problem once the hand-over month has ended by `asOf`.
    public static func problems(_ date: (Field) -> ExcelDateTime?, due: [Field] = [], asOf: ExcelDateTime? = nil) -> [Problem] {
        var found: [Problem] = []
        for (first, second) in orders {
            if let earlier = date(first), let later = date(second), later.dayNumber < earlier.dayNumber {
                found.append(Problem(rule: .ledgerOrder, field: second, detail: "「\(second.rawValue)」\(later.iso8601) 早于「\(first.rawValue)」\(earlier.iso8601)"))
            }
        }
        guard let handover = date(.handover) else { return found }
        let handoverMonth = handover.year * 100 + handover.month
        for field in [Field.enrolled, .paid] {
            if let value = date(field) {
                if value.year * 100 + value.month > handoverMonth {
                    found.append(Problem(rule: .ledgerMonth, field: field, detail: "移交 \(handover.iso8601)，\(field.rawValue) \(value.iso8601)"))
                }
            } else if due.contains(field), let asOf, asOf.year * 100 + asOf.month > handoverMonth
                        || asOf.year * 100 + asOf.month == handoverMonth && asOf.day == ExcelDateTime.daysIn(month: asOf.month, year: asOf.year) {
                found.append(Problem(rule: .ledgerMonth, field: field, detail: "移交 \(handover.iso8601)，至 \(asOf.iso8601) 尚无\(field.rawValue)"))
            }
        }
        return found
    }
}

extension ExcelDateTime {
    /// The date as one comparable number (yyyymmdd).
    var dayNumber: Int { year * 10_000 + month * 100 + day }
}
