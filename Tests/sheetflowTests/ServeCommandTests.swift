import Foundation
import TestSupport
import Testing

/// `sheetflow serve` as the office runs it: on loopback it answers a browser over real TCP;
/// another address is refused until the workspace has accounts (`sheetflow account`), then every
/// page asks for a login.
extension CommandLineTests {
    @Test("serve: the 上传校验 page answers on 127.0.0.1 over TCP (with its form token cookie); listening on another address, or a bad --listen, is refused with the reason")
    func serve() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = try FolderServiceTests.workspace(in: folder)
        let open = try Self.run(["serve", root, "--listen", "0.0.0.0:8080"])
        #expect(open.status != 0 && open.stderr.contains("必须先建立账户：sheetflow account add"), "\(open.stderr)")
        let bad = try Self.run(["serve", root, "--listen", "8080"])
        #expect(bad.status != 0 && bad.stderr.contains("--listen 应写成“地址:端口”"), "\(bad.stderr)")

        let port = Int.random(in: 20_000...45_000)
        let server = try FolderServiceTests.launch(["serve", root, "--listen", "127.0.0.1:\(port)"])
        defer { server.terminate(); server.waitUntilExit() }
        let page = try ExternalTool.python("""
            import json, sys, time, urllib.request
            for attempt in range(100):
                try:
                    with urllib.request.urlopen(sys.argv[1], timeout=5) as response:
                        print(json.dumps({"status": response.status, "cookie": response.headers.get("Set-Cookie", ""),
                                          "html": response.read().decode("utf-8")}))
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                print(json.dumps({"status": 0}))
            """, ["http://127.0.0.1:\(port)/check"]) as? [String: Any] ?? [:]
        #expect(page["status"] as? Int == 200)
        #expect((page["html"] as? String)?.contains("<form method=\"post\" action=\"/check\" enctype=\"multipart/form-data\">") == true)
        #expect((page["cookie"] as? String)?.contains("SameSite=Strict") == true)
    }
}

extension CommandLineTests {
    @Test("account: add a 科室负责人 and a sender's clerk (passwords on standard input), refused for a short password or an unknown sender; then serve listens on 0.0.0.0 and, over TCP, a page goes to the login, and the login opens 本月情况")
    func accountsAndServe() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = try FolderServiceTests.workspace(in: folder)
        let none = try Self.run(["account", "list", root])
        #expect(none.status == 0 && none.stdout.contains("没有账户"))
        let chief = try Self.run(["account", "add", root, "王科长", "--role", "科室负责人"], input: "科长的密码-2026\n")
        #expect(chief.status == 0 && chief.stdout.contains("已建立账户：王科长（科室负责人）。"), "\(chief.stderr)")
        let clerk = try Self.run(["account", "add", root, "民政李", "--role", "报送单位", "--sender", "民政部门"], input: "民政的密码-2026\n")
        #expect(clerk.status == 0 && clerk.stdout.contains("已建立账户：民政李（民政部门）。"), "\(clerk.stderr)")
        let short = try Self.run(["account", "add", root, "张三", "--role", "科室负责人"], input: "1234\n")
        #expect(short.status == 2 && short.stderr.contains("密码太短：至少 8 个字符"), "\(short.stderr)")
        let unknown = try Self.run(["account", "add", root, "财政王", "--role", "报送单位", "--sender", "财政局"], input: "足够长的密码\n")
        #expect(unknown.status == 2 && unknown.stderr.contains("工作区没有报送单位「财政局」。可用的有：") && unknown.stderr.contains("民政部门、残联"), "\(unknown.stderr)")
        let again = try Self.run(["account", "add", root, "王科长", "--role", "科室负责人"], input: "另一个密码-2026\n")
        #expect(again.status == 2 && again.stderr.contains("已经有名为「王科长」的账户"))
        let badRole = try Self.run(["account", "add", root, "赵", "--role", "管理员"], input: "足够长的密码\n")
        #expect(badRole.status == 64 && badRole.stderr.contains("--role 应是「科室负责人」或「报送单位」"))
        #expect(try Self.run(["account", "list", root]).stdout == "王科长（科室负责人）\n民政李（民政部门）\n")

