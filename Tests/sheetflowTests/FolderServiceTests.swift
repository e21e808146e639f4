import Foundation
import TestSupport
import Testing

/// The real service (`sheetflow init / run / watch`) in a temporary workspace: files dropped at
/// once, a file written slowly, kills at random moments, polling, a vanishing inbox. The inputs
/// are written by openpyxl; the register is read with Python's sqlite3.
@Suite("folder service", .serialized)
struct FolderServiceTests {
    /// Writes a batch of inbox files: `good` small rosters with distinct people, `duplicates`
    /// copies of the first ones under other names, `bad` unreadable workbooks (truncated, not a
    /// zip, an old .xls), `other` non-spreadsheets, and lock/temp/hidden files to be ignored.
    static let batch = """
    import json, os, random, shutil, sys, openpyxl
    inbox, good, duplicates, bad, other = sys.argv[1], *map(int, sys.argv[2:6])
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    def make_id(n):
        body = f"440203{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    senders = ["民政部门", "残联", ""]
    made = {"good": [], "duplicates": [], "bad": [], "other": [], "ignored": []}
    for index in range(good):
        folder = os.path.join(inbox, senders[index % 3])
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"名单{index:03d}.xlsx")
        book = openpyxl.Workbook(); sheet = book.active; sheet.title = "花名册"
        sheet.append([f"武江区低保对象名单（第{index}批）"]); sheet.append(["数据截至：2026年10月31日"])
        sheet.append(["序号", "姓名", "性别", "公民身份号码", "人员类别", "认定时间", "户籍地址"])
        for row in range(2):
            number = index * 2 + row + 1
            sheet.append([row + 1, f"测试{number}", "男", make_id(number), "低保对象", "2020-01-01", "广东省韶关市武江区"])
        book.save(path)
        made["good"].append(os.path.relpath(path, inbox))
    for index in range(duplicates):
        source = os.path.join(inbox, made["good"][index])
        path = os.path.join(inbox, f"重发{index:03d}.xlsx")
        shutil.copyfile(source, path)
        made["duplicates"].append(os.path.relpath(path, inbox))
    for index in range(bad):
        kind = index % 3
        if kind == 0:
            source = os.path.join(inbox, made["good"][index % max(good, 1)])
            data = open(source, "rb").read()[:1500]
            path = os.path.join(inbox, f"截断{index:03d}.xlsx")
        elif kind == 1:
            data, path = b"this is not a zip file" * 40, os.path.join(inbox, f"损坏{index:03d}.xlsx")
        else:
            data, path = b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(600), os.path.join(inbox, f"旧版{index:03d}.xls")
        open(path, "wb").write(data)
        made["bad"].append(os.path.relpath(path, inbox))
    for index in range(other):
        path = os.path.join(inbox, f"说明{index:03d}." + ["txt", "pdf", "docx"][index % 3])
        open(path, "wb").write(b"%PDF-1.4 not a spreadsheet")
        made["other"].append(os.path.relpath(path, inbox))
    for name in ["~$名单000.xlsx", ".~lock.名单000.xlsx#", "下载中.tmp", ".隐藏.xlsx"]:
        open(os.path.join(inbox, name), "wb").write(b"lock")
        made["ignored"].append(name)
    print(json.dumps(made, ensure_ascii=False))
    """

    /// What the register says: files taken in, and the journal's tickets not done.
    static let registerCounts = """
    import json, sqlite3, sys
    db = sqlite3.connect(sys.argv[1])
    print(json.dumps({"files": db.execute("select count(*) from file").fetchone()[0],
                      "people": db.execute("select count(*) from person").fetchone()[0],
                      "unfinished": db.execute("select count(*) from intake where state != 'done'").fetchone()[0]}))
    """

