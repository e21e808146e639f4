import Foundation
import XLSXKit

/// China time, the calendar every date sheetflow reads, stores and prints is in (file dates,
/// arrival times, "today"), whatever the machine's time zone.
public enum ChinaTime {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    private static func parts(_ date: Date) -> DateComponents {
        Calendar(identifier: .gregorian).dateComponents(in: zone, from: date)
    }

    /// The calendar day of an instant.
    public static func day(_ date: Date) -> ExcelDateTime {
        let parts = parts(date)
        return ExcelDateTime(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// `yyyy-MM-dd HH:mm:ss` of an instant.
    public static func timestamp(_ date: Date) -> String {
        let parts = parts(date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    /// The instant of a `yyyy-MM-dd HH:mm:ss` China-time timestamp.
    public static func date(_ timestamp: String) -> Date? {
        let numbers = timestamp.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 6 else { return nil }
        var components = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4], second: numbers[5])
        components.timeZone = zone
        return Calendar(identifier: .gregorian).date(from: components)
    }
}
