/// Computes the cached value of simple formulas, so viewers that do not recalculate still show
/// totals: SUM, COUNT, COUNTA, COUNTIF, SUMIF, AVERAGE, ROUND, IF, MIN, MAX, ABS, arithmetic,
/// comparison and `&`. Anything else evaluates to nil (the file then asks for recalculation).
public enum FormulaEvaluator {
    /// Where cell values come from.
    public protocol Context {
        /// The value of one cell (of the formula's own sheet when `sheet` is nil).
        func value(at cell: CellReference, sheet: String?) -> CellValue
        /// Calls `body` with every value in a range (empty cells may be skipped).
        func forEachValue(in range: CellRange, sheet: String?, _ body: (CellValue) -> Void)
    }

    /// The value of `formula` (without `=`), or nil when it uses something not supported.
    public static func evaluate(_ formula: String, in context: Context) -> CellValue? {
        var parser = Parser(tokens: tokenize(formula), context: context)
        guard let result = parser.expression(), parser.atEnd else { return nil }
        switch result {
        case .value(let value): return value
        case .range(let range, let sheet):
            guard range.first == range.last else { return nil }
            return context.value(at: range.first, sheet: sheet)
        }
    }

    // MARK: Tokens

    enum Token: Equatable {
        case number(Double), string(String), name(String), reference(String), op(String), open, close, comma
    }

