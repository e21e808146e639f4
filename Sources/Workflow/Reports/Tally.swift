import XLSXKit

/// The statistics of a month (Shaoguan 附表9—12 per township, Kunming 附件4 per county): people
/// counted under their priority category, grouped by place — with the comparison lists'
/// predicates, so each 应… − 已… is the number of people on the matching list. Someone who died
/// by the date is counted nowhere.
struct Tally {
    struct Counts {
        var total = 0, shouldEnrol = 0, enrolled = 0, shouldPay = 0, paid = 0, shouldReceive = 0, receiving = 0
        var amount = 0.0

        mutating func add(_ assessment: Assessment) {
            total += 1
            if assessment.shouldEnrol { shouldEnrol += 1 }
            if assessment.shouldEnrol, assessment.enrolled { enrolled += 1 }
            if assessment.shouldPay { shouldPay += 1; amount += assessment.payment?.made == true ? assessment.paidAmount : 0 }
            if assessment.shouldPay, assessment.paidInFull { paid += 1 }
            if assessment.shouldReceive { shouldReceive += 1 }
            if assessment.shouldReceive, assessment.receiving { receiving += 1 }
        }

        mutating func merge(_ other: Counts) {
            total += other.total; shouldEnrol += other.shouldEnrol; enrolled += other.enrolled; shouldPay += other.shouldPay
            paid += other.paid; amount += other.amount; shouldReceive += other.shouldReceive; receiving += other.receiving
        }

        /// A measure by the column name the templates use.
        func value(_ measure: String) -> CellValue? {
            switch measure {
            case "人员总数": .number(Double(total))
            case "应参保人数": .number(Double(shouldEnrol))
            case "已参保人数": .number(Double(enrolled))
            case "应代缴人数": .number(Double(shouldPay))
            case "已代缴人数": .number(Double(paid))
            case "代缴金额": .number((amount * 100).rounded() / 100)
            case "应领取人数": .number(Double(shouldReceive))
            case "已领取人数": .number(Double(receiving))
            default: nil
            }
        }
    }

    /// Counts per category, per township and per county.
    var byTown: [String: [Category: Counts]] = [:]
    var byCounty: [String: [Category: Counts]] = [:]

    static let unnamed = "（未填写）"

    /// Counts one person (nobody without a counted category).
    mutating func add(_ assessment: Assessment) {
        guard let category = assessment.counted else { return }
        byTown[assessment.person.town ?? Tally.unnamed, default: [:]][category, default: Counts()].add(assessment)
        byCounty[assessment.person.county ?? Tally.unnamed, default: [:]][category, default: Counts()].add(assessment)
    }

    /// One row per place (sorted by name) for a list with these fields: the place column picks
    /// township or county; a measure may be prefixed by a category (`低保对象应代缴人数`), else it
    /// sums the list's categories.
    func list(fields: [String], categories: [Category]) -> TemplateList {
        let columns = fields.map(Entry.Column.init)
        let byCounty = columns.contains(.county)
        let groups = byCounty ? self.byCounty : byTown
        let counted = categoriesIn(fields: fields, default: categories)
        // Places with nobody of the list's categories are left out.
        let places = groups.keys.sorted().filter { place in counted.contains { groups[place]?[$0] != nil } }
        let records = places.enumerated().map { index, place in
            zip(fields, columns).map { field, column -> CellValue in
                switch column {
                case .number: return .number(Double(index + 1))
                case .county, .town: return .string(place)
                default:
                    let (measure, chosen) = Category.allCases.first(where: { field.hasPrefix($0.rawValue) })
                        .map { (String(field.dropFirst($0.rawValue.count)), [$0]) } ?? (field, categories)
                    let sum = chosen.compactMap { groups[place]?[$0] }.reduce(into: Counts()) { $0.merge($1) }
                    return sum.value(measure) ?? .empty
                }
            }
        }
        return TemplateList(fields: fields, records: records)
    }

    private func categoriesIn(fields: [String], default categories: [Category]) -> [Category] {
        let named = Category.allCases.filter { category in fields.contains { $0.hasPrefix(category.rawValue) } }
        return named.isEmpty ? categories : named
    }
}
