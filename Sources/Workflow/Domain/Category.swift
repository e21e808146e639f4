/// A category of people in hardship whose pension contributions the government pays (DESIGN §2).
/// The raw value is the name the notices use.
public enum Category: String, CaseIterable, Sendable, Codable {
    /// 建档立卡贫困人口 (registered poor, not yet marked as out of poverty).
    case registeredPoor = "建档立卡贫困人口"
    /// 低保对象 (minimum-living-allowance recipients).
    case minimumLiving = "低保对象"
    /// 特困人员 (people in extreme poverty, formerly 五保).
    case extremePoverty = "特困人员"
    /// 重度残疾人 (severely disabled).
    case severeDisability = "重度残疾人"
    /// 精神和智力残疾人 (mentally or intellectually disabled).
    case mentalDisability = "精神和智力残疾人"
    /// 返贫致贫人口 (fell back into poverty; Kunming).
    case relapsedPoverty = "返贫致贫人口"
    /// 三、四级残疾人 (disability grade 3 or 4; Kunming, for the double-subsidy screen).
    case disabilityGrade34 = "三、四级残疾人"

    /// Hashing by case, not by the Chinese raw value (see `Field.hash(into:)`).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(withUnsafeBytes(of: self) { $0[0] })
    }
}

extension Category {
    /// The names clerks write for each category, compared after removing spaces.
    static let synonyms: [(String, Category)] = [
        ("低保", .minimumLiving), ("低保户", .minimumLiving), ("低保人员", .minimumLiving), ("城市低保", .minimumLiving),
        ("农村低保", .minimumLiving), ("城乡低保", .minimumLiving), ("最低生活保障对象", .minimumLiving),
        ("特困", .extremePoverty), ("特困供养人员", .extremePoverty), ("特困供养", .extremePoverty),
        ("五保", .extremePoverty), ("五保户", .extremePoverty), ("五保对象", .extremePoverty),
        ("建档立卡", .registeredPoor), ("建档立卡户", .registeredPoor), ("建档立卡贫困户", .registeredPoor),
        ("建档立卡贫困人员", .registeredPoor), ("贫困户", .registeredPoor), ("建档立卡未标注脱贫", .registeredPoor),
        ("重度残疾", .severeDisability), ("重残", .severeDisability), ("重度残疾人员", .severeDisability),
        ("精神残疾", .mentalDisability), ("智力残疾", .mentalDisability), ("精神残疾人", .mentalDisability),
        ("智力残疾人", .mentalDisability), ("精神智力残疾", .mentalDisability), ("精神和智力残疾", .mentalDisability),
        ("精神、智力残疾人", .mentalDisability),
        ("返贫致贫", .relapsedPoverty), ("返贫", .relapsedPoverty), ("致贫", .relapsedPoverty), ("返贫人口", .relapsedPoverty),
        ("致贫人口", .relapsedPoverty),
        ("三四级残疾人", .disabilityGrade34), ("三级残疾", .disabilityGrade34), ("四级残疾", .disabilityGrade34),
        ("三、四级残疾", .disabilityGrade34),
    ]

    /// The category a cell names: exact names, then the synonyms above. `former` is true for
    /// 五保 (the name before 2014's 特困人员), which deserves its own note.
    public static func recognise(_ text: String) -> (category: Category, exact: Bool, former: Bool)? {
        if let exact = Category(rawValue: text) { return (exact, true, false) } // most cells
        let key = text.filter { !$0.isWhitespace }
        if let exact = Category(rawValue: key) { return (exact, true, false) }
        guard let match = synonyms.first(where: { $0.0 == key }) else { return nil }
        return (match.1, false, key.hasPrefix("五保"))
    }
}

extension Category {
    /// The department that usually sends lists of this category, when a file does not say who sent it.
    public var department: String {
        switch self {
        case .minimumLiving, .extremePoverty: "民政部门"
        case .registeredPoor, .relapsedPoverty: "乡村振兴（扶贫）部门"
        case .severeDisability, .mentalDisability, .disabilityGrade34: "残联"
        }
    }
}
