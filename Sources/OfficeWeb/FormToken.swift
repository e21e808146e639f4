import Foundation
import Hummingbird

/// The token every form carries against cross-site requests (a page elsewhere posting to this
/// one): a random value kept in a cookie the browser sends only to this site (SameSite=Strict,
/// HttpOnly) and repeated in the form; a POST whose two copies differ is refused.
struct FormToken {
    static let cookieName = "sheetflow_form"
    static let fieldName = "form_token"

    /// The request's token, or a new one with the cookie that sets it.
    static func current(_ request: Request) -> (token: String, cookie: Cookie?) {
        if let value = request.cookies[cookieName]?.value, isWellFormed(value) { return (value, nil) }
        let token = newToken()
        return (token, Cookie(name: cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
    }

    /// The hidden field to put in a form.
    static func field(_ token: String) -> String {
        "<input type=\"hidden\" name=\"\(fieldName)\" value=\"\(token)\">"
    }

    /// Whether the form's copy matches the cookie's (compared in constant time).
    static func accepts(_ request: Request, formValue: String?) -> Bool {
        guard let cookie = request.cookies[cookieName]?.value, isWellFormed(cookie), let formValue, isWellFormed(formValue) else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(cookie.utf8, formValue.utf8) { difference |= a ^ b }
        return difference == 0 && cookie.utf8.count == formValue.utf8.count
    }

    /// 32 hexadecimal digits from the system's random source.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 32 && value.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
