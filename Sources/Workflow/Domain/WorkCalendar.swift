import Foundation
import XLSXKit

/// China's working days: Monday to Friday, less the statutory holidays, plus the weekends worked
/// in their place (调休), as the State Council's yearly arrangements say. The arrangements are
/// data — `Templates/common/节假日安排.txt`, one line per day or range — so a clerk adds next year's
/// when the notice comes out.
public struct WorkCalendar: Sendable {
    private var holidays: Set<Int> = []
    private var workedWeekends: Set<Int> = []
    /// Years with at least one line.
    public private(set) var years: Set<Int> = []
    /// Years marked `待补`: the State Council's arrangement is not entered yet (statutory days only).
    public private(set) var pendingYears: Set<Int> = []

    /// Monday to Friday only.
    public static let weekdays = WorkCalendar()

    /// The calendar shipped with sheetflow: the file in a templates folder's `common/`. A folder
    /// without it gives weekdays only.
    public static func shipped(in templates: String) throws -> WorkCalendar {
        let path = templates + "/common/" + fileName
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .weekdays }
        return try WorkCalendar(text, file: path)
    }

    public static let fileName = "节假日安排.txt"

    /// Reads lines like `2026-10-01~2026-10-07 休 国庆节`, `2026-10-10 班 国庆节调休` and `2027 待补`.
    public init(_ text: String, file: String) throws {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard !line.isEmpty else { continue }
            let parts = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if parts.count == 2, parts[1] == "待补", let year = Int(parts[0]), (1900...2100).contains(year) {
                pendingYears.insert(year)
                continue
            }
            let ends = parts.first?.split(separator: "~").map(String.init) ?? []
            guard parts.count >= 2, (1...2).contains(ends.count), let first = DateText.iso(ends[0]), let last = DateText.iso(ends.last!),
                  first.dayNumber <= last.dayNumber, ["休", "班"].contains(parts[1]) else {
                throw ProfileError(file: file, line: index + 1, "应写成“日期 休（或 班） 说明”，如 2026-10-01~2026-10-07 休 国庆节；收到「\(line)」。")
            }
            var day = first
            while day.dayNumber <= last.dayNumber {
                if parts[1] == "休" { holidays.insert(day.dayNumber) } else { workedWeekends.insert(day.dayNumber) }
                years.insert(day.year)
                day = day.nextDay
            }
        }
    }

    private init() {}

    /// Whether `day` is a working day.
    public func isWorkday(_ day: ExcelDateTime) -> Bool {
        if workedWeekends.contains(day.dayNumber) { return true }
        if holidays.contains(day.dayNumber) { return false }
        return !day.isWeekend
    }

    /// The `n`-th working day of `month` (the month's last day when it has fewer).
    public func workday(_ n: Int, in month: ReportMonth) -> ExcelDateTime {
        var counted = 0
        var day = ExcelDateTime(year: month.year, month: month.month, day: 1)
        let last = month.referenceDate
        while day.dayNumber < last.dayNumber {
            if isWorkday(day) { counted += 1 }
            if counted == n { return day }
            day = day.nextDay
        }
        return last
    }

    /// Working days after `start` up to and including `end` (0 when `end` is not after `start`).
    public func workdays(after start: ExcelDateTime, through end: ExcelDateTime) -> Int {
        var count = 0
        var day = start.nextDay
        while day.dayNumber <= end.dayNumber {
            if isWorkday(day) { count += 1 }
            day = day.nextDay
        }
        return count
    }
}

extension ExcelDateTime {
    /// The calendar day after this one.
    var nextDay: ExcelDateTime {
        if day < ExcelDateTime.daysIn(month: month, year: year) { return ExcelDateTime(year: year, month: month, day: day + 1) }
        return month == 12 ? ExcelDateTime(year: year + 1, month: 1, day: 1) : ExcelDateTime(year: year, month: month + 1, day: 1)
    }

    /// Saturday or Sunday (Zeller-free: days since 1970-01-01, a Thursday).
    var isWeekend: Bool {
        let weekday = ((daysSinceEpoch % 7) + 7 + 3) % 7   // 0 Monday … 6 Sunday
        return weekday >= 5
    }

    /// Days since 1970-01-01 of the calendar day.
    var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension DateText {
    /// A strict `yyyy-MM-dd`.
    static func iso(_ text: String) -> ExcelDateTime? {
        // The usual form, read from its bytes (the month's report reads several per person).
        let bytes = text.utf8
        if bytes.count == 10 {
            var parts = [0, 0, 0], part = 0, usual = true
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 7 {
                    if byte == UInt8(ascii: "-") { part += 1 } else { usual = false; break }
                } else if byte >= 0x30, byte <= 0x39 {
                    parts[part] = parts[part] * 10 + Int(byte - 0x30)
                } else {
                    usual = false
                    break
                }
            }
            if usual {
                guard (1...12).contains(parts[1]), parts[2] >= 1, parts[2] <= ExcelDateTime.daysIn(month: parts[1], year: parts[0]) else { return nil }
                return ExcelDateTime(year: parts[0], month: parts[1], day: parts[2])
            }
        }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10, (1...12).contains(parts[1]), parts[2] >= 1,
              parts[2] <= ExcelDateTime.daysIn(month: parts[1], year: parts[0]) else { return nil }
        return ExcelDateTime(year: parts[0], month: parts[1], day: parts[2])
    }
}
