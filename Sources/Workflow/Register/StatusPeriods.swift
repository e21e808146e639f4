/// What one roster said of one person in one category.
struct RosterRecord: Sendable {
    var file: FileStamp
    var set: RosterSet
    /// 变动类型 as written, when the list has the column.
    var change: String?
    var recognisedDate: String?
    var recognisedPlace: String?
    var remark: String?
    var povertyMark: String?
    /// The person as this record describes them (name, household, town, …), by field.
    var attributes: PersonAttributes

    /// 退出, 减少, 注销 …: the record ends the person's status.
    var isExit: Bool { change.map(RosterRecord.exitWords.contains) ?? false }

    static let exitWords: Set<String> = ["退出", "减少", "注销", "删除", "停保", "取消", "死亡", "迁出"]
}

/// Who a person is and where they live, as a roster says it. Nil fields were not in the list.
struct PersonAttributes: Sendable, Equatable {
    var name, household, county, town, village, phone: String?
    var disabilityCard, disabilityType, disabilityGrade: String?

    /// Each field from the latest record that has it (records in file order).
    static func merged(_ records: [RosterRecord]) -> PersonAttributes {
        var merged = PersonAttributes()
        for record in records {
            let value = record.attributes
            merged.name = value.name ?? merged.name
            merged.household = value.household ?? merged.household
            merged.county = value.county ?? merged.county
            merged.town = value.town ?? merged.town
            merged.village = value.village ?? merged.village
            merged.phone = value.phone ?? merged.phone
            merged.disabilityCard = value.disabilityCard ?? merged.disabilityCard
            merged.disabilityType = value.disabilityType ?? merged.disabilityType
            merged.disabilityGrade = value.disabilityGrade ?? merged.disabilityGrade
        }
        return merged
    }
}

/// A person's status periods in one set, replayed from their records and the set's full lists in
/// file order: a record opens a period (or continues the open one), an exit record closes it, and
/// a full list that does not hold the person closes it at its 数据截至. The 移交时间 of a period
/// is the arrival of the first file that brought it, not of each re-delivery.
enum StatusPeriods {
    static func replay(_ records: [RosterRecord], fullLists: [FileStamp]) -> [PersonOnDate.Status] {
        guard let first = records.first else { return [] }
        let holding = Set(records.map(\.file.id))
        var events = records.map { Event.record($0) } + fullLists.filter { !holding.contains($0.id) }.map { Event.absent($0) }
        events.sort { $0.file < $1.file }
        var periods: [PersonOnDate.Status] = []
        var open: PersonOnDate.Status?
        func close(_ date: String, _ reason: String) {
            guard var period = open else { return }
            period.validTo = date
            period.exitReason = reason
            periods.append(period)
            open = nil
        }
        for event in events {
            switch event {
            case .absent(let list):
                close(list.asOf, "全量名单中已无此人")
            case .record(let record) where record.isExit:
                close(record.file.asOf, "名单注明\(record.change!)")
            case .record(let record):
                if var period = open {
                    period.recognisedDate = record.recognisedDate ?? period.recognisedDate
                    period.recognisedPlace = record.recognisedPlace ?? period.recognisedPlace
                    period.remark = record.remark ?? period.remark
                    period.povertyMark = record.povertyMark ?? period.povertyMark
                    period.handover = min(period.handover, record.file.receivedDay)
                    open = period
                } else {
                    open = PersonOnDate.Status(category: first.set.category, sender: first.set.sender, recognisedDate: record.recognisedDate,
                                               recognisedPlace: record.recognisedPlace, remark: record.remark,
                                               povertyMark: record.povertyMark, validFrom: record.file.asOf,
                                               validTo: nil, handover: record.file.receivedDay, exitReason: nil)
                }
            }
        }
        if let open { periods.append(open) }
        return periods
    }

    private enum Event {
        case record(RosterRecord)
        case absent(FileStamp)

        var file: FileStamp {
            switch self {
            case .record(let record): record.file
            case .absent(let list): list
            }
        }
    }
}
