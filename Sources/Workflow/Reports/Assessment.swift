import XLSXKit

/// A calendar month of reports and its reference date (the month's last day).
public struct ReportMonth: Sendable, Equatable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// `2026-10` or `2026年10月`.
    public init?(_ text: String) {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 2, (2000...2100).contains(digits[0]), (1...12).contains(digits[1]) else { return nil }
        self.init(year: digits[0], month: digits[1])
    }

    /// The last day of the month: what the month's outputs are computed as of.
    public var referenceDate: ExcelDateTime { ExcelDateTime(year: year, month: month, day: ExcelDateTime.daysIn(month: month, year: year)) }
    /// `2026-10-01`.
    public var firstDay: String { String(format: "%04d-%02d-01", year, month) }
    /// `2026-10`.
    public var key: String { String(format: "%04d-%02d", year, month) }
    public var description: String { "\(year)年\(month)月" }

    /// Whether an ISO date falls in this month.
    func contains(_ date: String?) -> Bool { date.map { $0.hasPrefix(key) } ?? false }
}

/// What the policy says of one person on a month's reference date (DESIGN §2): which category
/// counts, whether they should be enrolled, paid for or receiving a pension, and whether they are.
public struct Assessment: Sendable {
    public var person: PersonOnDate
    /// Statuses in force on the reference date, in the profile's categories.
    public var active: [PersonOnDate.Status]
    /// The category the person is counted under (the profile's priority), nil when none is in force.
    public var counted: Category?
    /// The screening-only categories in force (Kunming 三、四级残疾人).
    public var screening: [PersonOnDate.Status]
    public var age: Int
    /// Why the person is not to be enrolled or paid for here (death, student, …), if anything.
    public var exclusions: [String]
    /// Where the person's household is, when outside the agency's area: their 户籍地 enrols and
    /// pays, so they are pushed there (notice 000).
    public var pushTo: String?
    public var pushReason: String?
    public var shouldEnrol = false
    public var enrolled = false
    public var shouldPay = false
    public var payment: PersonOnDate.Payment?
    public var shouldReceive = false
    public var receiving = false
    /// The year whose contribution is due (Kunming: additions after the cut-off are paid next year).
    public var paymentYear: Int
    /// Added after the yearly cut-off: paid for next year.
    public var deferred = false

    /// The amount paid for the payment year, 0 when none.
    public var paidAmount: Double { payment?.amount ?? 0 }
    public var paid: Bool { payment != nil }
    /// The date the person turns the pension age.
    public func pensionDate(_ profile: Profile) -> String {
        let parts = person.birthDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return "" }
        let day = min(parts[2], ExcelDateTime.daysIn(month: parts[1], year: parts[0] + profile.age.pension))
        return String(format: "%04d-%02d-%02d", parts[0] + profile.age.pension, parts[1], day)
    }
}

/// Applies a profile to the register's people on a month's reference date.
public struct Assessor: Sendable {
    public let profile: Profile
    public let month: ReportMonth
    let places: PlaceNames
    /// The city the agency is in (from a 4-digit region code), for telling cross-city cases.
    let agencyCity: String?
    /// The county the agency is in (a 6-digit region code, or a county its unit names), for
    /// telling cross-county cases within the city.
    let agencyCounty: String?
    let date: String

    /// `unit` is the reporting agency (`武江区社保局`): when it names a county of the profile's
    /// city, people whose household is in another county of the city are pushed there.
    public init(profile: Profile, month: ReportMonth, unit: String? = nil) {
        self.profile = profile
        self.month = month
        let places = PlaceNames(region: profile.region)
        self.places = places
        let agencyCity = profile.region.count >= 4 ? String(profile.region.prefix(4)) + "00" : nil
        self.agencyCity = agencyCity
        agencyCounty = profile.region.count == 6 ? profile.region : agencyCity.flatMap { city in unit.flatMap { places.county(in: $0, city: city) } }
        date = month.referenceDate.iso8601
    }

    private static let stoppedStates = ["终止", "注销", "暂停", "中断", "未参保"]

    public func assess(_ person: PersonOnDate) -> Assessment {
        let inForce = person.statuses.filter { $0.inForce(on: date) }
        let active = inForce.filter { profile.categories.contains($0.category) }
        let categories = Set(active.map(\.category))
        let counted = profile.priority.first(where: categories.contains) ?? profile.categories.first(where: categories.contains)
        let reference = month.referenceDate
        // The register holds valid IDs only; the birth date is the ID's.
        let age = (try? ResidentID.parse(person.id).get())?.age(onYear: reference.year, month: reference.month, day: reference.day) ?? 0
        var assessment = Assessment(person: person, active: active, counted: counted,
                                    screening: inForce.filter { profile.screening.contains($0.category) }, age: age,
                                    exclusions: person.exclusions.map { "\($0.reason)（\($0.date)）" }, paymentYear: reference.year)

        // The household's area enrols and pays (notice 000): someone on our lists whose household
        // is outside the agency's area is pushed there, at the finest level the agency is known.
        if let household = person.household {
            if let other = places.otherProvince(in: household) {
                assessment.pushTo = places.name(of: other.code + "0000")
                assessment.pushReason = "户籍地在\(assessment.pushTo!)（外省户籍），由户籍地参保代缴；本地名单已标注"
            } else if let home = places.city(in: household) {
                let ourCity = agencyCity ?? active.compactMap { $0.recognisedPlace.flatMap(places.city(in:)) }.first
                if let ourCity, ourCity != home {
                    assessment.pushTo = places.name(of: home)
                    assessment.pushReason = "户籍地在\(places.name(of: home))，认定地在\(places.name(of: ourCity))，由户籍地参保代缴"
                } else if let agencyCounty, let householdCounty = places.county(in: household, city: home), householdCounty != agencyCounty {
                    // Within the city, the county of the household pays (notice 001: 县级财政负担).
                    assessment.pushTo = places.name(of: householdCounty)
                    assessment.pushReason = "户籍地在\(places.name(of: home))\(places.name(of: householdCounty))，认定地在\(places.name(of: agencyCounty))，由户籍地县（市、区）参保代缴"
                }
            }
        }
        guard counted != nil else { return assessment }

        if let enrolment = person.enrolment, let enrolled = enrolment.date, enrolled <= date {
            assessment.enrolled = !Assessor.stoppedStates.contains(where: { enrolment.state?.contains($0) ?? false })
        }
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
