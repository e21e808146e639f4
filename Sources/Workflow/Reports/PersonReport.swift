import Foundation
import XLSXKit

/// A person's explanation as lines of Chinese text, for the command line and the web page alike:
/// who, categories and periods, enrolment and payments, the month's lists and why, the records.
/// ID numbers are masked.
public enum PersonReport {
    /// A search as it may be repeated back: masked when it looks like an ID number, as typed otherwise.
    public static func shown(query: String) -> String {
        query.filter(\.isNumber).count >= 10 ? ResidentID.mask(query) : query
    }

    /// The lines; the ID number in full only when `fullID` (for a reader allowed to see it).
    public static func lines(_ explained: PersonExplanation, fullID: Bool = false) -> [String] {
        let person = explained.person, assessment = explained.assessment
        var lines = ["\(person.name)，\(person.gender)，\(fullID ? person.id : ResidentID.mask(person.id))，\(assessment.age) 周岁（\(explained.month)末）"
                     + (person.household.map { "，户籍地：\($0)" } ?? "")]
        lines.append("类别：")
        if person.statuses.isEmpty { lines.append("  （无）") }
        for status in person.statuses {
            lines.append("  \(status.category.rawValue)（\(status.sender)报送）：\(status.validFrom) 起" + (status.validTo.map { "，\($0) 止" } ?? "")
                         + (status.exitReason.map { "（\($0)）" } ?? ""))
        }
        lines.append("参保：" + (person.enrolment.map { enrolment in
            [enrolment.state, enrolment.date.map { "参保日期 \($0)" }].compactMap { $0 }.joined(separator: "，") + (enrolment.active ? "" : "（未在参保状态）")
        } ?? "未查到参保记录"))
        lines.append("代缴：" + (person.payments.isEmpty ? "未查到代缴记录" : person.payments.map { payment in
            "\(payment.year) 年度" + (payment.amount.map { " \(CellValue.number($0).text) 元" } ?? "") + (payment.paid.map { "，\($0) 代缴" } ?? "")
        }.joined(separator: "；")))
        lines.append("\(explained.month)在哪些名单上：")
        if explained.lists.isEmpty { lines.append("  不在应参未参、应代缴未代缴、应发未发、跨地推送名单上。") }
        for listing in explained.lists { lines.append("  \(listing.list)：\(listing.why)") }
        if let leftOut = explained.leftOut { lines.append("  比对排除：\(leftOut)") }
        lines.append("依据的记录（数据截至 \(explained.month)末及以前）：")
        for source in explained.sources {
            lines.append("  \(source.asOf)  \(source.file)" + (source.sheet.map { " 工作表「\($0)」" } ?? "") + " 第 \(source.row) 行（\(source.kind)，\(source.sender)）：\(source.said)")
        }
        return lines
    }
}
