import ArgumentParser
import Workflow

/// `sheetflow rules`: the rule catalogue.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "列出全部校验规则：代码、严重程度、检查什么、怎么改。",
        discussion: """
        示例：
          sheetflow rules
          sheetflow rules --markdown > docs/rules.md
        """
    )

    @Flag(name: .long, help: "以 Markdown 表格输出（docs/rules.md 由此生成）。")
    var markdown = false

    func run() {
        if markdown {
            print(RuleCatalogDocument.markdown())
        } else {
            for rule in Rule.all { print("\(rule.code)  \(rule.severity.label)  \(rule.title)\n        改法：\(rule.fix)") }
        }
    }
}
