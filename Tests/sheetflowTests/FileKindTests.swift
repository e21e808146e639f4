import Foundation
import TestSupport
import Testing

/// Each kind of file told from its content alone (header, title, file name — no sub-folder, no
/// --kind), for files written by openpyxl and the same files re-saved by LibreOffice; and a file
/// whose kind cannot be told refused by `ingest` and by the folder service without changing the
/// register.
@Suite("file kinds from content")
struct FileKindTests {
    /// One file per kind, named so the name does not give the kind away.
    static let writer = """
    import datetime as dt, json, os, sys, openpyxl
    folder = sys.argv[1]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    def make_id(n):
        body = f"44020319{70 + n:02d}0101{n:03d}"
        return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    def save(name, title, header, rows):
        book = openpyxl.Workbook(); sheet = book.active
        for line in title: sheet.append([line])
        sheet.append(header)
        for row in rows: sheet.append(row)
        book.save(os.path.join(folder, name))
    people = [(f"测试{n}", make_id(n)) for n in range(1, 4)]
    save("附件1.xlsx", ["武江区低保对象名单", "数据截至：2026年10月31日"], ["序号", "姓名", "身份证号码", "人员类别", "户籍地址"],
         [[i + 1, n, d, "低保对象", "广东省韶关市武江区"] for i, (n, d) in enumerate(people)])
    save("附件2.xlsx", ["数据截至：2026年10月31日"], ["序号", "姓名", "身份证号码", "人员类别", "变动类型"],
         [[i + 1, n, d, "特困人员", "新增"] for i, (n, d) in enumerate(people)])
    save("附件3.xlsx", [], ["身份证号码", "姓名", "参保状态", "参保时间", "缴费年度", "代缴金额"],
         [[d, n, "正常参保", dt.datetime(2026, 10, 10), 2026, 180] for n, d in people])
    save("附件4.xlsx", [], ["姓名", "公民身份号码", "死亡日期"], [[n, d, dt.datetime(2026, 10, 18)] for n, d in people[:1]])
    save("附件5.xlsx", [], ["姓名", "身份证号", "学校名称", "入学时间"], [[n, d, "韶关学院", dt.datetime(2025, 9, 1)] for n, d in people[:2]])
    save("附件6.xlsx", [], ["姓名", "身份证号", "单位名称", "参保险种"], [[n, d, "某公司", "企业职工基本养老保险"] for n, d in people[:1]])
    save("附件7.xlsx", ["财政资金划转明细（2026年10月）"], ["姓名", "身份证号", "资金划转时间", "划转金额"],
         [[n, d, dt.datetime(2026, 10, 15), 180] for n, d in people])
    save("附件8.xlsx", ["附表10", "武江区低保对象参加养老保险情况统计表（2026年10月）", "填报单位：武江区社保局"],
         ["序号", "乡镇（街道）", "人员总数", "应参保人数", "已参保人数", "应代缴人数", "已代缴人数"], [[1, "新华街道", 3, 3, 2, 3, 2]])
    save("附件9.xlsx", ["名单"], ["序号", "姓名", "公民身份号码"], [[i + 1, n, d] for i, (n, d) in enumerate(people)])
    print(json.dumps(sorted(os.listdir(folder))))
    """

    /// File → the kind a clerk means by it, as the receipt says it.
    static let kinds = ["附件1": "名单（全量）", "附件2": "名单（增量）", "附件3": "参保缴费信息", "附件4": "死亡人员名单", "附件5": "在校生名单",
                        "附件6": "职工养老保险参保名单", "附件7": "资金划转名单", "附件8": "统计表"]

