/// Reads which province and prefecture-level city an address or place name is in
/// (`广东省韶关市武江区…` → 4402, `湖南省…` → 43), for the out-of-province and cross-city rules and
/// for the push lists. Compared as UTF-8 bytes: Swift's `String` comparison normalises Unicode,
/// which is slow on Chinese text and not needed here.
public struct PlaceNames: Sendable {
    /// The profile's province (two digits).
    public let provinceCode: String
    private let divisions: DivisionCodes
    /// Province code, short name, and the name's UTF-8 bytes.
    private let provinces: [(code: String, short: String, bytes: [UInt8])]
    private let ownProvincePrefixes: [[UInt8]]
    /// City code, short name, and the name's UTF-8 bytes (cities of the own province).
    private let cities: [(code: String, short: String, bytes: [UInt8])]
    private let cityByName: [[UInt8]: String]
    /// Counties in force per city code of the own province: code and the name's UTF-8 bytes.
    private let counties: [String: [(code: String, bytes: [UInt8])]]
    /// The full and short names of each city of the own province, as UTF-8 bytes.
    private let cityNames: [String: [[UInt8]]]

    /// Place names for a profile whose region code starts with `region` (`4402` → Guangdong).
    public init(region: String, divisions: DivisionCodes = .shipped) {
        self.divisions = divisions
        provinceCode = String(region.prefix(2))
        provinces = (11...82).compactMap { code in
            divisions.division("\(code)0000").map { ("\(code)", PlaceNames.shortName($0.name), Array(PlaceNames.shortName($0.name).utf8)) }
        }
        let own = divisions.division(provinceCode + "0000")?.name ?? ""
        ownProvincePrefixes = [Array(own.utf8), Array(PlaceNames.shortName(own).utf8)].filter { !$0.isEmpty }
        let province = provinceCode
        cities = divisions.all(where: { $0.code.hasPrefix(province) && $0.code.hasSuffix("00") && !$0.code.hasSuffix("0000") })
            .map { ($0.code, PlaceNames.shortName($0.name), Array(PlaceNames.shortName($0.name).utf8)) }
        cityByName = Dictionary(cities.map { ($0.bytes, $0.code) }, uniquingKeysWith: { first, _ in first })
        counties = Dictionary(grouping: divisions.all(where: { $0.code.hasPrefix(province) && !$0.code.hasSuffix("00") && $0.current })
            .map { (code: $0.code, bytes: Array($0.name.utf8)) }, by: { String($0.code.prefix(4)) + "00" })
        cityNames = Dictionary(cities.map { city in
            (city.code, [Array((divisions.division(city.code)?.name ?? "").utf8), city.bytes].filter { !$0.isEmpty })
        }, uniquingKeysWith: { first, _ in first })
    }

    /// Short names for matching addresses: 湖南省 → 湖南, 广西壮族自治区 → 广西.
    public static func shortName(_ name: String) -> String {
        for suffix in ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"] where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// The other province an address starts with (code and short name), nil when it is the own
    /// province or names none.
    public func otherProvince(in address: String) -> (code: String, name: String)? {
        provinces.first { $0.code != provinceCode && address.utf8.starts(with: $0.bytes) }.map { ($0.code, $0.short) }
    }

    /// The prefecture-level city of the own province an address names, as its 6-digit code.
    public func city(in address: String) -> String? {
        var bytes = Array(address.utf8)[...]
        for prefix in ownProvincePrefixes where bytes.starts(with: prefix) { bytes = bytes.dropFirst(prefix.count); break }
        let shi: [UInt8] = Array("市".utf8)
        if let end = bytes.indices.first(where: { bytes[$0...].starts(with: shi) }), let code = cityByName[Array(bytes[..<end])] { return code }
        if let city = cities.first(where: { bytes.starts(with: $0.bytes) }) { return city.code }
        // An address that names only the county (`广东省乐昌市…`, a county-level city): its city.
        return counties.first { _, inCity in inCity.contains { bytes.starts(with: $0.bytes) } }?.key
    }

    /// The county of the own province's city `city` (6-digit code) a text names, as its 6-digit
    /// code: `广东省韶关市浈江区…`, `韶关市浈江区`, `浈江区民政局` → 440204. Nil when none does.
    public func county(in text: String, city: String) -> String? {
        guard let inCity = counties[city] else { return nil }
        var bytes = Array(text.utf8)[...]
        for prefix in ownProvincePrefixes where bytes.starts(with: prefix) { bytes = bytes.dropFirst(prefix.count); break }
        for prefix in cityNames[city] ?? [] where bytes.starts(with: prefix) { bytes = bytes.dropFirst(prefix.count); break }
        return inCity.first { bytes.starts(with: $0.bytes) }?.code
    }

    /// The county (or, failing that, the city) of the own province a name begins with, as its
    /// 6-digit code: `阳山县社保局` → 441823, `清远市阳山县人社局` → 441823, `清远市社保局` → 441800.
    /// Nil when it names neither. Used to place a reporting unit.
    public func division(namedBy text: String) -> String? {
        var bytes = Array(text.utf8)[...]
        for prefix in ownProvincePrefixes where bytes.starts(with: prefix) { bytes = bytes.dropFirst(prefix.count); break }
        for city in cities {
            guard let prefix = (cityNames[city.code] ?? []).first(where: { bytes.starts(with: $0) }) else { continue }
            let rest = String(decoding: bytes.dropFirst(prefix.count), as: UTF8.self)
            return county(in: rest, city: city.code) ?? city.code
        }
        for city in counties.keys.sorted() {
            if let county = counties[city]!.first(where: { bytes.starts(with: $0.bytes) }) { return county.code }
        }
        return nil
    }

    /// The official name of a division code (`440200` → 韶关市), or the code itself.
    public func name(of code: String) -> String { divisions.division(code)?.name ?? code }
}
