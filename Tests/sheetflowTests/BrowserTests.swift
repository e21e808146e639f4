import Foundation
import TestSupport
import Testing

/// The web page in a real browser (headless Chromium through Selenium): what a section chief and a
/// sender's clerk do, with screenshots of the pages (kept in the test's folder, or in
/// `$SHEETFLOW_SCREENSHOTS` when set, which is how docs/images/ gets them).
extension CommandLineTests {
    @Test("in Chromium: log in as the section chief, 本月情况 of the demo's October, then 上传校验 of its August civil-affairs list through the form: three errors listed, the report downloaded and read by openpyxl; then 民政部门's clerk sees its own line only",
          .enabled(if: ExternalTool.hasBrowser))
    func browser() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let demo = try Self.run(["demo"], in: folder)
        #expect(demo.status == 0, "\(demo.stderr)")
        let root = folder + "/sheetflow-demo"
        let august = try #require(FolderServiceTests.files(under: root + "/archive").first { $0.hasSuffix("低保特困人员名单-2026年8月.xlsx") })
        for (name, role, sender, password) in [("王科长", "科室负责人", nil, "科长的密码-2026"), ("民政李", "报送单位", "民政部门", "民政的密码-2026")] {
            let made = try Self.run(["account", "add", root, name, "--role", role] + (sender.map { ["--sender", $0] } ?? []), input: password + "\n")
            #expect(made.status == 0, "\(made.stderr)")
        }
        let port = Int.random(in: 20_000...45_000)
        let server = try FolderServiceTests.launch(["serve", root, "--listen", "127.0.0.1:\(port)"])
        defer { server.terminate(); server.waitUntilExit() }
        let shots = ProcessInfo.processInfo.environment["SHEETFLOW_SCREENSHOTS"] ?? folder + "/screenshots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let seen = try ExternalTool.python("""
            import glob, json, os, sys, time, urllib.request
            import openpyxl
            from selenium import webdriver
            from selenium.webdriver.common.by import By
            from selenium.webdriver.support.ui import WebDriverWait
            base, upload, shots, downloads = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
            for attempt in range(100):
                try:
                    urllib.request.urlopen(base + "/check", timeout=5); break
                except OSError:
                    time.sleep(0.1)
            options = webdriver.ChromeOptions()
            for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN"):
                options.add_argument(argument)
            options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
            service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
            driver = webdriver.Chrome(options=options, service=service)
            out = {}
            def log_in(name, password):
                WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.NAME, "password"))
                driver.find_element(By.NAME, "name").send_keys(name)
                driver.find_element(By.NAME, "password").send_keys(password)
                driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                # The login takes a moment (the password's hash): wait for the page that names the account.
                WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "nav .who"))
            try:
                driver.get(base + "/month?m=2026-10")
                out["asked_to_log_in"] = driver.current_url.endswith("/login")
                driver.save_screenshot(os.path.join(shots, "web-login.png"))
                log_in("王科长", "科长的密码-2026")
                out["logged_in"] = driver.find_element(By.CSS_SELECTOR, "nav .who").text
                driver.get(base + "/month?m=2026-10")
                out["month_title"] = driver.find_element(By.TAG_NAME, "h1").text
                out["on_time"] = len([cell for cell in driver.find_elements(By.CSS_SELECTOR, "td") if cell.text == "按时"])
                out["report_links"] = len(driver.find_elements(By.CSS_SELECTOR, "a[href^='/reports/2026-10/']"))
                out["chart"] = len(driver.find_elements(By.CSS_SELECTOR, "svg polyline"))
                driver.set_window_size(1280, driver.execute_script("return document.body.scrollHeight") + 120)
                driver.save_screenshot(os.path.join(shots, "web-month.png"))
                driver.find_element(By.LINK_TEXT, "上传校验").click()
                driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(upload)
                driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.receipt"))
                out["receipt"] = driver.find_element(By.CSS_SELECTOR, "p.receipt").text
                out["errors"] = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in driver.find_elements(By.CSS_SELECTOR, "tr.error")]
                driver.set_window_size(1280, driver.execute_script("return document.body.scrollHeight") + 120)
                driver.save_screenshot(os.path.join(shots, "web-check.png"))
                driver.find_element(By.PARTIAL_LINK_TEXT, "下载校验报告").click()
                for attempt in range(100):
                    # Chromium makes an empty file of the final name first and writes into a .crdownload beside it.
                    done = [path for path in glob.glob(os.path.join(downloads, "*.xlsx"))]
                    if done and not glob.glob(os.path.join(downloads, "*.crdownload")) and all(os.path.getsize(path) > 0 for path in done): break
                    time.sleep(0.1)
                out["downloaded"] = [os.path.basename(path) for path in done]
                if done:
                    book = openpyxl.load_workbook(done[0])
                    out["sheets"] = book.sheetnames
                driver.get(base + "/files")
                driver.set_window_size(1280, driver.execute_script("return document.body.scrollHeight") + 120)
                driver.save_screenshot(os.path.join(shots, "web-files.png"))
                driver.find_element(By.LINK_TEXT, "退出").click()
                log_in("民政李", "民政的密码-2026")
                driver.get(base + "/month?m=2026-10")
                out["clerk_senders"] = [row.find_elements(By.TAG_NAME, "td")[0].text for row in driver.find_elements(By.CSS_SELECTOR, "table")[0].find_elements(By.CSS_SELECTOR, "tbody tr")]
                out["clerk_report_links"] = len(driver.find_elements(By.CSS_SELECTOR, "a[href^='/reports/']"))
                driver.set_window_size(1280, driver.execute_script("return document.body.scrollHeight") + 120)
                driver.save_screenshot(os.path.join(shots, "web-month-sender.png"))
            finally:
                driver.quit()
            print(json.dumps(out))
            """, ["http://127.0.0.1:\(port)", root + "/archive/" + august, shots, folder + "/downloads"]) as? [String: Any] ?? [:]
        #expect(seen["asked_to_log_in"] as? Bool == true && seen["logged_in"] as? String == "王科长（科室负责人） · 退出", "\(seen)")
        #expect(seen["month_title"] as? String == "本月情况：2026年10月")
        #expect(seen["on_time"] as? Int == 3, "the three senders delivered September's lists on time")
        #expect(seen["report_links"] as? Int == 8)
        #expect(seen["chart"] as? Int == 4)
        #expect((seen["receipt"] as? String)?.hasPrefix("回执：低保特困人员名单-2026年8月.xlsx，名单，") == true, "\(seen)")
        let errors = seen["errors"] as? [[String]] ?? []
        #expect(errors.count == 3 && errors.allSatisfy { $0.first == "错误" && !$0[3].isEmpty }, "\(errors)")
        #expect(seen["downloaded"] as? [String] == ["低保特困人员名单-2026年8月-校验报告.xlsx"], "\(seen)")
        #expect((seen["sheets"] as? [String])?.first == "校验结果")
        #expect(seen["clerk_senders"] as? [String] == ["民政部门"] && seen["clerk_report_links"] as? Int == 0, "\(seen)")
        for shot in ["web-login", "web-month", "web-check", "web-files", "web-month-sender"] {
            #expect(FileManager.default.fileExists(atPath: shots + "/\(shot).png"), "\(shot)")
        }
    }
}
