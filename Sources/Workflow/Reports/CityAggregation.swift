import Foundation
import XLSXKit

/// What `sheetflow aggregate` is asked for.
public struct CityAggregationOptions: Sendable {
    public var profile: Profile
    /// The counties' statistics workbooks (filled from the profile's statistics template).
    public var inputs: [String]
    /// Where the aggregated table goes.
    public var folder: String
    /// The month the counties report on; their 数据截至 is checked against it when given.
    public var month: ReportMonth?
    /// 填报单位 of the aggregated table (default: the profile's city).
    public var unit: String?

    public init(profile: Profile, inputs: [String], folder: String, month: ReportMonth? = nil, unit: String? = nil) {
        self.profile = profile
        self.inputs = inputs
        self.folder = folder
        self.month = month
        self.unit = unit
    }
}

/// A problem found in a county's statistics file: where, and what to do about it.
public struct AggregationFinding: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var sheet: String?
    public var cell: String?
    public var message: String

    public var description: String {
        [URL(fileURLWithPath: file).lastPathComponent, sheet, cell].compactMap { $0 }.joined(separator: " ") + "：" + message
    }
}

/// What an aggregation produced.
public struct CityAggregationResult: Sendable {
    public var output: String
    /// County name → file, in the order of the aggregated rows.
    public var counties: [(name: String, file: String)] = []
    public var findings: [AggregationFinding] = []
}

