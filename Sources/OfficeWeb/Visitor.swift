import Foundation
import Hummingbird
import NIOCore

/// Who is asking for a page, and what that allows.
public struct Visitor: Sendable, Equatable {
    /// The account logged in; nil when the workspace has no accounts (loopback only).
    public var account: String?
    public var role: Account.Role
    /// The sender a sender's account acts for.
    public var sender: String?

    /// Without accounts: whoever can open the page on this computer, as the shared folder's users can.
    static let local = Visitor(account: nil, role: .chief, sender: nil)
    /// Sees nothing: what a handler assumes if the access check has not run.
    static let nobody = Visitor(account: nil, role: .sender, sender: nil)

    init(account: String?, role: Account.Role, sender: String?) {
        (self.account, self.role, self.sender) = (account, role, sender)
    }

    init(_ account: Account) {
        self.init(account: account.name, role: account.role, sender: account.sender)
    }

    /// Whether full ID numbers may be shown on request: a logged-in 科室负责人 (every view audited).
    var mayShowFullIDs: Bool { account != nil && role == .chief }

    /// Whether what `senders` (one sender, or several joined by 、 as the register keeps them)
    /// delivered is this visitor's to see.
    func sees(_ senders: String?) -> Bool {
        guard role == .sender else { return true }
        guard let own = sender, let senders else { return false }
        return senders.split(separator: "、").contains { $0 == own }
    }

    /// The senders this visitor may submit a file as, among the workspace's.
    func submitsAs(among senders: [String]) -> [String] {
        role == .chief ? senders : senders.filter { $0 == sender }
    }

    /// `张三（科室负责人）`, `李四（民政部门）`; nil without an account.
    var label: String? { account.map { "\($0)（\(role == .chief ? role.rawValue : sender ?? role.rawValue)）" } }

    /// The scope of what the visitor sees, for a cached page's key.
    var scope: String { role == .chief ? "*" : "sender:" + (sender ?? "") }
}

/// The request context of the office's pages: Hummingbird's, with the visitor the access check found.
public struct OfficeContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `AccessCheck` for every page but the login page.
    public var visitor: Visitor?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, for the audit log and the login throttle.
    var address: String? { remoteAddress?.ipAddress }

    /// The visitor, or one who sees nothing when there is none.
    var who: Visitor { visitor ?? .nobody }
}

/// Lets a request through to its page only with a visitor: without accounts, the local one; with
/// accounts, the one its session cookie names (otherwise a GET goes to the login page, anything else is refused).
struct AccessCheck: RouterMiddleware {
    let site: OfficeSite

    func handle(_ request: Request, context: OfficeContext, next: (Request, OfficeContext) async throws -> Response) async throws -> Response {
        if request.uri.path == "/login" || request.uri.path == "/logout" { return try await next(request, context) }
        var context = context
        guard let visitor = site.visitor(of: request) else {
            if request.method == .get || request.method == .head { return Response(status: .seeOther, headers: [.location: "/login"]) }
            return HTMLPage.response(HTMLPage.document(title: "请先登录", current: "", body: "<p class=\"refused\">没有登录或登录已过期，未处理。请<a href=\"/login\">登录</a>后重新操作。</p>"),
                                     status: .unauthorized)
        }
        context.visitor = visitor
        return try await next(request, context)
    }
}
