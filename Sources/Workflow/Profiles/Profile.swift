import Foundation
import XLSXKit

/// A policy profile: the rules of one region's notice, read from `Templates/<id>/profile.yaml`
/// next to its template workbooks (DESIGN §4). A clerk can copy a folder and edit the file for
/// another county without touching code.
public struct Profile: Sendable {
    /// The folder name, e.g. `shaoguan-2018`.
    public var id: String
    /// A readable name.
    public var name: String
    /// The notice it follows, e.g. 韶府办明电〔2018〕124号.
    public var basis: String
    /// The profile it inherits its defaults from, if any.
    public var inherits: String?
    /// Administrative division code: 2 digits (province), 4 (city) or 6 (county).
    public var region: String
    /// Categories whose contributions are paid.
    public var categories: [Category]
    /// Categories listed only to be screened, not paid for (Kunming: 三、四级残疾人).
    public var screening: [Category]
    /// Counting order for a person in several categories: counted once, in the first.
    public var priority: [Category]
    public var age: AgeBounds
    public var payment: Payment
    public var cycle: Cycle
    public var deadlines: [Deadline]
    /// Which template is filled for which output.
    public var templates: [TemplateUse]
    /// The profile file this was read from.
    public var file: String
    /// Working days, for deadlines counted in them (`Templates/common/节假日安排.txt`).
    public var calendar: WorkCalendar = .weekdays

    /// Age limits at the reference date.
    public struct AgeBounds: Sendable, Equatable {
        /// Contributions from this age (16).
        public var minimum: Int
        /// Contributions below this age only (Zhongshan: 60); nil for no limit.
        public var maximum: Int?
        /// Benefits from this age (60).
        public var pension: Int
    }

    /// Who pays how much.
    public struct Payment: Sendable, Equatable {
        /// The standard as the notice words it.
        public var standard: String
        /// Yuan per person per year, when the profile fixes it.
        public var amount: Double?
        /// Which government pays.
        public var payer: String
    }

    /// The yearly and monthly rhythm.
    public struct Cycle: Sendable, Equatable {
        /// How often the lists are compared with the pension system.
        public var comparison: Frequency
        /// The yearly cut-off (Kunming: 31 October; later additions are paid next year).
        public var cutoff: MonthDay?
        /// The day of the month the comparison is as of, when not the month's last (Kunming:
        /// 每季度末30日).
        public var comparisonDay: Int?
    }

    public enum Frequency: String, Sendable, CaseIterable {
        case monthly = "每月"
        case quarterly = "每季度"
    }

    public struct MonthDay: Sendable, Equatable, CustomStringConvertible {
        public var month: Int
        public var day: Int
        public var description: String { "\(month)月\(day)日" }
    }

    /// Something due by a day of each month.
    public struct Deadline: Sendable, Equatable {
        /// What is due, as the notice says it.
        public var what: String
        /// Whom it binds.
        public var binds: Party
        /// The day of the month (or the n-th working day when `workdays`).
        public var day: Int
        public var workdays: Bool
    }

    /// Who a deadline binds.
    public enum Party: String, Sendable, CaseIterable {
        /// The departments sending rosters (民政, 残联, 扶贫 / 乡村振兴).
        case senders = "报送名单的部门"
        /// The county agency, for its own report (统计表, 调度表).
        case agency = "县级社保经办机构"
        /// The city agency, aggregating its counties.
        case city = "市社保部门"
        /// The province, pushing comparison results to cities.
        case province = "省社保经办机构"
    }

    /// A template workbook and the output it produces.
    public struct TemplateUse: Sendable, Equatable {
        /// Absolute path of the template.
        public var file: String
        public var output: OutputKind
        /// Categories listed in the template's default list (empty: all the profile's categories).
        public var categories: [Category]
        /// For templates with several named lists: list name → categories.
        public var lists: [String: [Category]]
    }

    /// The outputs a profile can name.
    public enum OutputKind: String, Sendable, CaseIterable {
        case roster = "名单"
        case basicInformation = "基本信息表"
        case ledger = "台账"
        case statistics = "统计表"
        /// The city's table aggregated from its counties' statistics (`sheetflow aggregate`).
        case cityStatistics = "市汇总统计表"
        case shouldEnrol = "应参未参"
        case shouldPay = "应代缴未代缴"
        case shouldReceive = "应发未发"
        case push = "跨地推送"
        case changes = "新增退出"
        case doubleSubsidy = "重复补助筛查"
    }

    /// The last day of `month` on which data of the month before may still arrive: its latest
    /// deadline (the 10th when the profile has none). A file with no date of its own that arrives
    /// by then reports on the previous month.
    public func reportingWindowEnd(in month: ReportMonth) -> ExcelDateTime {
        deadlines.map { $0.due(in: month, calendar: calendar) }.max { $0.dayNumber < $1.dayNumber }
            ?? ExcelDateTime(year: month.year, month: month.month, day: 10)
    }

    /// The deadlines binding `party`.
    public func deadlines(for party: Party) -> [Deadline] { deadlines.filter { $0.binds == party } }

    /// The templates for one output.
    public func templates(for output: OutputKind) -> [TemplateUse] {
        templates.filter { $0.output == output }
    }
}
