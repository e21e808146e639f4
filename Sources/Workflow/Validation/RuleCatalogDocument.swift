/// docs/rules.md: the rule catalogue and the findings JSON schema, generated from `Rule.all`.
public enum RuleCatalogDocument {
    public static func markdown() -> String {
        var lines = [
            "# 校验规则 · Validation rules",
            "",
            "由 `sheetflow rules --markdown` 生成（测试会核对本文件与程序中的规则一致）。严重程度：错误（error，必须修改）、",
            "警告（warning，值已被规范或可疑，请在源文件中改正）、提示（info，资格、推送、统计方面的说明，无需修改）。",
            "",
            "| 代码 | 严重程度 | 检查什么 | 怎么改 |",
            "|---|---|---|---|",
        ]
        for rule in Rule.all {
            lines.append("| \(rule.code) | \(rule.severity.label)（\(rule.severity.rawValue)） | \(rule.title) | \(rule.fix) |")
        }
        lines += [
            "",
            "## findings JSON",
            "",
            "`sheetflow validate 名单.xlsx` 写出 `名单-findings.json`（`--json` 时打印到标准输出）：",
            "",
            "```json",
            "{\"file\": \"名单.xlsx\", \"kind\": \"名单\", \"as_of\": \"2026-10-31\", \"as_of_source\": \"标题“数据截至 2026年10月31日”\", \"records\": 11,",
            " \"findings\": [",
            "  {\"rule\": \"ID004\", \"severity\": \"error\", \"sheet\": \"低保对象\", \"cell\": \"D7\", \"row\": 7, \"column\": \"公民身份号码\",",
            "   \"name\": \"张三\", \"value\": \"440203********1235\",",
            "   \"message\": \"身份证号校验位不对（GB 11643 MOD 11-2）。请对照身份证原件核对……\"}",
            " ]}",
            "```",
            "",
            "- `kind`：" + FileKind.allCases.map(\.rawValue).joined(separator: "、") + "。",
            "- `as_of`：数据截至（ISO 日期）；`as_of_source`：它从哪里来——标题中的“数据截至”、--as-of、标题或文件名中的月份，或文件日期（在每月报送期限前收到、本身没有日期的文件按上月末计）。",
            "- `records`：检查的数据行数（标题、表头、空行、合计和签名行不计）。",
            "- 每条 finding 都有全部九个键；关于整个文件的 finding 的 `sheet`、`cell`、`row`、`column`、`name`、`value` 可为 `null`。`name` 是该行的姓名，`value` 是单元格原来的内容（身份证号只保留前 6 位和后 4 位）。",
            "- `message` 和 `value` 中不出现完整的身份证号（只保留前 6 位和后 4 位）。",
        ]
        return lines.joined(separator: "\n")
    }
}
