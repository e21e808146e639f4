import Foundation
import XLSXKit

/// The sample county of `sheetflow demo`: 70 synthetic people of 武江区 (no real personal data)
/// and the lists its senders deliver for August, September and October 2026, written as .xlsx the
/// way clerks send them — with the usual mistakes in August's lists: an ID typed as a number, an
/// ID in full-width digits, 低保户 for 低保对象, a date typed as text, a person listed twice, and a
/// household in another city. Someone on two lists and people reaching 16 and 60 are there too.
struct DemoScenario {
    static let months = [ReportMonth(year: 2026, month: 8), ReportMonth(year: 2026, month: 9), ReportMonth(year: 2026, month: 10)]
    static let unit = "武江区社保局"

    struct Person {
        var number: Int
        var name: String
        var gender: String
        var id: String
        var town: String
        var household: String
        var birth: ExcelDateTime
    }

    /// A list to drop into the inbox: its sub-folder (the sender; empty for the inbox itself), file
    /// name, title, 数据截至 line (nil when the file has none) and rows.
    struct DemoFile {
        var sender: String
        var name: String
        var title: String
        var asOf: ExcelDateTime?
        var header: [String]
        var rows: [[CellValue]]

        /// Where it goes under inbox/.
        var relative: String { sender.isEmpty ? name : "\(sender)/\(name)" }
    }

    let people: [Person]

