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
