import XLSXKit

/// What the policy says of one person on a reference date (DESIGN §2): which category counts,
/// whether they should be enrolled, paid for or receiving a pension, and whether they are.
public struct Assessment: Sendable {
    public var person: PersonOnDate
    /// The date judged (ISO).
    public var date: String
    /// Statuses in force on the date (or, for someone who died in the month, on the day of death),
    /// in the profile's categories.
    public var active: [PersonOnDate.Status]
    /// The category the person is listed under (the profile's priority), nil when none is in force.
    public var listed: Category?
    /// The category the person is counted under: the listed one, unless they died by the date.
    public var counted: Category? { deathDate == nil ? listed : nil }
    /// The date of death, when it is on or before the date: such a person is in no statistic, on no
    /// comparison or push list, and on 比对排除名单 with the date.
    public var deathDate: String?
    /// The screening-only categories in force (Kunming 三、四级残疾人).
    public var screening: [PersonOnDate.Status]
    public var age: Int
    /// Why the person is not to be enrolled or paid for here (death, student, …), if anything.
    public var exclusions: [String]
    /// Where the person's household is, when outside the agency's area: their 户籍地 enrols and
    /// pays, so they are pushed there (notice 000).
    public var pushTo: String?
    public var pushReason: String?
    /// The household is in another province (pushed there; 外省户籍 is 是 on the lists).
    public var outOfProvince = false
    public var shouldEnrol = false
    public var enrolled = false
    public var shouldPay = false
    public var payment: PersonOnDate.Payment?
    public var shouldReceive = false
    public var receiving = false
    /// The year whose contribution is due.
    public var paymentYear: Int
    /// Added after the yearly cut-off (Kunming: 10-31): paid for from next year.
    public var deferred = false
    /// The profile's yearly amount, when it fixes one.
    let standard: Double?

    /// The amount paid for the payment year, 0 when none.
    public var paidAmount: Double { payment?.amount ?? 0 }
    /// 已代缴: a contribution for the payment year was made, and when the amount is known it reaches
    /// the profile's standard. The statistics count exactly these; 应代缴未代缴 lists everyone who
    /// should be paid for and is not (enrolled or not).
    public var paidInFull: Bool {
        guard let payment, payment.made else { return false }
        guard let standard, let amount = payment.amount else { return true }
        return amount >= standard - 0.005
    }

    /// The date the person turns the pension age.
    public func pensionDate(_ profile: Profile) -> String { birthday(profile.age.pension) }

    /// The date the person turns `years`.
    func birthday(_ years: Int) -> String {
        let parts = person.birthDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return "" }
        let day = min(parts[2], ExcelDateTime.daysIn(month: parts[1], year: parts[0] + years))
        return String(format: "%04d-%02d-%02d", parts[0] + years, parts[1], day)
    }

    /// The status of the counted (or listed) category.
    var countedStatus: PersonOnDate.Status? { active.first { $0.category == listed } }
}

/// Applies a profile to the register's people on a reference date: a month's last day, or the
/// profile's comparison day.
public struct Assessor: Sendable {
    public let profile: Profile
    public let month: ReportMonth
    let places: PlaceNames
    /// The city the agency is in, for telling cross-city cases.
    let agencyCity: String?
    /// The county the agency is in, for telling cross-county cases within the city.
    let agencyCounty: String?
    /// The date judged (ISO): the month's last day unless another is given.
    public let date: String

    /// `unit` is the reporting agency (`武江区社保局`): the agency's area is the profile's region,
    /// narrowed to the county (or city) the unit names, so households in another county of the
    /// city are pushed there. `day` judges on that day of the month instead of its last.
    public init(profile: Profile, month: ReportMonth, unit: String? = nil, day: Int? = nil) {
        self.profile = profile
        self.month = month
        let places = PlaceNames(region: profile.region)
        self.places = places
        var area = profile.region.padding(toLength: 6, withPad: "0", startingAt: 0)
        if let unit, let named = places.division(namedBy: unit), named.hasPrefix(profile.region) { area = named }
        agencyCity = area.hasSuffix("0000") ? nil : String(area.prefix(4)) + "00"
        agencyCounty = area.hasSuffix("00") ? nil : area
        let last = month.referenceDate
        date = ExcelDateTime(year: last.year, month: last.month, day: min(day ?? last.day, last.day)).iso8601
    }

