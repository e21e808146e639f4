import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Workflow
import XLSXKit
@testable import OfficeWeb

/// 上传校验 through HTTP, as a browser sends it: the form, the upload, the receipt and problems on
/// the page, the report to download; refused without the form's token, too large, or unreadable.
@Suite("Web page: 上传校验")
struct CheckPageTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A demo workspace (its files as the demo's senders deliver them) and the site over it.
    static func site(maxUploadBytes: Int = 50 << 20) throws -> (site: OfficeSite, folder: String, august: String) {
        let folder = try ExternalTool.temporaryFolder()
        let outcome = try Demo(workspace: URL(fileURLWithPath: folder + "/工作区")).run()
        let archived = FileManager.default.enumerator(atPath: outcome.workspace.path + "/archive")?.compactMap { $0 as? String } ?? []
        let august = try #require(archived.first { $0.hasSuffix("低保特困人员名单-2026年8月.xlsx") }, "\(archived)")
        let site = OfficeSite(workspace: Workspace(root: outcome.workspace.path), profile: try ProfileCatalog.shipped().profile(outcome.profile),
                              maxUploadBytes: maxUploadBytes)
        return (site, folder, outcome.workspace.path + "/archive/" + august)
    }

    /// A multipart/form-data body as a browser sends one file and the form's token.
    static func upload(_ data: Data, name: String, token: String?) -> (body: ByteBuffer, contentType: String) {
        let boundary = "----sheetflowTestBoundary7MA4YWxkTrZu0gW"
        var body = Data()
        if let token {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"form_token\"\r\n\r\n\(token)\r\n".utf8)
        }
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n".utf8)
        body += Data("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".utf8)
        body += data
        body += Data("\r\n--\(boundary)--\r\n".utf8)
        return (ByteBuffer(bytes: body), "multipart/form-data; boundary=\(boundary)")
    }

    /// The form page's token and the cookie that carries it.
    static func formToken(_ client: some TestClientProtocol) async throws -> (token: String, cookie: String) {
        try await client.execute(uri: "/check", method: .get) { response in
            #expect(response.status == .ok)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), "\(setCookie)")
            let cookie = String(setCookie.split(separator: ";")[0])
            let token = String(cookie.split(separator: "=")[1])
            let html = String(buffer: response.body)
            #expect(html.contains("<input type=\"hidden\" name=\"form_token\" value=\"\(token)\">"))
            #expect(html.contains("enctype=\"multipart/form-data\""))
            return (token, cookie)
        }
    }

    @Test("the demo's August civil-affairs list uploaded through the form: receipt, its errors listed with row and 姓名, the report downloads and openpyxl reads it; no full ID on the page; nothing registered")
    func uploadAndCheck() async throws {
        let (site, folder, august) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let registerBefore = try Data(contentsOf: URL(fileURLWithPath: site.workspace.registerPath))
        let app = Application(router: site.router())
        try await app.test(.router) { client in
            let (token, cookie) = try await Self.formToken(client)
            let (body, contentType) = Self.upload(try Data(contentsOf: URL(fileURLWithPath: august)), name: "低保特困人员名单-2026年8月.xlsx", token: token)
            let html = try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType, .cookie: cookie], body: body) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(html.contains("回执：低保特困人员名单-2026年8月.xlsx，名单，"), "\(html)")
            #expect(html.contains("错误 3 处"), "the demo's August list has three errors")
            let rows = html.components(separatedBy: "<tr class=\"error\">").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
            #expect(rows.count == 3)
            #expect(rows.allSatisfy { $0.contains("<td>错误</td>") })
            // Each with its row and 姓名 (the duplicates' read back from the file).
            let names = rows.map { row in row.components(separatedBy: "<td>").dropFirst().map { $0.components(separatedBy: "</td>")[0] } }
            #expect(names.allSatisfy { $0.count == 6 && Int($0[2]) != nil && !$0[3].isEmpty }, "\(names)")
            // No 18-character ID number anywhere on the page.
            #expect(html.range(of: #"[1-9]\d{16}[\dX]"#, options: .regularExpression) == nil)
            let link = try #require(html.range(of: #"/check/[0-9a-f]{32}/report"#, options: .regularExpression).map { String(html[$0]) })
            let report = folder + "/下载的校验报告.xlsx"
            try await client.execute(uri: link, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
                try Data(buffer: response.body).write(to: URL(fileURLWithPath: report))
            }
            let read = try ExternalTool.python("""
                import json, sys, openpyxl
                wb = openpyxl.load_workbook(sys.argv[1])
                comments = [c.coordinate for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row if c.comment]
                print(json.dumps({"sheets": wb.sheetnames, "comments": len(comments)}))
                """, [report]) as? [String: Any] ?? [:]
            #expect((read["sheets"] as? [String])?.first == "校验结果")
            #expect((read["comments"] as? Int ?? 0) >= 3)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: site.workspace.registerPath)) == registerBefore, "checking registers nothing")
    }

    @Test("正式报送 after checking: the file lands in the inbox's sender sub-folder under its own name, whole, and the folder service takes it as that sender; without the form's token, or for another sender, nothing lands")
    func submit() async throws {
        let (site, folder, august) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = try Data(contentsOf: URL(fileURLWithPath: august))
        try await Application(router: site.router()).test(.router) { client in
            let (token, cookie) = try await Self.formToken(client)
            let (body, contentType) = Self.upload(original, name: "低保特困人员名单-2026年8月.xlsx", token: token)
            let html = try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType, .cookie: cookie], body: body) {
                String(buffer: $0.body)
            }
            let action = try #require(html.range(of: #"/check/[0-9a-f]{32}/submit"#, options: .regularExpression).map { String(html[$0]) })
            #expect(html.contains("<option>民政部门</option>"))
            func post(_ fields: String) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(uri: action, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                         body: ByteBuffer(string: fields)) { ($0.status, String(buffer: $0.body)) }
            }
            let sender = "民政部门".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await post("sender=\(sender)").0 == .forbidden, "no form token")
            #expect(try await post("sender=%E5%85%B6%E4%BB%96&form_token=\(token)").0 == .notFound, "a sender the workspace does not have")
            let (status, page) = try await post("sender=\(sender)&form_token=\(token)")
            #expect(status == .ok && page.contains("已放入收件箱：民政部门/低保特困人员名单-2026年8月.xlsx"), "\(page)")
            #expect(try await post("sender=\(sender)&form_token=\(token)").0 == .notFound, "submitted once only")
        }
        let placed = site.workspace.inbox + "/民政部门/低保特困人员名单-2026年8月.xlsx"
        #expect(try Data(contentsOf: URL(fileURLWithPath: placed)) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.workspace.inbox + "/民政部门").filter { $0.hasPrefix(".") }.isEmpty)
        // The folder service takes it as it takes a dropped file (the demo registered this content already: it says so).
        var config = try WorkspaceConfig.read(workspace: site.workspace)
        config.settleSeconds = 0.2
        _ = try FolderService(workspace: site.workspace, log: ServiceLog(path: folder + "/service.log", echo: false), config: config).run(once: true)
        #expect(!FileManager.default.fileExists(atPath: placed), "taken out of the inbox")
        let receipts = ReceivedFiles.taken(in: site.workspace).filter { $0.name == "低保特困人员名单-2026年8月" }
        #expect(receipts.contains { $0.receipt.contains("已处理过") }, "\(receipts.map(\.receipt))")
    }

    @Test("refused, with a Chinese reason and the form again: a POST without the form's token, a file over the limit, a file that is not a spreadsheet, an encrypted one, no file")
    func refusals() async throws {
        let (site, folder, august) = try Self.site(maxUploadBytes: 1 << 20)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let app = Application(router: site.router())
        let encrypted = Self.repository.appendingPathComponent("Tests/XLSXKitTests/Fixtures/bad-encrypted.xlsx").path
        try await app.test(.router) { client in
            let (token, cookie) = try await Self.formToken(client)
            func post(_ data: Data, name: String = "名单.xlsx", token: String?, cookie: String?) async throws -> (HTTPResponse.Status, String) {
                let (body, contentType) = Self.upload(data, name: name, token: token)
                var headers: HTTPFields = [.contentType: contentType]
                if let cookie { headers[.cookie] = cookie }
                return try await client.execute(uri: "/check", method: .post, headers: headers, body: body) { ($0.status, String(buffer: $0.body)) }
            }
            let list = try Data(contentsOf: URL(fileURLWithPath: august))
            let (noToken, noTokenPage) = try await post(list, token: nil, cookie: cookie)
            #expect(noToken == .forbidden && noTokenPage.contains("页面已过期或不是从本页提交的"))
            let (otherSite, _) = try await post(list, token: FormToken.newToken(), cookie: cookie)
            #expect(otherSite == .forbidden, "a token that is not the cookie's")
            let (noCookie, _) = try await post(list, token: token, cookie: nil)
            #expect(noCookie == .forbidden, "a cross-site form: the browser sends no SameSite=Strict cookie")
            let (tooLarge, tooLargePage) = try await post(Data(repeating: 0x41, count: 2 << 20), token: token, cookie: cookie)
            #expect(tooLarge == .contentTooLarge && tooLargePage.contains("文件超过上传上限（1 MiB）"))
            let (note, notePage) = try await post(Data("请各单位于本月5日前报送名单。\n谢谢！\n".utf8), name: "通知.xlsx", token: token, cookie: cookie)
            #expect(note == .ok && notePage.contains("未能校验：") && notePage.contains("通知.xlsx"), "\(notePage)")
            #expect(!notePage.contains("upload"), "the stored name is never shown")
            do {
                let (locked, lockedPage) = try await post(try Data(contentsOf: URL(fileURLWithPath: encrypted)), name: "加密.xlsx", token: token, cookie: cookie)
                #expect(locked == .ok && lockedPage.contains("去掉密码"), "\(lockedPage)")
            }
            let (empty, emptyPage) = try await post(Data(), token: token, cookie: cookie)
            #expect(empty == .badRequest && emptyPage.contains("没有收到文件"))
            for page in [noTokenPage, tooLargePage, notePage, emptyPage] { #expect(page.contains("<form method=\"post\" action=\"/check\"")) }
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: site.workspace.root + "/.sheetflow/web/uploads")) ?? []
        #expect(left.isEmpty, "refused uploads leave nothing behind: \(left)")
    }

    /// The hostile workbooks of XLSXKit's tests (bombs, XML entities, damaged archives, encrypted, not a workbook …).
    static let hostile = (try? FileManager.default.contentsOfDirectory(atPath: repository.path + "/Tests/XLSXKitTests/Fixtures"))?
        .filter { $0.hasPrefix("bad-") }.sorted() ?? []

    @Test("each hostile workbook uploaded is refused, never hanging, with the inbox's own Chinese reason, under the sender's file name, and leaves nothing behind",
          arguments: hostile)
    func hostileUpload(_ fixture: String) async throws {
        // Checking needs no register: an empty folder is workspace enough.
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let site = OfficeSite(workspace: Workspace(root: folder), profile: try ProfileCatalog.shipped().profile(ProfileCatalog.defaultProfile))
        let path = Self.repository.path + "/Tests/XLSXKitTests/Fixtures/" + fixture
        // What the folder service says of the same file (the engine's own reason, with its name).
        let expected: String
        do {
            _ = try ValidationReport.write(input: path, options: ValidationOptions(profile: site.profile), folder: folder + "/direct")
            Issue.record("\(fixture) was read")
            return
        } catch let error as XLSXError {
            expected = error.message
        }
        try await Application(router: site.router()).test(.router) { client in
            let (token, cookie) = try await Self.formToken(client)
            let (body, contentType) = Self.upload(try Data(contentsOf: URL(fileURLWithPath: path)), name: fixture, token: token)
            let started = Date()
            let page = try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType, .cookie: cookie], body: body) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            // A hang guard, not a speed test: alone all sixteen take under a second, but beside the
            // whole suite on two cores one took 19.6 s.
            #expect(Date().timeIntervalSince(started) < 60)
            #expect(!expected.isEmpty && page.contains("<p class=\"refused\">未能校验：\(HTMLPage.escape(expected))</p>"), "\(expected) / \(page)")
            #expect(expected.hasPrefix(fixture), "named by the sender's file name")
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: site.workspace.root + "/.sheetflow/web/uploads")) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test("a file name is shown, never used as a path; a report link with another token finds nothing")
    func namesAndTokens() async throws {
        #expect(UploadStore.displayName("../../etc/passwd") == "passwd")
        #expect(UploadStore.displayName("C:\\Users\\张三\\低保名单.xlsx") == "低保名单.xlsx")
        #expect(UploadStore.displayName("名单\u{0}\u{7}.xlsx") == "名单.xlsx")
        #expect(CheckPage.fileName("form-data; name=\"file\"; filename*=UTF-8''%E4%BD%8E%E4%BF%9D.xlsx") == "低保.xlsx")
        #expect(CheckPage.fileName("form-data; name=\"file\"; filename=\"低保名单.xls\"") == "低保名单.xls")
        let (site, folder, _) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Application(router: site.router()).test(.router) { client in
            for uri in ["/check/\(FormToken.newToken())/report", "/check/..%2F..%2Fregister/report", "/check/ABC/report"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
        }
    }
}
