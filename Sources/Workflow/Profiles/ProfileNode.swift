import Foundation
import Yams
import XLSXKit

/// A profile file's YAML as a tree whose every node remembers the file and line it came from,
/// so a problem found while reading values names the place to fix.
indirect enum ProfileNode {
    case scalar(String?, Location)
    case mapping([(key: String, value: ProfileNode)], Location)
    case sequence([ProfileNode], Location)

    struct Location {
        var file: String
        var line: Int?
    }

    var location: Location {
        switch self {
        case .scalar(_, let location), .mapping(_, let location), .sequence(_, let location): location
        }
    }

    /// Parses YAML text; syntax errors name the line.
    static func parse(_ text: String, file: String) throws -> ProfileNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ProfileError(file: file, line: line(of: error), "不是有效的 YAML：\(problem(of: error))。请检查缩进（用空格，不用 Tab）、冒号后的空格和引号是否成对。")
        }
        guard let node else { throw ProfileError(file: file, line: nil, "文件是空的。") }
        return try convert(node, file: file)
    }

    private static func convert(_ node: Node, file: String) throws -> ProfileNode {
        let location = Location(file: file, line: node.mark?.line)
        switch node {
        case .scalar(let scalar):
            return .scalar(node.null != nil ? nil : scalar.string, location)
        case .mapping(let mapping):
            var pairs: [(key: String, value: ProfileNode)] = []
            for (key, value) in mapping {
                guard let name = key.string else {
                    throw ProfileError(file: file, line: key.mark?.line, "键必须是文字。")
                }
                if pairs.contains(where: { $0.key == name }) {
                    throw ProfileError(file: file, line: key.mark?.line, "键「\(name)」重复出现，请只保留一个。")
                }
                pairs.append((name, try convert(value, file: file)))
            }
            return .mapping(pairs, location)
        case .sequence(let sequence):
            return .sequence(try sequence.map { try convert($0, file: file) }, location)
        case .alias:
            throw ProfileError(file: file, line: location.line, "不支持 YAML 别名（*名称），请直接写出内容。")
        }
    }

    // MARK: Reading values

    func member(_ key: String) -> ProfileNode? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    var keys: [String] {
        guard case .mapping(let pairs, _) = self else { return [] }
        return pairs.map(\.key)
    }

    /// An error for any key of this mapping not in `allowed` (a misspelt key is never ignored).
    func checkKeys(allowed: [String]) throws {
        guard case .mapping(let pairs, _) = self else { throw error("这里应是“键: 值”的形式。") }
        for (key, value) in pairs where !allowed.contains(key) {
            throw ProfileError(file: value.location.file, line: value.location.line,
                               "未知的键「\(key)」（拼写错误？）。这里可用的键：\(allowed.joined(separator: "、"))。")
        }
    }

    func error(_ message: String) -> ProfileError {
        ProfileError(file: location.file, line: location.line, message)
    }

    /// A required text value.
    func text(_ key: String) throws -> String {
        guard let node = member(key) else {
            throw ProfileError(file: location.file, line: nil, "缺少「\(key)」，请补上（可参照随附的其他配置）。")
        }
        guard let value = try node.optionalText(), !value.isEmpty else { throw node.error("「\(key)」不能为空。") }
        return value
    }

    /// A scalar's text, nil when empty; an error for a list or mapping.
    func optionalText() throws -> String? {
        switch self {
        case .scalar(let value, _): return value.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        default: throw error("这里应是一个值，而不是列表或多个键。")
        }
    }

    /// A whole number within `range`, or nil when empty.
    func optionalInteger(_ range: ClosedRange<Int>) throws -> Int? {
        guard let text = try optionalText() else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw error("「\(text)」应是 \(range.lowerBound) 到 \(range.upperBound) 之间的整数。")
        }
        return value
    }

    /// A number (decimals allowed) within `range`, or nil when empty.
    func optionalNumber(_ range: ClosedRange<Double>) throws -> Double? {
        guard let text = try optionalText() else { return nil }
        guard let value = Double(text), range.contains(value) else {
            throw error("「\(text)」应是 \(CellValue.shortestText(range.lowerBound)) 到 \(CellValue.shortestText(range.upperBound)) 之间的数（可以有小数）。")
        }
        return value
    }

    /// A list of texts (a single value counts as a list of one).
    func texts() throws -> [String] {
        switch self {
        case .sequence(let items, _): return try items.compactMap { try $0.optionalText() }
        case .scalar: return try optionalText().map { [$0] } ?? []
        case .mapping: throw error("这里应是一个列表，例如 [低保对象, 特困人员]。")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, _): "键重复：\(duplicates.joined(separator: "、"))"
        default: "\(error)"
        }
    }
}
