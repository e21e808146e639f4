/// Excel's two serial-date systems, chosen per workbook by `workbookPr/@date1904`.
public enum DateSystem: Sendable, Equatable {
    /// Day 1 is 1900-01-01, including Lotus 1-2-3's fictitious 1900-02-29 (serial 60).
    case excel1900
    /// Day 0 is 1904-01-01 (old Mac Excel, still found in some files).
    case excel1904
}

/// A calendar date and/or time of day as Excel shows it, without a time zone.
///
/// Kept as fields rather than `Foundation.Date` because Excel's 1900 system contains a day
/// (1900-02-29) that no real calendar has, and because spreadsheet times carry no zone.
public struct ExcelDateTime: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    /// False for a pure time of day (a time format on a serial below 1).
    public var hasDate: Bool

    /// Creates a value from fields; no validation beyond what callers ensure.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                millisecond: Int = 0, hasDate: Bool = true) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
        self.millisecond = millisecond; self.hasDate = hasDate
    }

    /// Whether any time-of-day field is set.
    public var hasTime: Bool { hour != 0 || minute != 0 || second != 0 || millisecond != 0 || !hasDate }

    /// Converts an Excel serial number; nil for negative or absurd serials (Excel shows `####`).
    ///
    /// The time of day is rounded to the nearest millisecond, as Excel does.
    /// - Parameter timeOnly: the cell's format shows only a time, so a serial below 1 has no date.
    public init?(serial: Double, system: DateSystem, timeOnly: Bool = false) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil } // 9999-12-31
        var days = Int(serial.rounded(.down))
        var milliseconds = Int(((serial - Double(days)) * 86_400_000).rounded())
        if milliseconds >= 86_400_000 { days += 1; milliseconds -= 86_400_000 }
        let time = (milliseconds / 3_600_000, (milliseconds / 60_000) % 60, (milliseconds / 1000) % 60, milliseconds % 1000)
        if timeOnly && days == 0 {
            self.init(year: 1899, month: 12, day: 31, hour: time.0, minute: time.1, second: time.2,
                      millisecond: time.3, hasDate: false)
            return
        }
        let civil: (Int, Int, Int)
        switch system {
        case .excel1900:
            if days == 60 {
                civil = (1900, 2, 29)
            } else if days < 60 {
                civil = ExcelDateTime.civil(fromDaysSince1970: days - 25_568) // 1899-12-31 + days
            } else {
                civil = ExcelDateTime.civil(fromDaysSince1970: days - 25_569) // 1899-12-30 + days
            }
        case .excel1904:
            civil = ExcelDateTime.civil(fromDaysSince1970: days - 24_107) // 1904-01-01 + days
        }
        self.init(year: civil.0, month: civil.1, day: civil.2, hour: time.0, minute: time.1,
                  second: time.2, millisecond: time.3)
    }

    /// Parses ISO 8601 as written in `t="d"` cells: `2020-03-05`, `2020-03-05T08:30:00`, `08:30:00`.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func time(at start: Int) -> (Int, Int, Int, Int)? {
            guard let h = number(start, 2), let m = number(start + 3, 2) else { return nil }
            let s = number(start + 6, 2) ?? 0
            var ms = 0
            if start + 8 < bytes.count, bytes[start + 8] == UInt8(ascii: ".") {
                var digits = 0
                var index = start + 9
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57, digits < 3 {
                    ms = ms * 10 + Int(bytes[index] - 48); digits += 1; index += 1
                }
                while digits < 3 && digits > 0 { ms *= 10; digits += 1 }
            }
            guard h < 24, m < 60, s < 61 else { return nil }
            return (h, m, s, ms)
        }
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2) {
            guard mo >= 1, mo <= 12, d >= 1, d <= ExcelDateTime.daysIn(month: mo, year: y) else { return nil }
            var t = (0, 0, 0, 0)
            if bytes.count > 11, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") {
                guard let parsed = time(at: 11) else { return nil }
                t = parsed
            }
            self.init(year: y, month: mo, day: d, hour: t.0, minute: t.1, second: t.2, millisecond: t.3)
        } else if bytes.count >= 5, bytes[2] == UInt8(ascii: ":"), let t = time(at: 0) {
            self.init(year: 1899, month: 12, day: 31, hour: t.0, minute: t.1, second: t.2, millisecond: t.3, hasDate: false)
        } else {
            return nil
        }
    }

    /// ISO 8601: `yyyy-mm-dd`, plus `Thh:mm:ss` (and `.mmm`) when there is a time part.
    /// The date as Chinese text reads it: `2026年10月31日`.
    public var chineseText: String { "\(year)年\(month)月\(day)日" }

    public var iso8601: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        var clock = pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if millisecond != 0 { clock += "." + pad(millisecond, 3) }
        guard hasDate else { return clock }
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        return hasTime ? date + "T" + clock : date
    }

    public var description: String { iso8601 }

    /// The serial number Excel stores for this date and time in `system`.
    ///
    /// In the 1900 system dates before 1900-03-01 are counted as Excel does (with its fictitious 1900-02-29).
    public func serial(in system: DateSystem = .excel1900) -> Double {
        let time = (Double(hour) * 3600 + Double(minute) * 60 + Double(second) + Double(millisecond) / 1000) / 86_400
        guard hasDate else { return time }
        if system == .excel1900, year == 1900, month == 2, day == 29 { return 60 + time }
        let days = ExcelDateTime.daysSince1970(year: year, month: month, day: day)
        switch system {
        case .excel1900:
            let serial = days + 25_569
            return Double(serial < 61 ? serial - 1 : serial) + time
        case .excel1904:
            return Double(days + 24_107) + time
        }
    }

    /// Days from 1970-01-01 to a Gregorian date (H. Hinnant's algorithm).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Number of days in a month of the proleptic Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Gregorian (year, month, day) for a day count relative to 1970-01-01 (H. Hinnant's algorithm).
    static func civil(fromDaysSince1970 days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
