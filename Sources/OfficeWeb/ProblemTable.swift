import Foundation
import Hummingbird
import Workflow

/// The table of a file's problems, the same on 上传校验 and 文件: severity, place, row, 姓名,
/// column and what to fix, errors first (the caller's order), as the validation report words them.
struct ProblemTable {
    struct Problem {
        var severity: Severity
        var sheet: String?
        var cell: String?
        var row: Int?
        var name: String?
        var column: String?
        var message: String

        init(_ finding: Finding) {
            (severity, sheet, cell, row, name, column, message) =
                (finding.severity, finding.sheet, finding.cell, finding.row, finding.name, finding.column, finding.message)
        }

        /// A finding as the findings JSON holds it (docs/rules.md); nil for one that is not.
        init?(json: [String: Any]) {
            guard let severity = (json["severity"] as? String).flatMap(Severity.init(rawValue:)), let message = json["message"] as? String else { return nil }
            (self.severity, self.message) = (severity, message)
            (sheet, cell, row, name, column) = (json["sheet"] as? String, json["cell"] as? String, json["row"] as? Int, json["name"] as? String, json["column"] as? String)
        }
    }

    /// The heading and table; `total` problems in all, of which `problems` are shown.
    static func html(_ problems: [Problem], total: Int) -> String {
        guard !problems.isEmpty else { return "<h2>问题</h2><p>没有错误和警告。</p>" }
        var html = "<h2>问题（\(total) 处\(total > problems.count ? "，此处列出前 \(problems.count) 处，全部见校验报告" : "")）</h2>"
        html += "<table class=\"problems\"><thead><tr><th>严重程度</th><th>位置</th><th>行</th><th>姓名</th><th>列</th><th>问题及修改方法</th></tr></thead><tbody>"
        for problem in problems {
            let place = [problem.sheet.map { "「\($0)」" }, problem.cell].compactMap { $0 }.joined(separator: " ")
            html += "<tr class=\"\(problem.severity.rawValue)\"><td>\(problem.severity.label)</td><td>\(HTMLPage.escape(place))</td>"
            html += "<td>\(problem.row.map(String.init) ?? "")</td><td>\(HTMLPage.escape(problem.name ?? ""))</td>"
            html += "<td>\(HTMLPage.escape(problem.column ?? ""))</td><td>\(HTMLPage.escape(problem.message))</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
