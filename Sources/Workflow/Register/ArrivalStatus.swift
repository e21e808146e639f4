import Foundation
import GRDB
import XLSXKit

/// What arrived in a month, per sender and kind, and which senders are late against the profile's
/// first deadline (the lists' delivery day).
public struct ArrivalStatus: Sendable {
    public struct Line: Sendable, Equatable {
        public var sender: String
        public var kind: String
        public var files: Int
        public var records: Int
        public var latestAsOf: String
    }

    public var month: ReportMonth
    public var lines: [Line]
    /// Senders seen before the month who sent no roster in it, with the deadline, when it has passed.
    public var late: [(sender: String, deadline: String)]
    /// People and statuses in force at the month's end.
    public var people: Int
    public var statuses: Int
}

extension Register {
    /// Arrivals in `month` (by received time) and lateness as of `today` (ISO date).
    public func arrivals(in month: ReportMonth, profile: Profile, today: String) throws -> ArrivalStatus {
        let (people, statuses, _) = try counts(on: month.referenceDate.iso8601)
        return try database.read { db in
            let lines = try Row.fetchAll(db, sql: """
                SELECT sender, kind, count(*) AS files, sum(records) AS records, max(as_of) AS latest FROM file
                WHERE substr(received_at, 1, 7) = ? GROUP BY sender, kind ORDER BY sender, kind
                """, arguments: [month.key]).map { row in
                ArrivalStatus.Line(sender: row["sender"], kind: row["kind"], files: row["files"], records: row["records"], latestAsOf: row["latest"])
            }
            var late: [(String, String)] = []
            if let deadline = profile.deadlines.first {
                let due = deadline.due(in: month).iso8601
                let earlier = try String.fetchAll(db, sql: """
                    SELECT DISTINCT sender FROM file WHERE kind = ? AND substr(received_at, 1, 7) < ? ORDER BY sender
                    """, arguments: [FileKind.roster.rawValue, month.key])
                let arrived = Set(lines.filter { $0.kind == FileKind.roster.rawValue }.map(\.sender))
                if today > due {
                    late = earlier.filter { !arrived.contains($0) }.map { ($0, deadline.describe(in: month)) }
                }
            }
            return ArrivalStatus(month: month, lines: lines, late: late, people: people, statuses: statuses)
        }
    }
}

extension Profile.Deadline {
    /// The day this is due in `month`: the day of the month, or the n-th working day (Monday to
    /// Friday; public holidays and the weekends worked in their place are not known here).
    public func due(in month: ReportMonth) -> ExcelDateTime {
        let last = ExcelDateTime.daysIn(month: month.month, year: month.year)
        guard workdays else { return ExcelDateTime(year: month.year, month: month.month, day: min(day, last)) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ChinaTime.zone
        var counted = 0
        for candidate in 1...last {
            let date = calendar.date(from: DateComponents(year: month.year, month: month.month, day: candidate))!
            let weekday = calendar.component(.weekday, from: date)  // 1 Sunday … 7 Saturday
            if weekday != 1, weekday != 7 { counted += 1 }
            if counted == day { return ExcelDateTime(year: month.year, month: month.month, day: candidate) }
        }
        return ExcelDateTime(year: month.year, month: month.month, day: last)
    }

    /// `1月5日`, or `1月7日（第3个工作日）`.
    public func describe(in month: ReportMonth) -> String {
        let date = due(in: month)
        return "\(date.month)月\(date.day)日" + (workdays ? "（第\(day)个工作日）" : "")
    }
}