    init() {
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let given = ["小明", "秀英", "建国", "桂兰", "志强", "丽华", "国平", "春梅", "海峰", "玉珍", "德胜", "淑芬"]
        let towns = ["新华街道", "惠民街道", "龙归镇", "江湾镇", "重阳镇"]
        people = (1...70).map { number in
            // Ages from 17 to 76, plus a boy who turns 16 in September and a man who turns 60 in October.
            var birth = ExcelDateTime(year: 1950 + (number * 7) % 59, month: 1 + number % 12, day: 1 + number % 28)
            if number == 68 { birth = ExcelDateTime(year: 2010, month: 9, day: 12) }
            if number == 69 { birth = ExcelDateTime(year: 1966, month: 10, day: 8) }
            let town = towns[number % towns.count]
            // Number 11 lives in another city: her household is in 清远市, so 清远 enrols and pays for her.
            let region = number == 11 ? "441802" : "440203"
            let household = number == 11 ? "广东省清远市清城区凤城街道\(number)号" : "广东省韶关市武江区\(town)\(number)号"
            let body = region + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, 100 + number)
            let id = body + String(ResidentID.checkCharacter(Array(body.utf8)[...]))
            return Person(number: number, name: String(surnames[number % surnames.count]) + given[(number * 5) % given.count],
                          gender: Int(String(body.last!))! % 2 == 1 ? "男" : "女", id: id, town: town, household: household, birth: birth)
        }
    }

    func person(_ number: Int) -> Person { people[number - 1] }

    /// Who is on which list in a month (0, 1, 2 for August, September, October).
    static func members(_ list: String, month: Int) -> [Int] {
        switch list {
        case "低保对象": Array(1...30).filter { month == 0 || ![29, 30].contains($0) } + (month >= 1 ? [61, 62, 63, 68] : []) + (month >= 2 ? [64, 65] : [])
        case "特困人员": Array(31...38) + (month >= 2 ? [66, 69] : [])
        case "建档立卡贫困人口": Array(39...50) + [12] + (month >= 2 ? [67] : [])
        case "重度残疾人": Array(51...58) + [3]
        case "精神和智力残疾人": [59, 60]
        default: []
        }
    }

    /// The files that arrive for month `index` (after its end, on the 3rd of the next month).
    func files(month index: Int) -> [DemoFile] {
        let month = DemoScenario.months[index]
        let asOf = month.referenceDate
        let label = "\(month.year)年\(month.month)月"
        let rosterHeader = ["序号", "姓名", "性别", "身份证号码", "人员类别", "认定时间", "乡镇（街道）", "户籍地址", "联系电话"]
        func rosterRows(_ lists: [String]) -> [[CellValue]] {
            var rows: [[CellValue]] = []
            for list in lists {
                for number in DemoScenario.members(list, month: index) {
                    let someone = person(number)
                    var id = CellValue.string(someone.id)
                    var category = list
                    var recognised = CellValue.date(ExcelDateTime(year: 2018 + number % 6, month: 1 + number % 12, day: 1 + number % 27))
                    if index == 0 {
                        // August: the mistakes real lists have (fixed by the senders in September).
                        if number == 5 { id = .number(Double(someone.id)!) }
                        if number == 6 { id = .string(String(someone.id.unicodeScalars.map { $0.properties.numericType != nil ? Character(UnicodeScalar($0.value + 0xFEE0)!) : Character($0) })) }
                        if number == 7 { category = "低保户" }
                        if number == 8 { recognised = .string("2019.3.5") }
                    }
                    let row: [CellValue] = [.number(Double(rows.count + 1)), .string(someone.name), .string(someone.gender), id, .string(category),
                                            recognised, .string(someone.town), .string(someone.household),
                                            .string("138" + String(format: "%08d", 20_260_000 + number))]
                    rows.append(row)
                    if index == 0, number == 9 { rows.append([.number(Double(rows.count + 1))] + row.dropFirst()) }
                }
            }
            return rows
        }
        var files = [
            DemoFile(sender: "民政部门", name: "低保特困人员名单-\(label).xlsx", title: "武江区低保对象、特困人员名单（\(label)）", asOf: asOf,
                     header: rosterHeader, rows: rosterRows(["低保对象", "特困人员"])),
            DemoFile(sender: "乡村振兴（扶贫）部门", name: "建档立卡贫困人口名单-\(label).xlsx", title: "武江区建档立卡未标注脱贫贫困人口名单（\(label)）",
                     asOf: asOf, header: rosterHeader, rows: rosterRows(["建档立卡贫困人口"])),
            DemoFile(sender: "残联", name: "重度残疾人名单-\(label).xlsx", title: "武江区重度残疾人、精神和智力残疾人名单（\(label)）", asOf: asOf,
                     header: rosterHeader, rows: rosterRows(["重度残疾人", "精神和智力残疾人"])),
        ]
        // The pension system's export: most people enrolled and paid for; some not yet, to show the comparison lists.
        var everyone: [Int] = []
        for list in ["低保对象", "特困人员", "建档立卡贫困人口", "重度残疾人", "精神和智力残疾人"] {
            for number in DemoScenario.members(list, month: index) where !everyone.contains(number) { everyone.append(number) }
        }
        var exportRows: [[CellValue]] = []
        for number in everyone.sorted() where number % 7 != 0 {
            let someone = person(number)
            let age = (try? ResidentID.parse(someone.id).get())?.age(onYear: asOf.year, month: asOf.month, day: asOf.day) ?? 0
            let enrolled = CellValue.date(ExcelDateTime(year: 2026, month: 8, day: 10))
            let paid = number % 5 != 0 && age < 60
            exportRows.append([.number(Double(exportRows.count + 1)), .string(someone.name), .string(someone.id), .string(age >= 60 ? "待遇领取" : "正常参保"),
                               enrolled, .number(2026), paid ? .number(180) : .empty,
                               paid ? .date(ExcelDateTime(year: 2026, month: 8, day: 20)) : .empty,
                               paid ? .date(ExcelDateTime(year: 2026, month: 8, day: 25)) : .empty,
                               age >= 60 && number % 3 != 0 ? .date(ExcelDateTime(year: someone.birth.year + 60, month: someone.birth.month, day: 1)) : .empty])
        }
        // The pension system's export comes first, has no 数据截至 line, is named by the day it was
        // exported and lands in the inbox itself: arriving on the 3rd, it reports on the month before.
        let next = month.next
        files.insert(DemoFile(sender: "", name: String(format: "城乡居民参保缴费信息%04d%02d03.xlsx", next.year, next.month), title: "武江区城乡居民养老保险参保缴费信息",
                              asOf: nil, header: ["序号", "姓名", "公民身份号码", "参保状态", "参保时间", "缴费年度", "代缴金额", "代缴时间", "缴费到账时间", "待遇开始时间"],
                              rows: exportRows), at: 0)
        return files
    }

    /// Writes a list as a clerk's workbook: a title, 数据截至, the header, the rows.
    static func write(_ file: DemoFile, to path: String) throws {
        let writer = try WorkbookWriter(path: path)
        let header = writer.style(.header), text = writer.style(.text), date = writer.style(.date)
        let headerRow = file.asOf == nil ? 2 : 3
        let sheet = try writer.addSheet(file.header.contains("人员类别") ? "名单" : "参保缴费信息", setup: SheetSetup(columns: [.init(1, width: 6)], fitColumns: true,
                                                                                                     freeze: CellReference(row: headerRow + 1, column: 1),
                                                                                                     print: .init(repeatRows: headerRow...headerRow)))
        try sheet.writeRow([WriteCell(.string(file.title))])
        if let asOf = file.asOf { try sheet.writeRow([WriteCell(.string("数据截至：\(asOf.chineseText)"))]) }
        try sheet.writeRow(file.header.map { WriteCell(.string($0), style: header) })
        for row in file.rows {
            try sheet.writeRow(row.map { value in
                switch value {
                case .date: WriteCell(value, style: date)
                case .string: WriteCell(value, style: text)
                default: WriteCell(value)
                }
            })
        }
        try writer.close()
    }
}
