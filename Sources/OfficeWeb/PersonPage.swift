import Foundation
import Hummingbird
import Workflow

/// 查人: search by ID number or 姓名; a person's categories, periods, enrolment, payments, this
/// month's lists and why, and every record that rests on (`PersonReport`, the same words as
/// `sheetflow person`). The query is posted, never put in a URL; IDs are shown masked.
struct PersonPage {
    let site: OfficeSite

    func form(_ request: Request) -> Response {
        let (token, cookie) = FormToken.current(request)
        return HTMLPage.response(HTMLPage.document(title: "查人", current: "/person", body: searchForm(token, query: "")), cookie: cookie)
    }

    func search(_ request: Request) async throws -> Response {
        let (token, cookie) = FormToken.current(request)
        let body = try await request.body.collect(upTo: 64 << 10)
        let fields = (try? URLEncodedFormDecoder().decode(Search.self, from: String(buffer: body))) ?? Search()
        guard FormToken.accepts(request, formValue: fields.form_token) else {
            return HTMLPage.response(HTMLPage.document(title: "查人", current: "/person",
                                                       body: "<p class=\"refused\">页面已过期或不是从本页提交的。请刷新本页后重新查询。</p>" + searchForm(token, query: "")),
                                     status: .forbidden, cookie: cookie)
        }
        let query = fields.q ?? ""
        let month = fields.m.flatMap(ReportMonth.init)
        let result = try await site.offload { [site] () -> String in
            guard FileManager.default.fileExists(atPath: site.workspace.registerPath) else { return "<p>还没有登记册：收件箱还没有处理过文件。</p>" }
            let register = try Register(readingAt: site.workspace.registerPath)
            let found = try register.findPeople(query)
            if found.isEmpty { return "<p class=\"refused\">登记册中没有「\(HTMLPage.escape(PersonReport.shown(query: query)))」：请核对身份证号或姓名（姓名须与名单上写的一致）。</p>" }
            let now = ChinaTime.day(Date())
            let shown = month ?? ReportMonth(year: now.year, month: now.month)
            if found.count > 1 {
                return "<p>有 \(found.count) 人叫「\(HTMLPage.escape(query))」，请选一位：</p>" + found.map { person in
                    "<form method=\"post\" action=\"/person\">\(FormToken.field(token))<input type=\"hidden\" name=\"q\" value=\"\(HTMLPage.escape(person.id))\">"
                        + "<input type=\"hidden\" name=\"m\" value=\"\(shown.key)\"><button type=\"submit\">\(HTMLPage.escape(ResidentID.mask(person.id))) \(HTMLPage.escape(person.name ?? ""))</button></form>"
                }.joined()
            }
            guard let explained = try register.explain(found[0].id, month: shown, profile: site.profile) else {
                return "<p>登记册中有这个身份证号的参保或比对记录，但还没有名单列出此人。</p>"
            }
            return "<pre>" + HTMLPage.escape(PersonReport.lines(explained).joined(separator: "\n")) + "</pre>"
        }
        return HTMLPage.response(HTMLPage.document(title: "查人", current: "/person", body: searchForm(token, query: "") + result), cookie: cookie)
    }

    private func searchForm(_ token: String, query: String) -> String {
        let now = ChinaTime.day(Date())
        return """
            <form method="post" action="/person">
            \(FormToken.field(token))
            <label>身份证号或姓名 <input type="text" name="q" required maxlength="30" autocomplete="off"></label>
            <label>月份 <input type="text" name="m" value="\(ReportMonth(year: now.year, month: now.month).key)" size="8" pattern="\\d{4}-\\d{2}"></label>
            <button type="submit">查询</button>
            </form>
            """
    }

    /// The search form's fields.
    struct Search: Decodable {
        var q: String?
        var m: String?
        var form_token: String?
    }
}
