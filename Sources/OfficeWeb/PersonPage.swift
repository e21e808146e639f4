import Foundation
import Hummingbird
import Workflow

/// 查人: search by ID number or 姓名; a person's categories, periods, enrolment, payments, this
/// month's lists and why, and every record that rests on (`PersonReport`, the same words as
/// `sheetflow person`). The query is posted, never put in a URL; IDs are shown masked. A
/// sender's account finds only the people its sender reported, without other senders' records;
/// a 科室负责人 may show the full ID number, which the audit log records.
struct PersonPage {
    let site: OfficeSite

    func form(_ request: Request, visitor: Visitor) -> Response {
        let (token, cookie) = FormToken.current(request)
        return HTMLPage.response(HTMLPage.document(title: "查人", current: "/person", body: searchForm(token, month: nil), visitor: visitor), cookie: cookie)
    }

    func search(_ request: Request, context: OfficeContext) async throws -> Response {
        let visitor = context.who
        let (token, cookie) = FormToken.current(request)
        let body = try await request.body.collect(upTo: 64 << 10)
        let fields = (try? URLEncodedFormDecoder().decode(Search.self, from: String(buffer: body))) ?? Search()
        guard FormToken.accepts(request, formValue: fields.form_token) else {
            return HTMLPage.response(HTMLPage.document(title: "查人", current: "/person",
                                                       body: "<p class=\"refused\">页面已过期或不是从本页提交的。请刷新本页后重新查询。</p>" + searchForm(token, month: nil),
                                                       visitor: visitor),
                                     status: .forbidden, cookie: cookie)
        }
        let query = fields.q ?? ""
        let now = ChinaTime.day(Date())
        let month = fields.m.flatMap(ReportMonth.init) ?? ReportMonth(year: now.year, month: now.month)
        let fullID = fields.full == "1" && visitor.mayShowFullIDs
        let config = site.config()   // read once: it is parsed from sheetflow.yaml
        let others = Set(config?.senders ?? []).subtracting([visitor.sender ?? ""])
        var (result, shownPerson) = try await site.offload { [site] () -> (String, PersonExplanation?) in
            guard FileManager.default.fileExists(atPath: site.workspace.registerPath) else { return ("<p>还没有登记册：收件箱还没有处理过文件。</p>", nil) }
            let register = try Register(readingAt: site.workspace.registerPath)
            // A sender's clerk finds only the people its sender reported (each explained once).
            var explanations: [String: PersonExplanation?] = [:]
            func explain(_ id: String) throws -> PersonExplanation? {
                if let kept = explanations[id] { return kept }
                var explanation = try register.explain(id, month: month, profile: site.profile, unit: config?.unit)
                if visitor.role == .sender { explanation = explanation?.seen(by: visitor.sender ?? "", others: others) }
                explanations[id] = explanation
                return explanation
            }
            var found = try register.findPeople(query)
            if visitor.role == .sender { found = try found.filter { try explain($0.id) != nil } }
            if let pick = fields.pick.flatMap(Int.init), found.indices.contains(pick) { found = [found[pick]] }
            if found.isEmpty {
                return ("<p class=\"refused\">登记册中没有「\(HTMLPage.escape(PersonReport.shown(query: query)))」\(visitor.role == .sender ? "（或不是本单位报送的人员）" : "")："
                        + "请核对身份证号或姓名（姓名须与名单上写的一致）。</p>", nil)
            }
            if found.count > 1 {
                // Each choice posts the name again with its place in the list: no ID number in the page.
                return ("<p>有 \(found.count) 人叫「\(HTMLPage.escape(query))」，请选一位：</p>" + found.enumerated().map { index, person in
                    "<form method=\"post\" action=\"/person\">\(FormToken.field(token))" + hidden(q: query, month: month, pick: index)
                        + "<button type=\"submit\">\(HTMLPage.escape(ResidentID.mask(person.id))) \(HTMLPage.escape(person.name ?? ""))</button></form>"
                }.joined(), nil)
            }
            guard let explained = try explain(found[0].id) else {
                return ("<p>登记册中有这个身份证号的参保或比对记录，但还没有名单列出此人。</p>", nil)
            }
            var html = "<pre>" + HTMLPage.escape(PersonReport.lines(explained, fullID: fullID).joined(separator: "\n")) + "</pre>"
            if visitor.mayShowFullIDs, !fullID {
                html += "<form method=\"post\" action=\"/person\">\(FormToken.field(token))" + hidden(q: query, month: month, pick: fields.pick.flatMap(Int.init))
                    + "<input type=\"hidden\" name=\"full\" value=\"1\"><button type=\"submit\">显示完整身份证号</button>（每次显示都记入审计日志）</form>"
            }
            if visitor.role == .sender { html += "<p>其他报送单位报送的类别和记录不显示。</p>" }
            return (html, explained)
        }
        if fullID, let person = shownPerson?.person,
           !site.audit.write(user: visitor.account, action: "查看完整身份证号", object: "\(person.name) \(ResidentID.mask(person.id))", address: context.address) {
            (result, shownPerson) = ("<p class=\"refused\">\(HTMLPage.escape(site.audit.unwritable))</p>", nil)
        }
        return HTMLPage.response(HTMLPage.document(title: "查人", current: "/person", body: searchForm(token, month: month) + result, visitor: visitor),
                                 cookie: cookie)
    }

    private func hidden(q: String, month: ReportMonth, pick: Int?) -> String {
        "<input type=\"hidden\" name=\"q\" value=\"\(HTMLPage.escape(q))\"><input type=\"hidden\" name=\"m\" value=\"\(month.key)\">"
            + (pick.map { "<input type=\"hidden\" name=\"pick\" value=\"\($0)\">" } ?? "")
    }

    /// The search form, its month field holding the month searched (this month at first).
    private func searchForm(_ token: String, month: ReportMonth?) -> String {
        let now = ChinaTime.day(Date())
        return """
            <form method="post" action="/person">
            \(FormToken.field(token))
            <label>身份证号或姓名 <input type="text" name="q" required maxlength="30" autocomplete="off"></label>
            <label>月份 <input type="text" name="m" value="\((month ?? ReportMonth(year: now.year, month: now.month)).key)" size="8" pattern="\\d{4}-\\d{2}"></label>
            <button type="submit">查询</button>
            </form>
            """
    }

    /// The search form's fields.
    struct Search: Decodable {
        var q: String?
        var m: String?
        /// The place of the chosen person among several of one name.
        var pick: String?
        /// "1": show the full ID number (a 科室负责人 only).
        var full: String?
        var form_token: String?
    }
}
