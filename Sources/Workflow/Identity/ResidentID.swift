/// A citizen ID number (公民身份号码, GB 11643-1999): 6-digit region code, 8-digit birth date,
/// 3-digit sequence (odd for men, even for women) and a MOD 11-2 check character.
public struct ResidentID: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, `X` upper-case.
    public let text: String

    /// Why text is not a valid ID.
    public enum Problem: Error, Equatable, Sendable {
        /// Not 15 or 18 characters.
        case length(Int)
        /// A character other than a digit (or a final X).
        case character
        /// The check character does not match; `expected` is the right one.
        case checkDigit(expected: Character)
        /// The birth date does not exist.
        case birthDate
    }

    /// Parses an 18-character ID (already normalised: half-width, no spaces, upper-case X).
    public static func parse(_ text: String) -> Result<ResidentID, Problem> {
        let bytes = Array(text.utf8)
        guard bytes.count == 18 else { return .failure(.length(text.count)) }
        guard bytes[0..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes[17] == 0x58 || (bytes[17] >= 0x30 && bytes[17] <= 0x39) else {
            return .failure(.character)
        }
        let expected = checkCharacter(bytes[0..<17])
        guard Character(Unicode.Scalar(bytes[17])) == expected else { return .failure(.checkDigit(expected: expected)) }
        let id = ResidentID(text: text)
        guard id.birthDateIsReal else { return .failure(.birthDate) }
        return .success(id)
    }

    /// The 18-character form of a 15-character legacy ID (born 19xx, no check character), or nil.
    public static func upgrading(_ legacy: String) -> String? {
        let bytes = Array(legacy.utf8)
        guard bytes.count == 15, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let first17 = Array(bytes[0..<6]) + Array("19".utf8) + Array(bytes[6..<15])
        return String(decoding: first17, as: UTF8.self) + String(checkCharacter(first17[...]))
    }

    /// The MOD 11-2 check character of the first 17 digits.
    static func checkCharacter(_ first17: ArraySlice<UInt8>) -> Character {
        var sum = 0
        for (digit, weight) in zip(first17, weights) { sum += Int(digit - 0x30) * weight }
        return checkCharacters[sum % 11]
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")

    private init(text: String) {
        self.text = text
    }

    private func number(_ range: Range<Int>) -> Int {
        Int(text.utf8.dropFirst(range.lowerBound).prefix(range.count).reduce(0) { $0 * 10 + Int($1 - 0x30) })
    }

    /// Region code (first six digits): the county that issued the number.
    public var region: String { String(text.prefix(6)) }
    public var birthYear: Int { number(6..<10) }
    public var birthMonth: Int { number(10..<12) }
    public var birthDay: Int { number(12..<14) }
    /// The birth date as ISO text, `1970-01-31`.
    public var birthDate: String {
        let digits = text.utf8.dropFirst(6).prefix(8)
        return String(decoding: digits.prefix(4) + [0x2D] + digits.dropFirst(4).prefix(2) + [0x2D] + digits.suffix(2), as: UTF8.self)
    }
    /// Male when the 17th digit is odd.
    public var isMale: Bool { number(16..<17) % 2 == 1 }

    private var birthDateIsReal: Bool {
        guard birthYear >= 1870, (1...12).contains(birthMonth), birthDay >= 1 else { return false }
        let leap = birthYear % 4 == 0 && (birthYear % 100 != 0 || birthYear % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][birthMonth - 1]
        return birthDay <= days
    }

    /// Whole years of age on a date.
    public func age(onYear year: Int, month: Int, day: Int) -> Int {
        var age = year - birthYear
        if month < birthMonth || (month == birthMonth && day < birthDay) { age -= 1 }
        return age
    }

    /// For logs and messages: region and last four kept, the rest masked (`440203********123X`).
    public var masked: String { ResidentID.mask(text) }

    /// Masks any ID-like text the same way (only its first six and last four characters stay).
    public static func mask(_ text: String) -> String {
        guard text.count > 10 else { return String(repeating: "*", count: text.count) }
        return String(text.prefix(6)) + String(repeating: "*", count: text.count - 10) + String(text.suffix(4))
    }

    public var description: String { masked }
}
