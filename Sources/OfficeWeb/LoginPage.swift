import Foundation
import Hummingbird

/// 登录 and 退出. A login posts the account name and password with the form token; failures are
/// counted per name and per address (`LoginThrottle`), and every login, failure and logout is
/// written to the audit log.
struct LoginPage {
    let site: OfficeSite

    func form(_ request: Request) -> Response {
        let (token, cookie) = FormToken.current(request)
        return page(token, cookie: cookie)
    }

    func login(_ request: Request, context: OfficeContext) async throws -> Response {
        let (token, cookie) = FormToken.current(request)
        let fields = (try? URLEncodedFormDecoder().decode(Fields.self, from: String(buffer: try await request.body.collect(upTo: 16 << 10)))) ?? Fields()
        guard FormToken.accepts(request, formValue: fields.form_token) else {
            return page(token, cookie: cookie, refusal: "页面已过期或不是从本页提交的。请刷新本页后重新登录。", status: .forbidden)
        }
        let name = (fields.name ?? "").trimmingCharacters(in: .whitespaces), password = fields.password ?? ""
        let keys = ["name:" + name] + (context.address.map { ["address:" + $0] } ?? [])
        if let wait = site.throttle.wait(keys) {
            site.audit.write(user: nil, action: "登录被拒（失败次数过多）", object: AuditLog.shown(name), address: context.address)
            return page(token, cookie: cookie, refusal: "登录失败次数太多，请 \(Int((wait / 60).rounded(.up))) 分钟后再试；忘记密码请找科室负责人重设。",
                        status: .tooManyRequests)
        }
        let book: AccountBook
        switch site.accessRule() {
        case .accounts(let accounts): book = accounts
        case .open: return Response(status: .seeOther, headers: [.location: "/month"])
        case .closed(let reason): return page(token, cookie: cookie, refusal: reason, status: .serviceUnavailable)
        }
        guard let account = try await site.offload({ book.verify(name: name, password: password) }) else {
            site.throttle.failed(keys)
            site.audit.write(user: nil, action: "登录失败", object: AuditLog.shown(name), address: context.address)
            return page(token, cookie: cookie, refusal: "账户名或密码不对，未登录。", status: .unauthorized)
        }
        site.throttle.succeeded(keys[0])
        site.audit.write(user: account.name, action: "登录", object: account.label, address: context.address)
        var response = Response(status: .seeOther, headers: [.location: "/month"])
        response.setCookie(site.sessions.open(for: account))
        return response
    }

    func logout(_ request: Request, context: OfficeContext) -> Response {
        if let visitor = site.visitor(of: request), let account = visitor.account {
            site.audit.write(user: account, action: "退出", object: "", address: context.address)
        }
        var response = Response(status: .seeOther, headers: [.location: "/login"])
        response.setCookie(site.sessions.close(request))
        return response
    }

    private func page(_ token: String, cookie: Cookie?, refusal: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var body = refusal.map { "<p class=\"refused\">\(HTMLPage.escape($0))</p>" } ?? ""
        if case .closed(let reason) = site.accessRule() { body += "<p class=\"refused\">\(HTMLPage.escape(reason))</p>" }
        body += """
            <form method="post" action="/login">
            \(FormToken.field(token))
            <p><label>账户名 <input type="text" name="name" required maxlength="32" autocomplete="username"></label></p>
            <p><label>密码 <input type="password" name="password" required autocomplete="current-password"></label></p>
            <button type="submit">登录</button>
            </form>
            <p>账户由科室负责人用 sheetflow account add 建立。</p>
            """
        return HTMLPage.response(HTMLPage.document(title: "登录", current: "/login", body: body, navigation: false), status: status, cookie: cookie)
    }

    /// The login form's fields.
    struct Fields: Decodable {
        var name: String?
        var password: String?
        var form_token: String?
    }
}
