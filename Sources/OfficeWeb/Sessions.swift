import Foundation
import Hummingbird

/// Who is logged in: a random token in an HttpOnly, SameSite=Strict cookie names a session kept
/// in memory (a restart logs everyone out). A session ends on logout, after two idle hours, or
/// twelve hours after login.
final class Sessions: @unchecked Sendable {
    static let cookieName = "sheetflow_session"
    static let idleSeconds: TimeInterval = 2 * 3600
    static let longestSeconds: TimeInterval = 12 * 3600

    private struct Session {
        var account: String
        /// The salt of the password it was opened with: a new password ends the session.
        var salt: String
        var opened: Date
        var seen: Date
    }

    private let lock = NSLock()
    private var sessions: [String: Session] = [:]

    /// A new session for `account` and the cookie that carries it.
    func open(for account: Account, now: Date = Date()) -> Cookie {
        let token = FormToken.newToken() + FormToken.newToken()
        lock.withLock {
            sessions = sessions.filter { Self.isLive($0.value, now: now) }
            sessions[token] = Session(account: account.name, salt: account.password.salt, opened: now, seen: now)
        }
        return Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// The account logged in by the request's cookie, if its session is still live and the
    /// account in `book` still has the password it logged in with.
    func account(of request: Request, in book: AccountBook, now: Date = Date()) -> Account? {
        guard let token = request.cookies[Self.cookieName]?.value else { return nil }
        return lock.withLock {
            guard var session = sessions[token] else { return nil }
            guard Self.isLive(session, now: now), let account = book.account(named: session.account), account.password.salt == session.salt else {
                sessions[token] = nil
                return nil
            }
            session.seen = now
            sessions[token] = session
            return account
        }
    }

    /// Ends the request's session; the cookie that clears it in the browser.
    func close(_ request: Request) -> Cookie {
        if let token = request.cookies[Self.cookieName]?.value { _ = lock.withLock { sessions.removeValue(forKey: token) } }
        return Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }

    private static func isLive(_ session: Session, now: Date) -> Bool {
        now.timeIntervalSince(session.seen) < idleSeconds && now.timeIntervalSince(session.opened) < longestSeconds
    }
}
