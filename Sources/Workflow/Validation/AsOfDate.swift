import Foundation
import XLSXKit

/// 数据截至: the day a list's data is as of, and where that was read. In order: a 数据截至 line
/// in the title block; `--as-of`; a month the title or the file name names (`2026年10月` → its
/// last day); else the day the file arrived — and a file without a date of its own that arrives
/// in the profile's reporting window (up to the month's last deadline) reports on the previous
/// month, so it counts for that month's last day.
enum AsOfDate {
    static func resolve(titles: [String], fileName: String, options: ValidationOptions, path: String) -> (date: ExcelDateTime, source: String) {
        if let (date, line) = statedDate(in: titles) { return (date, "标题“\(line)”") }
        if let stated = options.asOf { return (stated, "--as-of") }
        if let month = month(in: titles.joined(separator: " ")) { return (month.referenceDate, "标题中的月份“\(month)”") }
        if let month = month(in: (fileName as NSString).deletingPathExtension) { return (month.referenceDate, "文件名中的月份“\(month)”") }
        let day = options.fileDate ?? fileDate(path)
        let month = ReportMonth(year: day.year, month: day.month)
        let window = options.profile.reportingWindowEnd(in: month)
        if day.dayNumber <= window.dayNumber {
            let previous = month.previous
            return (previous.referenceDate, "文件日期 \(day.iso8601)，\(month.month)月\(window.day)日报送期限前收到，按\(previous)末计")
        }
        return (day, "文件日期")
    }

    /// The date a file was last modified.
    static func fileDate(_ path: String) -> ExcelDateTime {
        ChinaTime.day((try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date())
    }

    /// 数据截至 in a title line: `数据截至 2026年10月31日`, `截止2026-10-31`; `（数据截至20 年 月 日）` is ignored.
    static func statedDate(in lines: [String]) -> (ExcelDateTime, String)? {
        for line in lines {
            guard let marker = line.range(of: "截至") ?? line.range(of: "截止") else { continue }
            let tail = line[marker.upperBound...].drop { !$0.isNumber }
            var text = ""
            for character in tail {
                guard character.isNumber || "年月日-/. ".contains(character) else { break }
                text.append(character)
                if character == "日" { break }
            }
            if let date = DateText.parse(text.trimmingCharacters(in: .whitespaces)) ?? RecordChecker.compactDate(text) {
                return (date, line.trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    /// The one month a text names (`2026年10月`, `2026年 10 月`, `2026-10`, `2026.10`, `202610`), nil
    /// for none or several.
    static func month(in text: String) -> ReportMonth? {
        var found: Set<String> = []
        var months: [ReportMonth] = []
        let patterns = [#"(20\d\d)\s*年\s*(\d{1,2})\s*月"#, #"(?<!\d)(20\d\d)[-./_](\d{1,2})(?![\d./-])"#, #"(?<!\d)(20\d\d)(0[1-9]|1[0-2])(?!\d)"#]
        for pattern in patterns {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let year = Range(match.range(at: 1), in: text).flatMap({ Int(text[$0]) }),
                      let number = Range(match.range(at: 2), in: text).flatMap({ Int(text[$0]) }), (1...12).contains(number) else { continue }
                let month = ReportMonth(year: year, month: number)
                if found.insert(month.key).inserted { months.append(month) }
            }
        }
        return months.count == 1 ? months[0] : nil
    }
}