    static func tokenize(_ formula: String) -> [Token] {
        let chars = Array(formula.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < chars.count {
            let c = chars[index]
            if c == " " { index += 1; continue }
            if c == "\"" {
                var text = String.UnicodeScalarView()
                index += 1
                while index < chars.count {
                    if chars[index] == "\"" {
                        if index + 1 < chars.count, chars[index + 1] == "\"" { text.append("\""); index += 2; continue }
                        break
                    }
                    text.append(chars[index]); index += 1
                }
                index += 1
                tokens.append(.string(String(text)))
                continue
            }
            if c.properties.numericType != nil && c.isASCII || (c == "." && index + 1 < chars.count && chars[index + 1].isASCII && chars[index + 1].properties.numericType != nil) {
                var text = ""
                while index < chars.count, chars[index].isASCII, chars[index].properties.numericType != nil || chars[index] == "." {
                    text.unicodeScalars.append(chars[index]); index += 1
                }
                if index < chars.count, chars[index] == "E" || chars[index] == "e" {
                    text += "E"; index += 1
                    if index < chars.count, chars[index] == "+" || chars[index] == "-" { text.unicodeScalars.append(chars[index]); index += 1 }
                    while index < chars.count, chars[index].isASCII, chars[index].properties.numericType != nil {
                        text.unicodeScalars.append(chars[index]); index += 1
                    }
                }
                // A row range like 1:3 is a reference, not a number.
                if index < chars.count, chars[index] == ":" {
                    var reference = text + ":"
                    index += 1
                    while index < chars.count, chars[index] == "$" || chars[index].isASCII && chars[index].properties.numericType != nil {
                        reference.unicodeScalars.append(chars[index]); index += 1
                    }
                    tokens.append(.reference(reference))
                    continue
                }
                tokens.append(.number(Double(text) ?? .nan))
                continue
            }
            if c.properties.isAlphabetic || c == "_" || c == "$" || c == "'" {
                var text = String.UnicodeScalarView()
                if c == "'" {
                    text.append(c); index += 1
                    while index < chars.count {
                        text.append(chars[index])
                        if chars[index] == "'" {
                            if index + 1 < chars.count, chars[index + 1] == "'" { text.append("'"); index += 2; continue }
                            index += 1
                            break
                        }
                        index += 1
                    }
                }
                while index < chars.count, chars[index].properties.isAlphabetic || chars[index] == "_" || chars[index] == "."
                        || chars[index] == "$" || chars[index] == "!" || chars[index] == ":" || (chars[index].isASCII && chars[index].properties.numericType != nil) {
                    text.append(chars[index]); index += 1
                }
                let word = String(text)
                if index < chars.count, chars[index] == "(" {
                    tokens.append(.name(word.uppercased().replacingOccurrences(of: "_XLFN.", with: "")))
                } else if word.uppercased() == "TRUE" || word.uppercased() == "FALSE" {
                    tokens.append(.name(word.uppercased()))
                } else {
                    tokens.append(.reference(word))
                }
                continue
            }
            switch c {
            case "(": tokens.append(.open)
            case ")": tokens.append(.close)
            case ",": tokens.append(.comma)
            case "<", ">":
                if index + 1 < chars.count, chars[index + 1] == "=" || (c == "<" && chars[index + 1] == ">") {
                    tokens.append(.op(String(c) + String(chars[index + 1]))); index += 1
                } else {
                    tokens.append(.op(String(c)))
                }
            default: tokens.append(.op(String(c)))
            }
            index += 1
        }
        return tokens
    }

    // MARK: Parser and evaluation

    enum Operand {
        case value(CellValue)
        case range(CellRange, String?)
    }

    struct Parser {
        let tokens: [Token]
        let context: Context
        var position = 0

        init(tokens: [Token], context: Context) {
            self.tokens = tokens
            self.context = context
        }

        var atEnd: Bool { position == tokens.count }

        mutating func next() -> Token? { position < tokens.count ? tokens[position] : nil }

        mutating func expression() -> Operand? { comparison() }

        mutating func comparison() -> Operand? {
            guard var left = concatenation() else { return nil }
            while case .op(let op)? = next(), ["=", "<>", "<", ">", "<=", ">="].contains(op) {
                position += 1
                guard let right = concatenation() else { return nil }
                left = .value(.boolean(FormulaEvaluator.compare(scalar(left), scalar(right), op)))
            }
            return left
        }

        mutating func concatenation() -> Operand? {
            guard var left = additive() else { return nil }
            while case .op("&")? = next() {
                position += 1
                guard let right = additive() else { return nil }
                left = .value(.string(FormulaEvaluator.text(scalar(left)) + FormulaEvaluator.text(scalar(right))))
            }
            return left
        }

        mutating func additive() -> Operand? {
            guard var left = term() else { return nil }
            while case .op(let op)? = next(), op == "+" || op == "-" {
                position += 1
                guard let right = term(), let result = arithmetic(op, left, right) else { return nil }
                left = result
            }
            return left
        }

        mutating func term() -> Operand? {
            guard var left = power() else { return nil }
            while case .op(let op)? = next(), op == "*" || op == "/" {
                position += 1
                guard let right = power(), let result = arithmetic(op, left, right) else { return nil }
                left = result
            }
            return left
        }

        mutating func power() -> Operand? {
            guard var left = unary() else { return nil }
            while case .op("^")? = next() {
                position += 1
                guard let right = unary(), let result = arithmetic("^", left, right) else { return nil }
                left = result
            }
            return left
        }

        mutating func unary() -> Operand? {
            if case .op(let op)? = next(), op == "-" || op == "+" {
                position += 1
                guard let operand = unary(), let value = number(operand) else { return nil }
                return .value(.number(op == "-" ? -value : value))
            }
            guard let operand = primary() else { return nil }
            if case .op("%")? = next() {
                position += 1
                guard let value = number(operand) else { return nil }
                return .value(.number(value / 100))
            }
            return operand
        }

        mutating func primary() -> Operand? {
            guard let token = next() else { return nil }
            position += 1
            switch token {
            case .number(let value): return .value(.number(value))
            case .string(let text): return .value(.string(text))
            case .name("TRUE"): return .value(.boolean(true))
            case .name("FALSE"): return .value(.boolean(false))
            case .open:
                let inner = expression()
                guard case .close? = next() else { return nil }
                position += 1
                return inner
            case .reference(let text): return FormulaEvaluator.reference(text)
            case .name(let function):
                guard case .open? = next() else { return nil }
                position += 1
                var arguments: [Operand] = []
                if case .close? = next() { position += 1 } else {
                    while true {
                        guard let argument = expression() else { return nil }
                        arguments.append(argument)
                        if case .comma? = next() { position += 1; continue }
                        guard case .close? = next() else { return nil }
                        position += 1
                        break
                    }
                }
                return call(function, arguments).map { .value($0) }
            default: return nil
            }
        }

        func scalar(_ operand: Operand) -> CellValue {
            switch operand {
            case .value(let value): return value
            case .range(let range, let sheet): return context.value(at: range.first, sheet: sheet)
            }
        }

        func number(_ operand: Operand) -> Double? {
            switch scalar(operand) {
            case .number(let value): return value
            case .date(let date): return date.serial()
            case .duration(let days): return days
            case .boolean(let flag): return flag ? 1 : 0
            case .empty: return 0
            case .string(let text): return Double(text.trimmingWhitespace)
            case .error: return nil
            }
        }

        /// Numbers in the arguments, as SUM and friends see them (text and booleans in ranges skipped).
        func numbers(_ arguments: [Operand], _ body: (Double) -> Void) {
            for argument in arguments {
                switch argument {
                case .range(let range, let sheet):
                    context.forEachValue(in: range, sheet: sheet) { value in
                        if case .number(let n) = value { body(n) } else if case .date(let d) = value { body(d.serial()) }
                    }
                case .value(let value):
                    if let n = number(.value(value)) { body(n) }
                }
            }
        }

        /// `left op right` for + - * / ^: an error in either operand passes through, division by
        /// zero is `#DIV/0!`; nil when an operand is not a number.
        func arithmetic(_ op: String, _ left: Operand, _ right: Operand) -> Operand? {
            if let error = error(in: left) ?? error(in: right) { return .value(error) }
            guard let a = number(left), let b = number(right) else { return nil }
            switch op {
            case "+": return .value(.number(a + b))
            case "-": return .value(.number(a - b))
            case "*": return .value(.number(a * b))
            case "/": return .value(b == 0 ? .error("#DIV/0!") : .number(a / b))
            default: return .value(.number(raise(a, b)))
            }
        }

        /// The error an operand holds (`#DIV/0!` …): it passes through arithmetic and functions, as in Excel.
        func error(in operand: Operand) -> CellValue? {
            if case .value(let value) = operand, case .error = value { return value }
            return nil
        }

        func call(_ function: String, _ arguments: [Operand]) -> CellValue? {
            // Errors in arguments propagate, except through the branch IF does not take.
            if !["IF", "COUNT", "COUNTA"].contains(function), let error = arguments.lazy.compactMap(error(in:)).first { return error }
            switch function {
            case "SUM":
                var total = 0.0
                numbers(arguments) { total += $0 }
                return .number(total)
            case "COUNT":
                var count = 0
                numbers(arguments) { _ in count += 1 }
                return .number(Double(count))
            case "AVERAGE":
                var total = 0.0, count = 0
                numbers(arguments) { total += $0; count += 1 }
                return count == 0 ? .error("#DIV/0!") : .number(total / Double(count))
            case "MIN", "MAX":
                var result: Double?
                numbers(arguments) { n in result = result.map { function == "MIN" ? Swift.min($0, n) : Swift.max($0, n) } ?? n }
                return .number(result ?? 0)
            case "COUNTA":
                var count = 0
                for argument in arguments {
                    if case .range(let range, let sheet) = argument {
                        context.forEachValue(in: range, sheet: sheet) { if $0 != .empty { count += 1 } }
                    } else {
                        count += 1
                    }
                }
                return .number(Double(count))
            case "COUNTIF", "SUMIF":
                guard arguments.count >= 2, case .range(let range, let sheet) = arguments[0] else { return nil }
                let criterion = Criterion(scalar(arguments[1]))
                if function == "COUNTIF" {
                    var count = 0
                    context.forEachValue(in: range, sheet: sheet) { if criterion.matches($0) { count += 1 } }
                    return .number(Double(count))
                }
                // SUMIF: the sum range has the shape of the criteria range, starting at its own corner.
                let sumRange: CellRange, sumSheet: String?
                if arguments.count == 3, case .range(let target, let targetSheet) = arguments[2] {
                    sumRange = CellRange(target.first, CellReference(row: target.first.row + range.rowCount - 1,
                                                                     column: target.first.column + range.columnCount - 1))
                    sumSheet = targetSheet
                } else {
                    sumRange = range; sumSheet = sheet
                }
                var total = 0.0
                for row in 0..<range.rowCount {
                    for column in 0..<range.columnCount {
                        let test = context.value(at: CellReference(row: range.first.row + row, column: range.first.column + column), sheet: sheet)
                        guard criterion.matches(test) else { continue }
                        if case .number(let n) = context.value(at: CellReference(row: sumRange.first.row + row, column: sumRange.first.column + column), sheet: sumSheet) {
                            total += n
                        }
                    }
                }
                return .number(total)
            case "ROUND":
                guard let value = arguments.first.flatMap(number) else { return nil }
                let digits = arguments.count > 1 ? (number(arguments[1]) ?? 0) : 0
                let scale = raise(10, digits.rounded(.towardZero))
                return .number((value * scale).rounded(.toNearestOrAwayFromZero) / scale)
            case "ABS":
                return arguments.first.flatMap(number).map { .number(Swift.abs($0)) }
            case "IF":
                guard let condition = arguments.first else { return nil }
                if let error = error(in: condition) { return error }
                let truth: Bool
                switch scalar(condition) {
                case .boolean(let flag): truth = flag
                case .number(let n): truth = n != 0
                case .empty: truth = false
                default: return nil
                }
                let chosen = truth ? (arguments.count > 1 ? arguments[1] : nil) : (arguments.count > 2 ? arguments[2] : nil)
                return chosen.map(scalar) ?? .boolean(truth)
            default:
                return nil
            }
        }
    }

    /// A COUNTIF/SUMIF criterion: `"低保对象"`, `">=60"`, `"<>"`, a number.
    struct Criterion {
        let op: String
        let operand: CellValue

        init(_ value: CellValue) {
            guard case .string(let text) = value else { op = "="; operand = value; return }
            for candidate in [">=", "<=", "<>", ">", "<", "="] where text.hasPrefix(candidate) {
                op = candidate
                let rest = String(text.dropFirst(candidate.count))
                operand = Double(rest).map(CellValue.number) ?? .string(rest)
                return
            }
            op = "="
            operand = Double(text).map(CellValue.number) ?? .string(text)
        }

        func matches(_ value: CellValue) -> Bool {
            if case .string("") = operand, op == "<>" { return value != .empty }
            if case .string("") = operand, op == "=" { return value == .empty }
            return FormulaEvaluator.compare(value, operand, op)
        }
    }

    static func compare(_ a: CellValue, _ b: CellValue, _ op: String) -> Bool {
        let order: Int
        switch (a, b) {
        case (.number(let x), .number(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)):
            let lx = x.lowercased(), ly = y.lowercased()
            order = lx < ly ? -1 : (lx > ly ? 1 : 0)
        case (.boolean(let x), .boolean(let y)): order = x == y ? 0 : (x ? 1 : -1)
        case (.date(let d), .number(let y)): return compare(.number(d.serial()), .number(y), op)
        case (.number(let x), .date(let d)): return compare(.number(x), .number(d.serial()), op)
        case (.empty, .number(let y)): return compare(.number(0), .number(y), op)
        case (.empty, .string(let y)): return compare(.string(""), .string(y), op)
        default: return op == "<>"
        }
        switch op {
        case "=": return order == 0
        case "<>": return order != 0
        case "<": return order < 0
        case ">": return order > 0
        case "<=": return order <= 0
        default: return order >= 0
        }
    }

    static func text(_ value: CellValue) -> String {
        value.text
    }

    /// A reference token as an operand: `A1`, `$A$1:B2`, `Sheet!A1`, `'名 单'!A:A`.
    static func reference(_ text: String) -> Operand? {
        var sheet: String?
        var body = Substring(text)
        if let bang = text.lastIndex(of: "!") {
            var name = String(text[..<bang])
            if name.hasPrefix("'") && name.hasSuffix("'") { name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'") }
            sheet = name
            body = text[text.index(after: bang)...]
        }
        let parts = body.replacingOccurrences(of: "$", with: "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func corner(_ part: String, isEnd: Bool) -> CellReference? {
            if let cell = CellReference(part) { return cell }
            if let column = CellReference.columnNumber(part) { return CellReference(row: isEnd ? CellReference.maxRow : 1, column: column) }
            if let row = Int(part), row >= 1, row <= CellReference.maxRow { return CellReference(row: row, column: isEnd ? CellReference.maxColumn : 1) }
            return nil
        }
        guard let first = parts.first.flatMap({ corner($0, isEnd: false) }),
              let last = corner(parts.count == 2 ? parts[1] : parts[0], isEnd: parts.count == 2) else { return nil }
        return .range(CellRange(first, last), sheet)
    }
}

#if canImport(Glibc)
import Glibc
private func raise(_ a: Double, _ b: Double) -> Double { Glibc.pow(a, b) }
#elseif canImport(Darwin)
import Darwin
private func raise(_ a: Double, _ b: Double) -> Double { Darwin.pow(a, b) }
#endif