    /// Starts `sheetflow` with these arguments in the background, its output discarded.
    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A new workspace with short waits (settle 1 s, poll 1 s, incomplete timeout 2 s).
    static func workspace(in folder: String, _ arguments: [String] = []) throws -> String {
        let root = folder + "/工作区"
        let made = try CommandLineTests.run(["init", root, "--unit", "武江区社保局"] + arguments)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("收件箱：inbox/（文件直接放进来即可"))
        var config = try String(contentsOfFile: root + "/sheetflow.yaml", encoding: .utf8)
        config = config.replacingOccurrences(of: "settle_seconds: 2", with: "settle_seconds: 1")
            .replacingOccurrences(of: "poll_seconds: 5", with: "poll_seconds: 1")
            .replacingOccurrences(of: "incomplete_timeout_seconds: 60", with: "incomplete_timeout_seconds: 2")
        try config.write(toFile: root + "/sheetflow.yaml", atomically: true, encoding: .utf8)
        return root
    }

    static func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    /// Every dropped file is exactly once in archive/ or failed/ (failed ones with a reason), the
    /// ignored ones are still in the inbox, each archived file has one outbox folder with a receipt,
    /// no work is left half done, and the register holds each distinct content once.
    static func checkExactlyOnce(_ root: String, made: [String: [String]], distinctGood: Int) throws {
        let archived = files(under: root + "/archive").map { ($0 as NSString).lastPathComponent }
        let failed = files(under: root + "/failed").map { ($0 as NSString).lastPathComponent }
        let taken = (made["good"]! + made["duplicates"]!).map { ($0 as NSString).lastPathComponent }
        let refused = (made["bad"]! + made["other"]!).map { ($0 as NSString).lastPathComponent }
        #expect(archived.sorted() == taken.sorted(), "archive: \(archived.count) of \(taken.count)")
        #expect(failed.filter { !$0.hasSuffix(".原因.txt") }.sorted() == refused.sorted())
        #expect(failed.filter { $0.hasSuffix(".原因.txt") }.count == refused.count)
        #expect(files(under: root + "/inbox").map { ($0 as NSString).lastPathComponent }.sorted() == made["ignored"]!.sorted())
        let outbox = files(under: root + "/outbox")
        let receipts = outbox.filter { $0.hasSuffix("/回执.txt") }
        #expect(receipts.count == taken.count)
        #expect(!outbox.contains { $0.hasSuffix(".part") || $0.contains("/.") })
        let duplicateReceipts = try receipts.filter { try String(contentsOfFile: root + "/outbox/" + $0, encoding: .utf8).contains("已处理过") }
        #expect(duplicateReceipts.count == taken.count - distinctGood)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.sheetflow/work").isEmpty)
        let counts = try #require(try ExternalTool.python(registerCounts, [root + "/.sheetflow/register.sqlite"]) as? [String: Int])
        #expect(counts["files"] == distinctGood)
        #expect(counts["people"] == distinctGood * 2)
        #expect(counts["unfinished"] == 0)
    }

    @Test("200 files dropped at once (good, duplicate, unreadable, not spreadsheets, lock files): each ends once in the right place with the right receipt")
    func twoHundredFiles() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = try Self.workspace(in: folder)
        let made = try #require(try ExternalTool.python(Self.batch, [root + "/inbox", "130", "30", "21", "15"]) as? [String: [String]])
        #expect(made.values.map(\.count).reduce(0, +) == 200)
        let run = try CommandLineTests.run(["run", root])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("处理完成：归档 160 个，未能处理 36 个"), "\(run.stdout)")
        try Self.checkExactlyOnce(root, made: made, distinctGood: 130)

        // Reasons a clerk can act on, and an ID never printed whole in the log.
        let reason = try String(contentsOfFile: root + "/failed/旧版002.xls.原因.txt", encoding: .utf8)
        #expect(reason.contains("另存为"))
        let truncated = try String(contentsOfFile: root + "/failed/截断000.xlsx.原因.txt", encoding: .utf8)
        #expect(truncated.contains("未能处理："))
        let receipt = try String(contentsOfFile: root + "/outbox/" + (Self.files(under: root + "/outbox").first { $0.hasSuffix("名单001/回执.txt") } ?? ""), encoding: .utf8)
        #expect(receipt.contains("报送单位：残联"), "sender from the sub-folder")
        #expect(receipt.contains("登记册：新增 2 人次"))
        let log = try String(contentsOfFile: root + "/.sheetflow/sheetflow.log", encoding: .utf8)
        #expect(log.contains("收到 民政部门/名单000.xlsx"))
        #expect(log.range(of: #"\d{17}[\dX]"#, options: .regularExpression) == nil)

        // The same batch's duplicates dropped again later: recognised, nothing counted twice.
        try FileManager.default.copyItem(atPath: root + "/archive/" + Self.files(under: root + "/archive").first { $0.hasSuffix("名单005.xlsx") }!,
                                         toPath: root + "/inbox/名单005-再次.xlsx")
        #expect(try CommandLineTests.run(["run", root]).stdout.contains("归档 1 个"))
        let counts = try #require(try ExternalTool.python(Self.registerCounts, [root + "/.sheetflow/register.sqlite"]) as? [String: Int])
        #expect(counts["files"] == 130)
    }

    @Test("kill -9 at random moments during a batch, then restarts: nothing lost, nothing twice", arguments: [11, 23, 37])
    func killNine(seed: Int) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = try Self.workspace(in: folder)
        let made = try #require(try ExternalTool.python(Self.batch, [root + "/inbox", "12", "3", "3", "2"]) as? [String: [String]])
        var generator = SeededGenerator(seed: UInt64(seed))
        var finished = false
        for _ in 0..<12 where !finished {
            let process = try Self.launch(["run", root])
            let deadline = Date().addingTimeInterval(Double.random(in: 0.2...2.5, using: &generator))
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            } else {
                finished = process.terminationStatus == 0
            }
        }
        if !finished {
            let last = try CommandLineTests.run(["run", root])
            #expect(last.status == 0, "\(last.stderr)")
        }
        try Self.checkExactlyOnce(root, made: made, distinctGood: 12)
    }

    @Test("watch: a file written slowly is not taken early; polling finds files; a vanished inbox is picked up again; SIGTERM stops cleanly")
    func watchSlowWriterAndPolling() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = try Self.workspace(in: folder)
        let source = try #require(try ExternalTool.python(Self.batch, [folder, "1", "0", "0", "0"]) as? [String: [String]])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + source["good"]![0]))

        for pollOnly in [false, true] {
            let service = try Self.launch(["watch", root] + (pollOnly ? ["--poll", "1"] : []))
            usleep(300_000)

            // Written in chunks over about three seconds, the writer holding the file open.
            let name = pollOnly ? "慢速-轮询.xlsx" : "慢速.xlsx"
            let path = root + "/inbox/民政部门/" + name
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            let chunk = bytes.count / 6 + 1
            for start in stride(from: 0, to: bytes.count, by: chunk) {
                try writer.write(contentsOf: bytes[start..<min(start + chunk, bytes.count)])
                usleep(500_000)
                #expect(FileManager.default.fileExists(atPath: path), "taken while still being written")
            }
            try writer.close()
            #expect(Self.waitFor { Self.files(under: root + "/archive").contains { $0.hasSuffix(name) } }, "\(name) archived")
            #expect(!Self.files(under: root + "/failed").contains { $0.hasPrefix(name) })

            if pollOnly {
                // The inbox goes away (a share disconnects) and comes back; a file dropped then is taken.
                try FileManager.default.moveItem(atPath: root + "/inbox", toPath: root + "/inbox-断开")
                usleep(1_500_000)
                try FileManager.default.moveItem(atPath: root + "/inbox-断开", toPath: root + "/inbox")
                try bytes.write(to: URL(fileURLWithPath: root + "/inbox/恢复后.xlsx"))
                #expect(Self.waitFor { Self.files(under: root + "/archive").contains { $0.hasSuffix("恢复后.xlsx") } })
            }
            // SIGTERM: the service stops by itself (never left hanging: killed after 10 s).
            kill(service.processIdentifier, SIGTERM)
            let stopped = Self.waitFor(seconds: 10) { !service.isRunning }
            if !stopped { kill(service.processIdentifier, SIGKILL) }
            service.waitUntilExit()
            #expect(stopped && service.terminationStatus == 0)
        }
        let log = try String(contentsOfFile: root + "/.sheetflow/sheetflow.log", encoding: .utf8)
        #expect(log.contains("收件箱无法访问"))
        #expect(log.contains("收件箱已恢复"))
        #expect(log.contains("已停止监视"))
    }

    /// Files that are not workbooks, each under an `.xlsx` name, with a word its reason must have.
    static let foreign: [(name: String, reason: String)] = [
        ("扫描件.xlsx", "PDF 文件"), ("截图.xlsx", "图片"), ("加密.xlsx", "密码"),
        ("导出Excel.xlsx", "网页（HTML）"), ("XML表格.xlsx", "Excel 2003 XML"), ("说明.txt.xlsx", "文本文件"), ("空文件.xlsx", "空的"),
        ("公文.xlsx", "不是电子表格"),
    ]

    @Test("a running watch answers a file that is not a workbook within the settle time plus a second; a zip cut in half waits, says so at once, and fails once unchanged for the timeout, which a restart does not start again")
    func answersAtOnce() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = try Self.workspace(in: folder)   // settle 1 s, incomplete timeout 2 s
        let staging = folder + "/准备"
        let fixtures = CommandLineTests.fixtures.path
        _ = try ExternalTool.python("""
            import io, os, shutil, sys, zipfile, openpyxl
            out, fixtures = sys.argv[1], sys.argv[2]
            os.makedirs(out)
            def put(name, data): open(os.path.join(out, name), "wb").write(data)
            put("扫描件.xlsx", b"%PDF-1.7\\n1 0 obj << /Type /Catalog >> endobj\\n" + bytes(300))
            put("截图.xlsx", b"\\x89PNG\\r\\n\\x1a\\n" + bytes(300))
            shutil.copy(os.path.join(fixtures, "bad-encrypted.xlsx"), os.path.join(out, "加密.xlsx"))
            put("导出Excel.xlsx", '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body><table><tr><td>姓名</td><td>身份证号</td></tr></table></body></html>'.encode())
            put("XML表格.xlsx", '<?xml version="1.0"?>\\n<?mso-application progid="Excel.Sheet"?>\\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="名单"/></Workbook>'.encode())
            put("说明.txt.xlsx", "请各单位于每月10日前报送名单。\\n联系人：王科长\\n".encode("utf-8-sig"))
            put("空文件.xlsx", b"")
            shutil.copy(os.path.join(fixtures, "bad-word-document.xlsx"), os.path.join(out, "公文.xlsx"))
            book = openpyxl.Workbook(); book.active.append(["姓名", "身份证号"]); data = io.BytesIO(); book.save(data)
            put("半个.xlsx", data.getvalue()[: len(data.getvalue()) // 2])
            put("又半个.xlsx", data.getvalue()[: len(data.getvalue()) // 3])
            print("{}")
            """, [staging, fixtures])

        let service = try Self.launch(["watch", root])
        defer { if service.isRunning { kill(service.processIdentifier, SIGKILL) } }
        usleep(500_000)
        // Dropped together, the way a clerk copies a handful of files.
        let dropped = Date()
        for name in Self.foreign.map(\.name) + ["半个.xlsx"] { try FileManager.default.moveItem(atPath: staging + "/" + name, toPath: root + "/inbox/" + name) }
        try Self.touch(root + "/inbox/半个.xlsx", dropped)   // its copy has just stopped
        var answered: [String: Double] = [:]
        var saidWaiting: Double?
        while Date().timeIntervalSince(dropped) < 6, answered.count < Self.foreign.count + 1 {
            let failed = Set(Self.files(under: root + "/failed"))
            for name in Self.foreign.map(\.name) + ["半个.xlsx"] where answered[name] == nil && failed.contains(name + ".原因.txt") {
                answered[name] = Date().timeIntervalSince(dropped)
            }
            if saidWaiting == nil, (try? String(contentsOfFile: root + "/.sheetflow/sheetflow.log", encoding: .utf8))?.contains("正在等待复制完成：半个.xlsx") == true {
                saidWaiting = Date().timeIntervalSince(dropped)
            }
            usleep(50_000)
        }
        for (name, word) in Self.foreign {
            let seconds = try #require(answered[name], "\(name) not answered")
            #expect(seconds <= 2.0, "\(name) answered after \(seconds) s (settle 1 s + 1 s)")
            let reason = try String(contentsOfFile: root + "/failed/" + name + ".原因.txt", encoding: .utf8)
            #expect(reason.contains(word), "\(name): \(reason)")
        }
        #expect(try #require(saidWaiting) <= 2.0, "the half-copied zip is said to be waiting at once")
        let half = try #require(answered["半个.xlsx"], "the half-copied zip fails after the timeout")
        #expect(half >= 2.0, "it waited (settle 1 s + timeout 2 s)")
        #expect(try String(contentsOfFile: root + "/failed/半个.xlsx.原因.txt", encoding: .utf8).contains("不完整"))

        // A service killed and started again while a zip waits does not make it wait anew: the
        // wait counts from the file's last change: after the restart only the settle time, not the timeout again.
        let cut = Date()
        try FileManager.default.moveItem(atPath: staging + "/又半个.xlsx", toPath: root + "/inbox/又半个.xlsx")
        try Self.touch(root + "/inbox/又半个.xlsx", cut)
        #expect(Self.waitFor(seconds: 3) { (try? String(contentsOfFile: root + "/.sheetflow/sheetflow.log", encoding: .utf8))?.contains("正在等待复制完成：又半个.xlsx") == true })
        usleep(useconds_t(max(0, 1.3 - Date().timeIntervalSince(cut)) * 1_000_000))   // before the timeout
        kill(service.processIdentifier, SIGKILL)
        service.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: root + "/inbox/又半个.xlsx"), "still waiting when killed")
        let restart = Date()
        let restarted = try Self.launch(["watch", root])
        defer { if restarted.isRunning { kill(restarted.processIdentifier, SIGKILL) } }
        #expect(Self.waitFor(seconds: 6) { FileManager.default.fileExists(atPath: root + "/failed/又半个.xlsx.原因.txt") })
        let afterRestart = Date().timeIntervalSince(restart)
        #expect(afterRestart < 1.7, "failed \(afterRestart) s after the restart: only the settle time (1 s), not the timeout (2 s) again")
        kill(restarted.processIdentifier, SIGTERM)
        restarted.waitUntilExit()
    }

    /// Sets a file's modification time, as a copy that has just finished leaves it.
    static func touch(_ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    @Test("init, run and watch keep personal data private: .sheetflow/ 0700 with the register and log 0600, the shared folders 2770 in the config's group, nothing readable by others; watch refuses an exposed register")
    func privateModes() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let group = try ExternalTool.run("id", ["-gn"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let root = try Self.workspace(in: folder, ["--group", group])
        let made = try CommandLineTests.run(["init", root])   // again: says what it set, keeps the group
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("只有本用户可以访问（文件夹 0700，文件 0600）") && made.stdout.contains("组「\(group)」"))
        #expect(made.stdout.contains("outbox/<年-月>月报/"), "init says where a month's current reports are")
        _ = try ExternalTool.python(Self.batch, [root + "/inbox", "2", "0", "1", "1"])
        #expect(try CommandLineTests.run(["run", root]).status == 0)
        // watch, too, creates what it writes privately.
        let service = try Self.launch(["watch", root])
        usleep(300_000)
        _ = try ExternalTool.python(Self.batch, [folder + "/第二批", "1", "0", "0", "0"])
        try FileManager.default.moveItem(atPath: folder + "/第二批/民政部门/名单000.xlsx", toPath: root + "/inbox/第二批.xlsx")
        #expect(Self.waitFor { Self.files(under: root + "/archive").contains { $0.hasSuffix("第二批.xlsx") } })
        kill(service.processIdentifier, SIGTERM)
        service.waitUntilExit()

        let groupID = try #require(getgrnam(group)).pointee.gr_gid
        var checked = 0
        for case let relative as String in FileManager.default.enumerator(atPath: root)?.allObjects ?? [] {
            let path = root + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            checked += 1
            let mode = info.st_mode & 0o7777, isFolder = info.st_mode & S_IFMT == S_IFDIR
            // Files still in the inbox are the droppers' own (lock and temp files nobody takes); the inbox keeps others out.
            if relative.hasPrefix("inbox/"), !isFolder { continue }
            if relative == "sheetflow.yaml" { continue }   // rewritten by this test's helper (no personal data in it)
            #expect(mode & 0o007 == 0, "\(relative) is \(String(mode, radix: 8)): others may read it")
            if relative.hasPrefix(".sheetflow") {
                #expect(mode & 0o077 == 0, "\(relative) is \(String(mode, radix: 8)): only the user may read .sheetflow/")
                if relative == ".sheetflow" || relative == ".sheetflow/work" { #expect(mode == 0o700) }
                if relative.hasSuffix("register.sqlite") || relative.hasSuffix("sheetflow.log") { #expect(mode == 0o600, "\(relative)") }
            } else if isFolder, ["inbox", "outbox", "archive", "failed"].contains(relative.split(separator: "/").first.map(String.init) ?? "") {
                #expect(info.st_gid == groupID && mode & 0o2000 != 0 && mode & 0o070 == 0o070, "\(relative) is \(String(mode, radix: 8))")
            }
        }
        #expect(checked > 30)
        // A register someone made readable: watch and run refuse, saying why.
        chmod(root + "/.sheetflow/register.sqlite", 0o644)
        let refused = try CommandLineTests.run(["run", root])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("为保护个人信息，未启动") && refused.stderr.contains("权限是 644"), "\(refused.stderr)")
    }

    /// Waits up to `seconds` for `condition`.
    static func waitFor(seconds: Double = 15, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }
}

/// A small deterministic generator (SplitMix64) so a failing seed can be rerun.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
