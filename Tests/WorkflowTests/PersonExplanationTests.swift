import Foundation
import Testing
import TestSupport
@testable import Workflow

/// 查人 against the month's own lists: whoever the explanation puts on a list is on that list's
/// file, and nobody else; each record it cites is in the file, sheet and row it names.
@Suite("查人: why a person is on a list")
struct PersonExplanationTests {
    @Test("every person of the demo in October: the lists the explanation names are exactly the lists whose files hold them (read by openpyxl); cited rows hold the person; lookup by name and by ID")
    func agreesWithTheLists() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try Demo(workspace: URL(fileURLWithPath: folder + "/demo")).run()
        let workspace = Workspace(root: outcome.workspace.path)
        let profile = try ProfileCatalog.shipped().profile(outcome.profile)
        let october = ReportMonth(year: 2026, month: 10)
        // Who is on each list, as openpyxl reads the October files.
        let onLists = try ExternalTool.python("""
            import json, os, sys, openpyxl
            lists = {}
            for name in sorted(os.listdir(sys.argv[1])):
                for key in ("应参未参名单", "应代缴未代缴名单", "应发未发名单", "跨地推送名单"):
                    if name.startswith(key):
                        ws = openpyxl.load_workbook(os.path.join(sys.argv[1], name)).worksheets[0]
                        header = next(row for row in ws.iter_rows(values_only=True) if row[0] == "序号")
                        column = header.index("公民身份号码")
                        lists.setdefault(key, []).extend(row[column] for row in ws.iter_rows(values_only=True) if isinstance(row[0], int))
            print(json.dumps(lists))
            """, [workspace.reportFolder(for: october)]) as? [String: [String]] ?? [:]
        #expect(onLists.keys.sorted() == ["应代缴未代缴名单", "应参未参名单", "应发未发名单", "跨地推送名单"])
        let register = try Register(readingAt: workspace.registerPath)
        var everyone: [String] = []
        try register.forEachPerson { everyone.append($0.id) }
        #expect(everyone.count > 50)
        var cited: [(String, String?, Int, String)] = []
        for id in everyone {
            let explained = try #require(try register.explain(id, month: october, profile: profile))
            let named = Set(explained.lists.map { String($0.list.prefix { $0 != "（" }) })
            let held = Set(onLists.filter { $0.value.contains(id) }.map(\.key))
            #expect(named == held, "\(ResidentID.mask(id)): explained \(named.sorted()), in the files \(held.sorted())")
            #expect(explained.lists.allSatisfy { !$0.why.isEmpty })
            #expect(!explained.sources.isEmpty)
            for source in explained.sources { cited.append((source.file, source.sheet, source.row, id)) }
        }
        // Each cited row, in the archived file, holds the person's ID.
        let archived = FileManager.default.enumerator(atPath: workspace.archive)?.compactMap { $0 as? String } ?? []
        let sample = cited.filter { $0.1 == nil }.prefix(40)
        let checks = sample.compactMap { file, _, row, id in archived.first { $0.hasSuffix("/" + file) }.map { [workspace.archive + "/" + $0, String(row), id] } }
        #expect(checks.count == sample.count)
        let found = try ExternalTool.python("""
            import json, sys, openpyxl
            checks = json.loads(sys.argv[1]); ok = []
            for path, row, id in checks:
                values = [str(v) for v in next(openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=int(row), max_row=int(row), values_only=True))]
                ok.append(id in values)
            print(json.dumps({"ok": ok}))
            """, [String(decoding: try JSONSerialization.data(withJSONObject: checks), as: UTF8.self)]) as? [String: [Bool]] ?? [:]
        #expect(found["ok"]?.allSatisfy { $0 } == true, "\(found)")

        // Found by ID and by the name a roster wrote.
        let first = try #require(onLists["应参未参名单"]?.first)
        #expect(try register.findPeople(first).map(\.id) == [first])
        let name = try #require(try register.findPeople(first).first?.name)
        #expect(try register.findPeople(name).map(\.id).contains(first))
        #expect(try register.findPeople("没有这个人").isEmpty)
    }
}
