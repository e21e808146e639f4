import Foundation
import TestSupport
import Testing

/// Each profile in the flow a clerk meets: `sheetflow init DIR --profile … --unit …`, then the
/// commands run inside the workspace with no --profile or --unit — the workspace's settings hold
/// for every command, and each says which it used. Files are written by openpyxl and dated
/// (modification time) when they arrived.
@Suite("workspace flows")
struct WorkspaceFlowTests {
    /// Writes rosters and reference lists described as JSON: `[{"name", "title", "as_of", "header", "rows", "arrived"}]`.
    static let writer = """
    import datetime as dt, json, os, sys, openpyxl
    folder, files = sys.argv[1], json.loads(sys.argv[2])
    for spec in files:
        book = openpyxl.Workbook(); sheet = book.active
        if spec.get("title"): sheet.append([spec["title"]])
        if spec.get("as_of"): sheet.append(["数据截至：" + spec["as_of"]])
        sheet.append(spec["header"])
        for row in spec["rows"]:
            sheet.append([dt.datetime.fromisoformat(v) if isinstance(v, str) and v[:2] == "20" and len(v) == 10 and v[4] == "-" else v for v in row])
        path = os.path.join(folder, spec["name"]); book.save(path)
        stamp = dt.datetime.fromisoformat(spec["arrived"] + "T09:00:00").timestamp(); os.utime(path, (stamp, stamp))
    print("{}")
    """

