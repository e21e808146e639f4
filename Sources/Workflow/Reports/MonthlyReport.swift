import Foundation
import GRDB
import XLSXKit

/// What `sheetflow report` is asked for.
public struct MonthlyReportOptions: Sendable {
    public var profile: Profile
    public var month: ReportMonth
    /// Where the outputs go.
    public var folder: String
    /// 填报单位 on every form (default: the name of the agency's area).
    public var unit: String?
    /// Use only the files that had arrived by this day (ISO date), to reproduce the month as it was
    /// known then; nil uses every file that has arrived.
    public var knownOn: String?

    public init(profile: Profile, month: ReportMonth, folder: String, unit: String? = nil, knownOn: String? = nil) {
        self.profile = profile
        self.month = month
        self.folder = folder
        self.unit = unit
        self.knownOn = knownOn
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

/// A month's outputs, computed from the register's records as of the month's last day (the
/// comparison lists as of the profile's comparison day), from every file that has arrived — or
/// only those that had arrived by `knownOn`. Each record is judged by its own dates, so a file
/// that arrives after the month (an export on the 3rd) still counts for it, and equal records
/// and options give equal bytes whatever order the files came in. The outputs: the profile's
/// filled templates (basic information, ledgers, statistics or dispatch tables, Guangdong's
/// lists, Zhongshan's 新增/退出, Kunming's double-subsidy screen), the comparison lists 应参未参 /
/// 应代缴未代缴 / 应发未发 (monthly, or at quarter ends), one push list per destination, and the
/// people the comparison left out with the reason.
public enum MonthlyReport {
    /// Whether the month has the comparison lists (monthly, or each quarter's last month).
    public static func comparisonDue(profile: Profile, month: ReportMonth) -> Bool {
        profile.cycle.comparison == .monthly || month.month % 3 == 0
    }

    public static func write(register: Register, options: MonthlyReportOptions) throws -> MonthlyReportResult {
        try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
        let builder = MonthlyReportBuilder(register: register, options: options)
        // Every output's rows are gathered in one pass over the register (each person's records
        // replayed once), then each template is filled from what was gathered.
        for use in options.profile.templates { try builder.plan(use) }
        if builder.comparisonDue { try builder.planExclusions() }
        try builder.gather()
        try builder.fillAll()
        return builder.result
    }

    /// The single values of every form: 填报单位, 地区, 数据截至, 统计月份, and the signature line
    /// (填表人, 审核人, 联系电话, 填报日期) left blank for the clerk to fill in.
    static func formValues(unit: String, area: String, asOf: String, month: String) -> [String: CellValue] {
        ["填报单位": .string(unit), "地区": .string(area), "数据截至": .string(asOf), "统计月份": .string(month),
         "填报日期": .empty, "填表人": .empty, "审核人": .empty, "联系电话": .empty]
    }
}

/// A person as each output of the month needs them, assessed at most once per day that matters.
final class AssessedPerson {
    let history: PersonHistory
    private let builder: MonthlyReportBuilder
    init(_ history: PersonHistory, _ builder: MonthlyReportBuilder) {
        self.history = history
        self.builder = builder
    }

    /// On the month's last day, when some status had begun by then.
    lazy var onMonthEnd: Assessment? = history.hasStatus(by: builder.assessor.date) ? now : nil
    /// On the comparison day, when some status had begun by then.
    lazy var onComparisonDay: Assessment? = builder.comparison.date == builder.assessor.date ? onMonthEnd
        : history.hasStatus(by: builder.comparison.date) ? builder.comparison.assess(history.on(builder.comparison.date)) : nil
    /// On the month's last day, whatever the statuses.
    lazy var now: Assessment = builder.assessor.assess(history.on(builder.assessor.date))
    /// On the previous month's last day (Zhongshan's 新增/退出).
    lazy var then: Assessment = builder.previous.assess(history.on(builder.previous.date))
}

/// A person handed from the thread that reads the register to the one that gathers the outputs:
/// the reader no longer touches it once handed on, so its lazily judged days are never computed
/// on two threads at once.
private struct HandedPerson: @unchecked Sendable {
    let person: AssessedPerson
}

/// Writes one month's outputs: each output is planned (its lists, and what a person adds to
/// them), the register is read once feeding every plan, then the templates are filled in order.
final class MonthlyReportBuilder {
    let register: Register
    let options: MonthlyReportOptions
    var profile: Profile { options.profile }
    var month: ReportMonth { options.month }
    /// Judges on the month's last day.
    let assessor: Assessor
    /// Judges on the comparison day (Kunming: the 30th of the quarter's last month).
    let comparison: Assessor
    /// Judges on the previous month's last day.
    let previous: Assessor
    let unit: String
    let comparisonDue: Bool
    var result = MonthlyReportResult()
    /// What each person adds to the planned outputs, in the pass over the register.
    private var gatherers: [(AssessedPerson) throws -> Void] = []
    /// The fills, in the profile's order, once everything is gathered; each adds what it wrote
    /// to the result it is given.
    private var fills: [(inout MonthlyReportResult) throws -> Void] = []

    init(register: Register, options: MonthlyReportOptions) {
        self.register = register
        self.options = options
        assessor = Assessor(profile: options.profile, month: options.month, unit: options.unit)
        comparison = Assessor(profile: options.profile, month: options.month, unit: options.unit, day: options.profile.cycle.comparisonDay)
        previous = Assessor(profile: options.profile, month: options.month.previous, unit: options.unit)
        unit = options.unit ?? assessor.areaName
        comparisonDue = MonthlyReport.comparisonDue(profile: options.profile, month: options.month)
    }

    func plan(_ use: Profile.TemplateUse) throws {
        switch use.output {
        case .roster, .basicInformation: try planMembers(use)
        case .ledger: try planLedger(use)
        case .statistics: try planStatistics(use)
        case .shouldEnrol, .shouldPay, .shouldReceive: if comparisonDue { try planComparison(use) }
        case .push: try planPush(use)
        case .changes: try planChanges(use)
        case .doubleSubsidy: try planScreen(use)
        case .cityStatistics: break
        }
    }

    /// The one pass over the register: this thread reads and replays each person's records and
    /// judges them on the month's last day; a second thread adds each person to every output,
    /// in the register's order.
    func gather() throws {
        guard !gatherers.isEmpty else { return }
        let handoff = Handoff<HandedPerson, Void>()
        let gathered = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let gatherers = gatherers
        nonisolated(unsafe) var failure: Error?
        DispatchQueue(label: "sheetflow.report.gather").async {
            do {
                while let handed = try handoff.next() {
                    for gatherer in gatherers { try gatherer(handed.person) }
                }
            } catch {
                failure = error
                handoff.cancel()
            }
            gathered.signal()
        }
        do {
            try register.forEachPerson(knownOn: options.knownOn) { history in
                let person = AssessedPerson(history, self)
                _ = person.onMonthEnd   // what every output asks first, judged here
                try handoff.send(HandedPerson(person: person))
            }
            handoff.close(.success(()))
        } catch {
            handoff.close(.failure(error))
            gathered.wait()
            throw failure ?? error   // the gathering thread's own error when it stopped the reading
        }
        gathered.wait()
        if let failure { throw failure }
    }

    /// Fills the templates two at a time (each fill deflates on a thread of its own too), so a
    /// large month uses both cores; the result lists them in the profile's order whatever
    /// finished first.
    func fillAll() throws {
        let parts = FillParts(count: fills.count)
        let fills = self.fills
        nonisolated(unsafe) let run = { (index: Int) in
            var part = MonthlyReportResult()
            do {
                try fills[index](&part)
                parts.set(index, .success(part))
            } catch {
                parts.set(index, .failure(error))
            }
        }
        DispatchQueue.concurrentPerform(iterations: min(2, fills.count)) { _ in
            while let index = parts.next() { run(index) }
        }
        for part in try parts.inOrder() {
            result.outputs += part.outputs
            result.counts += part.counts
            result.unfilled += part.unfilled
        }
    }

    // MARK: Outputs

    /// Everyone in force in each list's categories; exits of the month marked 退出, additions 新增.
    /// Someone who died before the month is left out; in the month of death they are marked 退出.
    private func planMembers(_ use: Profile.TemplateUse) throws {
        let date = assessor.date, firstDay = month.firstDay, key = month.key
        func inMonth(_ day: String?) -> Bool { day?.hasPrefix(key) ?? false }
        try planLists(use) { categories in
            { assessment in
                if let death = assessment.deathDate, death < firstDay { return [] }
                return assessment.person.statuses.filter { categories.contains($0.category) && ($0.inForce(on: date) || inMonth($0.validTo)) }
                    .map { status in
                        let died = assessment.deathDate != nil && status.inForce(on: assessment.deathDate!)
                        return Entry(assessment, status: status,
                                     change: inMonth(status.validTo) || died ? "退出" : inMonth(status.validFrom) ? "新增" : nil)
                    }
            }
        }
    }

    private func planLedger(_ use: Profile.TemplateUse) throws {
        try planLists(use) { categories in
            { assessment in
                guard let counted = assessment.counted, categories.contains(counted) else { return [] }
                return [Entry(assessment, status: assessment.countedStatus, ledger: true)]
            }
        }
    }

    private func planStatistics(_ use: Profile.TemplateUse) throws {
        let placeholders = try TemplatePlaceholders(template: use.file)
        var tally = Tally()
        gatherers.append { person in if let assessment = person.onMonthEnd { tally.add(assessment) } }
        let named = namedLists(use)
        fills.append { [unowned self] result in
            try fill(use, into: &result, lists: named.reduce(into: [:]) { lists, named in
                lists[named.key] = tally.list(fields: placeholders.lists[named.key] ?? [], categories: named.value)
            })
        }
    }

    private func planComparison(_ use: Profile.TemplateUse) throws {
        let output = use.output, profile = profile
        let spool = try spooled(use, "") { person in
            guard let assessment = person.onComparisonDay, let reason = Comparison.reason(output, assessment, profile: profile) else { return [] }
            return [Entry(assessment, status: assessment.countedStatus, reason: reason)]
        }
        fills.append { [unowned self] result in
            let report = try fill(use, into: &result, lists: ["": spool.list], asOf: comparison.date)
            result.counts.append((use.output.rawValue, report.records["", default: 0]))
        }
    }

    /// One list per destination of the people whose household is elsewhere.
    private func planPush(_ use: Profile.TemplateUse) throws {
        let fields = try TemplatePlaceholders(template: use.file).lists[""] ?? []
        let columns = fields.map(Entry.Column.init)
        var destinations: [String: SpooledList] = [:]
        let folder = options.folder, profile = profile
        gatherers.append { person in
            guard let assessment = person.onMonthEnd, let destination = assessment.pushTo else { return }
            if destinations[destination] == nil { destinations[destination] = try SpooledList(fields: fields, folder: folder) }
            let spool = destinations[destination]!
            let entry = Entry(assessment, status: assessment.countedStatus, reason: assessment.pushReason)
            try spool.append(columns.map { entry.value(of: $0, number: spool.count + 1, profile: profile) })
        }
        let base = URL(fileURLWithPath: use.file).deletingPathExtension().lastPathComponent
        fills.append { [unowned self] result in
            for (destination, spool) in destinations.sorted(by: { $0.key < $1.key }) {
                try fill(use, into: &result, lists: ["": spool.list], extra: ["推送至": .string(destination)], name: "\(base)-\(destination).xlsx")
                result.counts.append(("跨地推送至\(destination)", spool.count))
                spool.remove()
            }
        }
    }

    /// Zhongshan (notice 002: 为每月新增和退出的代缴对象办理参保…中止手续): who became or stopped
    /// being someone the town pays for between the previous month's end and this one's — turning
    /// 16 or 60, dying, leaving every list, the household leaving the city. The first month the
    /// register knows is its starting stock: nobody is 新增 then.
    private func planChanges(_ use: Profile.TemplateUse) throws {
        let stock = try !register.knowsRosters(by: previous.date, knownOn: options.knownOn)
        let placeholders = try TemplatePlaceholders(template: use.file)
        let profile = profile
        var lists: [String: SpooledList] = [:]
        for kind in ["新增", "退出"] {
            let spool = try SpooledList(fields: placeholders.lists[kind] ?? [], folder: options.folder)
            let columns = spool.fields.map(Entry.Column.init)
            if !stock {
                gatherers.append { person in
                    guard let entry = kind == "新增" ? ZhongshanChange.added(person.now, person.then, profile: profile)
                                                      : ZhongshanChange.left(person.now, person.then, profile: profile) else { return }
                    try spool.append(columns.map { entry.value(of: $0, number: spool.count + 1, profile: profile) })
                }
            }
            lists[kind] = spool
        }
        fills.append { [unowned self] result in try fill(use, into: &result, lists: lists.mapValues(\.list)) }
    }

    /// Kunming's double-subsidy screen of the level-3/4 disabled.
    private func planScreen(_ use: Profile.TemplateUse) throws {
        let profile = profile
        let spool = try spooled(use, "") { person in
            guard let assessment = person.onMonthEnd, !assessment.screening.isEmpty else { return [] }
            return [Entry(assessment, status: assessment.screening[0], reason: Comparison.screen(assessment, profile: profile))]
        }
        fills.append { [unowned self] result in try fill(use, into: &result, lists: ["": spool.list]) }
    }

    /// 比对排除名单.xlsx, on the comparison day.
    func planExclusions() throws {
        let profile = profile
        let spool = try SpooledList(fields: Comparison.exclusionFields, folder: options.folder)
        gatherers.append { person in
            guard let assessment = person.onComparisonDay, let row = Comparison.exclusionRow(assessment, number: spool.count + 1, profile: profile) else { return }
            try spool.append(row)
        }
        fills.append { [unowned self] result in
            let path = "\(options.folder)/比对排除名单.xlsx"
            try Comparison.writeExclusions(spool.list, date: DateText.iso(comparison.date)!, to: path)
            result.counts.append(("比对排除", spool.count))
            result.outputs.append(path)
        }
    }

    // MARK: Lists

    /// The template's lists and the categories each holds (one default list when it names none).
    private func namedLists(_ use: Profile.TemplateUse) -> [String: [Category]] {
        use.lists.isEmpty ? ["": use.categories.isEmpty ? profile.categories : use.categories] : use.lists
    }

    /// Every list of the template, each from the entries `entries(categories)` makes of a person
    /// on the month's last day; filled in its turn.
    private func planLists(_ use: Profile.TemplateUse, _ entries: @escaping ([Category]) -> (Assessment) -> [Entry]) throws {
        var lists: [String: SpooledList] = [:]
        for (name, categories) in namedLists(use) {
            let make = entries(categories)
            lists[name] = try spooled(use, name) { person in person.onMonthEnd.map(make) ?? [] }
        }
        fills.append { [unowned self] result in try fill(use, into: &result, lists: lists.mapValues(\.list)) }
    }

    /// A list of the template gathered in the pass: the entries `entries` makes of each person
    /// (序号 counts within the list).
    private func spooled(_ use: Profile.TemplateUse, _ name: String, _ entries: @escaping (AssessedPerson) -> [Entry]) throws -> SpooledList {
        let spool = try SpooledList(fields: try TemplatePlaceholders(template: use.file).lists[name] ?? [], folder: options.folder)
        let columns = spool.fields.map(Entry.Column.init)
        let profile = profile
        gatherers.append { person in
            for entry in entries(person) { try spool.append(columns.map { entry.value(of: $0, number: spool.count + 1, profile: profile) }) }
        }
        return spool
    }

    @discardableResult
    private func fill(_ use: Profile.TemplateUse, into result: inout MonthlyReportResult, lists: [String: TemplateList], extra: [String: CellValue] = [:], name: String? = nil,
                      asOf: String? = nil) throws -> FillReport {
        let base = name ?? URL(fileURLWithPath: use.file).lastPathComponent
        let output = "\(options.folder)/\(base)"
        let stated = DateText.iso(asOf ?? assessor.date)!.chineseText
        let singles = MonthlyReport.formValues(unit: unit, area: assessor.areaName, asOf: stated, month: month.description)
        let report = try TemplateFiller.fill(template: use.file, data: TemplateData(values: singles.merging(extra) { $1 }, lists: lists), output: output)
        result.outputs.append(output)
        result.unfilled += report.unfilled.map { "\(base)：\($0)" }
        return report
    }
}

/// Zhongshan's 新增 and 退出: a change of 代缴对象 status (someone the town should pay for) between
/// two month ends, and why.
enum ZhongshanChange {
    static func added(_ now: Assessment, _ then: Assessment, profile: Profile) -> Entry? {
        guard now.shouldPay, !then.shouldPay else { return nil }
        let status = now.countedStatus
        let (reason, date): (String, String?) =
            if then.listed == nil { ("新纳入\(now.counted!.rawValue)", status?.validFrom) }
            else if then.age < profile.age.minimum { ("年满\(profile.age.minimum)周岁", now.birthday(profile.age.minimum)) }
            else if then.pushTo != nil { ("户籍迁入", nil) }
            else if !then.exclusions.isEmpty { ("不再属于：\(then.exclusions.joined(separator: "、"))", nil) }
            else { ("纳入代缴", nil) }
        return Entry(now, status: status, change: "新增", reason: reason, addedDate: date ?? now.date)
    }

    static func left(_ now: Assessment, _ then: Assessment, profile: Profile) -> Entry? {
        guard then.shouldPay, !now.shouldPay else { return nil }
        let status = then.countedStatus
        let ended = now.person.statuses.first { $0.category == then.listed && $0.sender == status?.sender && $0.validTo != nil && $0.validTo! > then.date }
        let (reason, date): (String, String?) =
            if let death = now.deathDate { ("死亡", death) }
            else if now.listed == nil { (ended?.exitReason ?? "已不在名单上", ended?.validTo) }
            else if let maximum = profile.age.maximum, now.age >= maximum { ("年满\(maximum)周岁，转入待遇领取", now.birthday(maximum)) }
            else if now.pushTo != nil { ("户籍不在本市", nil) }
            else if !now.exclusions.isEmpty { (now.exclusions.joined(separator: "、"), nil) }
            else { ("不再属于代缴对象", nil) }
        var entry = Entry(then, status: status, change: "退出", reason: reason, exitDate: date ?? now.date)
        entry.assessment.person = now.person
        return entry
    }
}

extension Register {
    /// Whether any roster dated by `date` had arrived by `knownOn` (nil: ever).
    func knowsRosters(by date: String, knownOn: String?) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM file WHERE kind = ? AND as_of <= ? AND received_at <= ?)",
                              arguments: [FileKind.roster.rawValue, date, knownOn.map { $0 + " 23:59:59" } ?? "9999"]) ?? false
        }
    }
}

/// The results of fills run on several threads, each in its slot, handed out by index.
private final class FillParts: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<MonthlyReportResult, Error>?]
    private var nextIndex = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next fill to run, nil when all have been taken (or one failed).
    func next() -> Int? {
        lock.withLock {
            guard nextIndex < slots.count, !slots.contains(where: { if case .failure? = $0 { true } else { false } }) else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func set(_ index: Int, _ part: Result<MonthlyReportResult, Error>) {
        lock.withLock { slots[index] = part }
    }

    /// The parts in order; throws the first failure.
    func inOrder() throws -> [MonthlyReportResult] {
        try lock.withLock { try slots.compactMap { try $0?.get() } }
    }
}