/// The city's statistics from its counties' (notice 001: 市社保部门汇总各县统计表): each county's
/// statistics workbook is read back against the profile's statistics template, its rows summed
/// into one row of the city's table, and checked: the 合计 row must equal the sum of the rows,
/// no 已… count may exceed its 应… count, counts must be numbers, and 数据截至 must be the month's.
/// A county with findings is still aggregated (from its rows, not its stated totals); the findings
/// say what to send back.
public enum CityAggregation {
    public static func write(options: CityAggregationOptions) throws -> CityAggregationResult {
        let profile = options.profile
        guard let county = profile.templates(for: .statistics).first else {
            throw AggregationError.noStatisticsTemplate(profile: profile.id)
        }
        let city = profile.templates(for: .cityStatistics).first ?? county
        let cityFields = try TemplatePlaceholders(template: city.file).lists
        let placeNames = PlaceNames(region: profile.region)
        let unit = options.unit ?? placeNames.name(of: String(profile.region.prefix(4)) + "00")
        var findings: [AggregationFinding] = []
        // Sheet → list → county → measure sums.
        var sums: [String: [String: [String: [String: Double]]]] = [:]
        var counties: [(name: String, file: String)] = []
        var asOf: String?

        for input in options.inputs {
            let filled = try FilledTemplate(template: county.file, filled: input)
            // The form's singles (填报单位, 数据截至) from its first sheet; every sheet must agree.
            let sheets = filled.sheets.values.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            let values = sheets.first?.values ?? [:]
            // The county: the one its unit or title names, else the unit as written, else the file's name.
            let stated = [values["填报单位"], values["地区"]].compactMap { $0 }.filter { !$0.isEmpty }
            let name = stated.lazy.compactMap { placeNames.division(namedBy: $0) }.first.map(placeNames.name(of:))
                ?? stated.first ?? URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
            func finding(_ sheet: String?, _ cell: String?, _ message: String) {
                findings.append(AggregationFinding(file: input, sheet: sheet, cell: cell, message: message))
            }
            if let earlier = counties.first(where: { $0.name == name }) {
                finding(nil, nil, "与 \(URL(fileURLWithPath: earlier.file).lastPathComponent) 同为「\(name)」的统计表，本文件未计入汇总；请确认哪一份是最新的，只放入一份。")
                continue
            }
            if filled.sheets.isEmpty {
                finding(nil, nil, "没有找到统计表模板中的工作表（\(filled.missingSheets.joined(separator: "、"))），不是本配置的统计表；未计入汇总。")
                continue
            }
            counties.append((name, input))
            for sheet in filled.missingSheets { finding(sheet, nil, "缺少工作表「\(sheet)」，该表按 0 汇总；请补报。") }
            if let month = options.month, let stated = values["数据截至"], stated != month.referenceDate.chineseText {
                finding(nil, nil, "数据截至为「\(stated)」，不是 \(month.referenceDate.chineseText)；请确认报送的是\(month)的统计表。")
            }
            asOf = asOf ?? values["数据截至"]
            for sheet in sheets {
                for mismatch in sheet.mismatches { finding(sheet.name, mismatch.cell, mismatch.detail) }
                for single in ["填报单位", "数据截至"] {
                    if let first = values[single], let here = sheet.values[single], here != first, !first.hasPrefix(here), !here.hasPrefix(first) {
                        finding(sheet.name, nil, "「\(single)」为「\(here)」，与\(sheets[0].name)的「\(first)」不同；各表应一致。")
                    }
                }
                for (listName, list) in sheet.lists {
                    let measures = list.columns.sorted { $0.key < $1.key }.filter { isMeasure($0.value) }
                    var total: [String: Double] = [:]
                    for record in list.records {
                        var numbers: [String: Double] = [:]
                        for (column, field) in measures {
                            let value = record.values[field] ?? .empty
                            if let number = count(value) {
                                numbers[field] = number
                            } else {
                                finding(sheet.name, CellReference(row: record.row, column: column).description,
                                        "「\(field)」应为数字，实际为「\(value.text)」，按 0 汇总；请改为数字。")
                                numbers[field] = 0
                            }
                        }
                        for (field, done) in numbers where field.contains("已") {
                            let due = field.replacingOccurrences(of: "已", with: "应")
                            guard let dueCount = numbers[due], done > dueCount else { continue }
                            let column = measures.first { $0.value == field }!.key
                            finding(sheet.name, CellReference(row: record.row, column: column).description,
                                    "\(field) \(CellValue.shortestText(done)) 大于\(due) \(CellValue.shortestText(dueCount))；请核对。")
                        }
                        total.merge(numbers, uniquingKeysWith: +)
                    }
                    if let following = list.following {
                        for (column, field) in measures {
                            guard case .number(let stated) = following.value(atColumn: column), let sum = total[field] else { continue }
                            if abs(stated - sum) > 0.005 {
                                finding(sheet.name, CellReference(row: following.index, column: column).description,
                                        "合计「\(field)」为 \(CellValue.shortestText(stated))，各行之和为 \(CellValue.shortestText(sum))，合计与明细不符；汇总按各行之和计入，请更正后重报。")
                            }
                        }
                    }
                    sums[sheet.name, default: [:]][listName, default: [:]][name] = total
                }
            }
        }

        // One row per county, in the order given.
        var lists: [String: TemplateList] = [:]
        for (listName, fields) in cityFields {
            let bySheet = sums.values.compactMap { $0[listName] }
            let records = counties.enumerated().map { index, county in
                fields.map { field -> CellValue in
                    switch Entry.Column(field) {
                    case .number: return .number(Double(index + 1))
                    case .county, .town: return .string(county.name)
                    default: return bySheet.compactMap { $0[county.name]?[field] }.first.map { .number($0) } ?? .number(0)
                    }
                }
            }
            lists[listName] = TemplateList(fields: fields, records: records)
        }
        try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
        let base = URL(fileURLWithPath: city.file).deletingPathExtension().lastPathComponent
        let output = "\(options.folder)/\(city.file == county.file ? base + "（市汇总）" : base).xlsx"
        let stated = options.month?.referenceDate.chineseText ?? asOf ?? ""
        let singles = MonthlyReport.formValues(unit: unit, area: placeNames.name(of: String(profile.region.prefix(4)) + "00"), asOf: stated,
                                               month: options.month?.description ?? "")
        _ = try TemplateFiller.fill(template: city.file, data: TemplateData(values: singles, lists: lists), output: output)
        return CityAggregationResult(output: output, counties: counties, findings: findings)
    }

    /// A count or amount as a county typed it: a number, a number typed as text, or empty (0).
    private static func count(_ value: CellValue) -> Double? {
        switch value {
        case .number(let number): number
        case .empty: 0
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    private static func isMeasure(_ field: String) -> Bool {
        let column = Entry.Column(field)
        return column != .number && !column.isPlace
    }
}

/// Why an aggregation could not start.
public enum AggregationError: Error, CustomStringConvertible {
    case noStatisticsTemplate(profile: String)

    public var description: String {
        switch self {
        case .noStatisticsTemplate(let profile): "政策配置 \(profile) 没有统计表模板（output: 统计表），无法汇总。"
        }
    }
}
