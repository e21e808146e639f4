import Foundation
import TestSupport
import Testing

/// `sheetflow serve` as the office runs it: on loopback it answers a browser over real TCP;
/// another address is refused (accounts are needed there).
extension CommandLineTests {
    @Test("serve: the 上传校验 page answers on 127.0.0.1 over TCP (with its form token cookie); listening on another address, or a bad --listen, is refused with the reason")
    func serve() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = try FolderServiceTests.workspace(in: folder)
        let open = try Self.run(["serve", root, "--listen", "0.0.0.0:8080"])
        #expect(open.status != 0 && open.stderr.contains("需要账户和权限"), "\(open.stderr)")
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
