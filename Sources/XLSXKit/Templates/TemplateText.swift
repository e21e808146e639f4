/// Cell text with fill placeholders, in the convention of EasyExcel's fill:
/// `{name}` a single value, `{.field}` a field of the row that repeats once per record,
/// `{list.field}` a field of a named list; `\{` and `\}` are literal braces.
struct TemplateText: Equatable {
    enum Segment: Equatable {
        case literal(String)
        case single(String)
        case field(list: String, name: String)
    }

    let segments: [Segment]

    /// Parses `text`; nil when it has neither a placeholder nor an escaped brace (nothing to do).
    init?(_ text: String) {
        guard text.containsBytes("{") || text.containsBytes("\\}") else { return nil }
        var segments: [Segment] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\", text.index(after: index) < text.endIndex, "{}".contains(text[text.index(after: index)]) {
                literal.append(text[text.index(after: index)])
                index = text.index(index, offsetBy: 2)
                continue
            }
            if character == "{", let close = text[index...].firstIndex(of: "}") {
                let name = String(text[text.index(after: index)..<close]).trimmingWhitespace
                if !name.isEmpty, !name.contains("{") {
                    if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                    if let dot = name.firstIndex(of: ".") {
                        segments.append(.field(list: String(name[..<dot]), name: String(name[name.index(after: dot)...])))
                    } else {
                        segments.append(.single(name))
                    }
                    index = text.index(after: close)
                    continue
                }
            }
            literal.append(character)
            index = text.index(after: index)
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// The list this text takes fields from (nil when it has none).
    var list: String? {
        for case .field(let list, _) in segments { return list }
        return nil
    }

    /// All list fields used.
    var fields: [(list: String, name: String)] {
        segments.compactMap { if case .field(let list, let name) = $0 { return (list, name) } else { return nil } }
    }

    /// All single names used.
    var singles: [String] {
        segments.compactMap { if case .single(let name) = $0 { return name } else { return nil } }
    }

    /// The value of the cell: a lone placeholder keeps its value's type (number, date); mixed text becomes a string.
    func render(single: (String) -> CellValue, field: (String, String) -> CellValue) -> CellValue {
        if segments.count == 1 {
            switch segments[0] {
            case .single(let name): return single(name)
            case .field(let list, let name): return field(list, name)
            case .literal(let text): return .string(text)
            }
        }
        var text = ""
        for segment in segments {
            switch segment {
            case .literal(let literal): text += literal
            case .single(let name): text += TemplateText.inline(single(name))
            case .field(let list, let name): text += TemplateText.inline(field(list, name))
            }
        }
        return .string(text)
    }

    /// A value as it reads inside Chinese text: dates as `2026年10月31日`, numbers as the shortest decimal.
    static func inline(_ value: CellValue) -> String {
        guard case .date(let date) = value, date.hasDate else { return value.text }
        return date.chineseText
    }
}
