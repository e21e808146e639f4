import Crypto
import Foundation
import _CryptoExtras

/// A password as stored: PBKDF2-HMAC-SHA256 (swift-crypto, BoringSSL) of the password with a
/// random 16-byte salt, and the rounds it took, so a later increase leaves old hashes readable.
struct PasswordHash: Codable, Sendable, Equatable {
    var algorithm = "pbkdf2-sha256"
    var rounds: Int
    /// Base64.
    var salt: String
    /// Base64, 32 bytes.
    var hash: String

    /// OWASP's figure for PBKDF2-HMAC-SHA256 (2023).
    static let rounds = 600_000

    init(_ password: String, rounds: Int = PasswordHash.rounds) throws {
        var generator = SystemRandomNumberGenerator()
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        self.rounds = rounds
        self.salt = salt.base64EncodedString()
        hash = try Self.derive(password, salt: salt, rounds: rounds).base64EncodedString()
    }

    /// Whether `password` is the one hashed (the hashes compared in constant time).
    func matches(_ password: String) -> Bool {
        guard algorithm == "pbkdf2-sha256", rounds > 0, let salt = Data(base64Encoded: salt), let stored = Data(base64Encoded: hash),
              let derived = try? Self.derive(password, salt: salt, rounds: rounds), derived.count == stored.count else { return false }
        return zip(derived, stored).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Checked against when the name is unknown, so that costs as long as a wrong password.
    static let decoy = try! PasswordHash("sheetflow-decoy-password")

    private static func derive(_ password: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
                                                    unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }
}
