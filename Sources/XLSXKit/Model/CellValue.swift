/// What a cell holds, as the rest of sheetflow sees it.
public enum CellValue: Hashable, Sendable, CustomStringConvertible {
    /// No value (a styled cell, or a cell that was never written).
    case empty
    /// Text: shared, inline, or the cached result of a string formula.
    case string(String)
    /// A number with full double precision.
    case number(Double)
    /// A number whose format shows it as a date or time, or an ISO date cell (`t="d"`).
    case date(ExcelDateTime)
    /// An elapsed time in days (a number shown as `[h]:mm:ss`): 1.5 is 36 hours.
    case duration(Double)
    /// TRUE or FALSE.
    case boolean(Bool)
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)

    /// The type name used in `inspect --json`: string, number, date, duration, boolean, error or empty.
    public var typeName: String {
        switch self {
        case .empty: "empty"
        case .string: "string"
        case .number: "number"
        case .date: "date"
        case .duration: "duration"
        case .boolean: "boolean"
        case .error: "error"
        }
    }

    /// The value as text: numbers as the shortest round-trip decimal, dates as ISO 8601.
    public var text: String {
        switch self {
        case .empty: ""
        case .string(let value): value
        case .number(let value): CellValue.shortestText(value)
        case .date(let value): value.iso8601
        case .duration(let days): CellValue.elapsedText(days)
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .error(let value): value
        }
    }

    public var description: String { text }

    /// An elapsed time as `[h]:mm:ss` shows it: `36:00:00`, `-0:30:00`, `0:00:01.5`.
    public static func elapsedText(_ days: Double) -> String {
        let milliseconds = Int64((abs(days) * 86_400_000).rounded())
        let seconds = milliseconds / 1000, fraction = milliseconds % 1000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(seconds / 3600):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if fraction != 0 {
            var digits = String(String(fraction + 1000).dropFirst())
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return days < 0 ? "-" + text : text
    }

    /// The shortest decimal that reads back as the same double: `1`, `0.1`, `4.40203198001011e+17`.
    public static func shortestText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }
}
