import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Workflow
@testable import OfficeWeb

/// A browser's side of HummingbirdTesting's client: keeps the cookies the site sets and sends them back.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        var status: HTTPResponse.Status
        var html: String
        var location: String?
        var setCookies: [String]
    }

    /// The form token the site gave this browser (after it opened a page with a form).
    var formToken: String? { cookies[FormToken.cookieName] }

    mutating func get(_ uri: String) async throws -> Page {
        try await send(uri, method: .get, headers: [:], body: nil)
    }

    /// Posts `fields` URL-encoded, with the form token unless `token` is false.
    mutating func post(_ uri: String, _ fields: [(String, String)], token: Bool = true) async throws -> Page {
        var all = fields
        if token, let formToken { all.append((FormToken.fieldName, formToken)) }
        let body = all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
        return try await send(uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    mutating func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let page = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, html: String(buffer: response.body), location: response.headers[.location],
                 setCookies: response.headers[values: .setCookie])
        }
        for setCookie in page.setCookies {
            let pair = setCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let (name, value) = (String(pair[0]), pair.count > 1 ? String(pair[1]) : "")
            cookies[name] = value.isEmpty || setCookie.contains("Max-Age=0") ? nil : value
        }
        return page
    }

    /// Logs in through the login page; the response to the login's POST.
    mutating func logIn(_ name: String, _ password: String) async throws -> Page {
        _ = try await get("/login")
        return try await post("/login", [("name", name), ("password", password)])
    }
}

/// Accounts, roles and sessions through HTTP: every page needs a login once the workspace has
/// accounts; a sender's account sees and submits its own sender's only; full ID numbers only for
/// a 科室负责人 on request, audited with every download; logins rate-limited.
@Suite("Web page: accounts and roles")
struct AccountTests {
    static let chief = ("王科长", "科长的密码-2026")
    static let civil = ("民政李", "民政的密码-2026")
    static let disabled = ("残联张", "残联的密码-2026")

    /// The demo workspace with three accounts: the section chief, 民政部门's and 残联's clerks.
    static func site() throws -> (site: OfficeSite, folder: String, august: String) {
        let (site, folder, august) = try CheckPageTests.site()
        var book = AccountBook()
        let senders = try WorkspaceConfig.read(workspace: site.workspace).senders
        try book.add(name: chief.0, role: .chief, sender: nil, password: chief.1, senders: senders)
        try book.add(name: civil.0, role: .sender, sender: "民政部门", password: civil.1, senders: senders)
        try book.add(name: disabled.0, role: .sender, sender: "残联", password: disabled.1, senders: senders)
        try book.write(to: site.workspace)
        return (site, folder, august)
    }

    static let fullID = #"[1-9]\d{16}[\dX]"#

