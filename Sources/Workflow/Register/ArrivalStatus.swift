import Foundation
import GRDB
import XLSXKit

/// What arrived in a month, and each roster sender against its own deadline: which month's data
/// came, when, and whether on time (working days as the profile's calendar counts them).
public struct ArrivalStatus: Sendable {
    /// Files that arrived in the month, per sender and kind.
    public struct Line: Sendable, Equatable {
        public var sender: String
        public var kind: String
        public var files: Int
        public var records: Int
        public var latestAsOf: String
    }

    /// One sender of rosters against the deadline that binds it.
    public struct SenderLine: Sendable, Equatable {
        public var sender: String
        public var due: ExcelDateTime
        /// The file that delivered the previous month's data, if any.
        public var delivery: Delivery?
        public var verdict: Verdict
    }

    /// A roster file as delivered: its name, arrival day and 数据截至.
    public struct Delivery: Sendable, Equatable {
        public var file: String
        public var received: ExcelDateTime
        public var asOf: String
    }

    public enum Verdict: Sendable, Equatable, CustomStringConvertible {
        case onTime
        /// Arrived this many working days after the deadline.
        case late(Int)
        /// Nothing yet, and the deadline has passed by this many working days.
        case missing(Int)
        /// Nothing yet; the deadline is still ahead.
        case pending

        public var description: String {
            switch self {
            case .onTime: "按时"
            case .late(let days): "逾期 \(days) 个工作日"
            case .missing(let days): "未报（已过期限 \(days) 个工作日）"
            case .pending: "未报（尚未到期限）"
            }
        }
    }

    public var month: ReportMonth
    public var lines: [Line]
    public var senders: [SenderLine]
    /// The deadline of the lists the senders deliver this month, as the profile words it.
    public var senderDeadline: Profile.Deadline?
    /// The other deadlines of the month (the agency's own report, the city's aggregation …) with their days.
    public var otherDeadlines: [(deadline: Profile.Deadline, due: ExcelDateTime)]
    /// People and statuses in force at the previous month's end (the data being delivered).
    public var people: Int
    public var statuses: Int
}

extension Register {
    /// The month `month` as of `today` (ISO date): arrivals in it, and every sender of rosters seen
    /// before it judged against the senders' deadline for the previous month's data.
    public func arrivals(in month: ReportMonth, profile: Profile, today: String) throws -> ArrivalStatus {
        let data = month.previous
        let (people, statuses) = try counts(on: data.referenceDate.iso8601)
        let todayDate = DateText.iso(today) ?? month.referenceDate
        return try database.read { db in
            let lines = try Row.fetchAll(db, sql: """
                SELECT sender, kind, count(*) AS files, sum(records) AS records, max(as_of) AS latest FROM file
                WHERE substr(received_at, 1, 7) = ? AND kind != '' GROUP BY sender, kind ORDER BY sender, kind
                """, arguments: [month.key]).map { row in
                ArrivalStatus.Line(sender: row["sender"], kind: row["kind"], files: row["files"], records: row["records"], latestAsOf: row["latest"])
            }
            let deadline = profile.deadlines(for: .senders).first
            var senders: [ArrivalStatus.SenderLine] = []
            if let deadline {
                let due = deadline.due(in: month, calendar: profile.calendar)
                let rosters = try Row.fetchAll(db, sql: """
                    SELECT sender, name, received_at, as_of FROM file WHERE kind = ? AND received_at < ? ORDER BY received_at, id
                    """, arguments: [FileKind.roster.rawValue, month.next.firstDay])
                let known = Set(rosters.filter { ($0["received_at"] as String) < month.firstDay }.flatMap { ($0["sender"] as String).split(separator: "、").map(String.init) })
                for sender in known.sorted() {
                    // The previous month's data: dated in it, or dated this month and arriving this month.
                    let delivery = rosters.first { row in
                        let asOf: String = row["as_of"], received: String = row["received_at"]
                        return (row["sender"] as String).split(separator: "、").contains { $0 == sender }
                            && (data.contains(asOf) || month.contains(asOf) && month.contains(String(received.prefix(10))))
                    }.map { ArrivalStatus.Delivery(file: $0["name"], received: DateText.iso(String(($0["received_at"] as String).prefix(10)))!, asOf: $0["as_of"]) }
                    let verdict: ArrivalStatus.Verdict
                    if let delivery {
                        let late = profile.calendar.workdays(after: due, through: delivery.received)
                        verdict = delivery.received.dayNumber <= due.dayNumber ? .onTime : .late(max(late, 1))
                    } else if todayDate.dayNumber > due.dayNumber {
                        verdict = .missing(max(profile.calendar.workdays(after: due, through: todayDate), 1))
                    } else {
                        verdict = .pending
                    }
                    senders.append(ArrivalStatus.SenderLine(sender: sender, due: due, delivery: delivery, verdict: verdict))
                }
            }
            let others = profile.deadlines.filter { $0.binds != .senders }.map { ($0, $0.due(in: month, calendar: profile.calendar)) }
            return ArrivalStatus(month: month, lines: lines, senders: senders, senderDeadline: deadline, otherDeadlines: others,
                                 people: people, statuses: statuses)
        }
    }
}

extension Profile.Deadline {
    /// The day this is due in `month`: the day of the month, or the n-th working day.
    public func due(in month: ReportMonth, calendar: WorkCalendar) -> ExcelDateTime {
        workdays ? calendar.workday(day, in: month)
            : ExcelDateTime(year: month.year, month: month.month, day: min(day, ExcelDateTime.daysIn(month: month.month, year: month.year)))
    }

    /// `11月5日`, or `11月4日（第3个工作日）`.
    public func describe(in month: ReportMonth, calendar: WorkCalendar) -> String {
        let date = due(in: month, calendar: calendar)
        return "\(date.month)月\(date.day)日" + (workdays ? "（第\(day)个工作日）" : "")
    }
}