        let port = Int.random(in: 20_000...45_000)
        let server = try FolderServiceTests.launch(["serve", root, "--listen", "0.0.0.0:\(port)"])
        defer { server.terminate(); server.waitUntilExit() }
        let seen = try ExternalTool.python("""
            import http.cookiejar, json, re, sys, time, urllib.parse, urllib.request
            base = sys.argv[1]
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            for attempt in range(100):
                try:
                    first = opener.open(base + "/month", timeout=5); break
                except OSError:
                    time.sleep(0.1)
            login = first.read().decode("utf-8")
            token = re.search(r'name="form_token" value="([0-9a-f]{32})"', login).group(1)
            def post(name, password):
                data = urllib.parse.urlencode({"name": name, "password": password, "form_token": token}).encode()
                try:
                    response = opener.open(base + "/login", data=data, timeout=30)
                    return response.status, response.geturl(), response.read().decode("utf-8")
                except urllib.error.HTTPError as error:
                    return error.code, error.geturl(), error.read().decode("utf-8")
            wrong = post("王科长", "不对的密码")
            right = post("王科长", "科长的密码-2026")
            print(json.dumps({"first": first.geturl(), "login_form": "type=\\"password\\"" in login,
                              "wrong": wrong[0], "wrong_says": "账户名或密码不对" in wrong[2],
                              "right": right[0], "landed": right[1], "month": "王科长（科室负责人）" in right[2] and "报送情况" in right[2]}))
            """, ["http://127.0.0.1:\(port)"]) as? [String: Any] ?? [:]
        #expect(seen["first"] as? String == "http://127.0.0.1:\(port)/login", "\(seen)")
        #expect(seen["login_form"] as? Bool == true)
        #expect(seen["wrong"] as? Int == 401 && seen["wrong_says"] as? Bool == true)
        #expect(seen["right"] as? Int == 200 && seen["landed"] as? String == "http://127.0.0.1:\(port)/month" && seen["month"] as? Bool == true)
        let audit = try String(contentsOfFile: root + "/.sheetflow/web/audit.log", encoding: .utf8)
        #expect(audit.contains("\"action\":\"登录\"") && audit.contains("\"address\":\"127.0.0.1\""), "\(audit)")

        let removed = try Self.run(["account", "remove", root, "民政李"])
        #expect(removed.status == 0 && removed.stdout.contains("已删除账户「民政李」。"))
        #expect(try Self.run(["account", "list", root]).stdout == "王科长（科室负责人）\n")
    }
}

extension CommandLineTests {
    @Test("person: the demo's someone on October's lists, by ID: categories, the lists and why, the records with file and row, the ID masked; an unknown one exits 2")
    func person() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Self.run(["demo"], in: folder).status == 0)
        let root = folder + "/sheetflow-demo"
        let list = try ExternalTool.python("""
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
            rows = [row for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)]
            print(json.dumps({"id": rows[0][5], "name": rows[0][3]}))
            """, [root + "/outbox/2026-10月报/应参未参名单.xlsx"]) as? [String: String] ?? [:]
        let id = try #require(list["id"])
        let result = try Self.run(["person", id, "--month", "2026-10", "--workspace", root])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("\(list["name"] ?? "")，"), "\(result.stdout)")
        #expect(!result.stdout.contains(id) && result.stdout.contains(String(id.prefix(6)) + "********" + String(id.suffix(4))))
        #expect(result.stdout.contains("应参未参名单：属「") && result.stdout.contains("依据的记录"))
        #expect(result.stdout.range(of: #"\.xlsx 第 \d+ 行（名单，"#, options: .regularExpression) != nil)
        let unknown = try Self.run(["person", "没有这个人", "--workspace", root])
        #expect(unknown.status == 2 && unknown.stderr.contains("登记册中没有「没有这个人」"), "\(unknown.status) \(unknown.stderr)")
    }
}