    /// The audit log's entries, each line one JSON object of strings.
    static func audit(_ site: OfficeSite) throws -> [[String: String]] {
        try String(contentsOfFile: site.audit.path, encoding: .utf8).split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], "\(line)")
        }
    }

    @Test("with accounts every page needs a login: a GET goes to the login page, a POST is refused; a login without the form's token, with a wrong password or an unknown name is refused in the same words; the right one opens a session in an HttpOnly SameSite=Strict cookie; 退出 ends it")
    func logInAndOut() async throws {
        let (site, folder, _) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Application(router: site.router()).test(.router) { client in
            var browser = Browser(client)
            for uri in ["/month", "/files", "/check", "/person", "/reports/2026-10/0", "/"] {
                let page = try await browser.get(uri)
                #expect(page.status == .seeOther && page.location == "/login", "\(uri): \(page.status)")
            }
            let post = try await browser.post("/person", [("q", "张三")], token: false)
            #expect(post.status == .unauthorized && post.html.contains("没有登录或登录已过期"))

            let form = try await browser.get("/login")
            #expect(form.status == .ok && form.html.contains("type=\"password\"") && form.html.contains("name=\"form_token\""))
            #expect(!form.html.contains("href=\"/month\""), "no navigation before login")
            let forged = try await browser.post("/login", [("name", Self.chief.0), ("password", Self.chief.1)], token: false)
            #expect(forged.status == .forbidden && forged.html.contains("页面已过期或不是从本页提交的"))
            #expect(browser.cookies[Sessions.cookieName] == nil)
            let wrong = try await browser.post("/login", [("name", Self.chief.0), ("password", "不是这个密码")])
            let unknown = try await browser.post("/login", [("name", "没有这个人"), ("password", Self.chief.1)])
            for refused in [wrong, unknown] {
                #expect(refused.status == .unauthorized && refused.html.contains("账户名或密码不对，未登录。"))
            }
            #expect(browser.cookies[Sessions.cookieName] == nil)

            let login = try await browser.post("/login", [("name", Self.chief.0), ("password", Self.chief.1)])
            #expect(login.status == .seeOther && login.location == "/month")
            let session = try #require(login.setCookies.first { $0.hasPrefix(Sessions.cookieName + "=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"), "\(session)")
            let month = try await browser.get("/month?m=2026-10")
            #expect(month.status == .ok && month.html.contains("王科长（科室负责人）") && month.html.contains("href=\"/logout\""))

            // Another browser with a made-up session cookie is not let in.
            var stranger = Browser(client)
            stranger.cookies[Sessions.cookieName] = String(repeating: "ab", count: 32)
            #expect(try await stranger.get("/month").status == .seeOther)

            let logout = try await browser.get("/logout")
            #expect(logout.status == .seeOther && logout.location == "/login")
            #expect(browser.cookies[Sessions.cookieName] == nil)
            #expect(try await browser.get("/month").status == .seeOther)
        }
        let audit = try Self.audit(site)
        #expect(audit.map { $0["action"]! } == ["登录失败", "登录失败", "登录", "退出"])
        #expect(audit.filter { $0["action"] == "登录失败" }.map { $0["object"]! } == ["王科长", "没有这个人"])
        #expect(audit.last?["user"] == "王科长" && audit.allSatisfy { $0["time"]?.hasPrefix("20") == true })
    }

    @Test("a sender's account sees its own sender only: 本月情况 lists 民政部门 and not the others and offers no report; a report URL is refused; 文件 lists its own files, another's is not found; the chief sees all and each download is audited")
    func eachRoleSeesItsOwn() async throws {
        let (site, folder, _) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Application(router: site.router()).test(.router) { client in
            var civil = Browser(client), chief = Browser(client)
            #expect(try await civil.logIn(Self.civil.0, Self.civil.1).status == .seeOther)
            #expect(try await chief.logIn(Self.chief.0, Self.chief.1).status == .seeOther)

            let own = try await civil.get("/month?m=2026-10")
            #expect(own.status == .ok && own.html.contains("民政李（民政部门）"))
            #expect(own.html.contains("<td>民政部门</td>"))
            #expect(!own.html.contains("<td>残联</td>") && !own.html.contains("<td>乡村振兴（扶贫）部门</td>"), "\(own.html)")
            #expect(!own.html.contains("href=\"/reports/") && own.html.contains("只有科室负责人的账户可以查看和下载"))
            #expect(try await civil.get("/reports/2026-10/0").status == .forbidden)
            let all = try await chief.get("/month?m=2026-10")
            for sender in ["民政部门", "残联", "乡村振兴（扶贫）部门"] { #expect(all.html.contains("<td>\(sender)</td>"), "\(sender)") }
            #expect(all.html.components(separatedBy: "href=\"/reports/2026-10/").count - 1 == 8)
            let download = try await chief.get("/reports/2026-10/0")
            #expect(download.status == .ok)

            // 文件: 民政部门's three lists; 残联's and the pension exports are not there, nor found by their link.
            let taken = ReceivedFiles.taken(in: site.workspace)
            let files = try await civil.get("/files")
            let listed = taken.filter { files.html.contains(">\($0.name)</a>") }.map(\.name)
            #expect(Set(listed) == Set(taken.filter { $0.name.hasPrefix("低保特困人员名单") }.map(\.name)), "\(listed)")
            #expect(listed.count == 3)
            let theirs = try #require(taken.first { $0.name.hasPrefix("重度残疾人名单") })
            #expect(theirs.sender == "残联")
            #expect(taken.first { $0.name.hasPrefix("城乡居民参保缴费信息") }?.sender == "社保经办机构", "a file dropped in the inbox root is its detected sender's")
            #expect(try await civil.get("/files/\(FilesPage.id(of: theirs))").status == .notFound)
            #expect(try await civil.get("/files/\(FilesPage.id(of: theirs))/report").status == .notFound)
            let mine = try #require(taken.first { $0.name.hasPrefix("低保特困人员名单") })
            #expect(try await civil.get("/files/\(FilesPage.id(of: mine))/report").status == .ok)
            let chiefFiles = try await chief.get("/files")
            #expect(taken.allSatisfy { chiefFiles.html.contains(">\($0.name)</a>") })
            #expect(try await chief.get("/files/\(FilesPage.id(of: theirs))").status == .ok)
        }
        let downloads = try Self.audit(site).filter { $0["action"] == "下载" }
        #expect(downloads.count == 2)
        #expect(downloads[0]["user"] == "王科长" && downloads[0]["object"]!.hasPrefix("2026年10月报表 "))
        #expect(downloads[1]["user"] == "民政李" && downloads[1]["object"]!.contains("低保特困人员名单"))
    }

    @Test("a sender's account uploads and submits for itself only: 正式报送 offers its own sender, refuses another, and another account can neither download nor submit its upload")
    func senderSubmitsForItself() async throws {
        let (site, folder, august) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Application(router: site.router()).test(.router) { client in
            var civil = Browser(client), disabled = Browser(client)
            _ = try await civil.logIn(Self.civil.0, Self.civil.1)
            _ = try await disabled.logIn(Self.disabled.0, Self.disabled.1)
            _ = try await civil.get("/check")
            let (body, contentType) = CheckPageTests.upload(try Data(contentsOf: URL(fileURLWithPath: august)), name: "低保特困人员名单-2026年8月.xlsx",
                                                            token: civil.formToken)
            let checked = try await civil.send("/check", method: .post, headers: [.contentType: contentType], body: body)
            #expect(checked.status == .ok && checked.html.contains("错误 3 处"))
            #expect(checked.html.contains("<select name=\"sender\" required><option>民政部门</option></select>"), "only its own sender offered")
            let token = try #require(checked.html.range(of: #"/check/[0-9a-f]{32}/report"#, options: .regularExpression)
                .map { String(checked.html[$0]).split(separator: "/")[1] })

            let forOthers = try await civil.post("/check/\(token)/submit", [("sender", "残联")])
            #expect(forOthers.status == .forbidden && forOthers.html.contains("只能以「民政部门」的名义报送，不能替「残联」报送"), "\(forOthers.html)")
            _ = try await disabled.get("/check")
            #expect(try await disabled.get("/check/\(token)/report").status == .notFound)
            #expect(try await disabled.post("/check/\(token)/submit", [("sender", "残联")]).status == .notFound)
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: site.workspace.inbox + "/残联")) ?? []).isEmpty)

            #expect(try await civil.get("/check/\(token)/report").status == .ok)
            let placed = try await civil.post("/check/\(token)/submit", [("sender", "民政部门")])
            #expect(placed.status == .ok && placed.html.contains("已放入收件箱：民政部门/低保特困人员名单-2026年8月.xlsx"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: site.workspace.inbox + "/民政部门/低保特困人员名单-2026年8月.xlsx"))
                    == Data(contentsOf: URL(fileURLWithPath: august)))
        }
        let actions = try Self.audit(site).filter { $0["user"] == "民政李" }.map { $0["action"]! }
        #expect(actions == ["登录", "下载", "正式报送"])
    }

    @Test("查人: IDs masked for everyone; the chief may show the full ID, which the audit log records masked; a sender's account finds only its own sender's people, never a full ID, and not another sender's person")
    func fullIDsByRole() async throws {
        let (site, folder, _) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let register = try Register(readingAt: site.workspace.registerPath)
        let october = ReportMonth(year: 2026, month: 10)
        var ids: [String] = []
        try register.forEachPerson { ids.append($0.id) }
        var civilOnly: PersonExplanation?, disabledOnly: PersonExplanation?
        for id in ids {
            guard let explained = try register.explain(id, month: october, profile: site.profile),
                  try register.findPeople(explained.person.name).count == 1 else { continue }
            let senders = Set(explained.person.statuses.map(\.sender))
            if senders == ["民政部门"], civilOnly == nil { civilOnly = explained }
            if senders == ["残联"], disabledOnly == nil { disabledOnly = explained }
        }
        let civilPerson = try #require(civilOnly), disabledPerson = try #require(disabledOnly)
        try await Application(router: site.router()).test(.router) { client in
            var chief = Browser(client), civil = Browser(client)
            _ = try await chief.logIn(Self.chief.0, Self.chief.1)
            _ = try await civil.logIn(Self.civil.0, Self.civil.1)
            _ = try await chief.get("/person")
            _ = try await civil.get("/person")

            let masked = try await chief.post("/person", [("q", civilPerson.person.name), ("m", "2026-10")])
            #expect(masked.html.contains(ResidentID.mask(civilPerson.person.id)) && masked.html.contains("显示完整身份证号"))
            #expect(masked.html.range(of: Self.fullID, options: .regularExpression) == nil)
            #expect(masked.html.contains("value=\"2026-10\" size=\"8\""), "the month searched stays in the form")
            let full = try await chief.post("/person", [("q", civilPerson.person.name), ("m", "2026-10"), ("full", "1")])
            #expect(full.html.contains("，\(civilPerson.person.id)，"), "the chief sees the full ID on request")

            let own = try await civil.post("/person", [("q", civilPerson.person.name), ("m", "2026-10"), ("full", "1")])
            #expect(own.status == .ok && own.html.contains(ResidentID.mask(civilPerson.person.id)))
            #expect(own.html.range(of: Self.fullID, options: .regularExpression) == nil && !own.html.contains("显示完整身份证号"))
            let byID = try await civil.post("/person", [("q", civilPerson.person.id), ("m", "2026-10")])
            #expect(byID.html.contains(ResidentID.mask(civilPerson.person.id)) && byID.html.range(of: Self.fullID, options: .regularExpression) == nil)
            let other = try await civil.post("/person", [("q", disabledPerson.person.name), ("m", "2026-10")])
            #expect(other.html.contains("不是本单位报送的人员") && !other.html.contains(ResidentID.mask(disabledPerson.person.id)))
            #expect(!own.html.contains("（残联，") && !own.html.contains("（残联报送）"), "no other sender's record")
        }
        let audit = try String(contentsOfFile: site.audit.path, encoding: .utf8)
        #expect(audit.range(of: Self.fullID, options: .regularExpression) == nil, "no full ID in the audit log")
        let views = try Self.audit(site).filter { $0["action"] == "查看完整身份证号" }
        #expect(views.count == 1)
        #expect(views.first?["user"] == "王科长" && views.first?["object"] == "\(civilPerson.person.name) \(ResidentID.mask(civilPerson.person.id))")
    }

    @Test("when the audit log cannot be written, nothing it would record is given: a report download and a full ID are refused with the reason")
    func nothingUnaudited() async throws {
        let (site, folder, _) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let register = try Register(readingAt: site.workspace.registerPath)
        var ids: [String] = []
        try register.forEachPerson { ids.append($0.id) }
        let person = try #require(try ids.lazy.compactMap { try register.explain($0, month: ReportMonth(year: 2026, month: 10), profile: site.profile) }.first).person
        try await Application(router: site.router()).test(.router) { client in
            var chief = Browser(client)
            #expect(try await chief.logIn(Self.chief.0, Self.chief.1).status == .seeOther)
            // The log's place taken by a folder: it cannot be appended to.
            try FileManager.default.removeItem(atPath: site.audit.path)
            try FileManager.default.createDirectory(atPath: site.audit.path, withIntermediateDirectories: false)
            let download = try await chief.get("/reports/2026-10/0")
            #expect(download.status == .serviceUnavailable && download.html.contains("审计日志") && download.html.contains("无法写入"))
            _ = try await chief.get("/person")
            let full = try await chief.post("/person", [("q", person.id), ("m", "2026-10"), ("full", "1")])
            #expect(full.html.contains("无法写入") && !full.html.contains("，\(person.id)，"), "\(full.html)")
        }
    }

    @Test("five wrong passwords for one account: the sixth try is refused even with the right password, in Chinese with the minutes to wait; another account logs in meanwhile")
    func loginsAreRateLimited() async throws {
        let (site, folder, _) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Application(router: site.router()).test(.router) { client in
            var browser = Browser(client)
            for attempt in 1...LoginThrottle.attempts {
                #expect(try await browser.logIn(Self.civil.0, "猜的密码-\(attempt)").status == .unauthorized)
            }
            let blocked = try await browser.logIn(Self.civil.0, Self.civil.1)
            #expect(blocked.status == .tooManyRequests && blocked.html.contains("登录失败次数太多，请 15 分钟后再试"), "\(blocked.html)")
            #expect(browser.cookies[Sessions.cookieName] == nil)
            var other = Browser(client)
            #expect(try await other.logIn(Self.chief.0, Self.chief.1).status == .seeOther)
        }
    }

    @Test("the accounts file holds salted PBKDF2-SHA256 hashes, never a password, readable by its owner only; a removed account's session ends, and a new password ends the old sessions")
    func accountsFile() async throws {
        let (site, folder, _) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = AccountBook.path(in: site.workspace)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(Self.chief.1) && !text.contains(Self.civil.1))
        let stored = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let hashes = stored.compactMap { $0["password"] as? [String: Any] }
        #expect(hashes.count == 3 && hashes.allSatisfy { ($0["algorithm"] as? String) == "pbkdf2-sha256" && ($0["rounds"] as? Int ?? 0) >= 210_000 })
        #expect(Set(hashes.compactMap { $0["salt"] as? String }).count == 3, "each its own salt")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        var book = try AccountBook.read(site.workspace)
        defer { _ = book }
        #expect(book.verify(name: Self.civil.0, password: Self.civil.1)?.sender == "民政部门")
        #expect(book.verify(name: Self.civil.0, password: Self.chief.1) == nil)
        #expect(throws: AccountError.weakPassword) { try book.add(name: "短", role: .chief, sender: nil, password: "1234567", senders: []) }
        #expect(throws: AccountError.unknownSender("财政局", known: ["民政部门"])) {
            try book.add(name: "财政", role: .sender, sender: "财政局", password: "足够长的密码", senders: ["民政部门"])
        }

        try await Application(router: site.router()).test(.router) { client in
            var civil = Browser(client), chief = Browser(client)
            _ = try await civil.logIn(Self.civil.0, Self.civil.1)
            _ = try await chief.logIn(Self.chief.0, Self.chief.1)
            #expect(try await civil.get("/month").status == .ok)
            var book = try AccountBook.read(site.workspace)
            try book.remove(name: Self.civil.0)
            try book.setPassword(name: Self.chief.0, password: "科长的新密码-2027")
            try book.write(to: site.workspace)
            #expect(try await civil.get("/month").status == .seeOther, "removed: logged out")
            #expect(try await chief.get("/month").status == .seeOther, "new password: logged out")
            #expect(try await chief.logIn(Self.chief.0, "科长的新密码-2027").status == .seeOther)
        }
    }
}