    /// The name of the agency's area (`武江区`, `韶关市`, `广东省`).
    public var areaName: String { places.name(of: agencyCounty ?? agencyCity ?? profile.region.padding(toLength: 6, withPad: "0", startingAt: 0)) }

    public func assess(_ person: PersonOnDate) -> Assessment {
        let death = person.deathDate
        // Someone who died in the month is judged by the statuses they had that day.
        let judgedOn = death.map { month.contains($0) ? min($0, date) : date } ?? date
        let inForce = person.statuses.filter { $0.inForce(on: judgedOn) }
        let active = inForce.filter { profile.categories.contains($0.category) }
        let categories = Set(active.map(\.category))
        let listed = profile.priority.first(where: categories.contains) ?? profile.categories.first(where: categories.contains)
        let reference = DateText.iso(date)!
        // The register holds valid IDs only; the birth date is the ID's.
        let age = (try? ResidentID.parse(person.id).get())?.age(onYear: reference.year, month: reference.month, day: reference.day) ?? 0
        var assessment = Assessment(person: person, date: date, active: active, listed: listed, deathDate: death,
                                    screening: inForce.filter { profile.screening.contains($0.category) }, age: age,
                                    exclusions: person.exclusions.map { "\($0.reason)（\($0.date)）" }, paymentYear: reference.year,
                                    standard: profile.payment.amount)
        guard assessment.counted != nil else { return assessment }

        // The household's area enrols and pays (notice 000): someone on our lists whose household
        // is outside the agency's area is pushed there, at the finest level the agency is known.
        if let household = person.household {
            if let other = places.otherProvince(in: household) {
                assessment.pushTo = places.name(of: other.code + "0000")
                assessment.outOfProvince = true
                assessment.pushReason = "户籍地在\(assessment.pushTo!)（外省户籍），由户籍地参保代缴；本地名单已标注"
            } else if let home = places.city(in: household) {
                let ourCity = agencyCity ?? active.compactMap { $0.recognisedPlace.flatMap(places.city(in:)) }.first
                if let ourCity, ourCity != home {
                    assessment.pushTo = places.name(of: home)
                    assessment.pushReason = "户籍地在\(places.name(of: home))，认定地在\(places.name(of: ourCity))，由户籍地参保代缴"
                } else if let agencyCounty, let householdCounty = places.county(in: household, city: home), householdCounty != agencyCounty {
                    // Within the city, the county of the household pays (notice 000: 同一地级以上市内不同县).
                    assessment.pushTo = places.name(of: householdCounty)
                    assessment.pushReason = "户籍地在\(places.name(of: home))\(places.name(of: householdCounty))，认定地在\(places.name(of: agencyCounty))，由户籍地县（市、区）参保代缴"
                }
            }
        }

        if let enrolment = person.enrolment { assessment.enrolled = enrolment.active }
        assessment.receiving = person.benefitStart != nil
        if let cutoff = profile.cycle.cutoff {
            let cut = String(format: "%04d-%02d-%02d", reference.year, cutoff.month, cutoff.day)
            assessment.deferred = (active.map(\.validFrom).min() ?? "") > cut
        }
        assessment.payment = person.payments.first { $0.year == assessment.paymentYear }

        let eligible = age >= profile.age.minimum && person.exclusions.isEmpty && assessment.pushTo == nil
        assessment.shouldEnrol = eligible && age < profile.age.pension
        assessment.shouldPay = eligible && age < profile.age.pension && (profile.age.maximum.map { age < $0 } ?? true) && !assessment.deferred
        assessment.shouldReceive = eligible && age >= profile.age.pension
        return assessment
    }
}