    static func write(_ files: [[String: Any]], into folder: String) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: files), as: UTF8.self)
        _ = try ExternalTool.python(writer, [folder, json])
    }

    /// An ID in `region` for someone born on `birth` (yyyymmdd).
    static func id(_ region: String, _ birth: String, _ sequence: Int) -> String {
        let body = region + birth + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +)
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// Every sheet's cell texts of a workbook, read by openpyxl.
    static func texts(_ path: String) throws -> [String: [[String]]] {
        try #require(try ExternalTool.python("""
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            print(json.dumps({s.title: [["" if c is None else str(c) for c in r] for r in s.iter_rows(values_only=True)] for s in book}, ensure_ascii=False))
            """, [path]) as? [String: [[String]]])
    }

    static func make(_ root: String, _ arguments: [String]) throws {
        let made = try CommandLineTests.run(["init", root] + arguments)
        #expect(made.status == 0, "\(made.stderr)")
    }

    @Test("Kunming: ingest, validate, report, status and aggregate inside the workspace use kunming-2021 and its unit; a flag overrides and says so")
    func kunming() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/五华区"
        try Self.make(root, ["--profile", "kunming-2021", "--unit", "五华区人社局"])
        let people = (1...3).map { Self.id("530102", "1980061\($0)", $0) }
        let newcomer = Self.id("530102", "19850615", 9)
        try Self.write([
            ["name": "返贫致贫人口名单.xlsx", "title": "五华区返贫致贫人口名单", "as_of": "2026年10月31日", "arrived": "2026-11-02",
             "header": ["序号", "姓名", "公民身份号码", "人员类别", "户籍地址"],
             "rows": people.enumerated().map { [$0.offset + 1, "测试\($0.offset)", $0.element, "返贫致贫人口", "云南省昆明市五华区"] }],
            // Added in November, after the 31 October cut-off; also level-3 disabled: paid from next year, so the federation may subsidise this year.
            ["name": "低保新增名单.xlsx", "title": "五华区低保对象新增名单", "as_of": "2026年11月30日", "arrived": "2026-12-02",
             "header": ["序号", "姓名", "公民身份号码", "人员类别", "户籍地址", "变动类型"], "rows": [[1, "新人", newcomer, "低保对象", "云南省昆明市五华区", "新增"]]],
            ["name": "残联名单.xlsx", "title": "五华区三、四级残疾人名单", "as_of": "2026年11月30日", "arrived": "2026-12-02",
             "header": ["序号", "姓名", "公民身份号码", "人员类别", "残疾等级"], "rows": [[1, "新人", newcomer, "三、四级残疾人", "三级"]]],
        ], into: root)
        let said = "政策配置：kunming-2021（工作区配置 sheetflow.yaml）；填报单位：五华区人社局（工作区配置 sheetflow.yaml）"

        let ingest = try CommandLineTests.run(["ingest", "返贫致贫人口名单.xlsx", "低保新增名单.xlsx", "残联名单.xlsx"], in: root)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.hasPrefix(said))
        #expect(ingest.stdout.contains("新增 3 人次") && !ingest.stdout.contains("不在本地政策范围内"), "\(ingest.stdout)")
        let validate = try CommandLineTests.run(["validate", "返贫致贫人口名单.xlsx", "-o", folder + "/校验"], in: root)
        #expect(validate.status == 0 && validate.stdout.contains("政策配置：kunming-2021（工作区配置 sheetflow.yaml）"), "\(validate.stdout)")

        // November: the dispatch table, no comparison lists (no quarter end).
        let november = try CommandLineTests.run(["report", "--month", "2026-11"], in: root)
        #expect(november.status == 0 && november.stdout.contains(said), "\(november.stdout)\(november.stderr)")
        #expect(november.stdout.contains("附件4-帮扶政策完成情况调度表.xlsx") && !november.stdout.contains("应代缴未代缴名单.xlsx"))
        // December closes the quarter: the comparison lists are as of the 30th, the dispatch table as of the month's end.
        let december = try CommandLineTests.run(["report", "--month", "2026-12"], in: root)
        #expect(december.stdout.contains("应代缴未代缴名单.xlsx"), "\(december.stdout)")
        let outputs = root + "/outbox/2026-12月报"
        let unpaid = try #require(try Self.texts(outputs + "/应代缴未代缴名单.xlsx")["名单"])
        #expect(unpaid.flatMap { $0 }.contains("数据截至：2026年12月30日"))
        #expect(unpaid.flatMap { $0 }.filter { $0.count == 18 }.sorted() == people.sorted(), "the newcomer is next year's")
        let dispatch = try #require(try Self.texts(outputs + "/附件4-帮扶政策完成情况调度表.xlsx")["调度表"]).flatMap { $0 }
        #expect(dispatch.contains("填报单位：五华区人社局") && dispatch.contains("统计截至：2026年12月31日"), "\(dispatch.prefix(8))")
        #expect(dispatch.contains("县（市）区落实城乡居民养老保险帮扶政策完成情况调度表"), "the notice's own title, the unit on its line")
        let screen = try #require(try Self.texts(outputs + "/三四级残疾人重复补助筛查表.xlsx")["筛查表"]).first { $0.contains(newcomer) }
        #expect(screen?.contains { $0.contains("今年可按残疾人政策补助") } == true, "deferred by the cut-off: not screened out, \(screen ?? [])")

        let override = try CommandLineTests.run(["report", "--month", "2026-12", "--unit", "五华区社保中心", "-o", folder + "/另"], in: root)
        #expect(override.stdout.contains("填报单位：五华区社保中心（命令行 --unit）"))
        let status = try CommandLineTests.run(["status", "--month", "2027-01", "--today", "2027-01-20"], in: root)
        #expect(status.stdout.hasPrefix(said), "\(status.stdout)")
        #expect(status.stdout.contains("县级社保经办机构：县（市）区城乡居民养老保险经办机构报送调度表（附件4），期限 1月15日"), "\(status.stdout)")
        let aggregate = try CommandLineTests.run(["aggregate", outputs + "/附件4-帮扶政策完成情况调度表.xlsx", "-o", folder + "/市"], in: root)
        #expect(aggregate.stdout.hasPrefix(said) && aggregate.stdout.contains("汇总了 1 个县（市、区）：五华区"), "\(aggregate.stdout)\(aggregate.stderr)")
    }

    @Test("Shaoguan: each sender judged against its own deadline around 国庆 2026 — on time, late by working days, not sent")
    func senders() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/武江区"
        try Self.make(root, ["--unit", "武江区社保局"])
        let header = ["序号", "姓名", "公民身份号码", "人员类别", "户籍地址"]
        func roster(_ name: String, _ category: String, _ number: Int, asOf: String, arrived: String) -> [String: Any] {
            ["name": name, "title": "武江区\(category)名单", "as_of": asOf, "arrived": arrived, "header": header,
             "rows": [[1, "测试\(number)", Self.id("440203", "19700101", number), category, "广东省韶关市武江区"]]]
        }
        try Self.write([
            roster("民政8月.xlsx", "低保对象", 1, asOf: "2026年8月31日", arrived: "2026-09-03"),
            roster("残联8月.xlsx", "重度残疾人", 2, asOf: "2026年8月31日", arrived: "2026-09-03"),
            roster("扶贫8月.xlsx", "建档立卡贫困人口", 3, asOf: "2026年8月31日", arrived: "2026-09-04"),
            roster("民政9月.xlsx", "低保对象", 1, asOf: "2026年9月30日", arrived: "2026-10-04"),
            roster("残联9月.xlsx", "重度残疾人", 2, asOf: "2026年9月30日", arrived: "2026-10-12"),
        ], into: root)
        for name in ["民政8月", "残联8月", "扶贫8月", "民政9月", "残联9月"] {
            #expect(try CommandLineTests.run(["ingest", name + ".xlsx"], in: root).status == 0)
        }
        let status = try CommandLineTests.run(["status", "--month", "2026-10", "--today", "2026-10-20"], in: root)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("各单位报送2026年9月的名单（期限 10月5日："), "\(status.stdout)")
        #expect(status.stdout.contains("  民政部门：10月4日收到「民政9月.xlsx」（数据截至 2026-09-30），按时"))
        // Due the 5th; 6–7 October are holidays, Saturday the 10th is worked: 8, 9, 10, 12 October.
        #expect(status.stdout.contains("  残联：10月12日收到「残联9月.xlsx」（数据截至 2026-09-30），逾期 4 个工作日"))
        #expect(status.stdout.contains("  乡村振兴（扶贫）部门：未报（已过期限 10 个工作日）"))
        #expect(status.stdout.contains("县级社保经办机构：县（市、区）社保经办机构报送上月参加养老保险情况统计表（前3个工作日），期限 10月10日（第3个工作日）"))
        #expect(status.stdout.contains("市社保部门：市社保部门汇总统计表（收到后2个工作日内），期限 10月13日（第5个工作日）"))
    }

    @Test("Guangdong, unit 阳山县社保局: households of 清城区 pushed to 清城区, of 韶关 to 韶关市, of 湖南 to 湖南省; our own stay; 附件1–3 filled")
    func guangdongCounty() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/阳山县"
        try Self.make(root, ["--profile", "guangdong-2020", "--unit", "阳山县社保局"])
        let homes = [("441823", "广东省清远市阳山县阳城镇"), ("441802", "广东省清远市清城区凤城街道"), ("440203", "广东省韶关市武江区"), ("430102", "湖南省长沙市芙蓉区")]
        let ids = homes.enumerated().map { Self.id($0.element.0, "19800101", $0.offset + 1) }
        try Self.write([["name": "低保名单.xlsx", "title": "阳山县低保对象名单", "as_of": "2026年10月31日", "arrived": "2026-11-02",
                         "header": ["序号", "姓名", "公民身份号码", "人员类别", "户籍地址", "外省户籍"],
                         "rows": homes.enumerated().map { [$0.offset + 1, "测试\($0.offset)", ids[$0.offset], "低保对象", $0.element.1, $0.offset == 3 ? "是" : "否"] }]],
                       into: root)
        #expect(try CommandLineTests.run(["ingest", "低保名单.xlsx"], in: root).stdout.contains("新增 4 人次"))
        let report = try CommandLineTests.run(["report", "--month", "2026-10"], in: root)
        #expect(report.stdout.contains("政策配置：guangdong-2020（工作区配置 sheetflow.yaml）"), "\(report.stdout)")
        let outputs = root + "/outbox/2026-10月报"
        let names = try FileManager.default.contentsOfDirectory(atPath: outputs).sorted()
        #expect(names.contains("附件2-低保对象特困人员名单.xlsx") && !names.contains { $0.hasPrefix("附件1-贫困人员基本信息表") })
        for (destination, index) in [("清城区", 1), ("韶关市", 2), ("湖南省", 3)] {
            let rows = try #require(try Self.texts(outputs + "/跨地推送名单-\(destination).xlsx")["推送名单"]).flatMap { $0 }
            #expect(rows.filter { $0.count == 18 } == [ids[index]], "\(destination)")
        }
        #expect(names.filter { $0.hasPrefix("跨地推送名单-") }.count == 3, "nobody pushed to 清远市 or 阳山县: \(names)")
        let unenrolled = try #require(try Self.texts(outputs + "/应参未参名单.xlsx")["名单"]).flatMap { $0 }
        #expect(unenrolled.filter { $0.count == 18 } == [ids[0]], "only our own household is ours to enrol")
        #expect(unenrolled.contains("填报单位：阳山县社保局"))
    }

    @Test("Zhongshan: 新增 and 退出 are changes of 代缴对象 status — turning 16 or 60, death, leaving every list — and the first month is stock")
    func zhongshan() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/石岐"
        try Self.make(root, ["--profile", "zhongshan-2018", "--unit", "石岐街道社保所"])
        let region = "442000"
        let stays = Self.id(region, "19800101", 1), leaves = Self.id(region, "19810101", 2), newcomer = Self.id(region, "19820101", 3)
        let sixteen = Self.id(region, "20101015", 4), sixty = Self.id(region, "19661010", 5), dies = Self.id(region, "19830101", 6)
        let moves = Self.id(region, "19840101", 7)   // leaves 低保 but stays 特困: still paid for
        let header = ["序号", "镇（街道）", "姓名", "公民身份号码", "人员类别", "户籍地址"]
        func rows(_ people: [String], _ category: String) -> [[Any]] {
            people.enumerated().map { [$0.offset + 1, "石岐街道", "测试\($0.offset)", $0.element, category, "广东省中山市石岐街道"] }
        }
        try Self.write([
            ["name": "低保9月.xlsx", "title": "石岐街道低保对象名单", "as_of": "2026年9月30日", "arrived": "2026-10-04", "header": header,
             "rows": rows([stays, leaves, sixteen, sixty, dies, moves], "低保对象")],
            ["name": "特困9月.xlsx", "title": "石岐街道特困人员名单", "as_of": "2026年9月30日", "arrived": "2026-10-04", "header": header, "rows": rows([moves], "特困人员")],
            ["name": "低保10月.xlsx", "title": "石岐街道低保对象名单", "as_of": "2026年10月31日", "arrived": "2026-11-04", "header": header,
             "rows": rows([stays, newcomer, sixteen, sixty, dies], "低保对象")],
            ["name": "特困10月.xlsx", "title": "石岐街道特困人员名单", "as_of": "2026年10月31日", "arrived": "2026-11-04", "header": header, "rows": rows([moves], "特困人员")],
            ["name": "死亡信息.xlsx", "arrived": "2026-11-05", "header": ["姓名", "公民身份号码", "死亡日期"], "rows": [["测试4", dies, "2026-10-12"]]],
        ], into: root)
        let ingest = try CommandLineTests.run(["ingest", "低保10月.xlsx", "死亡信息.xlsx", "特困10月.xlsx", "低保9月.xlsx", "特困9月.xlsx"], in: root)
        #expect(ingest.status == 0, "\(ingest.stdout)\(ingest.stderr)")
        for month in ["2026-09", "2026-10"] { #expect(try CommandLineTests.run(["report", "--month", month], in: root).status == 0) }
        func changes(_ month: String) throws -> (added: [[String]], left: [[String]]) {
            let book = try Self.texts(root + "/outbox/\(month)月报/新增退出名单.xlsx")
            let isID = { (text: String) in text.count == 18 && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "X") } }
            return (try #require(book["新增"]).filter { $0.contains(where: isID) }, try #require(book["退出"]).filter { $0.contains(where: isID) })
        }
        let september = try changes("2026-09")
        #expect(september.added.isEmpty && september.left.isEmpty, "the first month the workspace knows is its stock")
        let october = try changes("2026-10")
        #expect(october.added.map { $0[5] }.sorted() == [newcomer, sixteen].sorted())
        #expect(october.added.first { $0[5] == sixteen }?[8] == "年满16周岁")
        #expect(october.added.first { $0[5] == sixteen }?[7].hasPrefix("2026-10-15") == true)
        #expect(october.added.first { $0[5] == newcomer }?[8] == "新纳入低保对象")
        #expect(october.left.map { $0[5] }.sorted() == [leaves, sixty, dies].sorted(), "\(october.left)")
        #expect(october.left.first { $0[5] == leaves }?[8] == "全量名单中已无此人")
        #expect(october.left.first { $0[5] == sixty }?[8] == "年满60周岁，转入待遇领取")
        #expect(october.left.first { $0[5] == dies }.map { String($0[7].prefix(10)) + " " + $0[8] } == "2026-10-12 死亡")
    }
}
