import Foundation
import XLSXKit

/// What `sheetflow report` is asked for.
public struct MonthlyReportOptions: Sendable {
    public var profile: Profile
    public var month: ReportMonth
    /// Where the outputs go.
    public var folder: String
    /// 填报单位 on every form (default: the name of the profile's region).
    public var unit: String?

    public init(profile: Profile, month: ReportMonth, folder: String, unit: String? = nil) {
        self.profile = profile
        self.month = month
        self.folder = folder
        self.unit = unit
    }
}

/// What a month's report produced.
public struct MonthlyReportResult: Sendable {
    /// Output files, in the order written.
    public var outputs: [String] = []
    /// People per comparison list and push destination, for the summary printed.
    public var counts: [(String, Int)] = []
    /// Placeholders no data was given for, per output.
    public var unfilled: [String] = []
}

/// A month's outputs, computed from the register as of the month's last day, so a past month can
/// be reproduced: the profile's filled templates (basic information, ledgers, statistics or
/// dispatch tables, Guangdong's lists, Zhongshan's 新增/退出, Kunming's double-subsidy screen),
/// the comparison lists 应参未参 / 应代缴未代缴 / 应发未发 (monthly, or at quarter ends when the
/// profile compares quarterly), one push list per destination, and the people the comparison
/// left out with the reason. Equal register and options give equal bytes.
public enum MonthlyReport {
    public static func write(register: Register, options: MonthlyReportOptions) throws -> MonthlyReportResult {
        let profile = options.profile, month = options.month
        let assessor = Assessor(profile: profile, month: month, unit: options.unit)
        let date = month.referenceDate.iso8601
        try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
        var result = MonthlyReportResult()
        let unit = options.unit ?? assessor.places.name(of: String(profile.region.prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0))
        let singles = formValues(unit: unit, asOf: month.referenceDate.chineseText, month: month.description)
        let comparisonDue = profile.cycle.comparison == .monthly || month.month % 3 == 0

        /// Every assessed person, streamed from the register.
        func eachAssessed(_ body: (Assessment) throws -> Void) throws {
            try register.forEachPerson(on: date) { try body(assessor.assess($0)) }
        }
        @discardableResult
        func fill(_ use: Profile.TemplateUse, lists: [String: TemplateList], extra: [String: CellValue] = [:], name: String? = nil) throws -> FillReport {
            let base = name ?? URL(fileURLWithPath: use.file).lastPathComponent
            let output = "\(options.folder)/\(base)"
            let report = try TemplateFiller.fill(template: use.file, data: TemplateData(values: singles.merging(extra) { $1 }, lists: lists), output: output)
            result.outputs.append(output)
            result.unfilled += report.unfilled.map { "\(base)：\($0)" }
            return report
        }
        /// A template list of entries chosen from the people (序号 counts within the list).
        func list(_ fields: [String], _ entries: @escaping (Assessment) -> [Entry]) -> TemplateList {
            let columns = fields.map(Entry.Column.init)
            return TemplateList(fields: fields) { body in
                var number = 0
                try eachAssessed { assessment in
                    for entry in entries(assessment) {
                        number += 1
                        try body(columns.map { entry.value(of: $0, number: number, profile: profile) })
                    }
                }
            }
        }

        for use in profile.templates {
            let placeholders = try TemplatePlaceholders(template: use.file)
            let namedLists = use.lists.isEmpty ? ["": use.categories.isEmpty ? profile.categories : use.categories] : use.lists
            switch use.output {
            case .roster, .basicInformation:
                // Everyone in force in the list's categories; exits of the month marked 退出.
                try fill(use, lists: namedLists.reduce(into: [:]) { lists, named in
                    lists[named.key] = list(placeholders.lists[named.key] ?? []) { assessment in
                        assessment.person.statuses.filter { named.value.contains($0.category) && ($0.inForce(on: date) || month.contains($0.validTo)) }
                            .map { status in
                                Entry(assessment, status: status, change: month.contains(status.validTo) ? "退出" : month.contains(status.validFrom) ? "新增" : nil)
                            }
                    }
                })
            case .ledger:
                try fill(use, lists: namedLists.reduce(into: [:]) { lists, named in
                    lists[named.key] = list(placeholders.lists[named.key] ?? []) { assessment in
                        guard let counted = assessment.counted, named.value.contains(counted) else { return [] }
                        return [Entry(assessment, status: assessment.active.first { $0.category == counted }, ledger: true)]
                    }
                })
            case .statistics:
                let tally = try Tally.count(eachAssessed, profile: profile)
                try fill(use, lists: namedLists.reduce(into: [:]) { lists, named in
                    lists[named.key] = tally.list(fields: placeholders.lists[named.key] ?? [], categories: named.value)
                })
            case .shouldEnrol, .shouldPay, .shouldReceive:
                guard comparisonDue else { continue }
                let report = try fill(use, lists: ["": list(placeholders.lists[""] ?? []) { assessment in
                    guard let reason = Comparison.reason(use.output, assessment, profile: profile) else { return [] }
                    return [Entry(assessment, status: assessment.active.first { $0.category == assessment.counted }, reason: reason)]
                }])
                result.counts.append((use.output.rawValue, report.records["", default: 0]))
            case .push:
                var destinations: [String: Int] = [:]
                try eachAssessed { if let to = $0.pushTo, $0.counted != nil { destinations[to, default: 0] += 1 } }
                for (destination, count) in destinations.sorted(by: { $0.key < $1.key }) {
                    let base = URL(fileURLWithPath: use.file).deletingPathExtension().lastPathComponent
                    try fill(use, lists: ["": list(placeholders.lists[""] ?? []) { assessment in
                        guard assessment.pushTo == destination, assessment.counted != nil else { return [] }
                        return [Entry(assessment, status: assessment.active.first { $0.category == assessment.counted }, reason: assessment.pushReason)]
                    }], extra: ["推送至": .string(destination)], name: "\(base)-\(destination).xlsx")
                    result.counts.append(("跨地推送至\(destination)", count))
                }
            case .changes:
                try fill(use, lists: [
                    "新增": list(placeholders.lists["新增"] ?? []) { assessment in
                        assessment.person.statuses.filter { profile.categories.contains($0.category) && month.contains($0.validFrom) }
                            .map { Entry(assessment, status: $0, change: "新增", reason: "新纳入\($0.category.rawValue)") }
                    },
                    "退出": list(placeholders.lists["退出"] ?? []) { assessment in
                        var exits = assessment.person.statuses.filter { profile.categories.contains($0.category) && month.contains($0.validTo) }
                            .map { Entry(assessment, status: $0, change: "退出", reason: $0.exitReason) }
                        if exits.isEmpty, let death = assessment.person.exclusions.first(where: { month.contains($0.date) }),
                           let status = assessment.active.first {
                            exits.append(Entry(assessment, status: status, change: "退出", reason: death.reason, exitDate: death.date))
                        }
                        return exits
                    },
                ])
            case .doubleSubsidy:
                try fill(use, lists: ["": list(placeholders.lists[""] ?? []) { assessment in
                    assessment.screening.isEmpty ? [] : [Entry(assessment, status: assessment.screening[0], reason: Comparison.screen(assessment))]
                }])
            case .validation, .cityStatistics:
                continue
            }
        }
        if comparisonDue {
            let path = "\(options.folder)/比对排除名单.xlsx"
            result.counts.append(("比对排除", try Comparison.writeExclusions(eachAssessed, profile: profile, month: month, to: path)))
            result.outputs.append(path)
        }
        return result
    }

    /// The single values of every form: 填报单位, 数据截至, 统计月份, and the signature line
    /// (填表人, 审核人, 联系电话, 填报日期) left blank for the clerk to fill in.
    static func formValues(unit: String, asOf: String, month: String) -> [String: CellValue] {
        ["填报单位": .string(unit), "数据截至": .string(asOf), "统计月份": .string(month),
         "填报日期": .empty, "填表人": .empty, "审核人": .empty, "联系电话": .empty]
    }
}
