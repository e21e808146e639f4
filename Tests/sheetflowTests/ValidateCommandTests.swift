import Foundation
import TestSupport
import Testing

/// `sheetflow validate` as a clerk runs it: receipt, outputs, exit codes.
extension CommandLineTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("validate: a list with errors exits 1 with a one-line receipt; a clean one exits 0; an unreadable one 2")
    func validate() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/低保名单.xlsx"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("Tests/WorkflowTests/Fixtures/roster-mistakes-openpyxl.xlsx").path,
                                         toPath: input)
        let bad = try Self.run(["validate", input])
        #expect(bad.status == 1)
        #expect(bad.stdout.hasPrefix("回执：低保名单.xlsx，名单，11 条记录，数据截至 2026-10-31；错误 10 处"))
        #expect(bad.stdout.split(separator: "\n").count == 1)
        for name in ["低保名单-校验报告.xlsx", "低保名单-规范化.xlsx", "低保名单-findings.json"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name) beside the input")
        }

        let json = try Self.run(["validate", input, "-o", folder + "/json", "--json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 11)
        #expect((object["findings"] as? [[String: Any]])?.contains { $0["rule"] as? String == "ID004" && $0["cell"] as? String == "D7" } == true)

        let clean = try Self.run(["validate", Self.repository.appendingPathComponent("Sources/Workflow/Resources/sample-roster.xlsx").path,
                                  "-o", folder + "/clean", "--as-of", "2026-10-31"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("数据截至 2026-10-31；错误 0 处"))
        #expect(clean.stdout.contains("没有错误，可以报送"))

        try Data("不是表格".utf8).write(to: URL(fileURLWithPath: folder + "/坏文件.xlsx"))
        let unreadable = try Self.run(["validate", folder + "/坏文件.xlsx"])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.hasPrefix("错误："))

        let kind = try Self.run(["validate", input, "--kind", "花名册"])
        #expect(kind.status == 64)
        #expect(kind.stderr.contains("不认识的文件类型「花名册」"))
    }
}

extension CommandLineTests {
    @Test("validate keeps what the clerk wrote: free text untouched, an ID a number cell still holds whole is kept with a warning; 校验结果 names the person")
    func cleanedListKeepsText() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A list as a civil-affairs office exports it: one ID in a number cell written with all
        // 18 digits (as some systems write it), a remark with its own spacing, a name with a stray space.
        let script = """
        import datetime as dt, os, sys, zipfile, openpyxl
        folder = sys.argv[1]
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = "低保对象"
        ws.append(["武江区低保对象名单（数据截至2026年10月31日）"])
        ws.append(["序号", "姓名", "公民身份号码", "人员类别", "认定时间", "备注"])
        ws.append([1, "张 三", "440203198001011237", "低保对象", dt.datetime(2020, 3, 5), "独居 （已核实）"])
        ws.append([2, "李四", 7777777, "低保对象", dt.datetime(2021, 4, 1), "  两人户，  女儿在外地  "])
        path = os.path.join(folder, "低保名单.xlsx"); wb.save(path)
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, source.read(item.filename).replace(b"<v>7777777</v>", b"<v>440203198505050010</v>"))
        os.replace(path + ".new", path)
        print("{}")
        """
        _ = try ExternalTool.python(script, [folder])
        let result = try Self.run(["validate", folder + "/低保名单.xlsx"])
        #expect(result.status == 0, "only warnings: \(result.stdout)\(result.stderr)")
        let read = """
        import json, sys, openpyxl
        clean = openpyxl.load_workbook(sys.argv[1])["名单"]; summary = openpyxl.load_workbook(sys.argv[2])["校验结果"]
        header = [c.value for c in clean[1]]
        rows = [dict(zip(header, [c.value for c in row])) for row in clean.iter_rows(min_row=2)]
        rows_ = [[c.value for c in row] for row in summary.iter_rows()]
        found = rows_[[r[0] for r in rows_].index("序号", 12) + 1:]
        print(json.dumps({"rows": rows, "found": found, "instruction": summary["A2"].value}, ensure_ascii=False, default=str))
        """
        let output = try #require(try ExternalTool.python(read, [folder + "/低保名单-规范化.xlsx", folder + "/低保名单-校验报告.xlsx"]) as? [String: Any])
        let rows = try #require(output["rows"] as? [[String: Any]])
        #expect(rows.map { $0["备注"] as? String } == ["独居 （已核实）", "  两人户，  女儿在外地  "], "free text exactly as written")
        #expect(rows.map { $0["姓名"] as? String } == ["张三", "李四"], "a name's stray space goes")
        #expect(rows.map { $0["公民身份号码"] as? String } == ["440203198001011237", "440203198505050010"])
        let found = try #require(output["found"] as? [[Any]])
        let kept = try #require(found.first { $0[8] as? String == "ID014" })
        #expect(kept[1] as? String == "警告" && kept[2] as? Int == 4 && kept[3] as? String == "李四" && kept[6] as? String == "440203198505050010")
        #expect(output["instruction"] as? String == "没有错误，可以报送；标黄的 2 处警告请核实，并在源文件中改正。")
    }
}

extension CommandLineTests {
    @Test("validate gives the same outputs byte for byte in every run (each process hashes differently; comments go in cell order)")
    func validateIsStable() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = Self.repository.appendingPathComponent("Tests/WorkflowTests/Fixtures/roster-mistakes-libreoffice.xlsx").path
        for run in ["a", "b", "c"] {
            #expect(try Self.run(["validate", input, "-o", folder + "/" + run]).status == 1)
        }
        for name in ["roster-mistakes-libreoffice-校验报告.xlsx", "roster-mistakes-libreoffice-规范化.xlsx", "roster-mistakes-libreoffice-findings.json"] {
            let first = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a/\(name)"))
            #expect(first.count > 1_000, "\(name)")
            for run in ["b", "c"] {
                #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(run)/\(name)")) == first, "\(run)/\(name)")
            }
        }
        // The comments part lists its cells row by row, left to right; openpyxl reads each at its cell.
        let script = """
        import json, re, sys, zipfile, openpyxl
        z = zipfile.ZipFile(sys.argv[1])
        part = next(n for n in z.namelist() if n.startswith("xl/comments"))
        refs = re.findall(r'<comment ref="([A-Z]+)([0-9]+)"', z.read(part).decode())
        ws = openpyxl.load_workbook(sys.argv[1])["低保对象"]
        print(json.dumps({"order": [[int(r), len(c), c] for c, r in refs],
                          "openpyxl": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.comment)}))
        """
        let result = try ExternalTool.python(script, ["\(folder)/a/roster-mistakes-libreoffice-校验报告.xlsx"]) as? [String: Any]
        let order = (result?["order"] as? [[Any]] ?? []).map { ($0[0] as? Int ?? 0, $0[1] as? Int ?? 0, $0[2] as? String ?? "") }
        #expect(order.count > 5)
        #expect(order.map { "\($0.2)\($0.0)" }.sorted() == result?["openpyxl"] as? [String])
        #expect(zip(order, order.dropFirst()).allSatisfy { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) })
    }
}
