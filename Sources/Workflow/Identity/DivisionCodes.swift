import Foundation

/// Administrative division codes (GB/T 2260) for checking the first six digits of an ID number:
/// every province, and Guangdong and Yunnan to county level including codes no longer in use
/// (people keep the code of the county that issued their ID). Built by scripts/make-divisions.py.
public struct DivisionCodes: Sendable {
    /// One code.
    public struct Division: Sendable, Equatable {
        public var code: String
        public var name: String
        /// False for a code no longer in use (the county was renamed, merged or re-coded).
        public var current: Bool
        /// Names the code had before.
        public var formerNames: [String]
    }

    private let divisions: [String: Division]

    /// Provinces whose counties the table lists (others are checked at province level only).
    public static let detailedProvinces: Set<String> = ["44", "53"]

    /// The table shipped with sheetflow.
    public static let shipped: DivisionCodes = {
        guard let url = Bundle.module.url(forResource: "divisions", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return DivisionCodes(divisions: [:]) }
        var divisions: [String: Division] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3 else { continue }
            let former = fields.count > 3 && !fields[3].isEmpty ? fields[3].components(separatedBy: "、") : []
            divisions[fields[0]] = Division(code: fields[0], name: fields[1], current: fields[2] == "现行", formerNames: former)
        }
        return DivisionCodes(divisions: divisions)
    }()

    /// The divisions that satisfy `predicate`, by code.
    public func all(where predicate: (Division) -> Bool) -> [Division] {
        divisions.values.filter(predicate).sorted { $0.code < $1.code }
    }

    /// The division with this six-digit code.
    public func division(_ code: String) -> Division? { divisions[code] }

    /// The province of a code (`44xxxx` → 广东省).
    public func province(of code: String) -> Division? { divisions[String(code.prefix(2)) + "0000"] }

    /// The prefecture-level city of a code (`440203` → 韶关市), when the table has it.
    public func city(of code: String) -> Division? { divisions[String(code.prefix(4)) + "00"] }
}
