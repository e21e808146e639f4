/// Number formats: which ones show a number as a date or time.
///
/// Covers Excel's built-in IDs (14–22, 45–47), the zh-CN locale built-ins (27–36, 50–58) that
/// Chinese Excel and WPS write without a format code, and custom codes by their tokens.
public enum NumberFormat {
    /// How a format shows a number.
    public enum Kind: Sendable, Equatable {
        /// Not a date or time (General, `0.00`, `@`, currency, percent, …).
        case number
        /// A calendar date without a time of day.
        case date
        /// A time of day (or an elapsed time) without a date.
        case time
        /// Both.
        case dateTime
        /// An elapsed time (`[h]:mm:ss`, built-in 46): hours beyond a day, not a time of day.
        case duration

        /// Whether numbers in this format are dates or times of day.
        public var isDateOrTime: Bool { self != .number && self != .duration }
    }

    /// The kind of built-in format `id` when the file gives no code for it.
    public static func builtInKind(_ id: Int) -> Kind {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: return .date
        case 46: return .duration
        case 18...21, 32...35, 45, 47, 55, 56: return .time
        case 22: return .dateTime
        default: return .number
        }
    }

    /// The kind of a format: by its code when the file has one, otherwise by built-in id.
    public static func kind(id: Int, code: String?) -> Kind {
        guard let code, !code.isEmpty else { return builtInKind(id) }
        return kind(of: code)
    }

    /// The kind of a format code, judged by its first section's date and time tokens.
    ///
    /// Quoted text, `\\`-escaped characters, `_x`/`*x` padding and bracketed parts (`[Red]`,
    /// `[$-804]`, `[DBNum1]`) are skipped; `[h]`, `[mm]`, `[ss]` make an elapsed time (a date
    /// token with them, a date and time); the system formats `[$-F800]` (long date) and
    /// `[$-F400]` (time) count as such.
    public static func kind(of code: String) -> Kind {
        var hasDate = false, hasTime = false, hasElapsed = false
        let scalars = Array(code.unicodeScalars)
        var index = 0
        scan: while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case ";":
                break scan
            case "\"":
                index += 1
                while index < scalars.count, scalars[index] != "\"" { index += 1 }
            case "\\", "_", "*":
                index += 1
            case "[":
                let start = index + 1
                while index < scalars.count, scalars[index] != "]" { index += 1 }
                let inside = String(String.UnicodeScalarView(scalars[start..<min(index, scalars.count)])).lowercased()
                if inside.uppercased().hasPrefix("$-F800") { hasDate = true }
                if inside.uppercased().hasPrefix("$-F400") { hasTime = true }
                if !inside.isEmpty, inside.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { hasTime = true; hasElapsed = true }
            case "y", "Y", "d", "D", "e", "E", "b", "B", "g", "G":
                // e/b/g: era years (Chinese/Thai/Japanese calendars), but `E+`/`e-` is scientific notation.
                if scalar == "e" || scalar == "E", index + 1 < scalars.count, scalars[index + 1] == "+" || scalars[index + 1] == "-" {
                    break
                }
                if scalar == "G" || scalar == "g" {
                    // "General" is not a date.
                    let rest = String(String.UnicodeScalarView(scalars[index...].prefix(7))).lowercased()
                    if rest == "general" { index += 7; continue }
                }
                if scalar == "b" || scalar == "B" { if !(index + 1 < scalars.count && (scalars[index + 1] == "b" || scalars[index + 1] == "B")) { break } }
                hasDate = true
            case "m", "M":
                // Minutes after h or before s are time; otherwise month.
                if isMinute(scalars, at: index) { hasTime = true } else { hasDate = true }
            case "h", "H", "s", "S":
                hasTime = true
            case "上", "下", "午":
                hasTime = true
            case "A", "a":
                let rest = String(String.UnicodeScalarView(scalars[index...].prefix(5))).uppercased()
                if rest.hasPrefix("AM/PM") {
                    hasTime = true
                    index += 5
                    continue
                } else if rest.hasPrefix("A/P") {
                    hasTime = true
                    index += 3
                    continue
                }
            default:
                break
            }
            index += 1
        }
        if hasElapsed && !hasDate { return .duration }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return .number
        }
    }

    /// Whether the `m` at `index` is a minute: preceded by an `h` or followed by an `s` (skipping separators).
    private static func isMinute(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var back = index - 1
        while back >= 0, "mM:. []\"时分".unicodeScalars.contains(scalars[back]) { back -= 1 }
        if back >= 0, scalars[back] == "h" || scalars[back] == "H" { return true }
        var ahead = index + 1
        while ahead < scalars.count, "mM:. []\"时分".unicodeScalars.contains(scalars[ahead]) { ahead += 1 }
        return ahead < scalars.count && (scalars[ahead] == "s" || scalars[ahead] == "S")
    }
}
