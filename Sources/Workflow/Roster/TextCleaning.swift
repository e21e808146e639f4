import Foundation

/// Cleaning what clerks type and paste: full-width characters, stray spaces, invisible
/// characters, a leading apostrophe, a lower-case x in an ID. Each change is reported, so the
/// clerk can fix the source.
public enum TextCleaning {
    public enum Change: Sendable, Hashable {
        case fullWidth, invisible, apostrophe, lowerX
    }

    /// `text` cleaned. `compact` removes every space (IDs, phones, dates, codes); otherwise only
    /// spaces at the ends and between Chinese characters go.
    public static func clean(_ text: String, compact: Bool) -> (text: String, changes: Set<Change>) {
        if isPlain(text, compact: compact) { return (text, []) }
        var changes = Set<Change>()
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
                changes.insert(.fullWidth)
            case 0x200B...0x200F, 0x2060, 0xFEFF, 0x00AD:
                changes.insert(.invisible)
            case 0x3000, 0x00A0, 0x09, 0x0A, 0x0D:
                scalars.append(" ")
                if scalar.value != 0x20 { changes.insert(.invisible) }
            case 0x00...0x1F, 0x7F:
                changes.insert(.invisible)
            default:
                scalars.append(scalar)
            }
        }
        // Spaces: all of them in compact fields; else at the ends, doubled, or next to a Chinese character.
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            guard scalar == " " else { result.append(scalar); continue }
            let previous = result.last
            let next = scalars[(index + 1)...].first { $0 != " " }
            let keep = !compact && previous != nil && next != nil && previous != " "
                && !isCJK(previous!) && !isCJK(next!)
            if keep { result.append(scalar) } else { changes.insert(.invisible) }
        }
        if let first = result.first, compact, ["'", "‘", "’", "`"].contains(first) {
            result.removeFirst()
            changes.insert(.apostrophe)
        }
        var string = String(String.UnicodeScalarView(result))
        if compact, string.utf8.count == 18 || string.utf8.count == 15, string.hasSuffix("x") {
            string = String(string.dropLast()) + "X"
            changes.insert(.lowerX)
        }
        return (string, changes)
    }

    /// `text` without whitespace at its ends (as Foundation's `.whitespaces` trims); most values
    /// have none, and are returned as they are without going through Foundation.
    public static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Whether nothing can change: only visible ASCII and CJK ideographs (UTF-8 lead bytes
    /// E4–E9), no apostrophe first or x last in a compact field. Most cells are like this.
    private static func isPlain(_ text: String, compact: Bool) -> Bool {
        var expectContinuation = 0
        for byte in text.utf8 {
            if expectContinuation > 0 {
                guard byte & 0xC0 == 0x80 else { return false }
                expectContinuation -= 1
            } else if byte >= 0x21 && byte <= 0x7E {
                continue
            } else if byte >= 0xE4 && byte <= 0xE9 {
                expectContinuation = 2
            } else {
                return false
            }
        }
        guard expectContinuation == 0 else { return false }
        if compact, let first = text.utf8.first, first == UInt8(ascii: "'") || first == UInt8(ascii: "`") { return false }
        if compact, text.utf8.last == UInt8(ascii: "x") { return false }
        return true
    }

    private static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value) || (0x20000...0x2FFFF).contains(scalar.value)
    }
}
