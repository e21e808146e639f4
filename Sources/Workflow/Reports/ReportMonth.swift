import XLSXKit

/// A calendar month of reports and its reference date (the month's last day).
public struct ReportMonth: Sendable, Equatable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// `2026-10` or `2026年10月`.
    public init?(_ text: String) {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 2, (2000...2100).contains(digits[0]), (1...12).contains(digits[1]) else { return nil }
        self.init(year: digits[0], month: digits[1])
    }

    /// The last day of the month: what the month's outputs are computed as of.
    public var referenceDate: ExcelDateTime { ExcelDateTime(year: year, month: month, day: ExcelDateTime.daysIn(month: month, year: year)) }
    /// `2026-10-01`.
    public var firstDay: String { ExcelDateTime(year: year, month: month, day: 1).iso8601 }
    /// `2026-10`.
    public var key: String { String(firstDay.prefix(7)) }
    public var description: String { "\(year)年\(month)月" }

    /// Whether an ISO date falls in this month.
    func contains(_ date: String?) -> Bool { date.map { $0.hasPrefix(key) } ?? false }

    /// The month before.
    public var previous: ReportMonth { month == 1 ? ReportMonth(year: year - 1, month: 12) : ReportMonth(year: year, month: month - 1) }
    /// The month after.
    public var next: ReportMonth { month == 12 ? ReportMonth(year: year + 1, month: 1) : ReportMonth(year: year, month: month + 1) }
}