    /// Files and roster records in a workspace's register, read with Python's sqlite3.
    static func counts(_ workspace: String) throws -> [Int] {
        try #require(try ExternalTool.python("""
            import json, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(json.dumps([db.execute("select count(*) from file").fetchone()[0], db.execute("select count(*) from roster_record").fetchone()[0]]))
            """, [workspace + "/.sheetflow/register.sqlite"]) as? [Int])
    }

    @Test("rosters (full and incremental), exports, death, student, employee-pension and funds-transfer lists and statistics files, from openpyxl and from LibreOffice",
          .enabled(if: ExternalTool.hasLibreOffice))
    func eachKind() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/openpyxl", withIntermediateDirectories: true)
        let names = try #require(try ExternalTool.python(Self.writer, [folder + "/openpyxl"]) as? [String])
        #expect(names.count == 9)
        try FileManager.default.createDirectory(atPath: folder + "/libreoffice", withIntermediateDirectories: true)
        let converted = try ExternalTool.run("soffice", ["-env:UserInstallation=file://\(folder)/lo-profile", "--headless", "--convert-to", "xlsx",
                                                         "--outdir", folder + "/libreoffice"] + names.map { folder + "/openpyxl/" + $0 })
        #expect(converted.status == 0, "\(converted.stderr)")
        for source in ["openpyxl", "libreoffice"] {
            let workspace = "\(folder)/ws-\(source)"
            for (file, kind) in Self.kinds.sorted(by: { $0.key < $1.key }) {
                let result = try CommandLineTests.run(["ingest", "\(folder)/\(source)/\(file).xlsx", "--workspace", workspace])
                #expect(result.status == 0, "\(source) \(file): \(result.stderr)")
                #expect(result.stdout.contains("回执：\(file).xlsx，\(kind)，"), "\(source) \(file): \(result.stdout)")
            }
            // A list with nothing but names and IDs: which kind, which category? Refused, and nothing registered.
            let before = try Self.counts(workspace)
            let unsure = try CommandLineTests.run(["ingest", "\(folder)/\(source)/附件9.xlsx", "--workspace", workspace])
            #expect(unsure.status == 2)
            #expect(unsure.stderr.contains("看不出是哪一类文件"), "\(unsure.stderr)")
            #expect(unsure.stderr.contains("--kind") && unsure.stderr.contains("inbox/死亡人员名单/"))
            #expect(try Self.counts(workspace) == before && before[0] == 8, "the register is unchanged")
            // Named, it is taken.
            let named = try CommandLineTests.run(["ingest", "\(folder)/\(source)/附件9.xlsx", "--workspace", workspace, "--kind", "死亡人员名单"])
            #expect(named.status == 0 && named.stdout.contains("记录比对排除（死亡）3 人"), "\(named.stdout)")
        }
    }

    @Test("the folder service moves a file it cannot tell to failed/ with the reason and how to name its kind; in a kind's sub-folder it is taken")
    func uncertainInTheInbox() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = try FolderServiceTests.workspace(in: folder)
        _ = try ExternalTool.python(Self.writer, [root + "/inbox"])
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/inbox") where name.hasSuffix(".xlsx") && name != "附件9.xlsx" {
            try FileManager.default.removeItem(atPath: root + "/inbox/" + name)
        }
        let run = try CommandLineTests.run(["run", root])
        #expect(run.status == 0)
        #expect(run.stdout.contains("归档 0 个，未能处理 1 个"), "\(run.stdout)")
        let reason = try String(contentsOfFile: root + "/failed/附件9.xlsx.原因.txt", encoding: .utf8)
        #expect(reason.contains("看不出是哪一类文件") && reason.contains("inbox/死亡人员名单/"), "\(reason)")
        // Its validation report is kept where every file's answer is, and the reason says where.
        let report = try #require(FolderServiceTests.files(under: root + "/outbox").first { $0.hasSuffix("附件9/附件9-校验报告.xlsx") })
        #expect(reason.contains("校验报告：outbox/" + report), "\(reason)")
        let receipt = try String(contentsOfFile: root + "/outbox/" + report.replacingOccurrences(of: "附件9-校验报告.xlsx", with: "回执.txt"), encoding: .utf8)
        #expect(receipt.contains("未能处理：附件9.xlsx：看不出是哪一类文件") && receipt.contains("原件已移入 failed/附件9.xlsx"), "\(receipt)")
        let log = try String(contentsOfFile: root + "/.sheetflow/sheetflow.log", encoding: .utf8)
        #expect(!reason.contains(".sheetflow") && !log.contains(".sheetflow/work"), "no path into the work folder, which is gone")
        #expect(try Self.counts(root) == [0, 0])

        try FileManager.default.createDirectory(atPath: root + "/inbox/死亡人员名单", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: root + "/failed/附件9.xlsx", toPath: root + "/inbox/死亡人员名单/附件9.xlsx")
        let again = try CommandLineTests.run(["run", root])
        #expect(again.stdout.contains("归档 1 个，未能处理 0 个"), "\(again.stdout)")
    }
}
