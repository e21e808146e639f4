import XLSXKit

/// The six dates of a ledger row (认定 → 移交 → 参保 → 资金划转 → 代缴 → 缴费到账, notices 000 and
/// 001) and what is wrong with them: out of order, or enrolment and payment not in the month of
/// hand-over (当月完成). Used by `validate` on a ledger a clerk sends and by the monthly ledger.
public enum LedgerDates {
    public struct Problem: Sendable, Equatable {
        public var rule: Rule
        public var field: Field
        public var detail: String
    }

    /// The problems of one row, given its dates by field.
    public static func problems(_ date: (Field) -> ExcelDateTime?) -> [Problem] {
        var found: [Problem] = []
        var previous: (Field, ExcelDateTime)?
        for field in Field.ledgerDates {
            guard let value = date(field) else { continue }
            if let (earlierField, earlier) = previous, value.dayNumber < earlier.dayNumber {
                found.append(Problem(rule: .ledgerOrder, field: field, detail: "「\(field.rawValue)」\(value.iso8601) 早于「\(earlierField.rawValue)」\(earlier.iso8601)"))
            }
            previous = (field, value)
        }
        if let handover = date(.handover) {
            for field in [Field.enrolled, .paid] {
                if let value = date(field), (value.year, value.month) != (handover.year, handover.month) {
                    found.append(Problem(rule: .ledgerMonth, field: field, detail: "移交 \(handover.iso8601)，\(field.rawValue) \(value.iso8601)"))
                }
            }
        }
        return found
    }
}

extension ExcelDateTime {
    /// The date as one comparable number (yyyymmdd).
    var dayNumber: Int { year * 10_000 + month * 100 + day }
}
