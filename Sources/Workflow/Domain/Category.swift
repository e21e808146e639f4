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
}
